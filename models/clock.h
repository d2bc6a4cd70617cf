// clock.h - virtual time: the clock, sleeping CPUs and timed SGI raises.
//
// Spec: design.md §2 (virtual time: nothing sleeps, waiting costs events),
// stop-path.md §7.2 (an SDEI signal accepted but delivered late). Pure
// bookkeeping: the machine decides what a due timer does.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/sdei_firmware.h"

namespace sf {

class Clock {
 public:
  // `now` is the storage of the clock (the shim's fast-path block reads it).
  explicit Clock(unsigned long long& now) : now_(now) {}

  void reset();
  uint64_t now() const { return now_; }
  void advance_to(uint64_t t) {
    if (t > now_) now_ = t;
  }

  // A CPU sleeping until `at` (or until an interrupt wakes it).
  void sleep(int cpu, uint64_t at);
  void unsleep(int cpu);
  // CPUs whose sleep is over at the current time, as a bitmap.
  uint32_t due_sleepers() const;

  // An SDEI SGI that becomes pending at `target` at time `at`.
  struct Raise {
    uint64_t at;
    int target;
    int cause;
  };
  void add_raise(const Raise& r);
  // Removes and returns the first raise (in the order they were added) that
  // is due at the current time; false if none.
  bool pop_due_raise(Raise* out);

  // The earliest wake-up or raise; UINT64_MAX if none (cached).
  uint64_t next_event();
  // The one CPU whose sleep ends at `t` when that is all that happens at
  // `t` or before it (no raise due, no other sleeper due); -1 otherwise.
  int sole_sleeper_due_at(uint64_t t) const;

 private:
  unsigned long long& now_;
  std::array<uint64_t, kMaxCpus> wake_at_{};
  uint32_t sleeping_ = 0;
  std::vector<Raise> raises_;
  bool dirty_ = true;
  uint64_t next_ = UINT64_MAX;
};

}  // namespace sf
