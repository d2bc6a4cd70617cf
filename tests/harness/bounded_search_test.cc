// bounded_search_test.cc - the bounded-exhaustive walk enumerates each schedule within the bound once.
//
// Spec: issue 10 (bounded-exhaustive: every schedule with at most P
// deviations; says whether the bound was exhausted); harness/bounded_search.h
// (partial-order reduction: preemptions before a local step are not tried).
#include "harness/bounded_search.h"

#include <gtest/gtest.h>

#include <set>

namespace sf {
namespace {

// A decision tree of `depth` points with `options` choices each, like a
// ScriptScheduler run: the script's choices, then defaults.
struct FakeTree {
  size_t depth;
  uint32_t options;
  std::multiset<std::vector<uint32_t>> seen;
  bool run(const std::vector<uint32_t>& script, std::vector<SchedulePoint>* points) {
    std::vector<uint32_t> path;
    for (size_t i = 0; i < depth; ++i) {
      const uint32_t v = i < script.size() ? script[i] : 0;
      points->push_back({options, v, true});
      path.push_back(v);
    }
    seen.insert(path);
    return true;
  }
};

uint64_t choose(uint64_t n, uint64_t k) {
  uint64_t r = 1;
  for (uint64_t i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

TEST(BoundedSearch, EverySchedulesWithinTheBoundExactlyOnce) {
  for (int bound = 0; bound <= 3; ++bound) {
    FakeTree t{6, 3, {}};
    BoundedStats st;
    explore_bounded([&](const auto& s, auto* p) { return t.run(s, p); }, bound, 1000000, &st);
    // sum over j <= bound of C(6, j) * 2^j schedules with j deviations.
    uint64_t want = 0;
    for (int j = 0; j <= bound; ++j) want += choose(6, j) << j;
    EXPECT_TRUE(st.exhausted);
    EXPECT_EQ(st.schedules, want) << "bound " << bound;
    EXPECT_EQ(std::set<std::vector<uint32_t>>(t.seen.begin(), t.seen.end()).size(), t.seen.size());
    for (const auto& path : t.seen) {
      int dev = 0;
      for (uint32_t v : path) dev += v != 0;
      EXPECT_LE(dev, bound);
    }
  }
}

TEST(BoundedSearch, ACapBelowTheSpaceIsReportedAsNotExhausted) {
  FakeTree t{6, 3, {}};
  BoundedStats st;
  explore_bounded([&](const auto& s, auto* p) { return t.run(s, p); }, 2, 10, &st);
  EXPECT_FALSE(st.exhausted);
  EXPECT_EQ(st.schedules, 10u);
}

TEST(BoundedSearch, ARunThatStopsEndsTheSearchUnexhausted) {
  FakeTree t{4, 2, {}};
  int left = 3;
  BoundedStats st;
  explore_bounded([&](const auto& s, auto* p) { return left-- > 0 && t.run(s, p); }, 4, 100, &st);
  EXPECT_FALSE(st.exhausted);
  EXPECT_EQ(st.schedules, 3u);
}

// A straight-line run of one CPU (cpu 0, one other runnable) whose steps at
// the points in `local` are local: those points carry the same hint as the
// next one (nothing happened in between), the others a fresh event count.
struct HintedTree {
  size_t depth;
  std::set<size_t> local;
  std::multiset<std::vector<uint32_t>> seen;
  bool run(const std::vector<uint32_t>& script, std::vector<SchedulePoint>* points) {
    std::vector<uint32_t> path;
    uint64_t events = 0;
    for (size_t i = 0; i < depth; ++i) {
      const uint32_t v = i < script.size() ? script[i] : 0;
      SchedulePoint p{2, v, true};
      p.hinted = true;
      p.hint.local = local.count(i) > 0;
      p.hint.cpu = 0;
      p.hint.runnable = 2;
      p.hint.events = events;
      if (!p.hint.local) ++events;  // the step after a non-local point records something
      points->push_back(p);
      path.push_back(v);
    }
    seen.insert(path);
    return true;
  }
};

TEST(BoundedSearch, PartialOrderReductionSkipsPreemptionsBeforeLocalSteps) {
  HintedTree full{6, {1, 3}, {}};
  BoundedStats all;
  explore_bounded([&](const auto& s, auto* p) { return full.run(s, p); }, 2, 1000000, &all, false);
  HintedTree por{6, {1, 3}, {}};
  BoundedStats reduced;
  explore_bounded([&](const auto& s, auto* p) { return por.run(s, p); }, 2, 1000000, &reduced, true);
  EXPECT_TRUE(all.exhausted);
  EXPECT_TRUE(reduced.exhausted);
  EXPECT_EQ(all.pruned, 0u);
  EXPECT_GT(reduced.pruned, 0u);
  // 6 points, 1 alternative each, bound 2: 1 + 6 + 15 schedules; without
  // points 1 and 3 as places to switch: 1 + 4 + 6.
  EXPECT_EQ(all.schedules, 22u);
  EXPECT_EQ(reduced.schedules, 11u);
  for (const auto& path : por.seen) {
    EXPECT_EQ(path[1], 0u) << "switched before a local step";
    EXPECT_EQ(path[3], 0u) << "switched before a local step";
    EXPECT_EQ(full.seen.count(path), 1u);  // a subset of the full walk
  }
}

TEST(BoundedSearch, ALocalStepFollowedBySomethingElseIsNotRedundant) {
  // Point 0's step is local, but the next point differs (another CPU, time
  // passed, an event, another runnable set, a pick point): not redundant.
  std::vector<SchedulePoint> p(2, SchedulePoint{2, 0, true});
  for (SchedulePoint& x : p) {
    x.hinted = true;
    x.hint.cpu = 1;
    x.hint.runnable = 1;
  }
  p[0].hint.local = true;
  EXPECT_TRUE(redundant_preemption(p, 0));
  EXPECT_FALSE(redundant_preemption(p, 1));  // no next point
  auto changed = [&](auto&& edit) {
    std::vector<SchedulePoint> q = p;
    edit(q[1]);
    return redundant_preemption(q, 0);
  };
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hint.cpu = 0; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hint.now_us = 1; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hint.events = 1; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hint.runnable = 5; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hint.depth = 1; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.preempt = false; }));
  EXPECT_FALSE(changed([](SchedulePoint& x) { x.hinted = false; }));
  std::vector<SchedulePoint> taken = p;
  taken[0].taken = 1;  // a run that switched there already
  EXPECT_FALSE(redundant_preemption(taken, 0));
}

}  // namespace
}  // namespace sf
