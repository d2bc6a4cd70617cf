// bounded_search_test.cc - the bounded-exhaustive walk enumerates each schedule within the bound once.
//
// Spec: issue 10 (bounded-exhaustive: every schedule with at most P
// deviations; says whether the bound was exhausted); harness/bounded_search.h.
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

}  // namespace
}  // namespace sf
