// check_test.cc - `stopfuzz check` on a real tree against the same tree with a patch made at run time.
//
// Both sides are built from the tree at run time, as a CI job on a
// kernel branch runs it (ci/check/).
//
// Spec: issue 10 ("src:linux-7.3 against itself with a mutation patch
// generated at run time": NEW by the patch's property, exit 1; the replay
// line of each side reproduces its verdict), design.md §1 (kernel-source
// mode). The patch removes smp_send_stop()'s stop_in_progress guard, derived
// from the tree's own text (ksrc_util.h): P2 (two winners) is NEW, at the
// real file in the SARIF report, the same with --jobs 2 (the trees loaded
// before the workers fork run in them). Issue 11 on real code: the merged
// sdei_nmi_stop_cpus() with its dsb(ishst) replaced by smp_wmb() (v4's DMB),
// against the configured src:linux-7.3 under --memory arm64: P10 is NEW.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;
using ksrc_test::quote;

TEST(KernelSourceCheck, APatchMadeAtRunTimeIsNewAgainstItsOwnTree) {
  const ksrc_test::Tree* t = ksrc_test::tree_named("src:linux-7.3");
  if (!t) GTEST_SKIP() << "src:linux-7.3 is not configured (STOPFUZZ_KERNEL_TREES)";
  ksrc_test::Guard g;
  const std::string diff = ksrc_test::no_guard_patch(ksrc_test::tree_file(*t, ksrc_test::kSmp), &g);
  ASSERT_FALSE(diff.empty()) << t->name << " has no stop_in_progress guard";
  const fs::path tree = ksrc_test::scratch_tree(*t, "check-noguard-tree");
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "check-noguard";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "noguard.patch") << diff;

  const std::string check = quote(STOPFUZZ_BIN) + " check --quiet --execs 20000 --base-kernel-tree " +
                            quote(tree.string()) + " --candidate-kernel-tree " + quote(tree.string()) +
                            " --candidate-kernel-patch " + quote((dir / "noguard.patch").string()) + " --kernel-work " +
                            quote((dir / "work").string());
  std::string out;
  const int rc = ksrc_test::run_command(check + " --sarif " + quote((dir / "check.sarif").string()), &out);
  ASSERT_EQ(rc, 1) << out;
  // Both trees are loaded before the workers fork: --jobs 2 runs them there
  // and reports the same bytes.
  std::string out2;
  EXPECT_EQ(ksrc_test::run_command(check + " --jobs 2 --sarif " + quote((dir / "check2.sarif").string()), &out2), 1)
      << out2;
  EXPECT_EQ(out2, out);
  EXPECT_EQ(ksrc_test::read_file(dir / "check2.sarif"), ksrc_test::read_file(dir / "check.sarif"));
  // The same version on both sides: the base is named as the base.
  EXPECT_NE(out.find("check: base src:linux-7.3+base, candidate src:linux-7.3+patch"), std::string::npos) << out;
  // P2 two-winners among the NEW findings (removing the guard also lets the
  // losers stop the winner: P1, P14), before FIXED.
  const size_t at = out.find("\n  P2 two-winners "), fixed = out.find("\nFIXED (");
  ASSERT_NE(at, std::string::npos) << out;
  ASSERT_LT(at, fixed) << out;
  EXPECT_GT(at, out.find("\nNEW (")) << out;
  // Its candidate replay line names the tree and the patch and reproduces P2.
  std::smatch m;
  const std::string entry = out.substr(at);
  ASSERT_TRUE(std::regex_search(entry, m,
                                std::regex("replay candidate: stopfuzz (replay --repro [^\n]*--kernel-patch [^\n]*)")))
      << out;
  std::string replay;
  EXPECT_EQ(ksrc_test::run_command(quote(STOPFUZZ_BIN) + " " + m[1].str(), &replay), 1) << replay;
  EXPECT_NE(replay.find("VIOLATION P2 [two-winners]"), std::string::npos) << replay;
  const std::string sarif = ksrc_test::read_file(dir / "check.sarif");
  EXPECT_NE(sarif.find("\"ruleId\": \"P2\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"uri\": \"arch/arm64/kernel/smp.c\""), std::string::npos) << sarif;
}

// Issue 11: the DSB before the SMC, removed from the real merged code by a
// patch made at run time, is what the weak memory model catches: P10 (the
// target read the stale flag, took the backtrace branch and resumed) is NEW
// against the configured src:linux-7.3, and the candidate's replay line
// (which names --memory arm64) reproduces it. Under --memory sc the same
// patch changes nothing the check can see.
TEST(KernelSourceCheck, DsbReplacedBySmpWmbIsNewP10UnderArm64) {
  const ksrc_test::Tree* t = ksrc_test::tree_named("src:linux-7.3");
  if (!t) GTEST_SKIP() << "src:linux-7.3 is not configured (STOPFUZZ_KERNEL_TREES)";
  const std::string diff = ksrc_test::dsb_to_wmb_patch(ksrc_test::tree_file(*t, ksrc_test::kSdeiNmi));
  ASSERT_FALSE(diff.empty()) << t->name << " has no dsb(ishst) in sdei_nmi_stop_cpus()";
  EXPECT_NE(diff.find("\n-\tdsb(ishst);\n+\tsmp_wmb();\n"), std::string::npos) << diff;
  const fs::path tree = ksrc_test::scratch_tree(*t, "check-nodsb-tree");
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "check-nodsb";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path patch = dir / "dsb-to-wmb.patch";
  std::ofstream(patch) << diff;
  const auto check = [&](const char* memory, std::string* out) {
    return ksrc_test::run_command(quote(STOPFUZZ_BIN) + " check --quiet --execs 20000 --memory " + memory +
                                      " --base src:linux-7.3 --candidate-kernel-tree " + quote(tree.string()) +
                                      " --candidate-kernel-patch " + quote(patch.string()) + " --kernel-work " +
                                      quote((dir / memory).string()),
                                  out);
  };

  std::string out;
  ASSERT_EQ(check("arm64", &out), 1) << out;
  EXPECT_NE(out.find("check: base src:linux-7.3, candidate src:linux-7.3+patch"), std::string::npos) << out;
  const size_t at = out.find("\n  P10 "), fixed = out.find("\nFIXED (");
  ASSERT_NE(at, std::string::npos) << out;
  EXPECT_GT(at, out.find("\nNEW (")) << out;
  EXPECT_LT(at, fixed) << out;
  std::smatch m;
  const std::string entry = out.substr(at);
  ASSERT_TRUE(std::regex_search(entry, m, std::regex("replay candidate: stopfuzz (replay --repro [^\n]*)"))) << out;
  EXPECT_NE(m[1].str().find("--memory arm64"), std::string::npos) << m[1].str();
  EXPECT_NE(m[1].str().find("--kernel-patch"), std::string::npos) << m[1].str();
  std::string replay;
  EXPECT_EQ(ksrc_test::run_command(quote(STOPFUZZ_BIN) + " " + m[1].str(), &replay), 1) << replay;
  EXPECT_NE(replay.find("VIOLATION P10"), std::string::npos) << replay;

  // Sequentially consistent memory cannot tell a DMB from a DSB.
  ASSERT_EQ(check("sc", &out), 0) << out;
  EXPECT_EQ(out.find("\n  P10 "), std::string::npos) << out;
}

}  // namespace
}  // namespace sf
