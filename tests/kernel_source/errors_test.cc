// errors_test.cc - the extractor follows the tree, and every way it can fail
// is one line naming the cause: a synthetic tree laid out as Linux 7.x (the
// IPI enum in a header, per-CPU IPI descriptors behind a macro of the file,
// no top Makefile) extracts, builds and sends its IPIs; then one variant per
// error kind.
//
// Spec: design.md §1 (kernel-source mode); issue 9 ("an extractor that
// follows the tree", "errors that name the cause, one line each, with
// symbol, file and line", "trees without a usable top Makefile"). The trees
// are written here for the test, not taken from a kernel.
#include <gtest/gtest.h>

#include <regex>

#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

const char* const kHeader = R"(#ifndef __ASM_SMP_H
#define __ASM_SMP_H
enum ipi_msg_type { IPI_RESCHEDULE, IPI_CPU_STOP, NR_IPI, MAX_IPI = NR_IPI };
static inline int synthetic_code(void) { return 1; }
#ifdef CONFIG_STOPFUZZ_TEST_UNSET
#define SYNTHETIC_HIDDEN 1
#endif
int synthetic_undeclared_elsewhere(void);
#endif
)";

const char* const kSmp = R"(/* A synthetic smp.c laid out as Linux 7.x. */
#include <linux/smp.h>
#define SYNTHETIC_WAIT 3
struct ipi_descs {
	struct irq_desc *descs[MAX_IPI];
};
static DEFINE_PER_CPU_READ_MOSTLY(struct ipi_descs, pcpu_ipi_desc);
#define get_ipi_desc(__cpu, __ipi) (per_cpu_ptr(&pcpu_ipi_desc, __cpu)->descs[__ipi])
static bool percpu_ipi_descs __ro_after_init;
static int unrelated_counter;
static void do_handle_IPI(int ipinr)
{
	if (ipinr == IPI_CPU_STOP)
		cpu_park_loop();
}
static void arm64_send_ipi(const cpumask_t *mask, unsigned int nr)
{
	unsigned int cpu;

	if (!percpu_ipi_descs)
		__ipi_send_mask(get_ipi_desc(0, nr), mask);
	else
		for_each_cpu(cpu, mask)
			__ipi_send_single(get_ipi_desc(cpu, nr), cpu);
}
void smp_send_stop(void)
{
	arm64_send_ipi(cpu_online_mask, IPI_CPU_STOP);
	udelay(SYNTHETIC_WAIT);
}
static int never_used(void)
{
	return unrelated_counter;
}
)";

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// The synthetic tree in dir (no Makefile), smp.c's smp_send_stop() body
// extended by `extra` (one line) and, if `with_smp` is false, without smp.c.
fs::path synthetic_tree(const std::string& dir, const std::string& extra = "", bool with_smp = true) {
  const fs::path root = fs::path(STOPFUZZ_TEST_SCRATCH) / "synthetic" / dir;
  fs::remove_all(root);
  write(root / "include/linux/smp.h", "#include <asm/smp.h>\n");
  write(root / "arch/arm64/include/asm/smp.h", kHeader);
  std::string smp = std::string(kSmp) + ksrc_test::kSyntheticStubs;
  smp.replace(smp.find("\tudelay(SYNTHETIC_WAIT);\n"), 0, extra.empty() ? "" : "\t" + extra + "\n");
  if (with_smp) write(root / "arch/arm64/kernel/smp.c", smp);
  return root;
}

// The line of smp.c that holds `needle`.
int line_of(const std::string& needle) {
  const auto lines = ksrc_test::lines_of(kSmp);
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(needle) != std::string::npos) return static_cast<int>(i) + 1;
  return 0;
}

