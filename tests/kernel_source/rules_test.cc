// rules_test.cc - the mutation rewrite rules of kernel-source mode
// (tools/ksrc/mutation_rules.def): the configured src:linux-6.12 carries a
// hook for every linux-6.12 rule, the rewrite keeps every line number (the
// #line directives stay true), and a rule that no longer matches its tree
// fails the extractor and the configure with one line naming the mutation,
// the function and the pattern, unless the rule is optional.
//
// Spec: design.md §1 (kernel-source mode), §5 (mutations). Kernel text is
// only read at run time from the build directory.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;
using ksrc_test::quote;
using ksrc_test::Tree;

const std::string kRules = std::string(STOPFUZZ_SOURCE_DIR) + "/tools/ksrc/mutation_rules.def";

int extract_with_rules(const Tree& t, const std::string& rules, const fs::path& out, std::string* diag,
                       bool lenient = false) {
  std::string cmd = quote(STOPFUZZ_KSRC_EXTRACT) + " --tree " + quote(t.work + "/pristine") + " --work " +
                    quote(out.parent_path().string() + "/work") + " --out " + quote(out.string()) + " --repo " +
                    quote(STOPFUZZ_SOURCE_DIR) + " --cc " + quote(STOPFUZZ_TEST_CC);
  if (!rules.empty()) cmd += " --rules " + quote(rules);
  if (lenient) cmd += " --lenient-rules";
  return ksrc_test::run_command(cmd, diag);
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::string> rule_ids(const std::string& version) {
  std::vector<std::string> ids;
  for (const std::string& l : ksrc_test::lines_of(ksrc_test::read_file(kRules))) {
    if (l.rfind("SF_KSRC_RULE(\"", 0) != 0) continue;
    const size_t a = 14, b = l.find('"', a);
    const size_t c = l.find('"', b + 1) + 1, d = l.find('"', c);
    const std::string revs = " " + l.substr(c, d - c) + " ";
    if (revs.find(" " + version + " ") != std::string::npos) ids.push_back(l.substr(a, b - a));
  }
  return ids;
}

TEST(KernelSourceRules, EveryRuleSeedsAHookAndNoLineMoves) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "src:linux-6.12 is not configured";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "rules";
  fs::remove_all(dir);
  std::string diag;
  ASSERT_EQ(extract_with_rules(*t, "", dir / "plain" / "rev.c", &diag), 0) << diag;
  ASSERT_EQ(extract_with_rules(*t, kRules, dir / "ruled" / "rev.c", &diag), 0) << diag;
  const auto plain = ksrc_test::lines_of(ksrc_test::read_file(dir / "plain" / "rev.c"));
  const auto ruled = ksrc_test::lines_of(ksrc_test::read_file(dir / "ruled" / "rev.c"));
  const std::vector<std::string> ids = rule_ids("linux-6.12");
  ASSERT_GE(ids.size(), 8u);
  // The header comment lists the hooks: one line more there, none elsewhere.
  ASSERT_EQ(ruled.size(), plain.size() + 1);
  size_t hooks = 0;
  for (size_t i = 0, j = 0; i < plain.size(); ++i, ++j) {
    if (ruled[j].rfind(" * Mutation hooks", 0) == 0) ++j;
    if (plain[i] == ruled[j]) continue;
    // A changed line carries a hook, or is what a multi-line statement left.
    const bool hook = ruled[j].find("/* STOPFUZZ: mutation ") != std::string::npos;
    const bool emptied = ruled[j].find_first_not_of(" \t") == std::string::npos;
    EXPECT_TRUE(hook || emptied) << "line " << i + 1 << " changed: '" << plain[i] << "' -> '" << ruled[j] << "'";
    hooks += hook;
  }
  const std::string text = ksrc_test::read_file(dir / "ruled" / "rev.c");
  for (const std::string& id : ids) {
    EXPECT_NE(text.find("/* STOPFUZZ: mutation " + id + " */"), std::string::npos) << id;
    EXPECT_NE(text.find("sf_mutation(\"" + id + "\")"), std::string::npos) << id;
  }
  EXPECT_EQ(hooks, ids.size());
  // And the configured build carries them (configure used the same rules).
  const std::string built = ksrc_test::read_file(fs::path(t->work) / "revision.c");
  for (const std::string& id : ids) EXPECT_NE(built.find("sf_mutation(\"" + id + "\")"), std::string::npos) << id;
}

const char* const kBadRule =
    "SF_KSRC_RULE(\"no-single-winner\", \"linux-6.12\", \"smp_send_stop\", "
    "\"if (@[test_and_set_bit(7, &stop_in_progress)]@)\", \"(!$M && $1)\", \"%s\")\n";

std::string bad_rules(const fs::path& dir, bool optional) {
  char buf[512];
  snprintf(buf, sizeof buf, kBadRule, optional ? "optional" : "");
  const fs::path p = dir / (optional ? "optional.def" : "bad.def");
  write(p, buf);
  return p.string();
}

