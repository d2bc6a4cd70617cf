// mutation_kill_test.cc - every catalogued mutation is found, by the property it names.
//
// Spec: design.md §5 ("the test suite proves every mutation is found within a
// fixed budget, by the property it names"); stop-path.md §8 (P1-P16).
// A deterministic search (harness/search.h) from the corpus and the
// mutation's seed tapes, budget kBudget executions, fixed seed. And the
// property a mutation declares is the first one its kill input reports.
#include <gtest/gtest.h>

#include <fstream>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "harness/stop/stop_search.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

class MutationKill : public ::testing::TestWithParam<Mutation> {};

}  // namespace

// Readable test names in ctest output.
void PrintTo(const Mutation& m, std::ostream* os) { *os << m.id; }

namespace {

void expect_found(const Mutation& m, bool designed_seeds) {
  test::expect_mutation_found(m.revision, m, designed_seeds);
}

// From the mutation's designed seed tapes plus the corpus.
TEST_P(MutationKill, FoundByItsProperty) { expect_found(GetParam(), true); }

// Without the designed seeds: the search itself has to get there.
TEST_P(MutationKill, FoundByItsPropertyFromCorpusAlone) { expect_found(GetParam(), false); }

// A bug reached through a side effect is reported first by the property
// that names its cause (issue 8; spec §8): the first violation of the
// mutation's kill input (its regression tape, corpus/regressions/<id>.tape)
// is of the mutation's declared property, and so is the first violation of
// the first violating execution of an untargeted search from its seeds.
TEST_P(MutationKill, ReportedFirstByItsProperty) {
  const Mutation& m = GetParam();
  RunOptions ro;
  ro.rev = find_revision(m.revision);
  ASSERT_NE(ro.rev, nullptr) << m.revision;
  ro.mutation = m.id;
  ro.memory = m.memory;  // a weak-memory mutation shows only under its model
  const std::string path = std::string("corpus/regressions/") + m.id + ".tape";
  std::ifstream f(path, std::ios::binary);
  ASSERT_TRUE(f.good()) << "no kill input " << path;
  const std::vector<uint8_t> tape((std::istreambuf_iterator<char>(f)), {});
  RunResult r;
  run_one(tape.data(), tape.size(), ro, &r);
  const Finding* v = r.violation();
  ASSERT_NE(v, nullptr) << path << " no longer kills " << m.id;
  EXPECT_EQ(v->property, m.property) << m.id << ": " << path << " is reported first as " << finding_key(*v) << ", not "
                                     << property_info(m.property).id;

  SearchOptions o;
  o.rev = ro.rev;
  o.mutation = m.id;
  o.memory = m.memory;
  o.budget = test::kBudget;
  o.seeds = test::mutation_seeds(m.id);
  for (auto& s : test::corpus_seeds()) o.seeds.push_back(std::move(s));
  SearchResult res;
  search(o, &res);
  ASSERT_TRUE(res.found) << m.id << ": no violation in " << res.execs << " executions";
  EXPECT_EQ(res.first.property, m.property)
      << m.id << ": the first violating execution reports " << finding_key(res.first) << " first, not "
      << property_info(m.property).id << "\n  " << encode_repro({m.revision, m.id, res.tape});
}

// The SDEI stop that returns breaks P9 (catalogued) and P16 in the same run.
TEST(MutationKill, SdeiStopReturnsAlsoBreaksP16) {
  const Mutation* m = find_mutation("sdei-stop-returns");
  ASSERT_NE(m, nullptr);
  SearchOptions o;
  o.rev = find_revision(m->revision);
  o.mutation = m->id;
  o.budget = test::kBudget;
  o.has_target = true;
  o.target = Property::P9;
  o.seeds = test::mutation_seeds(m->id);
  SearchResult r;
  search(o, &r);
  ASSERT_TRUE(r.found);
  bool p16 = false;
  for (const Finding& f : r.first_findings) p16 |= !f.known && f.property == Property::P16;
  EXPECT_TRUE(p16) << "P16 not reported with P9";
}

// Every property P1..P16 has at least one mutation that breaks it.
TEST(MutationKill, EveryPropertyHasAMutation) {
  for (size_t i = 0; i < kPropertyCount; ++i) {
    bool any = false;
    for (const Mutation& m : mutations()) any |= static_cast<size_t>(m.property) == i;
    EXPECT_TRUE(any) << property_info(static_cast<Property>(i)).id << " has no mutation";
  }
}

std::string name_of(const ::testing::TestParamInfo<Mutation>& i) {
  std::string s = i.param.id;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

// Equivalent mutations change no verdict by design (seed_questions_test.cc).
std::vector<Mutation> killable() {
  std::vector<Mutation> v;
  for (const Mutation& m : mutations())
    if (!m.equivalent) v.push_back(m);
  return v;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, MutationKill, ::testing::ValuesIn(killable()), name_of);

}  // namespace
}  // namespace sf