// Runs the extractor; expects failure with exactly one line, returned.
std::string one_line_failure(const fs::path& tree, const std::vector<std::string>& patches = {}) {
  std::string out;
  const int rc = ksrc_test::extract(tree, "src:synthetic-err", patches, tree.string() + ".c", &out);
  EXPECT_EQ(rc, 1) << out;
  const auto lines = ksrc_test::lines_of(out);
  EXPECT_EQ(lines.size(), 1u) << out;
  EXPECT_EQ(out.rfind("stopfuzz: ", 0), 0u) << out;
  EXPECT_EQ(out.find("stopfuzz: stopfuzz:"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(tree.string() + ".c")) << "a unity file that does not compile is left behind";
  return lines.empty() ? "" : lines[0];
}

TEST(KernelSourceFollowsTheTree, APartialTreeLaidOutAs7xExtractsBuildsAndRuns) {
  const fs::path tree = synthetic_tree("my-partial-tree");
  std::string out;
  ASSERT_EQ(ksrc_test::extract(tree, "", std::vector<std::string>{}, tree.string() + ".c", &out), 0) << out;
  const std::string gen = ksrc_test::read_file(tree.string() + ".c");
  // No Makefile: named by the directory.
  EXPECT_NE(gen.find("#define SF_REV_NAME\t\t\t\"src:my-partial-tree\""), std::string::npos);
  // The enum from the header the file includes (through linux/smp.h), at its line.
  EXPECT_NE(gen.find("#line 3 \"arch/arm64/include/asm/smp.h\"\nenum ipi_msg_type"), std::string::npos) << gen;
  // The file's own macros, per-CPU declaration and flag, because the stop path uses them.
  for (const char* want :
       {"#define get_ipi_desc(", "static DEFINE_PER_CPU_READ_MOSTLY(struct ipi_descs, pcpu_ipi_desc);",
        "struct ipi_descs {", "static bool percpu_ipi_descs", "#define SYNTHETIC_WAIT 3"})
    EXPECT_NE(gen.find(want), std::string::npos) << want;
  // Nothing else: not the unused variable, nor code from the header.
  for (const char* unwanted : {"unrelated_counter", "never_used", "synthetic_code", "SYNTHETIC_HIDDEN"})
    EXPECT_EQ(gen.find(unwanted), std::string::npos) << unwanted;

  std::string diag;
  const sf_revision* rev = ksrc_test::load_revision(tree.string() + ".c", "sf_rev_src_my_partial_tree", &diag);
  ASSERT_NE(rev, nullptr) << diag;
  // A plain stop on the all-zero tape (panic, two CPUs): the IPI goes out
  // through the per-CPU descriptor the glue set up.
  const RunResult r = ksrc_test::run_tape(rev, {});
  size_t sent = 0;
  for (const TraceEvent& e : r.trace.events)
    sent += e.type == Ev::kIpiSend && e.site && std::string(e.site->func) == "arm64_send_ipi";
  EXPECT_EQ(sent, 1u) << ksrc_test::rendering(r);
}

TEST(KernelSourceErrors, ATreeWithoutTheFileIsOneLine) {
  const fs::path tree = synthetic_tree("no-smp", "", false);
  EXPECT_EQ(one_line_failure(tree),
            "stopfuzz: " + tree.string() +
                " has no arch/arm64/kernel/smp.c (not a kernel tree, or a checkout without arm64)");
}

TEST(KernelSourceErrors, AFunctionTheHarnessCallsMissingIsOneLine) {
  fs::path tree = synthetic_tree("no-stop");
  std::string smp = ksrc_test::read_file(tree / "arch/arm64/kernel/smp.c");
  smp.replace(smp.find("void smp_send_stop(void)"), 24, "void smp_send_stop_renamed(void)");
  write(tree / "arch/arm64/kernel/smp.c", smp);
  EXPECT_EQ(one_line_failure(tree), "stopfuzz: arch/arm64/kernel/smp.c of " + tree.string() +
                                        " defines no 'smp_send_stop' (the harness calls it from core/common/panic.c, "
                                        "reboot.c)");
}

TEST(KernelSourceErrors, AnApiTheShimLacksIsOneLine) {
  const fs::path tree = synthetic_tree("shim-lacks", "stopfuzz_no_such_kernel_api();");
  EXPECT_EQ(one_line_failure(tree),
            "stopfuzz: kernel tree needs 'stopfuzz_no_such_kernel_api' (arch/arm64/kernel/smp.c:" +
                std::to_string(line_of("udelay(SYNTHETIC_WAIT)")) + "), which the shim lacks");
}

TEST(KernelSourceErrors, CodeInAHeaderIsNotTakenAndSaysWhy) {
  const fs::path tree = synthetic_tree("header-code", "(void)synthetic_code();");
  EXPECT_EQ(one_line_failure(tree),
            "stopfuzz: kernel tree needs 'synthetic_code' (arch/arm64/kernel/smp.c:" +
                std::to_string(line_of("udelay(SYNTHETIC_WAIT)")) +
                "), which the shim lacks; the tree defines it at arch/arm64/include/asm/smp.h:4 as code (a function "
                "or a macro with parameters), which the extractor does not take from a header");
}

TEST(KernelSourceErrors, ADeclarationTheConfigurationHidesSaysWhich) {
  const fs::path tree = synthetic_tree("header-config", "udelay(SYNTHETIC_HIDDEN);");
  EXPECT_EQ(one_line_failure(tree), "stopfuzz: kernel tree needs 'SYNTHETIC_HIDDEN' (arch/arm64/kernel/smp.c:" +
                                        std::to_string(line_of("udelay(SYNTHETIC_WAIT)")) +
                                        "): the extractor took its declaration at arch/arm64/include/asm/smp.h:6 but "
                                        "could not use it: it is inside #ifdef CONFIG_STOPFUZZ_TEST_UNSET, which the "
                                        "model's configuration does not enable");
}

TEST(KernelSourceErrors, APrototypeNothingDefinesIsOneLine) {
  const fs::path tree = synthetic_tree("header-prototype", "(void)synthetic_undeclared_elsewhere();");
  EXPECT_EQ(one_line_failure(tree),
            "stopfuzz: kernel tree needs 'synthetic_undeclared_elsewhere' (arch/arm64/kernel/smp.c:" +
                std::to_string(line_of("udelay(SYNTHETIC_WAIT)")) +
                "), declared at arch/arm64/include/asm/smp.h:8 but defined neither in the extracted files nor by "
                "the shim, which lacks it");
}

TEST(KernelSourceErrors, PatchesThatCannotBeReadAreOneLine) {
  const fs::path tree = synthetic_tree("patches");
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "synthetic" / "patch-files";
  fs::remove_all(dir);
  EXPECT_EQ(one_line_failure(tree, {(dir / "missing.patch").string()}),
            "stopfuzz: patch " + (dir / "missing.patch").string() + ": no such file or directory");
  write(dir / "cover.mbox",
        "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: a <a@b.invalid>\n"
        "Subject: [PATCH 0/2] a cover letter\n\nNo diff here.\n");
  EXPECT_EQ(one_line_failure(tree, {(dir / "cover.mbox").string()}),
            "stopfuzz: patch " + (dir / "cover.mbox").string() + " holds 1 mail but no diff (a cover letter alone?)");
  fs::create_directories(dir / "empty");
  EXPECT_EQ(one_line_failure(tree, {(dir / "empty").string()}),
            "stopfuzz: patch directory " + (dir / "empty").string() + " holds no *.patch, *.diff or *.mbox file");
}

// A hunk that does not apply names the patch (its subject), the file and the hunk.
TEST(KernelSourceErrors, AHunkThatFailsNamesPatchFileAndHunk) {
  const fs::path tree = synthetic_tree("hunk");
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "synthetic" / "hunk-patches";
  fs::remove_all(dir);
  const int l = line_of("udelay(SYNTHETIC_WAIT)");
  std::ostringstream p;
  p << "From 0000000000000000000000000000000000000001 Mon Sep 17 00:00:00 2001\nFrom: a <a@b.invalid>\n"
    << "Subject: [PATCH 1/1] arm64: smp: wait\n longer\n\n---\n arch/arm64/kernel/smp.c | 2 +-\n\n"
    << "diff --git a/arch/arm64/kernel/smp.c b/arch/arm64/kernel/smp.c\n--- a/arch/arm64/kernel/smp.c\n"
    << "+++ b/arch/arm64/kernel/smp.c\n@@ -" << l << ",1 +" << l << ",1 @@\n-\tudelay(SYNTHETIC_WAIT_NOT_THERE);\n"
    << "+\tudelay(2 * SYNTHETIC_WAIT);\n-- \n2.39.5\n";
  write(dir / "0001-wait.patch", p.str());
  EXPECT_EQ(one_line_failure(tree, {dir.string()}),
            "stopfuzz: patch \"[PATCH 1/1] arm64: smp: wait longer\" (" + (dir / "0001-wait.patch").string() +
                "): hunk #1 of arch/arm64/kernel/smp.c FAILED at line " + std::to_string(l));
}

}  // namespace
}  // namespace sf
