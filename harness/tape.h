// tape.h - the choice tape: a fuzzer input read as a sequence of decisions.
//
// Spec: design.md §3. Every decision of an execution (scenario shape,
// schedule, faults, delays) is one choose(n) call answered from the next
// bytes of the input. An exhausted tape answers 0, and 0 is always the
// simplest option, so any byte string is a valid input and shorter or
// zeroed inputs are simpler executions (shrinking for free).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/choice_source.h"
#include "models/scheduler.h"

namespace sf {

// Writes decisions as a tape that answers them: one byte per decision with
// n <= 256, two (big-endian) above, nothing for n <= 1. What a policy other
// than the tape decided (models/scheduler.h DecisionLog) and what the tape
// answered, in call order, make the tape that replays the execution.
class TapeWriter final : public DecisionLog {
 public:
  void record(uint32_t n, uint32_t value) override;
  std::vector<uint8_t> bytes;
};

class Tape final : public ChoiceSource {
 public:
  Tape(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // One byte per decision with n <= 256, two (big-endian) above; value % n.
  uint32_t choose(uint32_t n, const char* label) override;

  // Exhausted and neither recording nor echoing: every later answer is 0.
  size_t* fixed_answer_count() override { return exhausted() && !recording_ && !echo_ ? &decisions_ : nullptr; }

  size_t consumed() const { return pos_ < size_ ? pos_ : size_; }
  size_t decisions() const { return decisions_; }
  bool exhausted() const { return pos_ >= size_; }
  // When recording, every decision is kept for `stopfuzz replay --choices`.
  void set_recording(bool on) { recording_ = on; }
  struct Decision {
    const char* label;
    uint32_t n;
    uint32_t value;
    size_t offset;
  };
  const std::vector<Decision>& recorded() const { return recorded_; }
  // Every answer also goes to `w` (a scheduler writing to the same writer
  // interleaves its decisions in call order).
  void set_echo(TapeWriter* w) { echo_ = w; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  size_t decisions_ = 0;
  bool recording_ = false;
  std::vector<Decision> recorded_;
  TapeWriter* echo_ = nullptr;
};

}  // namespace sf