TEST(KernelSourceRules, ARuleThatNoLongerMatchesIsOneLine) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "src:linux-6.12 is not configured";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "badrule";
  fs::remove_all(dir);
  std::string diag;
  EXPECT_EQ(extract_with_rules(*t, bad_rules(dir, false), dir / "x" / "rev.c", &diag), 1);
  ASSERT_EQ(ksrc_test::lines_of(diag).size(), 1u) << diag;
  EXPECT_EQ(diag.rfind("stopfuzz: mutation rule no-single-winner (arch/arm64/kernel/smp.c smp_send_stop(), pattern "
                       "'if (@[test_and_set_bit(7, &stop_in_progress)]@)'): no match",
                       0),
            0u)
      << diag;

  // Optional: skipped, the revision builds without that hook.
  ASSERT_EQ(extract_with_rules(*t, bad_rules(dir, true), dir / "y" / "rev.c", &diag), 0) << diag;
  EXPECT_EQ(ksrc_test::read_file(dir / "y" / "rev.c").find("sf_mutation("), std::string::npos);

  // A rule naming no catalogued mutation.
  write(dir / "unknown.def",
        "SF_KSRC_RULE(\"no-such-mutation\", \"linux-6.12\", \"smp_send_stop\", \"@[udelay(1);]@\", \"$1\", \"\")\n");
  EXPECT_EQ(extract_with_rules(*t, (dir / "unknown.def").string(), dir / "z" / "rev.c", &diag), 1);
  ASSERT_EQ(ksrc_test::lines_of(diag).size(), 1u) << diag;
  EXPECT_NE(diag.find("no-such-mutation names no mutation of harness/stop/mutations.def"), std::string::npos) << diag;

  // At configure time: one line too.
  std::string out;
  const std::string cmd = quote(STOPFUZZ_TEST_CMAKE) + " -S " + quote(STOPFUZZ_SOURCE_DIR) + " -B " +
                          quote((dir / "build").string()) + " -DCMAKE_C_COMPILER=" + quote(STOPFUZZ_TEST_CC) +
                          " -DCMAKE_CXX_COMPILER=" + quote(STOPFUZZ_TEST_CXX) +
                          " -DSTOPFUZZ_TESTS=OFF -DSTOPFUZZ_KSRC_TOOL=" + quote(STOPFUZZ_KSRC_EXTRACT) +
                          " -DSTOPFUZZ_KERNEL_TREES=" + quote(t->work + "/pristine") +
                          " -DSTOPFUZZ_KERNEL_MUTATION_RULES=" + quote(bad_rules(dir, false));
  EXPECT_NE(ksrc_test::run_command(cmd, &out), 0) << out;
  std::vector<std::string> lines;
  for (const std::string& l : ksrc_test::lines_of(out))
    if (l.find("stopfuzz: ") != std::string::npos && l.find("stopfuzz: kernel-source revision") == std::string::npos)
      lines.push_back(l);
  ASSERT_EQ(lines.size(), 1u) << out;
  EXPECT_NE(lines[0].find("mutation rule no-single-winner (arch/arm64/kernel/smp.c smp_send_stop(), pattern"),
            std::string::npos)
      << out;
}

// --lenient-rules (how `stopfuzz --kernel-tree` extracts a developer's tree):
// a mutation whose rules do not fit is left out whole, with a note naming
// the rule, and the others are seeded. nmi-first takes two rules here, the
// second of which does not match: its first hook must not be seeded either.
const char* const kNmiFirstFits =
    "SF_KSRC_RULE(\"nmi-first\", \"linux-6.12\", \"smp_send_stop\", \"@[timeout = USEC_PER_SEC;]@ while\", "
    "\"$1 if ($M) timeout = 0;\", \"\")\n";
const char* const kNmiFirstMisses =
    "SF_KSRC_RULE(\"nmi-first\", \"linux-6.12\", \"smp_send_stop\", \"@[no_such_call(cpu);]@\", \"$1\", \"\")\n";
const char* const kIpiStopReturns =
    "SF_KSRC_RULE(\"ipi-stop-returns\", \"linux-6.12\", \"do_handle_IPI\", \"} else { @[local_cpu_stop(cpu);]@ }\", "
    "\"if ($M) set_cpu_online(cpu, false); else $1\", \"\")\n";

TEST(KernelSourceRules, LenientRulesLeaveOutAMutationWholeAndSayWhy) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "src:linux-6.12 is not configured";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "lenient";
  fs::remove_all(dir);
  const std::string rules = (dir / "rules.def").string(), fits = (dir / "fits.def").string();
  write(rules, std::string(kNmiFirstFits) + kNmiFirstMisses + kIpiStopReturns);
  write(fits, std::string(kNmiFirstFits) + kIpiStopReturns);
  std::string diag;
  // Strict (the build's extraction): the miss fails the whole tree.
  EXPECT_EQ(extract_with_rules(*t, rules, dir / "strict" / "rev.c", &diag), 1) << diag;
  // Lenient: seeded except nmi-first, which a note names with its rule.
  ASSERT_EQ(extract_with_rules(*t, rules, dir / "lenient" / "rev.c", &diag, true), 0) << diag;
  EXPECT_NE(diag.find("note: mutation nmi-first left out: mutation rule nmi-first (arch/arm64/kernel/smp.c "
                      "smp_send_stop(), pattern '@[no_such_call(cpu);]@'): no match in "),
            std::string::npos)
      << diag;
  EXPECT_EQ(diag.find("(the code changed"), std::string::npos) << "a maintainer's hint is not for a user's tree:\n"
                                                                 << diag;
  const std::string rev = ksrc_test::read_file(dir / "lenient" / "rev.c");
  EXPECT_EQ(rev.find("sf_mutation(\"nmi-first\")"), std::string::npos) << "nmi-first was seeded in part";
  EXPECT_NE(rev.find("sf_mutation(\"ipi-stop-returns\")"), std::string::npos);
  // Without the rule that misses, both are seeded and nothing is left out.
  ASSERT_EQ(extract_with_rules(*t, fits, dir / "fits" / "rev.c", &diag, true), 0) << diag;
  EXPECT_EQ(diag.find("left out"), std::string::npos) << diag;
  EXPECT_NE(ksrc_test::read_file(dir / "fits" / "rev.c").find("sf_mutation(\"nmi-first\")"), std::string::npos);
}

}  // namespace
}  // namespace sf
