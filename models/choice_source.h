// choice_source.h - the interface through which the machine asks for every decision.
//
// Spec: design.md §3 (one choke point for nondeterminism). The machine never
// consults randomness, clocks or thread timing; it asks this interface, which
// the harness implements with the choice tape. choose(n) == 0 is always the
// simplest option (no preemption, no fault, no delay).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sf {

class ChoiceSource {
 public:
  virtual ~ChoiceSource() = default;
  // Returns a value in [0, n). n == 0 or 1 returns 0 without consuming input.
  virtual uint32_t choose(uint32_t n, const char* label) = 0;
  // Where every later choose(n >= 2) answers 0 and only adds one to a count
  // (an exhausted tape that keeps no record), that count, so the machine can
  // answer such decisions inline (the poll-loop rule of machine_api.h);
  // nullptr while answers still depend on the input or are recorded.
  virtual size_t* fixed_answer_count() { return nullptr; }
};

}  // namespace sf
