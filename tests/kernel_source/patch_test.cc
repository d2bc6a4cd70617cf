// patch_test.cc - STOPFUZZ_KERNEL_PATCH and the one-line failures of
// kernel-source mode: a patch derived at run time from the tree (no kernel
// line is committed) removes smp_send_stop()'s stop_in_progress guard, and
// the harness reports P2 (two winners) at the real file and line; a patch
// that does not apply and a tree needing a symbol the shim lacks each fail
// with one line.
//
// Spec: design.md §1 (kernel-source mode), §4 (findings); stop-path.md §8 P2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>

#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

namespace fs = std::filesystem;
using ksrc_test::Tree;

using ksrc_test::Guard;
using ksrc_test::kSmp;
using ksrc_test::no_guard_patch;
using ksrc_test::scratch_tree;

std::string q(const std::string& s) { return "'" + s + "'"; }

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

int extract(const fs::path& tree, const std::string& name, const std::string& patch, const fs::path& out,
            std::string* diag) {
  return ksrc_test::extract(tree, name, patch, out, diag);
}

int configure(const fs::path& build, const fs::path& tree, const std::string& patch, std::string* out) {
  fs::remove_all(build);
  std::string cmd = std::string(q(STOPFUZZ_TEST_CMAKE)) + " -S " + q(STOPFUZZ_SOURCE_DIR) + " -B " + q(build.string()) +
                    " -DCMAKE_C_COMPILER=" + q(STOPFUZZ_TEST_CC) + " -DCMAKE_CXX_COMPILER=" + q(STOPFUZZ_TEST_CXX) +
                    " -DSTOPFUZZ_TESTS=OFF -DSTOPFUZZ_KSRC_TOOL=" + q(STOPFUZZ_KSRC_EXTRACT) +
                    " -DSTOPFUZZ_KERNEL_TREES=" + q(tree.string());
  if (!patch.empty()) cmd += " -DSTOPFUZZ_KERNEL_PATCH=" + q(patch);
  return ksrc_test::run_command(cmd, out);
}

std::vector<std::string> stopfuzz_lines(const std::string& out) {
  std::vector<std::string> r;
  for (const std::string& l : ksrc_test::lines_of(out))
    if (l.find("stopfuzz: ") != std::string::npos && l.find("stopfuzz: kernel-source revision") == std::string::npos)
      r.push_back(l);
  return r;
}

