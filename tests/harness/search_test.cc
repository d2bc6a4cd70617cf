// search_test.cc - run_search() draws the entry to mutate by its cost (harness/search.h).
//
// Spec: issue 12 (the campaign's cost-weighted draw, for check's coverage
// strategy and the kill table too), design.md §8 (AFL's performance score).
// What must hold: the cheap entry's mutants outnumber the costly one's as
// the weights say (uniform would be half each), equal costs stay even, and
// a search without seeds (the empty tape, never run as itself) works.
#include "harness/search.h"

#include <gtest/gtest.h>

#include <vector>

namespace sf {
namespace {

// Two seeds, 64 bytes of 0x00 and 64 of 0xff, costing `cost0` and `cost1`;
// no execution shows a new feature, so the corpus stays those two. Returns
// the share of mutants that are mostly 0x00 bytes (drawn from seed 0: a
// mutation step changes a few bytes, or splices in part of the other).
double share_of_seed0(uint64_t cost0, uint64_t cost1) {
  SearchBudget b;
  b.execs = 4002;
  b.seed = 7;
  b.seeds = {std::vector<uint8_t>(64, 0x00), std::vector<uint8_t>(64, 0xff)};
  uint64_t mutants = 0, from0 = 0;
  const Executor run = [&](const std::vector<uint8_t>& tape, Verdict* v) {
    size_t zeros = 0;
    for (uint8_t c : tape) zeros += c == 0x00;
    const bool zero = 2 * zeros > tape.size();
    v->cost = zero ? cost0 : cost1;
    if (mutants++ >= 2) from0 += zero;  // the first two are the seeds themselves
  };
  SearchStats st;
  run_search(run, b, &st);
  EXPECT_EQ(st.execs, 4002u);
  EXPECT_EQ(st.corpus.size(), 2u);
  return static_cast<double>(from0) / static_cast<double>(mutants - 2);
}

TEST(RunSearch, DrawsTheCheapEntryAsItsWeightSays) {
  // Seed 0 costs 10, seed 1 10,000: against their average seed 0 is under a
  // quarter (weight 3x), seed 1 under 2x but over 1.33x (0.75x): 4 to 1.
  const double cheap = share_of_seed0(10, 10000);
  EXPECT_GT(cheap, 0.72) << cheap;
  EXPECT_LT(cheap, 0.88) << cheap;
  // Equal costs: both 1x, half each.
  const double even = share_of_seed0(500, 500);
  EXPECT_GT(even, 0.42) << even;
  EXPECT_LT(even, 0.58) << even;
}

TEST(RunSearch, WithoutSeedsMutatesTheEmptyTape) {
  SearchBudget b;
  b.execs = 500;
  uint64_t n = 0;
  const Executor run = [&](const std::vector<uint8_t>& tape, Verdict* v) {
    v->cost = 1 + tape.size();
    v->features = {n++ % 50};  // fifty features: the first mutant of each is kept
  };
  SearchStats st;
  run_search(run, b, &st);
  EXPECT_EQ(st.execs, 500u);
  EXPECT_EQ(st.corpus.size(), 51u);  // the empty tape and fifty kept mutants
  EXPECT_TRUE(st.corpus.front().empty());
}

}  // namespace
}  // namespace sf
