// counterexample.h - shrinking and saving a violating input, as `minimize` and the campaign do.
//
// Spec: issue 14 ("minimize on the spot": to a fixed point, the same
// property and signature, sizes before and after; the original kept beside
// the minimized input). Built on minimize_finding() (harness/stop/stop_search.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/report.h"
#include "harness/stop/run.h"

namespace sf {

// Executions a minimization may take unless told otherwise.
constexpr uint64_t kDefaultMinimizeBudget = 100000;

struct Counterexample {
  std::string key;       // "P7 null-regs": the finding kept
  std::string property;  // "P7"
  std::vector<uint8_t> original, minimized;
  CounterexampleSize before, after;
  uint64_t execs = 0;        // executions the minimization took
  bool fixed_point = false;  // no step shrinks it further
};

// Runs `tape`; if it shows a violation (or the finding `key`, "P7
// null-regs", known or not), shrinks it (within `budget` executions, 0 = do
// not shrink) keeping that finding, and fills *out. False if it shows none.
bool shrink_counterexample(const std::vector<uint8_t>& tape, const RunOptions& ro, uint64_t budget, Counterexample* out,
                           const std::string& key = "");
// The keys of the findings a tape shows, known ones marked "(known)".
std::string findings_of(const std::vector<uint8_t>& tape, const RunOptions& ro);
// "812 bytes, 4 CPUs, ... -> 3 bytes, 2 CPUs, ... (1234 executions, fixed point)"
std::string shrink_summary(const Counterexample& c);
// Writes data to path; false with a one-line reason.
bool write_bytes(const std::string& path, const std::vector<uint8_t>& data, std::string* err);

}  // namespace sf
