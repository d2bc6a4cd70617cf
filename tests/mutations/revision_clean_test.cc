// revision_clean_test.cc - each unmutated revision shows only its known findings.
//
// Spec: design.md §4 (known findings per revision); stop-path.md §9, §12.1,
// §12.4, §12.6. The same deterministic search and budget as the mutation
// tests, run to the end: any finding that is not a known finding of the
// revision fails the test (a false positive of the oracle or a modelling bug).
#include <gtest/gtest.h>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/stop_search.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

class RevisionClean : public ::testing::TestWithParam<std::string> {};

TEST_P(RevisionClean, OnlyKnownFindings) { test::expect_only_known_findings(GetParam(), /*skip_if_missing=*/false); }

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
