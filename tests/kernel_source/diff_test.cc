// diff_test.cc - differential check: each hand-written revision of a kernel
// (core/linux-6.12, core/linux-6.1) against the real source of that kernel.
//
// Spec: design.md §1 ("the hand-made model of a revision can be checked against
// the real source of that revision, input by input"), §8.2 (observable
// traces). The input set is fixed: every corpus/ file plus tapes from a
// fixed-seed generator (random tapes and byte-mutated corpus files) up to
// kInputs. A difference prints the first diverging event of both traces.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>

#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"

namespace sf {
namespace {

constexpr size_t kInputs = 100000;

std::vector<std::vector<uint8_t>> input_set() {
  std::vector<std::vector<uint8_t>> corpus;
  const std::filesystem::path dir = std::filesystem::path(STOPFUZZ_SOURCE_DIR) / "corpus";
  if (std::filesystem::exists(dir)) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string s = ksrc_test::read_file(f);
      if (s.size() <= kMaxInputSize) corpus.emplace_back(s.begin(), s.end());
    }
  }
  std::vector<std::vector<uint8_t>> set = corpus;
  set.push_back({});
  std::mt19937_64 rng(0x5f0f2026);
  while (set.size() < kInputs) {
    if (!corpus.empty() && rng() % 4 == 0) {
      std::vector<uint8_t> v = corpus[rng() % corpus.size()];
      for (int k = 1 + static_cast<int>(rng() % 4); k > 0 && !v.empty(); --k)
        v[rng() % v.size()] = static_cast<uint8_t>(rng());
      set.push_back(std::move(v));
    } else {
      set.push_back(ksrc_test::random_tape(rng, rng() % 8 == 0 ? 1024 : 160));
    }
  }
  return set;
}

std::vector<std::string> split(const std::string& s) { return ksrc_test::lines_of(s); }

std::string hex(const std::vector<uint8_t>& v) {
  std::ostringstream os;
  for (uint8_t b : v) os << std::hex << std::setw(2) << std::setfill('0') << int(b);
  return os.str();
}

void differential(const std::string& hand, const std::string& src) {
  const sf_revision* a = find_revision(hand);
  const sf_revision* b = find_revision(src);
  if (!b) GTEST_SKIP() << src << " is not configured (STOPFUZZ_KERNEL_TREES)";
  if (!a) GTEST_SKIP() << "hand-written revision " << hand << " is not registered yet (harness/revisions.def)";
  const auto inputs = input_set();
  const auto t0 = std::chrono::steady_clock::now();
  // All inputs on one revision, then all on the other: each execution has the
  // same history of earlier executions in both passes, so nothing an earlier
  // execution may have left in the machine can tell the revisions apart.
  std::vector<size_t> hashes(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    hashes[i] = std::hash<std::string>()(observable_trace(ksrc_test::run_tape(a, inputs[i]).trace));
  std::vector<size_t> diverging;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (std::hash<std::string>()(observable_trace(ksrc_test::run_tape(b, inputs[i]).trace)) != hashes[i])
      diverging.push_back(i);
  for (size_t n = 0; n < diverging.size() && n < 5; ++n) {
    const size_t i = diverging[n];
    RunResult ra = ksrc_test::run_tape(a, inputs[i]);
    RunResult rb = ksrc_test::run_tape(b, inputs[i]);
    const std::string ta = observable_trace(ra.trace);
    const std::string tb = observable_trace(rb.trace);
    const auto la = split(ta), lb = split(tb);
    size_t k = 0;
    while (k < la.size() && k < lb.size() && la[k] == lb[k]) ++k;
    const auto site = [&](const RunResult& r, size_t obs_index) -> std::string {
      size_t m = 0;
      for (const TraceEvent& e : r.trace.events) {
        if (!ev_observable(e.type)) continue;
        if (m++ == obs_index)
          return e.site ? std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func
                        : "(no site)";
      }
      return "(end of trace)";
    };
    ADD_FAILURE() << "input #" << i << " (tape " << hex(inputs[i]) << ", " << ra.scenario.describe()
                  << ") diverges at observable event " << k << ":\n  " << hand << ": "
                  << (k < la.size() ? la[k] : "(end of trace)") << "   [" << site(ra, k) << "]\n  " << src << ": "
                  << (k < lb.size() ? lb[k] : "(end of trace)") << "   [" << site(rb, k) << "]"
                  << (ta == tb ? "\n  (re-run here the two traces agree: the difference depends on earlier "
                                 "executions in this process)"
                               : "");
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "differential " << hand << " vs " << src << ": " << inputs.size() << " inputs, " << diverging.size()
            << " diverging, " << std::fixed << std::setprecision(1) << s << " s ("
            << static_cast<long>(2.0 * inputs.size() / s) << " executions/s)\n";
  EXPECT_EQ(diverging.size(), 0u);
}

TEST(KernelSourceDifferential, Linux612MatchesItsSource) { differential("linux-6.12", "src:linux-6.12"); }
TEST(KernelSourceDifferential, Linux61MatchesItsSource) { differential("linux-6.1", "src:linux-6.1"); }

}  // namespace
}  // namespace sf
