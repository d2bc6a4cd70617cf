// entry_schedule_test.cc - the campaign's cost-weighted choice of the next entry (harness/entry_schedule.h).
//
// Spec: issue 12 (the campaign's time goes to mutants of costly entries),
// design.md §8 (AFL's performance score). What must hold: AFL's weights at
// its thresholds, cheap entries drawn more often than costly ones in
// proportion to those weights, every entry still drawn, and the same draws
// for the same seed.
#include "harness/entry_schedule.h"

#include <gtest/gtest.h>

#include <vector>

namespace sf {
namespace {

// Weights of entry 0 (cost c) among `others` entries of cost 100: the
// average is (c + 100 * others) / (others + 1).
int weight_of(uint64_t c, int others = 999) {
  EntrySchedule s;
  s.add(c);
  for (int i = 0; i < others; ++i) s.add(100);
  return s.weight(0);
}

TEST(EntrySchedule, AflWeightsAgainstTheAverage) {
  // Against an average of about 100 (999 entries of 100 outweigh entry 0).
  EXPECT_EQ(weight_of(100), 60);  // the average: 1x
  EXPECT_EQ(weight_of(130), 60);  // under 1.33x
  EXPECT_EQ(weight_of(140), 45);  // 0.75x
  EXPECT_EQ(weight_of(250), 30);  // 0.5x
  EXPECT_EQ(weight_of(500), 15);  // 0.25x
  EXPECT_EQ(weight_of(2000), 6);  // 0.1x
  EXPECT_EQ(weight_of(60), 60);   // not under half: 1x
  EXPECT_EQ(weight_of(40), 90);   // under 0.5x: 1.5x
  EXPECT_EQ(weight_of(30), 120);  // under 0.33x: 2x
  EXPECT_EQ(weight_of(20), 180);  // under 0.25x: 3x
  EXPECT_EQ(weight_of(0), 180);   // a zero cost counts as 1
  // A lone entry is its own average.
  EXPECT_EQ(weight_of(12345, 0), 60);
  // Costs that would overflow 64 bits in cost * n * 100 (the step bound
  // keeps real ones far below; the arithmetic must not wrap all the same).
  EntrySchedule big;
  big.add(UINT64_MAX / 4);
  big.add(UINT64_MAX / 4);
  big.add(1);
  EXPECT_EQ(big.weight(2), 180);
  EXPECT_EQ(big.weight(0), 45);  // 1.5x the average
}

TEST(EntrySchedule, DrawsFollowTheWeights) {
  // Entries 0-2 cheap (3x) and 3 costly, against an average it drags up:
  // 1, 1, 50, 100000 -> average 25013, so entry 3 is at 4.0x: 0.5x.
  EntrySchedule s;
  for (uint64_t c : {1, 1, 50, 100000}) s.add(c);
  ASSERT_EQ(s.weight(0), 180);
  ASSERT_EQ(s.weight(2), 180);
  ASSERT_EQ(s.weight(3), 30);
  std::mt19937_64 rng(7);
  std::vector<int> n(4);
  const int draws = 200000;
  for (int i = 0; i < draws; ++i) ++n[s.pick(rng)];
  // Expected shares: weights 180, 180, 180, 30 of 570.
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(n[i] / double(draws), 180.0 / 570, 0.01) << i;
  EXPECT_NEAR(n[3] / double(draws), 30.0 / 570, 0.005);
}

TEST(EntrySchedule, EveryEntryKeepsAShare) {
  // One entry far above the average still comes up (0.1x is not 0).
  EntrySchedule s;
  for (int i = 0; i < 50; ++i) s.add(1);
  s.add(1000000);
  ASSERT_EQ(s.weight(50), 6);
  std::mt19937_64 rng(1);
  int costly = 0;
  for (int i = 0; i < 100000; ++i) costly += s.pick(rng) == 50;
  // Share 6 / (50 * 180 + 6) of the draws: about 67 of 100,000.
  EXPECT_GT(costly, 20);
  EXPECT_LT(costly, 150);
}

TEST(EntrySchedule, SameSeedSameDraws) {
  EntrySchedule s;
  for (uint64_t c : {5, 900, 40, 7, 3000, 12}) s.add(c);
  std::mt19937_64 a(99), b(99);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(s.pick(a), s.pick(b)) << i;
}

}  // namespace
}  // namespace sf
