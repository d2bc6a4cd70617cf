// check_test.cc - `check` sorts findings into NEW / FIXED / UNCHANGED, against the base, within a fixed budget.
//
// Spec: issue 10 ("What it must show": final against final has nothing new;
// each catalogued mutation as the candidate is NEW by its property; the
// same check gives identical output); design.md §5 (budgets in executions).
#include "harness/stop/check.h"

#include <gtest/gtest.h>

#include "harness/stop/known_findings.h"
#include "harness/stop/signatures.h"

#include <sstream>

#include "harness/stop/mutations.h"
#include "harness/revisions.h"
#include "harness/stop/check_report.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

// A fixed budget: every strategy, small enough for the suite.
CheckOptions small_check(const std::string& base, const std::string& candidate, const std::string& mutation,
                         uint64_t coverage_execs = 20000) {
  CheckOptions o;
  o.base.rev = find_revision(base);
  o.candidate.rev = find_revision(candidate);
  o.candidate.mutation = mutation;
  o.mix = {{CheckStrategy::kCoverage, coverage_execs}, {CheckStrategy::kPct, 1500}, {CheckStrategy::kExhaustive, 1500}};
  if (!mutation.empty()) {
    int i = 0;
    for (auto& t : test::mutation_seeds(mutation)) o.seeds.push_back({"designed" + std::to_string(i++), std::move(t)});
  }
  int i = 0;
  for (auto& t : test::corpus_seeds()) o.seeds.push_back({"corpus" + std::to_string(i++), std::move(t)});
  o.confirm_execs = 1000;
  o.minimize_execs = 1000;
  return o;
}

TEST(Check, FinalAgainstFinalHasNothingNewOrFixed) {
  const CheckOptions o = small_check("final", "final", "");
  CheckResult r;
  run_check(o, &r);
  EXPECT_EQ(r.count(CheckClass::kNew), 0u);
  EXPECT_EQ(r.count(CheckClass::kFixed), 0u);
  EXPECT_EQ(r.base.findings.size(), r.candidate.findings.size());
  EXPECT_FALSE(r.stopped_early);
}

TEST(Check, KnownFindingsListsDoNotDecideNew) {
  // v3 lists "P7 null-regs" as a known finding (spec §9: v4 added the
  // NULL-regs guard). Against v4 as the base it is still NEW, and v4
  // against v3 has FIXED it: the base decides, not the list.
  const std::string key = "P7 null-regs";
  const auto classify = [&](const std::string& base, const std::string& cand) {
    CheckOptions o = small_check(base, cand, "");
    int i = 0;
    for (auto& t : test::mutation_seeds("no-regs-guard")) o.seeds.push_back({"null" + std::to_string(i++), t});
    CheckResult r;
    run_check(o, &r);
    for (const CheckEntry& e : r.entries)
      if (e.key == key) return std::string(check_class_name(e.cls));
    return std::string("absent");
  };
  EXPECT_EQ(classify("v4", "v3"), "NEW");
  EXPECT_EQ(classify("v3", "v4"), "FIXED");
}

class MutationCheck : public ::testing::TestWithParam<const Mutation*> {};

TEST_P(MutationCheck, IsNewByItsProperty) {
  const Mutation& m = *GetParam();
  CheckOptions o = small_check(m.revision, m.revision, m.id);
  o.memory = m.memory;  // a weak-memory mutation shows only under its model
  CheckResult r;
  run_check(o, &r);
  if (m.equivalent) {  // changes no verdict: nothing new, nothing fixed
    EXPECT_EQ(r.count(CheckClass::kNew), 0u) << m.id;
    EXPECT_EQ(r.count(CheckClass::kFixed), 0u) << m.id;
    return;
  }
  bool by_property = false;
  for (const CheckEntry& e : r.entries) {
    if (e.cls != CheckClass::kNew) continue;
    by_property |= e.property == m.property;
    // Every NEW finding comes with its evidence.
    EXPECT_FALSE(e.excerpt.empty()) << e.key;
    EXPECT_NE(e.excerpt.find("!! " + std::string(property_info(e.property).id)), std::string::npos) << e.excerpt;
    EXPECT_NE(e.replay_candidate.find(m.id), std::string::npos) << e.replay_candidate;
    EXPECT_EQ(e.replay_base.find(m.id), std::string::npos) << e.replay_base;
    EXPECT_EQ(e.other_verdict.find(e.key), std::string::npos) << "the base shows " << e.key << " on the same tape";
  }
  EXPECT_TRUE(by_property) << m.id << ": no NEW finding of " << property_info(m.property).id;
  // A mutation may close a window the base reaches (nmi-first skips the IPI
  // rung, so no SDEI stop nests in it): FIXED only for the base's own known
  // findings, never for a violation.
  for (const CheckEntry& e : r.entries)
    if (e.cls == CheckClass::kFixed)
      EXPECT_TRUE([&] {
        Signature sig = Signature::kCount;
        return signature_from_name(e.property, e.signature, &sig) && is_known_finding(m.revision, sig);
      }()) << m.id << " fixed " << e.key;
}

std::vector<const Mutation*> all_mutations() {
  std::vector<const Mutation*> v;
  for (const Mutation& m : mutations()) v.push_back(&m);
  return v;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, MutationCheck, ::testing::ValuesIn(all_mutations()),
                         [](const ::testing::TestParamInfo<const Mutation*>& i) {
                           std::string n;
                           for (const char* p = i.param->id; *p; ++p) n += std::isalnum(*p) ? *p : '_';
                           return n;
                         });

TEST(Check, TenRunsGiveIdenticalOutput) {
  const CheckOptions o = small_check("final", "final", "nmi-first", 3000);
  std::string first;
  for (int i = 0; i < 10; ++i) {
    CheckResult r;
    run_check(o, &r);
    std::ostringstream text, junit, sarif;
    print_check_text(text, o, r);
    print_check_junit(junit, o, r);
    print_check_sarif(sarif, o, r);
    const std::string all = text.str() + junit.str() + sarif.str();
    if (i == 0)
      first = all;
    else
      ASSERT_EQ(all, first) << "run " << i;
  }
  EXPECT_EQ(first.find("NEW (0)"), std::string::npos) << "nmi-first must show something new:\n" << first;
}

TEST(Check, MaxSecondsStopsEarlyAndSaysSo) {
  CheckOptions o = small_check("final", "final", "", 100000000);
  o.max_seconds = 0.5;
  CheckResult r;
  run_check(o, &r);
  EXPECT_TRUE(r.stopped_early);
  std::ostringstream text;
  print_check_text(text, o, r);
  EXPECT_NE(text.str().find("INCOMPLETE"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace sf
