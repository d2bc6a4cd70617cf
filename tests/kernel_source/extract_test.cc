// extract_test.cc - the extractor's file-scope scanner on a synthetic smp.c:
// braces inside comments, strings and character literals, #ifdef/#else
// around a function, multi-line macros, and selection by name with the
// declarations the chosen functions use (and nothing else).
//
// Spec: design.md §1 (extracted by name from the tree). The input is written
// here for the test, not taken from a kernel.
#include <gtest/gtest.h>

#include <regex>

#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

const char* const kSynthetic = R"(/* A synthetic smp.c: { braces } and "quotes" in a comment. */
#include <linux/smp.h>
#define pr_fmt(fmt) "synthetic: " fmt
static const char *decoy = "}{ /* not a comment";
static char brace = '}';
enum ipi_msg_type { IPI_RESCHEDULE, IPI_CPU_STOP, NR_IPI };
static struct irq_desc *ipi_desc[NR_IPI] __read_mostly;
static int unrelated_counter;
#ifdef CONFIG_HOTPLUG_CPU
static void helper(int cpu)
{
	/* } */
	pr_info("helper %d }\n", cpu);
}
#else
static inline void helper(int cpu)
{
}
#endif
#define MULTI(x) do { \
	helper(x); \
} while (0)
static void do_handle_IPI(int ipinr)
{
	helper(ipinr);
}
static void smp_cross_call(const struct cpumask *target, unsigned int ipinr)
{
	__ipi_send_mask(ipi_desc[ipinr], target);
}
void smp_send_stop(void)
{
	static unsigned long once;

	if (test_and_set_bit(0, &once))
		return;
	smp_cross_call(cpu_online_mask, IPI_CPU_STOP);
}
static int never_used(void)
{
	return unrelated_counter;
}
)";

TEST(KernelSourceExtract, ScansCommentsStringsAndConditionals) {
  // Its own directory: the errors tests keep their synthetic trees under
  // "synthetic/", and removing that while they run (ctest -j) failed them.
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "synthetic-extract";
  fs::remove_all(dir);
  fs::create_directories(dir / "tree/arch/arm64/kernel");
  std::ofstream(dir / "tree/Makefile") << "VERSION = 1\nPATCHLEVEL = 2\n";
  std::ofstream(dir / "tree/arch/arm64/kernel/smp.c") << kSynthetic << ksrc_test::kSyntheticStubs;

  std::string diag;
  ASSERT_EQ(ksrc_test::extract(dir / "tree", "", "", dir / "out.c", &diag), 0) << diag;
  const std::string out = ksrc_test::read_file(dir / "out.c");

  // Chosen by name, plus what they use; nothing else.
  for (const char* want : {"enum ipi_msg_type", "*ipi_desc[NR_IPI]", "static void do_handle_IPI(int ipinr)",
                           "void smp_send_stop(void)", "static unsigned long once;", "bool cpus_are_stuck_in_kernel"})
    EXPECT_NE(out.find(want), std::string::npos) << want;
  for (const char* unwanted : {"decoy", "brace", "unrelated_counter", "never_used", "MULTI"})
    EXPECT_EQ(out.find(unwanted), std::string::npos) << unwanted;

  // helper() in both branches, each wrapped in its own conditional lines.
  EXPECT_NE(out.find("#ifdef CONFIG_HOTPLUG_CPU\n#line 10 \"arch/arm64/kernel/smp.c\"\nstatic void helper(int cpu)\n"
                     "{\n\t/* } */\n\tpr_info(\"helper %d }\\n\", cpu);\n}\n#endif\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("#ifdef CONFIG_HOTPLUG_CPU\n#else\n#line 16 \"arch/arm64/kernel/smp.c\"\n"
                     "static inline void helper(int cpu)\n{\n}\n#endif\n"),
            std::string::npos)
      << out;
  // Each chunk at its line of the file; the file's pr_fmt kept for its chunks.
  EXPECT_NE(out.find("#line 23 \"arch/arm64/kernel/smp.c\"\nstatic void do_handle_IPI(int ipinr)\n"),
            std::string::npos);
  EXPECT_NE(out.find("#undef pr_fmt\n#define pr_fmt(fmt) \"synthetic: \" fmt\n"), std::string::npos);
  EXPECT_NE(out.find("#define SF_REV_NAME\t\t\t\"src:linux-1.2\""), std::string::npos);
  // No kernel/cpu.c in this tree: core/common/cpu.c's set_cpu_online() stays.
  EXPECT_EQ(out.find("#define set_cpu_online sf_common_set_cpu_online"), std::string::npos);
}

}  // namespace
}  // namespace sf
