// backend_equivalence_test.cc - threads and fibers give identical observable traces.
//
// Spec: design.md §2 ("the thread backend stays and both must give identical
// traces for identical inputs"), §8.2. Under TSan the fiber backend falls
// back to threads, so there this test compares threads with threads (still
// useful: it runs the thread backend's baton under the race detector).
#include <gtest/gtest.h>

#include <random>

#include "models/backend.h"
#include "tests/harness/directed.h"

namespace sf::test {
namespace {

RunResult run_tape(const std::vector<uint8_t>& tape, BackendKind k, MemoryModel memory = MemoryModel::kSc) {
  RunOptions opt;
  opt.backend = k;
  opt.memory = memory;
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  return r;
}

void expect_same(const RunResult& a, const RunResult& b, const std::string& what) {
  EXPECT_EQ(observable_trace(a.trace), observable_trace(b.trace)) << what;
  EXPECT_EQ(a.end, b.end) << what;
  ASSERT_EQ(a.findings.size(), b.findings.size()) << what;
  for (size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(a.findings[i].property, b.findings[i].property) << what;
    EXPECT_EQ(a.findings[i].signature, b.findings[i].signature) << what;
  }
  EXPECT_EQ(a.consumed, b.consumed) << what;
}

TEST(BackendEquivalence, RandomTapesGiveIdenticalTraces) {
  std::mt19937 rng(20261125);
  const int n = 300;
  for (int i = 0; i < n; ++i) {
    std::vector<uint8_t> tape(rng() % 400);
    for (uint8_t& b : tape) b = static_cast<uint8_t>(rng());
    RunResult t = run_tape(tape, BackendKind::kThreads);
    RunResult f = run_tape(tape, BackendKind::kFibers);
    ASSERT_FALSE(t.trace.events.empty());
    expect_same(t, f, "tape #" + std::to_string(i) + " " + hex(tape));
    if (HasFailure()) return;
  }
}

// The same under the arm64 memory model (docs/memory_model.md): its
// decisions come from the tape like every other, so the same input gives
// the same trace on both backends and twice on one; and a zero tape gives
// the sc execution.
TEST(BackendEquivalence, Arm64MemoryIsDeterministicToo) {
  std::mt19937 rng(20261130);
  int buffered = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> tape(rng() % 400);
    for (uint8_t& b : tape) b = static_cast<uint8_t>(rng());
    RunResult t = run_tape(tape, BackendKind::kThreads, MemoryModel::kArm64);
    RunResult f = run_tape(tape, BackendKind::kFibers, MemoryModel::kArm64);
    RunResult again = run_tape(tape, BackendKind::kFibers, MemoryModel::kArm64);
    expect_same(t, f, "arm64 tape #" + std::to_string(i) + " " + hex(tape));
    expect_same(f, again, "arm64 twice, tape #" + std::to_string(i));
    buffered += t.consumed != run_tape(tape, BackendKind::kFibers).consumed;
    if (HasFailure()) return;
  }
  EXPECT_GT(buffered, 0) << "the arm64 model never asked anything: the comparison proves nothing";
  // (The tape read differs: arm64 asks whether each store stays buffered.)
  for (const std::vector<uint8_t>& zero : {std::vector<uint8_t>{}, std::vector<uint8_t>(64, 0)})
    EXPECT_EQ(observable_trace(run_tape(zero, BackendKind::kFibers, MemoryModel::kArm64).trace),
              observable_trace(run_tape(zero, BackendKind::kFibers).trace))
        << "zero tape of " << zero.size() << " bytes, arm64 vs sc";
}

// Directed scenarios with nested interrupts and parked CPUs: the cases where
// the thread backend must unwind blocked CPUs at the end of an execution.
TEST(BackendEquivalence, DirectedScenariosGiveIdenticalTraces) {
  std::vector<Scenario> all;
  all.push_back(make_scenario({Behaviour::kResponsive, Behaviour::kDaifMasked, Behaviour::kPmrMasked}, true));
  all.push_back(make_scenario({Behaviour::kInSdeiDispatch, Behaviour::kUnreachable}));
  Scenario crash = make_scenario({Behaviour::kLateResponder, Behaviour::kDaifMasked});
  crash.panic.crash_kernel_loaded = true;
  crash.when_us[1] = 1000000;
  all.push_back(crash);
  for (size_t i = 0; i < all.size(); ++i) {
    for (std::vector<uint8_t> sched : {std::vector<uint8_t>{}, std::vector<uint8_t>(40, 1)}) {
      RunResult t = run(all[i], sched, BackendKind::kThreads);
      RunResult f = run(all[i], sched, BackendKind::kFibers);
      expect_same(t, f, "scenario " + std::to_string(i));
    }
  }
}

// Running the same input again on one backend after the other has been used
// (threads are reused across executions) still gives the same trace.
TEST(BackendEquivalence, InterleavedBackendsStayDeterministic) {
  std::vector<uint8_t> tape = {0x03, 0x01, 0x02, 0x00, 0x01, 0x05, 0x02};
  RunResult first_t = run_tape(tape, BackendKind::kThreads);
  RunResult first_f = run_tape(tape, BackendKind::kFibers);
  RunResult again_t = run_tape(tape, BackendKind::kThreads);
  expect_same(first_t, again_t, "threads twice");
  expect_same(first_t, first_f, "threads vs fibers");
}

}  // namespace
}  // namespace sf::test
