// minimize.h - a deterministic input minimizer.
//
// Spec: design.md §3 (shorter and zeroed tapes are simpler executions), §7
// (a minimal, readable counterexample). Generic: `keeps` says whether a
// candidate still shows what the input shows. Truncates, removes chunks and
// zeroes or lowers bytes, keeping every step after which it still does.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace sf {

struct MinimizeResult {
  std::vector<uint8_t> tape;
  uint64_t execs = 0;
  bool fixed_point = false;  // a whole pass changed nothing (not stopped by the budget)
};

using KeepsFn = std::function<bool(const std::vector<uint8_t>&)>;

// Shrinks `tape` (for which keeps() holds) within max_execs calls of keeps().
void minimize(const std::vector<uint8_t>& tape, const KeepsFn& keeps, uint64_t max_execs, MinimizeResult* out);

}  // namespace sf
