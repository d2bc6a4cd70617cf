// determinism_test.cc - same input, same execution: byte-identical observable traces and findings.
//
// Spec: design.md §3 (one choke point for nondeterminism), §8.2 ("every
// corpus file run twice gives byte-identical traces; a test checks it").
// The corpus folder may be empty or absent; the random inputs come from a
// fixed-seed generator, so the test is itself deterministic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "harness/stop/run.h"
#include "harness/stop/report.h"

namespace sf {
namespace {

std::string signature(const RunResult& r) {
  std::string s = observable_trace(r.trace);
  s += "end " + std::to_string(static_cast<int>(r.end)) + " consumed " + std::to_string(r.consumed) + "\n";
  for (const Finding& f : r.findings)
    s += std::string("finding ") + property_info(f.property).id + " " + f.signature + (f.known ? " known" : "") + " @" +
         std::to_string(f.event) + "\n";
  return s;
}

std::string run_once(const std::vector<uint8_t>& in) {
  RunOptions opt;
  RunResult r;
  run_one(in.data(), in.size(), opt, &r);
  return signature(r);
}

TEST(Determinism, CorpusFilesRunTwiceAreIdentical) {
  namespace fs = std::filesystem;
  const fs::path root = STOPFUZZ_CORPUS_DIR;
  if (!fs::exists(root)) GTEST_SKIP() << root << " does not exist yet";
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::vector<uint8_t> in((std::istreambuf_iterator<char>(f)), {});
    const std::string a = run_once(in), b = run_once(in);
    EXPECT_EQ(a, b) << e.path();
    ++n;
  }
  RecordProperty("corpus_files", static_cast<int>(n));
}

// Running twice back to back cannot see state that one execution leaks into
// the next (the machine is reused); running in another order can. A CPU left
// blocked on die_lock once kept its lock pointer into the next execution.
TEST(Determinism, ResultDoesNotDependOnEarlierExecutions) {
  std::mt19937_64 rng(0x0dde7);
  std::vector<std::vector<uint8_t>> inputs(5000);
  for (auto& in : inputs) {
    in.resize(rng() % 401);
    for (uint8_t& b : in) b = static_cast<uint8_t>(rng());
  }
  std::vector<std::string> forward;
  for (const auto& in : inputs) forward.push_back(run_once(in));
  for (size_t i = inputs.size(); i-- > 0;)
    ASSERT_EQ(run_once(inputs[i]), forward[i]) << "input #" << i << " depends on what ran before it";
}

TEST(Determinism, RandomInputsRunTwiceAreIdentical) {
  std::mt19937_64 rng(0x5709f022);
  std::vector<uint8_t> in;
  for (int i = 0; i < 10000; ++i) {
    in.resize(rng() % 601);
    for (uint8_t& b : in) b = static_cast<uint8_t>(rng());
    const std::string a = run_once(in), b = run_once(in);
    ASSERT_EQ(a, b) << "input #" << i << " of " << in.size() << " bytes";
  }
}

// Interleaving other inputs between the two runs must not matter either
// (statics of the revision are reset, CPU threads and fibers are reused).
TEST(Determinism, UnaffectedByPreviousExecutions) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<uint8_t>> inputs(50);
  for (auto& in : inputs) {
    in.resize(rng() % 300);
    for (uint8_t& b : in) b = static_cast<uint8_t>(rng());
  }
  std::vector<std::string> first;
  for (const auto& in : inputs) first.push_back(run_once(in));
  for (size_t i = inputs.size(); i-- > 0;) EXPECT_EQ(run_once(inputs[i]), first[i]) << "input #" << i;
}

}  // namespace
}  // namespace sf
