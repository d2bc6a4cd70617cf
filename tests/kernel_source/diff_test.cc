// diff_test.cc - strict differentials: each hand-written revision against the
// real source of the kernel it models, and the last tree before the SDEI
// series against the design it keeps.
//
// Spec: design.md §1 ("the hand-made model of a revision can be checked
// against the real source of that revision, input by input"), §8.2; issue 9
// ("fidelity to the last byte"). Compared: the timeline with every event and
// the JSON lines, byte for byte, printk text included, apart from the kernel
// sites (file:line and function) and the revision's name
// (ksrc_test::rendering). Inputs: every corpus/ file plus tapes from a
// fixed-seed generator (random tapes and byte-mutated corpus files) up to
// kInputs (STOPFUZZ_KSRC_DIFF_INPUTS lowers it for sanitizer builds). A
// difference prints the first diverging line of both renderings.
//
//   final      = src:linux-7.3  (the merged series: Debian's trixie-backports 7.3)
//   linux-6.12 = src:linux-6.12
//   linux-6.1  = src:linux-6.1
//   linux-6.12 = src:linux-7.2  (sid's 7.2, the last tree before the series: per-CPU IPI
//                                descriptors and a static mask are its only stop-path
//                                changes, and neither shows in a trace)
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

size_t input_count() { return ksrc_test::input_count("STOPFUZZ_KSRC_DIFF_INPUTS", kInputs); }

struct InputSet {
  std::vector<std::vector<uint8_t>> inputs;
  size_t corpus = 0, largest = 0;
};

InputSet input_set(size_t n) {
  InputSet s;
  std::vector<std::vector<uint8_t>> corpus;
  const std::filesystem::path dir = std::filesystem::path(STOPFUZZ_SOURCE_DIR) / "corpus";
  if (std::filesystem::exists(dir)) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() != ".txt" && e.path().extension() != ".md")
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string t = ksrc_test::read_file(f);
      if (t.size() <= kMaxInputSize) corpus.emplace_back(t.begin(), t.end());
    }
  }
  s.inputs = corpus;
  s.corpus = corpus.size();
  s.inputs.push_back({});
  std::mt19937_64 rng(0x5f0f2026);
  while (s.inputs.size() < n) {
    if (!corpus.empty() && rng() % 4 == 0) {
      std::vector<uint8_t> v = corpus[rng() % corpus.size()];
      for (int k = 1 + static_cast<int>(rng() % 4); k > 0 && !v.empty(); --k)
        v[rng() % v.size()] = static_cast<uint8_t>(rng());
      s.inputs.push_back(std::move(v));
    } else {
      s.inputs.push_back(ksrc_test::random_tape(rng, rng() % 8 == 0 ? 1024 : 160));
    }
  }
  for (const auto& v : s.inputs) s.largest = std::max(s.largest, v.size());
  return s;
}

std::string hex(const std::vector<uint8_t>& v) {
  std::ostringstream os;
  for (uint8_t b : v) os << std::hex << std::setw(2) << std::setfill('0') << int(b);
  return os.str();
}

// The hand-written revision against each of srcs that is configured (one
// not configured is named, not compared; none configured skips the test).
// The hand-written pass runs once for all of them: linux-6.12 is the twin of
// both src:linux-6.12 and src:linux-7.2, on the same inputs.
void differential(const std::string& hand, const std::vector<std::string>& srcs) {
  const sf_revision* a = find_revision(hand);
  ASSERT_NE(a, nullptr) << hand;
  std::vector<std::pair<std::string, const sf_revision*>> against;
  for (const std::string& src : srcs) {
    if (const sf_revision* b = find_revision(src))
      against.emplace_back(src, b);
    else
      std::cout << src << " is not configured (STOPFUZZ_KERNEL_TREES): not compared\n";
  }
  if (against.empty()) GTEST_SKIP() << "none of the kernel-source twins of " << hand << " is configured";
  const InputSet set = input_set(input_count());
  const auto& inputs = set.inputs;
  auto t0 = std::chrono::steady_clock::now();
  // All inputs on one revision, then all on the other: each execution has the
  // same history of earlier executions in both passes, so nothing an earlier
  // execution may have left in the machine can tell the revisions apart.
  std::vector<size_t> hashes(inputs.size());
  size_t violations = 0, known = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const RunResult r = ksrc_test::run_tape(a, inputs[i]);
    hashes[i] = std::hash<std::string>()(ksrc_test::rendering(r));
    violations += r.violation() != nullptr;
    known += r.known_count() != 0;
  }
  for (const auto& [src, b] : against) {
    std::vector<size_t> diverging;
    for (size_t i = 0; i < inputs.size(); ++i)
      if (std::hash<std::string>()(ksrc_test::rendering(ksrc_test::run_tape(b, inputs[i]))) != hashes[i])
        diverging.push_back(i);
    for (size_t n = 0; n < diverging.size() && n < 5; ++n) {
      const size_t i = diverging[n];
      const RunResult ra = ksrc_test::run_tape(a, inputs[i]);
      const RunResult rb = ksrc_test::run_tape(b, inputs[i]);
      const auto la = ksrc_test::lines_of(ksrc_test::rendering(ra)),
                 lb = ksrc_test::lines_of(ksrc_test::rendering(rb));
      size_t k = 0;
      while (k < la.size() && k < lb.size() && la[k] == lb[k]) ++k;
      ADD_FAILURE() << "input #" << i << " (tape " << hex(inputs[i]) << ", " << ra.scenario.describe()
                    << ") differs at line " << k << ":\n  " << hand << ": " << (k < la.size() ? la[k] : "(end)")
                    << "\n  " << src << ": " << (k < lb.size() ? lb[k] : "(end)");
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "differential " << hand << " vs " << src << ": " << inputs.size() << " inputs (" << set.corpus
              << " corpus files, the rest generated; up to " << set.largest << " bytes), " << diverging.size()
              << " differing; " << known << " with known findings, " << violations << " with violations; "
              << std::fixed << std::setprecision(1) << s << " s\n";
    EXPECT_EQ(diverging.size(), 0u) << hand << " vs " << src;
    t0 = std::chrono::steady_clock::now();
  }
}

TEST(KernelSourceDifferential, FinalMatchesLinux73) { differential("final", {"src:linux-7.3"}); }
// 6.12's own source, and sid's 7.2, the last tree before the series, which
// keeps the 6.12 design.
TEST(KernelSourceDifferential, Linux612MatchesItsSourceAnd72KeepsItsDesign) {
  differential("linux-6.12", {"src:linux-6.12", "src:linux-7.2"});
}
TEST(KernelSourceDifferential, Linux61MatchesItsSource) { differential("linux-6.1", {"src:linux-6.1"}); }

}  // namespace
}  // namespace sf
