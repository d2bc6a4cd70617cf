// scheduler.cc - the tape-driven scheduling policy (design §2, §3).
#include "models/scheduler.h"

namespace sf {

int TapeScheduler::preempt(int /*current*/, const int* others, int n) {
  const uint32_t k = choices_->choose(static_cast<uint32_t>(n) + 1, "preempt");
  return k == 0 ? -1 : others[k - 1];
}

int TapeScheduler::pick(int /*current*/, const int* runnable, int n) {
  return runnable[choices_->choose(static_cast<uint32_t>(n), "pick")];
}

}  // namespace sf
