// minimize_finding_test.cc - shrinking keeps the finding, reaches a fixed point, and drops whole CPUs.
//
// Spec: issue 14 ("minimize on the spot": to a fixed point, the same
// property and signature); harness/stop/stop_search.h minimize_finding().
// The scenario-aware step removes a target CPU with its decisions, which
// the byte minimizer alone cannot do without reshuffling every later choice.
#include <gtest/gtest.h>

#include <random>

#include "harness/revisions.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

RunOptions options() {
  RunOptions ro;
  ro.rev = find_revision("linux-6.12");
  ro.mutation = "note-after-ack";
  return ro;
}

const Finding* violation_of(const std::vector<uint8_t>& tape, RunResult* r) {
  run_one(tape.data(), tape.size(), options(), r);
  return r->violation();
}

// Eight responsive CPUs, crash kernel loaded: the note-after-ack violation
// needs one target, so the result has two CPUs.
TEST(MinimizeFinding, DropsEveryCpuTheFindingDoesNotNeed) {
  const std::vector<uint8_t> tape = {6, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
  RunResult r;
  const Finding* v = violation_of(tape, &r);
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(r.scenario.machine.ncpus, 8);
  const std::string key = finding_key(*v);
  MinimizeResult m;
  minimize_finding(tape, options(), key, 100000, &m);
  EXPECT_TRUE(m.fixed_point);
  ASSERT_TRUE(shows_finding(m.tape, options(), key));
  run_one(m.tape.data(), m.tape.size(), options(), &r);
  EXPECT_EQ(r.scenario.machine.ncpus, 2);
  EXPECT_LT(m.tape.size(), tape.size());
}

// Random violating inputs: the result shows the same finding, is no longer,
// has no more CPUs, and minimizing it again changes nothing.
TEST(MinimizeFinding, KeepsTheFindingToAFixedPoint) {
  std::mt19937_64 rng(14);
  size_t tried = 0, fewer_cpus = 0;
  for (int i = 0; i < 400 && tried < 12; ++i) {
    std::vector<uint8_t> tape(8 + rng() % 120);
    for (uint8_t& b : tape) b = static_cast<uint8_t>(rng());
    RunResult r;
    const Finding* v = violation_of(tape, &r);
    if (!v) continue;
    ++tried;
    const std::string key = finding_key(*v);
    const int cpus = r.scenario.machine.ncpus;
    MinimizeResult m;
    minimize_finding(tape, options(), key, 100000, &m);
    ASSERT_TRUE(m.fixed_point) << key;
    EXPECT_TRUE(shows_finding(m.tape, options(), key)) << key;
    EXPECT_LE(m.tape.size(), tape.size());
    run_one(m.tape.data(), m.tape.size(), options(), &r);
    EXPECT_LE(r.scenario.machine.ncpus, cpus);
    fewer_cpus += r.scenario.machine.ncpus < cpus;
    MinimizeResult again;
    minimize_finding(m.tape, options(), key, 100000, &again);
    EXPECT_EQ(again.tape, m.tape) << key;
  }
  EXPECT_GE(tried, 5u) << "too few violating inputs: the check checked little";
  EXPECT_GT(fewer_cpus, 0u);
}

}  // namespace
}  // namespace sf