// The same flow through the command a developer runs before posting: the
// stopfuzz binary builds the tree + patch at run time (--kernel-tree,
// --kernel-patch), finds P2, prints a replay command that names the tree and
// patch, and that command reproduces the violation at the real file.
TEST(KernelSourcePatch, TheCommandFuzzesATreeAndPatchAndItsReplayLineReproduces) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "src:linux-6.12 is not configured";
  Guard g;
  const std::string diff = no_guard_patch(ksrc_test::tree_file(*t, kSmp), &g);
  ASSERT_FALSE(diff.empty());
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "cli-noguard";
  fs::remove_all(dir);
  write(dir / "noguard.patch", diff);
  const std::string common = " --kernel-work " + q((dir / "work").string());

  std::string out;
  const int rc = ksrc_test::run_command(q(STOPFUZZ_BIN) + " fuzz --quiet --runs 5000 --artifacts " +
                                            q((dir / "art").string()) + " --kernel-tree " + q(t->path) +
                                            " --kernel-patch " + q((dir / "noguard.patch").string()) + common,
                                        &out);
  ASSERT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("loaded revision src:linux-6.12+patch"), std::string::npos) << out;
  EXPECT_NE(out.find("VIOLATION P2 two-winners"), std::string::npos) << out;
  std::smatch m;
  // The printed replay line carries everything it needs: tree, patch, work directory.
  ASSERT_TRUE(std::regex_search(
      out, m, std::regex("replay: stopfuzz (replay --repro [^\n]*--kernel-patch [^\n]*--kernel-work [^\n]*)")))
      << out;

  std::string replay;
  ASSERT_EQ(ksrc_test::run_command(q(STOPFUZZ_BIN) + " " + m[1].str(), &replay), 1) << replay;
  EXPECT_NE(replay.find("verdict: VIOLATION P2 [two-winners]"), std::string::npos) << replay;
  EXPECT_NE(replay.find("arch/arm64/kernel/smp.c:"), std::string::npos) << replay;

  // A tree loaded at run time carries the catalogued mutations whose rules
  // fit its code. The patch removed the guard no-single-winner's rule
  // rewrites: asking for that one says which rule no longer fits, and
  // another (ipi-stop-returns) runs mutated (P16 from the empty tape).
  write(dir / "empty.tape", "");
  const std::string tree_args = " --kernel-tree " + q(t->path) + " --kernel-patch " +
                                q((dir / "noguard.patch").string()) + common + " " + q((dir / "empty.tape").string());
  std::string refused, mutated;
  EXPECT_EQ(ksrc_test::run_command(q(STOPFUZZ_BIN) + " replay --mutation no-single-winner" + tree_args, &refused), 2)
      << refused;
  EXPECT_NE(refused.find("stopfuzz: mutation no-single-winner is not seeded into revision src:linux-6.12+patch: "
                         "mutation rule no-single-winner (arch/arm64/kernel/smp.c smp_send_stop(), pattern "),
            std::string::npos)
      << refused;
  EXPECT_EQ(ksrc_test::run_command(q(STOPFUZZ_BIN) + " replay --mutation ipi-stop-returns" + tree_args, &mutated), 1)
      << mutated;
  EXPECT_NE(mutated.find("verdict: VIOLATION P16 [returned-after-ack]"), std::string::npos) << mutated;

  // The kill table on the same tree and series: the mutation the patch left
  // out is refused with the same reason; one it carries is found, on the
  // loaded revision, and its saved replay line names the tree and series.
  const std::string kill_args = " --seeds 1 --budget 3000 --minimize-budget 500 --kernel-tree " + q(t->path) +
                                " --kernel-patch " + q((dir / "noguard.patch").string()) + common;
  std::string kill_refused, kill;
  EXPECT_EQ(
      ksrc_test::run_command(q(STOPFUZZ_BIN) + " kill-table --mutation no-single-winner" + kill_args, &kill_refused), 2)
      << kill_refused;
  EXPECT_NE(kill_refused.find("stopfuzz: mutation no-single-winner is not seeded into revision src:linux-6.12+patch: "
                              "mutation rule no-single-winner"),
            std::string::npos)
      << kill_refused;
  EXPECT_EQ(ksrc_test::run_command(q(STOPFUZZ_BIN) + " kill-table --mutation ipi-stop-returns --save " +
                                       q((dir / "regressions").string()) + kill_args,
                                   &kill),
            0)
      << kill;
  EXPECT_TRUE(std::regex_search(kill, std::regex("\nipi-stop-returns +src:linux-6\\.12\\+patch +P16 +1/1 "))) << kill;
  std::ifstream sidecar(dir / "regressions" / "ipi-stop-returns@src_linux-6.12_patch.txt");
  const std::string saved((std::istreambuf_iterator<char>(sidecar)), std::istreambuf_iterator<char>());
  EXPECT_NE(saved.find("replay: stopfuzz replay --repro "), std::string::npos) << saved;
  EXPECT_NE(saved.find("--kernel-patch "), std::string::npos) << saved;
  EXPECT_NE(saved.find((dir / "noguard.patch").string()), std::string::npos) << saved;

  // The unpatched tree through the same path shows only known findings. It
  // reuses the work directory, as runs sharing the default out/ksrc do: the
  // tarball is unpacked once (its pristine copy is reused; unpacking is most
  // of this test's time), and nothing of the patch may carry over.
  std::string clean;
  EXPECT_EQ(ksrc_test::run_command(q(STOPFUZZ_BIN) + " fuzz --quiet --runs 3000 --artifacts " +
                                       q((dir / "art").string()) + " --kernel-tree " + q(t->path) + common,
                                   &clean),
            0)
      << clean;
  EXPECT_NE(clean.find("loaded revision src:linux-6.12+tree"), std::string::npos) << clean;
}

