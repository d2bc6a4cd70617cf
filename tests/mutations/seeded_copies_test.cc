// seeded_copies_test.cc - mutations are seeded one way (design §5, issue 8
// item 6): no hook is committed in core/; the build seeds the rules of
// tools/ksrc/mutation_rules.def into compiled copies of the hand-written
// revisions that name the core/ file and keep every line number; every
// catalogued mutation is carried by the revision it was written for; a rule
// that no longer matches, or a mutation no rule seeds, fails the build in
// one line.
//
// Spec: design.md §5, §8.5 (kernel code stays kernel code in core/).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "tools/ksrc/files.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

using ksrc::read_file;
using ksrc::split_lines;

std::vector<std::string> hand_written() {
  std::vector<std::string> v;
  for (const sf_revision* r : all_revisions())
    if (!(r->features & SF_FEAT_KERNEL_SOURCE)) v.push_back(r->name);
  return v;
}

TEST(SeededCopies, CoreCarriesNoMutationHook) {
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(STOPFUZZ_SOURCE_DIR) / "core")) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string text = read_file(e.path());
    EXPECT_EQ(text.find("sf_mutation"), std::string::npos) << e.path();
    EXPECT_EQ(text.find("STOPFUZZ: mutation"), std::string::npos) << e.path();
  }
  EXPECT_GT(files, 20u);
}

// Each copy: a #line naming the core/ file, then the file with only hooked
// lines changed, so trace sites keep their core/ paths and line numbers.
TEST(SeededCopies, CopiesNameTheCoreFileAndKeepEveryLine) {
  for (const std::string& rev : hand_written()) {
    SCOPED_TRACE(rev);
    std::set<std::string> seeded;
    for (const MutationTarget& t : mutation_targets())
      if (t.revision == rev) seeded.insert(t.mutation->id);
    std::set<std::string> found;
    size_t copies = 0;
    for (const auto& e : fs::directory_iterator(fs::path(STOPFUZZ_SOURCE_DIR) / "core" / rev)) {
      if (e.path().extension() != ".c") continue;
      const std::string rel = "core/" + rev + "/" + e.path().filename().string();
      const auto orig = split_lines(read_file(e.path()));
      const auto copy = split_lines(read_file(fs::path(STOPFUZZ_MUTATED_DIR) / rel));
      ++copies;
      ASSERT_EQ(copy.size(), orig.size() + 1) << rel;
      EXPECT_EQ(copy[0], "#line 1 \"" + rel + "\"");
      for (size_t i = 0; i < orig.size(); ++i) {
        if (copy[i + 1] == orig[i]) continue;
        const bool blank = copy[i + 1].find_first_not_of(" \t") == std::string::npos;
        const size_t at = copy[i + 1].find("/* STOPFUZZ: mutation ");
        EXPECT_TRUE(blank || at != std::string::npos) << rel << ":" << i + 1 << " changed without a hook";
        for (size_t p = at; p != std::string::npos; p = copy[i + 1].find("/* STOPFUZZ: mutation ", p + 1)) {
          const size_t b = p + 22, end = copy[i + 1].find(" */", b);
          found.insert(copy[i + 1].substr(b, end - b));
        }
      }
    }
    EXPECT_GT(copies, 0u);
    EXPECT_EQ(found, seeded) << "the hooks in the copies and the generated list of " << rev << " disagree";
  }
}

TEST(SeededCopies, EveryMutationIsCarriedByItsOwnRevision) {
  for (const Mutation& m : mutations()) {
    const std::vector<std::string> revs = mutation_revisions(m.id);
    EXPECT_NE(std::find(revs.begin(), revs.end(), m.revision), revs.end()) << m.id << " on " << m.revision;
  }
}

// ksrc_mutate on a scratch rules file; its one line of stderr.
std::string mutate_with(const std::string& name, const std::string& rules, int* rc) {
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "rules.def") << rules;
  std::string out;
  *rc = ksrc::run(std::string("'") + STOPFUZZ_KSRC_MUTATE + "' --repo '" + STOPFUZZ_SOURCE_DIR + "' --rules '" +
                      (dir / "rules.def").string() + "' --out-dir '" + (dir / "out").string() + "' --targets '" +
                      (dir / "targets.def").string() + "' --revision linux-6.1 core/linux-6.1/smp.c",
                  &out);
  return out;
}

TEST(SeededCopies, ARuleThatNoLongerMatchesIsOneLine) {
  int rc = 0;
  const std::string out =
      mutate_with("stale-rule",
                  "SF_KSRC_RULE(\"crash-stop-irqs-on\", \"linux-6.1\", \"ipi_cpu_crash_stop\", "
                  "\"@[local_irq_disable();]@ local_daif_mask();\", \"if ($M) local_irq_enable(); else $1\", \"\")\n",
                  &rc);
  EXPECT_EQ(rc, 1);
  ASSERT_EQ(split_lines(out).size(), 1u) << out;
  EXPECT_EQ(out.rfind("stopfuzz: mutation rule crash-stop-irqs-on (core/linux-6.1/smp.c ipi_cpu_crash_stop(), "
                      "pattern '@[local_irq_disable();]@ local_daif_mask();'): no match in revision linux-6.1",
                      0),
            0u)
      << out;
}

TEST(SeededCopies, AMutationNoRuleSeedsIntoItsRevisionIsOneLine) {
  int rc = 0;
  const std::string out = mutate_with("no-rule", "// no rules\n", &rc);
  EXPECT_EQ(rc, 1);
  ASSERT_EQ(split_lines(out).size(), 1u) << out;
  EXPECT_NE(out.find("stopfuzz: harness/stop/mutations.def: mutation crash-stop-irqs-on is written for revision "
                     "linux-6.1 but no rule of "),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace sf
