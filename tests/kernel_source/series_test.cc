// series_test.cc - a tree carrying the merged SDEI series builds in kernel-source
// mode, with the series' cross-file declarations coming from the shim.
//
// Spec: design.md §1; stop-path.md §4 ([FINAL]), §4.9-§4.15. No kernel tree
// with the series is installed, so the test makes one at run time from the
// hand-written `final` revision (core/final/smp.c and arm_sdei_nmi.c, which
// keep upstream names and structure), drops the prototypes those files carry
// for one another (a real tree has them in headers), and checks that the
// extracted build behaves exactly like `final`: the extractor's whole-file
// SDEI driver path, arm64_nmi_cpu_stop(), sdei_nmi_init() at boot, the
// features and the fallback to core/common/cpu.c's set_cpu_online().
#include <gtest/gtest.h>

#include <regex>

#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

void copy_without_prototypes(const fs::path& from, const fs::path& to) {
  static const std::regex kProto(R"(^(bool|void)( __noreturn)? (sdei_nmi_\w+|arm64_nmi_cpu_stop)\(.*\);$)");
  std::string text;
  for (const std::string& l : ksrc_test::lines_of(ksrc_test::read_file(from)))
    text += (std::regex_match(l, kProto) ? "" : l) + "\n";
  fs::create_directories(to.parent_path());
  std::ofstream(to, std::ios::binary) << text;
}

TEST(KernelSourceSeries, ATreeWithTheMergedSeriesBehavesLikeFinal) {
  const sf_revision* fin = find_revision("final");
  ASSERT_NE(fin, nullptr);
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "series";
  const fs::path tree = dir / "tree";
  fs::remove_all(dir);
  fs::create_directories(tree);
  std::ofstream(tree / "Makefile") << "VERSION = 7\nPATCHLEVEL = 99\n";
  const fs::path src = STOPFUZZ_SOURCE_DIR;
  copy_without_prototypes(src / "core/final/smp.c", tree / "arch/arm64/kernel/smp.c");
  copy_without_prototypes(src / "core/final/arm_sdei_nmi.c", tree / "drivers/firmware/arm_sdei_nmi.c");

  std::string diag;
  ASSERT_EQ(ksrc_test::extract(tree, "", "", dir / "series.c", &diag), 0) << diag;
  const std::string gen = ksrc_test::read_file(dir / "series.c");
  EXPECT_NE(gen.find("#define SF_REV_NAME\t\t\t\"src:linux-7.99\""), std::string::npos);
  EXPECT_NE(gen.find("#define SF_REV_BOOT()\t\t\tsdei_nmi_init()"), std::string::npos);
  EXPECT_NE(gen.find("#line 1 \"drivers/firmware/arm_sdei_nmi.c\""), std::string::npos);

  const sf_revision* rev = ksrc_test::load_revision(dir / "series.c", "sf_rev_src_linux_7_99", &diag);
  ASSERT_NE(rev, nullptr) << diag;
  EXPECT_EQ(rev->features & ~SF_FEAT_KERNEL_SOURCE, fin->features);

  // Same traces as `final` on corpus/ plus fixed-seed tapes, 20,000 in all (each revision in its own
  // pass: identical histories of earlier executions).
  std::mt19937_64 rng(99);
  std::vector<std::vector<uint8_t>> inputs = {{}};
  for (const auto& e : fs::recursive_directory_iterator(src / "corpus")) {
    if (!e.is_regular_file()) continue;
    const std::string s = ksrc_test::read_file(e.path());
    inputs.emplace_back(s.begin(), s.end());
  }
  while (inputs.size() < 20000) inputs.push_back(ksrc_test::random_tape(rng, 200));
  std::vector<std::string> want;
  want.reserve(inputs.size());
  for (const auto& t : inputs) want.push_back(observable_trace(ksrc_test::run_tape(fin, t).trace));
  size_t diverging = 0;
  bool sdei_stop_seen = false;
  for (size_t i = 0; i < inputs.size(); ++i) {
    RunResult r = ksrc_test::run_tape(rev, inputs[i]);
    for (const TraceEvent& e : r.trace.events)
      sdei_stop_seen |= e.site && std::string(e.site->file) == "drivers/firmware/arm_sdei_nmi.c" &&
                        std::string(e.site->func) == "sdei_nmi_fire" && e.type == Ev::kSdeiSignal;
    if (observable_trace(r.trace) != want[i] && ++diverging <= 3)
      ADD_FAILURE() << "input #" << i << " differs from final";
  }
  EXPECT_EQ(diverging, 0u);
  EXPECT_TRUE(sdei_stop_seen) << "the SDEI rung of the extracted driver never ran";
}

}  // namespace
}  // namespace sf