// The patch flow end to end: derive, extract with --patch, build, load, fuzz.
TEST(KernelSourcePatch, RemovingTheStopGuardIsFoundAsP2AtTheRealLine) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "src:linux-6.12 is not configured";
  const std::vector<std::string> smp = ksrc_test::tree_file(*t, kSmp);
  Guard g;
  const std::string diff = no_guard_patch(smp, &g);
  ASSERT_FALSE(diff.empty()) << "the tree's smp_send_stop() has no stop_in_progress guard";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "noguard";
  fs::remove_all(dir);
  write(dir / "noguard.patch", diff);

  std::string diag;
  ASSERT_EQ(extract(t->work + "/pristine", "src:linux-6.12-noguard", (dir / "noguard.patch").string(),
                    dir / "noguard.c", &diag),
            0)
      << diag;
  const std::string gen = ksrc_test::read_file(dir / "noguard.c");
  ASSERT_EQ(gen.find("test_and_set_bit(0, &stop_in_progress)"), std::string::npos) << "the patch did not apply";

  const sf_revision* rev = ksrc_test::load_revision(dir / "noguard.c", "sf_rev_src_linux_6_12_noguard", &diag);
  ASSERT_NE(rev, nullptr) << diag;
  ASSERT_EQ(find_revision("src:linux-6.12-noguard"), rev);

  // Fuzz with fixed-seed tapes until a violation; it must be P2.
  std::mt19937_64 rng(2);
  RunResult r;
  const Finding* v = nullptr;
  std::vector<uint8_t> tape;
  size_t runs = 0;
  for (; runs < 200000 && !v; ++runs) {
    tape = ksrc_test::random_tape(rng, 256);
    r = ksrc_test::run_tape(rev, tape);
    v = r.violation();
  }
  ASSERT_NE(v, nullptr) << "no violation in " << runs << " executions";
  EXPECT_EQ(v->property, Property::P2) << v->message;
  std::ostringstream tl;
  print_timeline(tl, r, TimelineOptions{});
  const std::string timeline = tl.str();
  std::cout << "violation after " << runs << " executions: " << v->message << "\n" << timeline;

  // Both requesters ran the rungs of the real smp_send_stop(): IPI sends
  // sited at the tree's smp_cross_call(), from two CPUs.
  std::set<int> senders;
  for (const TraceEvent& e : r.trace.events)
    if (e.type == Ev::kIpiSend && e.site && std::string(e.site->file) == kSmp) senders.insert(e.cpu);
  EXPECT_GE(senders.size(), 2u) << "two concurrent requesters expected";
  int cross_call = 0;
  for (size_t k = 0; k < smp.size(); ++k)
    if (smp[k].find("__ipi_send_mask(ipi_desc[ipinr], target);") != std::string::npos) cross_call = int(k) + 1;
  ASSERT_GT(cross_call, 0);
  // The patch removed two lines above smp_send_stop() only, so smp_cross_call()
  // keeps its line; smp_send_stop()'s own lines after the guard move up by two.
  EXPECT_NE(timeline.find(std::string(kSmp) + ":" + std::to_string(cross_call) + " smp_cross_call"), std::string::npos);
  // And both ran the real smp_send_stop() past where the guard was: its
  // yield points (patched-file lines: two fewer after the removed guard).
  std::set<int> stoppers;
  for (const TraceEvent& e : r.trace.events) {
    if (!e.site || std::string(e.site->file) != kSmp || std::string(e.site->func) != "smp_send_stop") continue;
    const int pristine = e.site->line >= g.first ? e.site->line + 2 : e.site->line;
    ASSERT_LE(static_cast<size_t>(pristine), smp.size());
    if (pristine > g.first + 1) stoppers.insert(e.cpu);
    if (pristine > g.first + 1 && stoppers.size() <= 2 && e.type == Ev::kSnapshot)
      std::cout << "cpu" << int(e.cpu) << " at " << kSmp << ":" << e.site->line << ":" << smp[pristine - 1] << "\n";
  }
  EXPECT_GE(stoppers.size(), 2u) << "smp_send_stop() past the removed guard on two CPUs";

  // The unpatched tree on the same tape: no P2.
  RunResult base = ksrc_test::run_tape(find_revision("src:linux-6.12"), tape);
  for (const Finding& f : base.findings) EXPECT_NE(f.property, Property::P2) << f.message;
}

