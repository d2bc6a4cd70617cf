// check_strategies_test.cc - every strategy's executions replay from the tapes it hands out.
//
// Spec: issue 10 (strategies behind the scheduler interface; a NEW finding
// comes with a replay command), design.md §3 (any execution is a tape) and
// §8.2 (same input, same trace). PCT and scripted schedules decide without
// the tape; the tape they write must still replay the same execution with
// the default tape policy.
#include "harness/stop/check_strategies.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "harness/revisions.h"
#include "harness/stop/stop_search.h"
#include "harness/timeline.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

std::vector<NamedTape> seeds() {
  std::vector<NamedTape> out;
  int i = 0;
  for (auto& t : test::corpus_seeds()) out.push_back({"seed" + std::to_string(i++), std::move(t)});
  return out;
}

StrategyOptions options(const std::vector<NamedTape>* seeds, uint64_t execs) {
  StrategyOptions o;
  o.run.rev = find_revision("final");
  o.run.observe_all = true;
  o.seeds = seeds;
  o.execs = execs;
  return o;
}

struct Recorded {
  std::vector<uint8_t> tape;
  std::string trace;
  std::vector<std::string> findings;
};

void expect_replays(CheckStrategy s, uint64_t execs) {
  const std::vector<NamedTape> sd = seeds();
  StrategyOptions o = options(&sd, execs);
  std::vector<Recorded> got;
  o.sink = [&](const std::vector<uint8_t>& tape, const RunResult& r) {
    Recorded x{tape, observable_trace(r.trace), {}};
    for (const Finding& f : r.findings) x.findings.push_back(finding_key(f));
    got.push_back(std::move(x));
  };
  StrategyReport rep;
  run_strategy(s, o, &rep);
  EXPECT_EQ(rep.execs, got.size());
  EXPECT_LE(rep.execs, execs);
  EXPECT_GT(rep.execs, execs / 2) << strategy_info(s).name << " spent too little of its budget";
  EXPECT_FALSE(rep.notes.empty());
  RunResult r;
  for (size_t i = 0; i < got.size(); i += 7) {
    run_one(got[i].tape.data(), got[i].tape.size(), o.run, &r);
    ASSERT_EQ(observable_trace(r.trace), got[i].trace) << strategy_info(s).name << " execution " << i;
    std::vector<std::string> f;
    for (const Finding& x : r.findings) f.push_back(finding_key(x));
    ASSERT_EQ(f, got[i].findings) << strategy_info(s).name << " execution " << i;
  }
}

TEST(CheckStrategies, PctExecutionsReplayFromTheirTapes) { expect_replays(CheckStrategy::kPct, 400); }
TEST(CheckStrategies, ExhaustiveExecutionsReplayFromTheirTapes) { expect_replays(CheckStrategy::kExhaustive, 400); }
TEST(CheckStrategies, CoverageExecutionsReplayFromTheirTapes) { expect_replays(CheckStrategy::kCoverage, 400); }
TEST(CheckStrategies, RandomExecutionsReplayFromTheirTapes) { expect_replays(CheckStrategy::kRandom, 400); }

TEST(CheckStrategies, PctPrintsItsGuaranteePerScenario) {
  const std::vector<NamedTape> sd = seeds();
  StrategyOptions o = options(&sd, 200);
  o.pct_depth = 3;
  StrategyReport rep;
  run_strategy(CheckStrategy::kPct, o, &rep);
  ASSERT_FALSE(rep.notes.empty());
  for (const std::string& n : rep.notes) {
    EXPECT_NE(n.find("d=3"), std::string::npos) << n;
    EXPECT_NE(n.find("1/(n*k^(d-1))"), std::string::npos) << n;
  }
}

TEST(CheckStrategies, ExhaustiveSaysWhetherTheBoundWasExhausted) {
  // The empty tape: 2 CPUs, responsive target. Bound 0 is one schedule, and
  // the walk says it is complete; a larger bound with a tiny cap is not.
  const std::vector<NamedTape> sd = {{"empty", {}}};
  StrategyOptions o = options(&sd, 5);
  o.bound = 0;
  StrategyReport rep;
  run_strategy(CheckStrategy::kExhaustive, o, &rep);
  EXPECT_EQ(rep.execs, 1u);
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_NE(rep.notes[0].find("bound exhausted"), std::string::npos) << rep.notes[0];
  o.bound = 3;
  run_strategy(CheckStrategy::kExhaustive, o, &rep);
  EXPECT_EQ(rep.execs, 5u);
  EXPECT_NE(rep.notes[0].find("NOT exhausted"), std::string::npos) << rep.notes[0];
}

// Partial-order reduction (harness/bounded_search.h): on the same scenarios
// and bound, the exhaustive walk with it runs strictly fewer schedules and
// reaches the same findings (property and signature, known or not) as
// without, every scenario's bound exhausted both ways, on final and on
// catalogued mutations of it.
// Seed files of corpus/final (ctest runs in the source tree).
constexpr const char* kPorScenarios[] = {"nmi-window-in-irq-stop", "late-responder-1s-boundary",
                                         "nested-sdei-in-irq-stop"};

std::vector<uint8_t> corpus_final(const std::string& name) {
  std::ifstream f("corpus/final/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << "corpus/final/" << name;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

struct Walk {
  uint64_t execs = 0;
  std::set<std::string> findings;
  std::vector<std::string> notes;
};

Walk walk(const std::vector<NamedTape>& sd, const char* mutation, bool por) {
  StrategyOptions o = options(&sd, 1000000);
  o.run.mutation = mutation;
  o.bound = 2;
  o.por = por;
  Walk w;
  o.sink = [&](const std::vector<uint8_t>&, const RunResult& r) {
    for (const Finding& f : r.findings) w.findings.insert(finding_key(f));
  };
  StrategyReport rep;
  run_strategy(CheckStrategy::kExhaustive, o, &rep);
  w.execs = rep.execs;
  w.notes = rep.notes;
  return w;
}

TEST(CheckStrategies, PartialOrderReductionRunsFewerSchedulesWithTheSameFindings) {
  // Small scenarios of the seed corpus (bound 2 exhausts in a few hundred
  // schedules each): the responsive ladder, a late responder at the rung-1
  // boundary, the nested SDEI stop's window.
  std::vector<NamedTape> sd;
  for (const char* name : kPorScenarios) sd.push_back({name, corpus_final(name)});
  uint64_t fewer = 0;
  for (const char* mutation : {"", "note-after-ack", "ipi-stop-returns", "stale-snapshots", "num-online-minus-one"}) {
    const Walk all = walk(sd, mutation, false);
    const Walk por = walk(sd, mutation, true);
    for (const Walk* w : {&all, &por})
      for (const std::string& n : w->notes) EXPECT_NE(n.find("bound exhausted"), std::string::npos) << mutation << ": " << n;
    for (const std::string& n : por.notes) EXPECT_NE(n.find("pruned"), std::string::npos) << n;
    EXPECT_LT(por.execs, all.execs) << "mutation '" << mutation << "'";
    EXPECT_EQ(por.findings, all.findings) << "mutation '" << mutation << "'";
    EXPECT_FALSE(all.findings.empty()) << "mutation '" << mutation << "': the scenarios show nothing to compare";
    std::cout << "exhaustive, bound 2, mutation '" << mutation << "': " << all.execs << " schedules without POR, "
              << por.execs << " with; " << all.findings.size() << " findings both ways\n";
    fewer += all.execs - por.execs;
  }
  EXPECT_GT(fewer, 0u);
}

}  // namespace
}  // namespace sf
