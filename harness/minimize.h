// minimize.h - a deterministic input minimizer for findings.
//
// Spec: design.md §3 (shorter and zeroed tapes are simpler executions), §7
// (a minimal, readable counterexample). Truncates, removes chunks and zeroes
// or lowers bytes, keeping every step after which the same property still
// fires as a violation (not a known finding) on the same revision and mutation.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/stop/properties.h"
#include "harness/stop/run.h"

namespace sf {

struct MinimizeResult {
  std::vector<uint8_t> tape;
  uint64_t execs = 0;
};

// Does this tape make `p` fire as a violation under opt?
bool violates(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p);

// Shrinks `tape` (which must violate p) within max_execs executions.
void minimize(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p, uint64_t max_execs,
              MinimizeResult* out);

}  // namespace sf
