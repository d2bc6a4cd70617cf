// clock.cc - virtual time (design §2).
#include "models/clock.h"

#include <cstddef>

namespace sf {

void Clock::reset() {
  now_ = 0;
  sleeping_ = 0;
  raises_.clear();
  dirty_ = true;
}

void Clock::sleep(int cpu, uint64_t at) {
  wake_at_[cpu] = at;
  sleeping_ |= 1u << cpu;
  dirty_ = true;
}

void Clock::unsleep(int cpu) {
  sleeping_ &= ~(1u << cpu);
  dirty_ = true;
}

uint32_t Clock::due_sleepers() const {
  uint32_t due = 0;
  for (uint32_t m = sleeping_; m; m &= m - 1) {
    const int i = __builtin_ctz(m);
    if (wake_at_[i] <= now_) due |= 1u << i;
  }
  return due;
}

void Clock::add_raise(const Raise& r) {
  raises_.push_back(r);
  dirty_ = true;
}

bool Clock::pop_due_raise(Raise* out) {
  for (size_t k = 0; k < raises_.size(); ++k) {
    if (raises_[k].at <= now_) {
      *out = raises_[k];
      raises_.erase(raises_.begin() + static_cast<long>(k));
      dirty_ = true;
      return true;
    }
  }
  return false;
}

int Clock::sole_sleeper_due_at(uint64_t t) const {
  for (const Raise& r : raises_)
    if (r.at <= t) return -1;
  int found = -1;
  for (uint32_t m = sleeping_; m; m &= m - 1) {
    const int i = __builtin_ctz(m);
    if (wake_at_[i] > t) continue;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

uint64_t Clock::next_event() {
  if (dirty_) {
    uint64_t next = UINT64_MAX;
    for (uint32_t m = sleeping_; m; m &= m - 1) {
      const int i = __builtin_ctz(m);
      if (wake_at_[i] < next) next = wake_at_[i];
    }
    for (const Raise& r : raises_)
      if (r.at < next) next = r.at;
    next_ = next;
    dirty_ = false;
  }
  return next_;
}

}  // namespace sf