// patch(1) failing: one line naming the hunk and the file, from the extractor
// and from a configure with STOPFUZZ_KERNEL_PATCH.
TEST(KernelSourcePatch, APatchThatDoesNotApplyNamesTheHunkInOneLine) {
  const Tree* t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) t = ksrc_test::trees().empty() ? nullptr : &ksrc_test::trees().front();
  if (!t) GTEST_SKIP();
  Guard g;
  const std::string bad = no_guard_patch(ksrc_test::tree_file(*t, kSmp), &g, true);
  if (bad.empty()) GTEST_SKIP() << t->name << " has no stop_in_progress guard";
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "badpatch";
  fs::remove_all(dir);
  write(dir / "bad.patch", bad);
  const fs::path tree = scratch_tree(*t, "badpatch-tree");

  std::string diag;
  EXPECT_EQ(extract(tree, "src:bad", (dir / "bad.patch").string(), dir / "bad.c", &diag), 1);
  EXPECT_EQ(ksrc_test::lines_of(diag).size(), 1u) << diag;
  EXPECT_NE(diag.find("hunk #1 of arch/arm64/kernel/smp.c FAILED"), std::string::npos) << diag;

  std::string out;
  EXPECT_NE(configure(dir / "build", tree, (dir / "bad.patch").string(), &out), 0) << out;
  const auto lines = stopfuzz_lines(out);
  ASSERT_EQ(lines.size(), 1u) << out;
  EXPECT_NE(lines[0].find("hunk #1 of arch/arm64/kernel/smp.c FAILED"), std::string::npos) << out;
}

// A tree using a kernel API the shim lacks: one line naming it and its place.
TEST(KernelSourcePatch, AMissingShimSymbolIsOneLine) {
  ASSERT_FALSE(ksrc_test::trees().empty());
  const Tree& t = ksrc_test::trees().front();
  const fs::path tree = scratch_tree(t, "missing-tree");
  std::vector<std::string> smp = ksrc_test::tree_file(t, kSmp);
  size_t i = 0;
  while (i < smp.size() && smp[i].find("void smp_send_stop(void)") == std::string::npos) ++i;
  ASSERT_LT(i + 1, smp.size());
  ASSERT_EQ(smp[i + 1], "{");
  smp.insert(smp.begin() + static_cast<long>(i) + 2, "\tstopfuzz_no_such_kernel_api();");
  const int line = static_cast<int>(i) + 3;
  std::string text;
  for (const std::string& l : smp) text += l + "\n";
  write(tree / kSmp, text);
  const std::string want =
      "stopfuzz: kernel tree needs 'stopfuzz_no_such_kernel_api' (arch/arm64/kernel/smp.c:" + std::to_string(line) +
      "), which the shim lacks";

  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "missing";
  fs::remove_all(dir);
  std::string diag;
  EXPECT_EQ(extract(tree, "src:missing", "", dir / "missing.c", &diag), 1);
  EXPECT_EQ(diag, want + "\n");

  std::string out;
  EXPECT_NE(configure(dir / "build", tree, "", &out), 0) << out;
  const auto lines = stopfuzz_lines(out);
  ASSERT_EQ(lines.size(), 1u) << out;
  EXPECT_NE(lines[0].find(want), std::string::npos) << out;
}

}  // namespace
}  // namespace sf

