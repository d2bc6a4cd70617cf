// revision_clean_test.cc - each unmutated revision shows only its known findings.
//
// Spec: design.md §4 (known findings per revision); stop-path.md §9, §12.1,
// §12.4, §12.6. The same deterministic search and budget as the mutation
// tests, run to the end: any finding that is not a known finding of the
// revision fails the test (a false positive of the oracle or a modelling bug).
#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/search.h"
#include "harness/repro.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

class RevisionClean : public ::testing::TestWithParam<std::string> {};

TEST_P(RevisionClean, OnlyKnownFindings) {
  SearchOptions o;
  o.rev = find_revision(GetParam());
  ASSERT_NE(o.rev, nullptr);
  o.budget = test::kBudget;
  o.seed = 1;
  o.keep_going = true;
  o.seeds = test::corpus_seeds();
  SearchResult r;
  search(o, &r);
  EXPECT_EQ(r.execs, test::kBudget);
  for (const auto& [key, n] : r.violations_seen)
    ADD_FAILURE() << GetParam() << ": unexpected " << key << " (" << n << " executions), e.g. "
                  << encode_repro({GetParam(), "", r.example.at(key)});
  for (const auto& [key, n] : r.known_seen) std::cout << GetParam() << ": known " << key << " x" << n << "\n";
}

std::vector<std::string> names() {
  std::vector<std::string> v;
  for (const sf_revision* r : all_revisions())
    if (!(r->features & SF_FEAT_KERNEL_SOURCE)) v.push_back(r->name);
  return v;
}

std::string name_of(const ::testing::TestParamInfo<std::string>& i) {
  std::string s = i.param;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Revisions, RevisionClean, ::testing::ValuesIn(names()), name_of);

}  // namespace
}  // namespace sf
