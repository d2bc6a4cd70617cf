// series_test.cc - a developer's patch series: the stop-path files of Debian's
// 7.3 (the merged SDEI series) diffed against 7.2 (the last tree before it),
// cut at run time into an mbox of several mails as git format-patch writes
// them (a cover letter, "---" diffstat separators, signatures) plus a patch
// to a file outside the stop path, applied to 7.2: the result behaves
// exactly like src:linux-7.3.
//
// Spec: design.md §1 (a patch through the harness before posting it); issue
// 9 (a series as an mbox; a patch touching files outside the extracted set
// is reported; the series test). Kernel text is only read at run time from
// the build directory (never committed).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;
using ksrc_test::quote;

// The files the extractor read from a tree: the #line directives of its unity file.
std::set<std::string> stop_path_files(const ksrc_test::Tree& t) {
  std::set<std::string> out;
  static const std::regex kLine(R"re(#line \d+ "([^"<]+)")re");
  const std::string text = ksrc_test::read_file(fs::path(t.work) / "revision.c");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kLine); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// diff -u of one file, a/ b/ labels, /dev/null for a new file ("" if equal).
std::string file_diff(const fs::path& from, const fs::path& to, const std::string& rel) {
  const bool added = !fs::exists(from / rel);
  std::string out;
  ksrc_test::run_command("diff -u --label " + quote(added ? "/dev/null" : "a/" + rel) + " --label " +
                             quote("b/" + rel) + " " + quote(added ? "/dev/null" : (from / rel).string()) + " " +
                             quote((to / rel).string()),
                         &out);
  if (out.empty()) return "";
  return "diff --git a/" + rel + " b/" + rel + "\n" + (added ? "new file mode 100644\n" : "") + out;
}

std::string mail(int n, int of, const std::string& subject, const std::string& diffs) {
  std::ostringstream m;
  m << "From 000000000000000000000000000000000000000" << n << " Mon Sep 17 00:00:00 2001\n"
    << "From: stopfuzz series test <series@stopfuzz.invalid>\n"
    << "Date: Mon, 30 Nov 2026 12:00:0" << n << " +0000\n"
    << "Subject: [PATCH " << n << "/" << of << "] " << subject << "\n\n";
  if (diffs.empty()) {
    m << "A cover letter: no diff.\n\n";
  } else {
    m << "Cut by tests/kernel_source/series_test.cc from the two trees.\n---\n";
    for (const std::string& l : ksrc_test::lines_of(diffs))
      if (l.rfind("diff --git a/", 0) == 0) m << " " << l.substr(13, l.find(' ', 13) - 13) << " | changed\n";
    m << "\n" << diffs;
  }
  m << "-- \n2.39.5\n\n";
  return m.str();
}

TEST(KernelSourceSeries, TheSeriesFrom72To73AsAnMboxGivesTheTracesOf73) {
  const ksrc_test::Tree* t72 = ksrc_test::tree_named("src:linux-7.2");
  const ksrc_test::Tree* t73 = ksrc_test::tree_named("src:linux-7.3");
  if (!t72 || !t73) GTEST_SKIP() << "src:linux-7.2 and src:linux-7.3 are not both configured";
  const fs::path p72 = fs::path(t72->work) / "pristine", p73 = fs::path(t73->work) / "pristine";
  ASSERT_TRUE(fs::is_directory(p72) && fs::is_directory(p73)) << "tarball trees expected";

  // The series: the arch side (smp.c and its headers), then the driver, then
  // a file the extractor does not read; with a cover letter in front.
  std::string arch, driver;
  size_t files = 0;
  for (const std::string& rel : stop_path_files(*t73)) {
    const std::string d = file_diff(p72, p73, rel);
    if (d.empty()) continue;
    ++files;
    (rel.rfind("drivers/", 0) == 0 ? driver : arch) += d;
  }
  ASSERT_FALSE(arch.empty());
  ASSERT_FALSE(driver.empty());
  const std::string doc =
      "diff --git a/Documentation/arch/arm64/sdei-nmi.rst b/Documentation/arch/arm64/sdei-nmi.rst\n"
      "new file mode 100644\n--- /dev/null\n+++ b/Documentation/arch/arm64/sdei-nmi.rst\n@@ -0,0 +1 @@\n"
      "+A file outside the stop path.\n";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "series";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path mbox = dir / "sdei-nmi.mbox";
  std::ofstream(mbox) << mail(0, 3, "the SDEI cross-CPU NMI stop, 7.2 -> 7.3", "")
                      << mail(1, 3, "arm64: smp: stop CPUs through the SDEI NMI", arch)
                      << mail(2, 3, "firmware: arm_sdei_nmi: the SDEI cross-CPU NMI", driver)
                      << mail(3, 3, "Documentation: arm64: the SDEI NMI", doc);

  std::string out;
  ASSERT_EQ(ksrc_test::extract(p72, "src:linux-7.3+series", {mbox.string()}, dir / "series.c", &out), 0) << out;
  // The patch outside the extracted set is reported, once, as ignored.
  EXPECT_NE(out.find("note: patch \"[PATCH 3/3] Documentation: arm64: the SDEI NMI\" (" + mbox.string() +
                     ") changes Documentation/arch/arm64/sdei-nmi.rst, which is not part of the extracted stop "
                     "path: ignored"),
            std::string::npos)
      << out;
  EXPECT_EQ(ksrc_test::lines_of(out).size(), 1u) << out;

  std::string diag;
  const sf_revision* rev = ksrc_test::load_revision(dir / "series.c", "sf_rev_src_linux_7_3_series", &diag);
  ASSERT_NE(rev, nullptr) << diag;
  const sf_revision* want = find_revision("src:linux-7.3");
  ASSERT_NE(want, nullptr);
  EXPECT_EQ(rev->features, want->features);

  // 10,000 inputs: corpus/ and fixed-seed tapes; each revision in its own
  // pass (identical histories of earlier executions).
  std::mt19937_64 rng(73);
  std::vector<std::vector<uint8_t>> inputs = {{}};
  for (const auto& e : fs::recursive_directory_iterator(fs::path(STOPFUZZ_SOURCE_DIR) / "corpus")) {
    if (!e.is_regular_file() || e.path().extension() == ".txt" || e.path().extension() == ".md") continue;
    const std::string s = ksrc_test::read_file(e.path());
    inputs.emplace_back(s.begin(), s.end());
  }
  while (inputs.size() < 10000) inputs.push_back(ksrc_test::random_tape(rng, 256));
  std::vector<std::string> expected;
  for (const auto& in : inputs) expected.push_back(ksrc_test::rendering(ksrc_test::run_tape(want, in)));
  size_t differing = 0, sdei_stops = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const RunResult r = ksrc_test::run_tape(rev, inputs[i]);
    for (const TraceEvent& e : r.trace.events)
      sdei_stops += e.site && std::string(e.site->file) == "drivers/firmware/arm_sdei_nmi.c" &&
                    std::string(e.site->func) == "sdei_nmi_fire";
    if (ksrc_test::rendering(r) != expected[i] && ++differing <= 3) ADD_FAILURE() << "input #" << i << " differs";
  }
  std::cout << "series 7.2 + " << mbox.filename().string() << " (3 mails after the cover letter, " << files
            << " stop-path files) vs src:linux-7.3: " << inputs.size() << " inputs, " << differing << " differing, "
            << sdei_stops << " SDEI signals from the patched-in driver\n";
  EXPECT_EQ(differing, 0u);
  EXPECT_GT(sdei_stops, 0u) << "the SDEI rung the series adds never ran";
}

}  // namespace
}  // namespace sf
