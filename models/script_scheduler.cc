// script_scheduler.cc - a scripted schedule (issue 10; design §2).
#include "models/script_scheduler.h"

namespace sf {

uint32_t ScriptScheduler::next(uint32_t options, bool preempt) {
  const size_t i = points_.size();
  uint32_t v = i < script_.size() ? script_[i] : 0;
  if (v >= options) v = 0;  // a script from another execution: its tail no longer fits
  points_.push_back({options, v, preempt});
  if (log_) log_->record(options, v);
  return v;
}

int ScriptScheduler::preempt(int /*current*/, const int* others, int n) {
  const uint32_t k = next(static_cast<uint32_t>(n) + 1, true);
  if (has_hint_) {
    points_.back().hinted = true;
    points_.back().hint = hint_;
    has_hint_ = false;
  }
  return k == 0 ? -1 : others[k - 1];
}

int ScriptScheduler::pick(int /*current*/, const int* runnable, int n) {
  // A single runnable CPU is no decision (the tape reads nothing either).
  if (n == 1) return runnable[0];
  return runnable[next(static_cast<uint32_t>(n), false)];
}

}  // namespace sf
