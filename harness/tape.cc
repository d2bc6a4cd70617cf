// tape.cc - the choice tape (design §3).
#include "harness/tape.h"

namespace sf {

void TapeWriter::record(uint32_t n, uint32_t value) {
  if (n <= 1) return;
  if (n > 256) bytes.push_back(static_cast<uint8_t>(value >> 8));
  bytes.push_back(static_cast<uint8_t>(value & 0xff));
}

uint32_t Tape::choose(uint32_t n, const char* label) {
  if (n <= 1) return 0;
  const size_t at = pos_;
  uint32_t raw = 0;
  const size_t width = n <= 256 ? 1 : 2;
  for (size_t i = 0; i < width; ++i) {
    raw <<= 8;
    if (pos_ < size_) raw |= data_[pos_];
    ++pos_;
  }
  if (pos_ > size_) pos_ = size_ + 1;  // stays "exhausted", counts no further
  const uint32_t v = raw % n;
  ++decisions_;
  if (recording_) recorded_.push_back({label, n, v, at});
  if (echo_) echo_->record(n, v);
  return v;
}

}  // namespace sf
