// mutation_kill_revisions_test.cc - the catalogued mutations seeded into
// revisions other than the one they were written for are found there too: the
// hand-written linux-6.12 and the real kernel source (src:linux-6.12,
// src:linux-6.1, ...), all seeded at build time by the rules of
// tools/ksrc/mutation_rules.def; and the unmutated kernel-source revisions
// show only the known findings of their hand-written twin.
//
// Spec: design.md §1 (kernel-source mode), §5 (every mutation found within a
// fixed budget, by the property it names); stop-path.md §8, §12.4. Same search,
// seeds and budget as mutation_kill_test.cc (executions, not seconds). A
// kernel-source revision that is not configured (STOPFUZZ_KERNEL_TREES) skips.
#include <gtest/gtest.h>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "harness/stop/stop_search.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {

// Readable parameter names in ctest output.
void PrintTo(const MutationTarget& t, std::ostream* os) { *os << t.mutation->id << " on " << t.revision; }

namespace {

std::vector<MutationTarget> other_targets() {
  std::vector<MutationTarget> v;
  for (const MutationTarget& t : mutation_targets())
    if (t.revision != t.mutation->revision && !t.mutation->equivalent) v.push_back(t);
  return v;
}

class MutationKillOn : public ::testing::TestWithParam<MutationTarget> {};

void expect_found(const MutationTarget& t, bool designed_seeds) {
  test::expect_mutation_found(t.revision, *t.mutation, designed_seeds);
}

TEST_P(MutationKillOn, FoundByItsProperty) { expect_found(GetParam(), true); }
TEST_P(MutationKillOn, FoundByItsPropertyFromCorpusAlone) { expect_found(GetParam(), false); }

std::string name_of(const ::testing::TestParamInfo<MutationTarget>& i) {
  std::string s = i.param.revision + "_" + i.param.mutation->id;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Revisions, MutationKillOn, ::testing::ValuesIn(other_targets()), name_of);

// The build seeded every linux-6.12 rule into src:linux-6.12 and the
// hand-written linux-6.12 carries the same hooks: the pair stays comparable.
TEST(MutationKillOn, Linux612AndItsSourceCarryTheSameMutations) {
  if (!find_revision("src:linux-6.12")) GTEST_SKIP() << "src:linux-6.12 is not configured";
  std::vector<std::string> hand, src;
  for (const MutationTarget& t : mutation_targets()) {
    if (t.revision == "linux-6.12") hand.push_back(t.mutation->id);
    if (t.revision == "src:linux-6.12") src.push_back(t.mutation->id);
  }
  std::sort(hand.begin(), hand.end());
  std::sort(src.begin(), src.end());
  EXPECT_EQ(hand, src);
  EXPECT_GE(src.size(), 8u);
}

// Unmutated, each kernel-source revision shows only the known findings of
// the hand-written revision of the same kernel (harness/stop/known_findings).
class SourceClean : public ::testing::TestWithParam<std::string> {};

TEST_P(SourceClean, OnlyKnownFindings) { test::expect_only_known_findings(GetParam(), /*skip_if_missing=*/true); }

std::string rev_name(const ::testing::TestParamInfo<std::string>& i) {
  std::string s = i.param;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(KernelSource, SourceClean, ::testing::Values("src:linux-6.12", "src:linux-6.1"), rev_name);

}  // namespace
}  // namespace sf
