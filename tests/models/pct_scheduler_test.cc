// pct_scheduler_test.cc - PCT priorities and change points, and the scripted schedule, without a machine.
//
// Spec: issue 10 (PCT: random priorities, d-1 change points; bounded-
// exhaustive schedules); models/pct_scheduler.h, models/script_scheduler.h.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "harness/tape.h"
#include "models/pct_scheduler.h"
#include "models/script_scheduler.h"

namespace sf {
namespace {

// The order in which PCT runs 3 always-runnable CPUs for `steps` decisions.
std::vector<int> pct_schedule(uint64_t seed, int depth, uint64_t steps, std::vector<uint8_t>* tape = nullptr) {
  TapeWriter w;
  PctParams p;
  p.ncpus = 3;
  p.steps = steps;
  p.depth = depth;
  p.seed = seed;
  PctScheduler s(p, &w);
  s.new_execution();
  std::vector<int> order;
  int cur = 0;
  for (uint64_t i = 0; i < steps; ++i) {
    int others[2] = {(cur + 1) % 3, (cur + 2) % 3};
    const int next = s.preempt(cur, others, 2);
    if (next >= 0) cur = next;
    order.push_back(cur);
  }
  if (tape) *tape = w.bytes;
  return order;
}

TEST(Pct, SameSeedSameScheduleAndSeedsDiffer) {
  EXPECT_EQ(pct_schedule(7, 3, 50), pct_schedule(7, 3, 50));
  std::set<std::vector<int>> distinct;
  for (uint64_t s = 1; s <= 20; ++s) distinct.insert(pct_schedule(s, 3, 50));
  EXPECT_GT(distinct.size(), 5u);
}

TEST(Pct, DepthOneRunsTheHighestPriorityCpuThroughout) {
  // No change point: after the first decision the same CPU runs to the end.
  for (uint64_t s = 1; s <= 10; ++s) {
    const std::vector<int> o = pct_schedule(s, 1, 40);
    for (int c : o) EXPECT_EQ(c, o.front()) << "seed " << s;
  }
}

TEST(Pct, EachChangePointSwitchesAwayOnce) {
  // Always-runnable CPUs: a CPU runs until its priority drops, so with d-1
  // change points the schedule has at most d-1 switches after the first
  // pick, and over many seeds some schedule has exactly d-1.
  for (int d = 2; d <= 4; ++d) {
    size_t most = 0;
    for (uint64_t s = 1; s <= 50; ++s) {
      const std::vector<int> o = pct_schedule(s, d, 60);
      size_t switches = 0;
      for (size_t i = 1; i < o.size(); ++i) switches += o[i] != o[i - 1];
      EXPECT_LE(switches, static_cast<size_t>(d - 1)) << "seed " << s << " depth " << d;
      most = std::max(most, switches);
    }
    EXPECT_EQ(most, static_cast<size_t>(d - 1)) << "depth " << d;
  }
}

TEST(Pct, DecisionsAreWrittenAsTheTapePolicyReadsThem) {
  // preempt(n=2) is choose(3): one byte each, 0 = keep running.
  std::vector<uint8_t> tape;
  const std::vector<int> o = pct_schedule(3, 3, 30, &tape);
  ASSERT_EQ(tape.size(), o.size());
  int cur = 0;
  for (size_t i = 0; i < o.size(); ++i) {
    const int expect = o[i] == cur ? 0 : (o[i] == (cur + 1) % 3 ? 1 : 2);
    EXPECT_EQ(tape[i], expect) << "decision " << i;
    cur = o[i];
  }
}

TEST(Script, FollowsTheScriptThenTheDefault) {
  TapeWriter w;
  ScriptScheduler s({2, 0, 1}, &w);
  s.new_execution();
  const int others[2] = {1, 2};
  EXPECT_EQ(s.preempt(0, others, 2), 2);
  EXPECT_EQ(s.preempt(0, others, 2), -1);
  const int runnable[3] = {1, 2, 0};
  EXPECT_EQ(s.pick(0, runnable, 3), 2);
  EXPECT_EQ(s.pick(0, runnable, 3), 1);  // past the script: the default
  EXPECT_EQ(s.pick(0, runnable, 1), 1);  // one runnable CPU: no decision point
  ASSERT_EQ(s.points().size(), 4u);
  EXPECT_TRUE(s.points()[0].preempt);
  EXPECT_FALSE(s.points()[2].preempt);
  EXPECT_EQ(s.points()[2].options, 3u);
  EXPECT_EQ(w.bytes, (std::vector<uint8_t>{2, 0, 1, 0}));
}

}  // namespace
}  // namespace sf
