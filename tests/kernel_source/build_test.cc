// build_test.cc - every configured kernel tree builds unmodified and runs under
// the harness; traces name the real files; statics reset between executions.
//
// Spec: design.md §1 (kernel-source mode: extracted by name, compiled against
// the shim, statics restored between executions without forking).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <regex>
#include <set>

#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

using ksrc_test::Tree;

const char* const kSmp = "arch/arm64/kernel/smp.c";

// The first non-indented line at or above `line` that opens a function
// (kernel style: the header starts in column 0 and has a parenthesis).
std::string enclosing_header(const std::vector<std::string>& lines, int line) {
  for (int l = line; l >= 1; --l) {
    const std::string& s = lines[static_cast<size_t>(l - 1)];
    if (s.empty() || s[0] == ' ' || s[0] == '\t' || s[0] == '{' || s[0] == '}' || s[0] == '#' || s[0] == '/' ||
        s[0] == '*')
      continue;
    if (s.find('(') != std::string::npos) return s;
  }
  return "";
}

TEST(KernelSource, EveryTreeIsRegistered) {
  ASSERT_FALSE(ksrc_test::trees().empty());
  for (const Tree& t : ksrc_test::trees()) {
    const sf_revision* rev = find_revision(t.name);
    ASSERT_NE(rev, nullptr) << t.name << " from " << t.path << " is not in the registry";
    EXPECT_TRUE(rev->features & SF_FEAT_KERNEL_SOURCE) << t.name;
    bool listed = false;
    for (const sf_revision* r : all_revisions()) listed |= r == rev;
    EXPECT_TRUE(listed) << t.name << " missing from all_revisions()";
  }
}

// The all-zero tape and 300 fixed-seed random tapes: every event site in
// smp.c has a line inside the file, inside the function the site names.
TEST(KernelSource, TracesNameTheRealFileAndLine) {
  for (const Tree& t : ksrc_test::trees()) {
    SCOPED_TRACE(t.name);
    const sf_revision* rev = find_revision(t.name);
    ASSERT_NE(rev, nullptr);
    const std::vector<std::string> smp = ksrc_test::tree_file(t, kSmp);
    ASSERT_GT(smp.size(), 500u) << "cannot read " << t.work << "/pristine/" << kSmp;

    std::vector<std::vector<uint8_t>> tapes = {{}, std::vector<uint8_t>(64, 0)};
    std::mt19937_64 rng(20261125);
    for (int i = 0; i < 300; ++i) tapes.push_back(ksrc_test::random_tape(rng, 256));

    std::map<std::string, int> seen;  // "func@line" -> count
    std::set<std::string> files;
    for (const auto& tape : tapes) {
      RunResult r = ksrc_test::run_tape(rev, tape);
      for (const TraceEvent& e : r.trace.events) {
        if (!e.site || !e.site->file) continue;
        files.insert(e.site->file);
        if (std::string(e.site->file) != kSmp) continue;
        seen[std::string(e.site->func) + "@" + std::to_string(e.site->line)]++;
      }
    }
    EXPECT_TRUE(files.count(kSmp)) << "no event of " << t.name << " is sited in " << kSmp;
    EXPECT_TRUE(files.count("kernel/cpu.c")) << "set_cpu_online() of the tree never ran";
    ASSERT_FALSE(seen.empty());
    for (const auto& [key, n] : seen) {
      const std::string func = key.substr(0, key.find('@'));
      const int line = std::stoi(key.substr(key.find('@') + 1));
      ASSERT_GE(line, 1) << key;
      ASSERT_LE(static_cast<size_t>(line), smp.size()) << key;
      const std::string header = enclosing_header(smp, line);
      EXPECT_TRUE(std::regex_search(header, std::regex("\\b" + func + "\\(")))
          << kSmp << ":" << line << " is not inside " << func << "() but under: " << header;
    }
    // The stop itself is where the tree has it.
    bool stop_seen = false;
    for (const auto& [key, n] : seen) stop_seen |= key.rfind("smp_send_stop@", 0) == 0;
    EXPECT_TRUE(stop_seen);
    std::cout << t.name << ": " << seen.size() << " distinct " << kSmp << " sites over " << tapes.size() << " tapes\n";
  }
}

// A tape whose trace passes the line of `func` containing `needle`.
bool passes(const RunResult& r, const std::vector<std::string>& smp, const std::string& func,
            const std::string& needle) {
  for (const TraceEvent& e : r.trace.events) {
    if (!e.site || std::string(e.site->file) != kSmp || func != e.site->func) continue;
    if (smp[static_cast<size_t>(e.site->line - 1)].find(needle) != std::string::npos) return true;
  }
  return false;
}

// Function-local statics of the real code (smp_send_stop()'s stop_in_progress,
// 6.1 crash_smp_send_stop()'s cpus_stopped) must be back at zero in every
// execution: a tape that gets past the guard once gets past it every time,
// with an identical trace, whatever ran in between.
void check_guard_resets(const Tree& t, const std::string& func, const std::string& needle) {
  SCOPED_TRACE(t.name + " " + func);
  const sf_revision* rev = find_revision(t.name);
  ASSERT_NE(rev, nullptr);
  const std::vector<std::string> smp = ksrc_test::tree_file(t, kSmp);
  std::mt19937_64 rng(7);
  std::vector<uint8_t> tape;
  RunResult first;
  bool found = false;
  for (int i = 0; i < 20000 && !found; ++i) {
    tape = i == 0 ? std::vector<uint8_t>{} : ksrc_test::random_tape(rng, 256);
    first = ksrc_test::run_tape(rev, tape);
    found = passes(first, smp, func, needle);
  }
  ASSERT_TRUE(found) << "no tape reaches `" << needle << "` in " << func << "()";
  const std::string want = observable_trace(first.trace);
  for (int round = 0; round < 3; ++round) {
    for (int k = 0; k < 5; ++k) ksrc_test::run_tape(rev, ksrc_test::random_tape(rng, 256));
    RunResult again = ksrc_test::run_tape(rev, tape);
    EXPECT_TRUE(passes(again, smp, func, needle)) << "round " << round << ": a static kept its value";
    EXPECT_EQ(observable_trace(again.trace), want) << "round " << round;
  }
}

TEST(KernelSource, StaticsResetBetweenExecutions) {
  int checked = 0;
  for (const Tree& t : ksrc_test::trees()) {
    const std::vector<std::string> smp = ksrc_test::tree_file(t, kSmp);
    std::string text;
    for (const std::string& l : smp) text += l + "\n";
    if (text.find("static unsigned long stop_in_progress;") != std::string::npos) {
      check_guard_resets(t, "smp_send_stop", "cpumask_copy(&mask, cpu_online_mask)");
      ++checked;
    }
    if (text.find("static int cpus_stopped;") != std::string::npos) {
      check_guard_resets(t, "crash_smp_send_stop", "cpumask_copy(&mask, cpu_online_mask)");
      ++checked;
    }
    // File-scope crash_stop (6.12 on): the random tapes run in between
    // include crash stops; a plain stop must still take the plain path
    // (local_cpu_stop() up to 7.2, arm64_nmi_cpu_stop() with crash false in 7.3).
    if (text.find("static bool crash_stop;") != std::string::npos) {
      const bool funnel = text.find("void __noreturn arm64_nmi_cpu_stop(") != std::string::npos;
      check_guard_resets(t, funnel ? "arm64_nmi_cpu_stop" : "local_cpu_stop", "local_daif_mask();");
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "no tree has the statics this test knows";
}

}  // namespace
}  // namespace sf