namespace sf {
namespace {

// A block of the cpumask family, checked by WARN_ON() on masks the CPU owns
// (so concurrent CPUs cannot change the answers), inserted after the first
// snapshot of smp_send_stop(). Every line holds one check.
const char* const kCpumaskBlock[] = {
    "\t{ /* stopfuzz test: the cpumask family */",
    "\t\tcpumask_t both, other;",
    "\t\tunsigned int c, n = 0, self = smp_processor_id();",
    "\t\tcpumask_and(&both, &mask, cpu_online_mask);",
    "\t\tWARN_ON(!cpumask_subset(&both, &mask));",
    "\t\tWARN_ON(cpumask_intersects(&both, cpumask_of(self)));",
    "\t\tcpumask_or(&other, &both, cpumask_of(self));",
    "\t\tWARN_ON(cpumask_weight(&other) != cpumask_weight(&both) + 1);",
    "\t\tcpumask_xor(&other, &other, &both);",
    "\t\tWARN_ON(!cpumask_equal(&other, cpumask_of(self)) || cpumask_first(&other) != self);",
    "\t\tWARN_ON(cpumask_last(&other) != self || cpumask_any_but(&other, self) < nr_cpu_ids);",
    "\t\tfor_each_cpu_and(c, &both, &mask)",
    "\t\t\tn++;",
    "\t\tWARN_ON(n != cpumask_weight_and(&both, &mask) || cpumask_next(nr_cpu_ids - 1, &both) < nr_cpu_ids);",
    "\t\tcpumask_andnot(&other, &mask, &both);",
    "\t\tWARN_ON(cpumask_weight(&other) + cpumask_weight(&both) != cpumask_weight(&mask));",
    "\t}",
};

// A patch that uses cpumask_and() and the rest of the family builds against
// the shim, runs, and every check holds: on the merged code (7.3) if it is
// configured, else on 6.12.
TEST(KernelSourcePatch, APatchUsingTheCpumaskFamilyBuildsAndRuns) {
  const Tree* t = ksrc_test::tree_named("src:linux-7.3");
  if (!t) t = ksrc_test::tree_named("src:linux-6.12");
  if (!t) GTEST_SKIP() << "neither src:linux-7.3 nor src:linux-6.12 is configured";
  std::vector<std::string> smp = ksrc_test::tree_file(*t, kSmp);
  size_t i = 0;
  while (i < smp.size() && smp[i].find("void smp_send_stop(void)") == std::string::npos) ++i;
  while (i < smp.size() && smp[i].find("cpumask_clear_cpu(smp_processor_id(), &mask);") == std::string::npos) ++i;
  ASSERT_LT(i, smp.size()) << "no first snapshot in smp_send_stop()";
  const int first = static_cast<int>(i) + 2, last = first + static_cast<int>(std::size(kCpumaskBlock)) - 1;
  smp.insert(smp.begin() + static_cast<long>(i) + 1, std::begin(kCpumaskBlock), std::end(kCpumaskBlock));
  const fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / "cpumask";
  fs::remove_all(dir);
  std::string text;
  for (const std::string& l : smp) text += l + "\n";
  write(dir / "b" / kSmp, text);
  std::string diff;
  ksrc_test::run_command("cd " + q(dir.string()) + " && diff -u --label a/" + kSmp + " --label b/" + kSmp + " " +
                             q((fs::path(t->work) / "pristine" / kSmp).string()) + " " + q((dir / "b" / kSmp).string()),
                         &diff);
  ASSERT_NE(diff.find("+\t\tcpumask_and(&both, &mask, cpu_online_mask);"), std::string::npos) << diff;
  write(dir / "cpumask.patch", diff);

  std::string out;
  ASSERT_EQ(extract(t->work + "/pristine", "src:cpumask", (dir / "cpumask.patch").string(), dir / "cpumask.c", &out), 0)
      << out;
  const sf_revision* rev = ksrc_test::load_revision(dir / "cpumask.c", "sf_rev_src_cpumask", &out);
  ASSERT_NE(rev, nullptr) << out;
  std::mt19937_64 rng(11);
  size_t ran = 0, warnings = 0;
  for (int k = 0; k < 3000; ++k) {
    const RunResult r = ksrc_test::run_tape(rev, k ? ksrc_test::random_tape(rng, 200) : std::vector<uint8_t>{});
    bool in_block = false;
    for (const TraceEvent& e : r.trace.events) {
      if (!e.site || std::string(e.site->file) != kSmp) continue;
      in_block |= e.site->line >= first && e.site->line <= last;
      if (e.type == Ev::kWarn) {
        ++warnings;
        ADD_FAILURE() << "a cpumask check failed at " << kSmp << ":" << e.site->line << ": "
                      << smp[static_cast<size_t>(e.site->line - 1)];
      }
    }
    ran += in_block;
  }
  std::cout << "cpumask family patch on " << t->name << ": " << ran << " of 3000 executions ran the checks, "
            << warnings << " failed\n";
  EXPECT_GT(ran, 0u) << "no execution passed the patched lines";
  EXPECT_EQ(warnings, 0u);
}

}  // namespace
}  // namespace sf
