// worker_pool_test.cc - forked workers share bytes, one stop ends all, failures are named.
//
// Spec: issue 12 ("--jobs N: sharing what they find, first violation stops
// all, one summary"); harness/worker_pool.h.
#include "harness/worker_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include <unistd.h>

namespace sf {
namespace {

// Polls until `done(shared so far)` or the link stops; gives up after 20 s
// of wall time so a broken relay fails the test instead of hanging it.
template <class Done>
std::vector<Bytes> poll_until(WorkerLink& link, Done done) {
  std::vector<Bytes> got;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done(got) && std::chrono::steady_clock::now() < give_up) {
    if (!link.poll(&got)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return got;
}

TEST(WorkerPool, EveryWorkerReceivesWhatEachOtherShared) {
  constexpr int kWorkers = 3;
  auto body = [](WorkerLink& link) {
    link.share({static_cast<uint8_t>('a' + link.index())});
    const std::vector<Bytes> got = poll_until(link, [&](const std::vector<Bytes>& g) { return g.size() >= 2; });
    Bytes r;
    for (const Bytes& g : got) r.insert(r.end(), g.begin(), g.end());
    return r;
  };
  const std::vector<WorkerOutcome> out = run_worker_pool(kWorkers, body, nullptr);
  ASSERT_EQ(out.size(), 3u);
  for (int i = 0; i < kWorkers; ++i) {
    ASSERT_TRUE(out[i].finished) << out[i].error;
    const std::multiset<uint8_t> got(out[i].result.begin(), out[i].result.end());
    std::multiset<uint8_t> want;
    for (int k = 0; k < kWorkers; ++k)
      if (k != i) want.insert(static_cast<uint8_t>('a' + k));
    EXPECT_EQ(got, want) << "worker " << i << " got its own share or missed one";
  }
}

TEST(WorkerPool, OneWorkersStopStopsTheOthers) {
  auto body = [](WorkerLink& link) {
    if (link.index() == 1) {
      link.stop_all();
      return Bytes{'s'};
    }
    poll_until(link, [](const std::vector<Bytes>&) { return false; });
    return Bytes{static_cast<uint8_t>(link.stopping() ? 'y' : 'n')};
  };
  const std::vector<WorkerOutcome> out = run_worker_pool(3, body, nullptr);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].result, Bytes{'y'});
  EXPECT_EQ(out[1].result, Bytes{'s'});
  EXPECT_EQ(out[2].result, Bytes{'y'});
}

TEST(WorkerPool, StatusesReachTheOwnerAndResultsComeBackInWorkerOrder) {
  std::vector<int> seen;
  auto body = [](WorkerLink& link) {
    Bytes st;
    put_u64(&st, static_cast<uint64_t>(link.index()) * 10);
    link.status(st);
    Bytes r;
    put_string(&r, "worker " + std::to_string(link.index()));
    return r;
  };
  const std::vector<WorkerOutcome> out = run_worker_pool(2, body, [&](int w, const Bytes& data) {
    ByteReader in(data);
    EXPECT_EQ(in.u64(), static_cast<uint64_t>(w) * 10);
    seen.push_back(w);
  });
  EXPECT_EQ(seen.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(out[i].finished);
    ByteReader in(out[i].result);
    EXPECT_EQ(in.string(), "worker " + std::to_string(i));
    EXPECT_TRUE(in.ok());
  }
}

// A worker that dies without a result is named, and does not leave the
// others running to their budget.
TEST(WorkerPool, AWorkerThatDiesIsReportedAndStopsTheRest) {
  auto body = [](WorkerLink& link) -> Bytes {
    if (link.index() == 0) std::abort();
    poll_until(link, [](const std::vector<Bytes>&) { return false; });
    return Bytes{static_cast<uint8_t>(link.stopping() ? 'y' : 'n')};
  };
  const std::vector<WorkerOutcome> out = run_worker_pool(2, body, nullptr);
  EXPECT_FALSE(out[0].finished);
  EXPECT_NE(out[0].error.find("worker 0 killed by signal"), std::string::npos) << out[0].error;
  ASSERT_TRUE(out[1].finished);
  EXPECT_EQ(out[1].result, Bytes{'y'});
}

// Units from a shared queue: each runs once, in a worker when n > 1 (in
// this process when n is 1), and the results come back in unit order.
TEST(WorkerPool, UnitsComeBackInUnitOrderWhoeverRanThem) {
  const pid_t owner = getpid();
  for (int n : {1, 2, 3, 8}) {
    std::vector<Bytes> results;
    std::string error;
    ASSERT_TRUE(run_units(
        n, 7,
        [&](size_t i) {
          Bytes b;
          put_u64(&b, i * i);
          put_u64(&b, getpid() == owner ? 1 : 0);
          return b;
        },
        &results, &error))
        << "n=" << n << ": " << error;
    ASSERT_EQ(results.size(), 7u);
    for (size_t i = 0; i < results.size(); ++i) {
      ByteReader in(results[i]);
      EXPECT_EQ(in.u64(), i * i) << "n=" << n << " unit " << i;
      EXPECT_EQ(in.u64(), n == 1 ? 1u : 0u) << "n=" << n << ": unit " << i << " ran in the wrong process";
      EXPECT_TRUE(in.ok());
    }
  }
  std::vector<Bytes> none{{1}};
  std::string error;
  EXPECT_TRUE(run_units(
      2, 0, [](size_t) { return Bytes{}; }, &none, &error));
  EXPECT_TRUE(none.empty());
}

TEST(WorkerPool, AUnitThatKillsItsWorkerFailsTheRound) {
  std::vector<Bytes> results;
  std::string error;
  EXPECT_FALSE(run_units(
      2, 4,
      [](size_t i) -> Bytes {
        if (i == 2) std::abort();
        return Bytes{static_cast<uint8_t>(i)};
      },
      &results, &error));
  EXPECT_NE(error.find("killed by signal"), std::string::npos) << error;
}

TEST(WorkerPool, WorkerZeroKeepsTheSeedAndTheOthersDiffer) {
  EXPECT_EQ(worker_seed(7, 0), 7u);
  std::set<uint64_t> seeds;
  for (int i = 0; i < 64; ++i) seeds.insert(worker_seed(7, i));
  EXPECT_EQ(seeds.size(), 64u);
  EXPECT_EQ(worker_seed(7, 3), worker_seed(7, 3));
}

TEST(WorkerPool, AShortReadIsFlaggedNotOverrun) {
  Bytes b;
  put_u64(&b, 1000);  // claims 1000 bytes that are not there
  ByteReader in(b);
  EXPECT_TRUE(in.bytes().empty());
  EXPECT_FALSE(in.ok());
}

}  // namespace
}  // namespace sf
