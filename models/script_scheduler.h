// script_scheduler.h - a schedule given as a list of choices: the bounded-exhaustive search's policy.
//
// Spec: design.md §2 (the scheduler interface), issue 10 (bounded-exhaustive
// search). Decision i takes script[i] (0 = keep running / the first CPU in
// rotation order, k = the k-th alternative); past the script every decision
// takes 0, the default schedule. It records each decision point (how many
// options, which was taken, whether it was a preemption point) for the
// search that enumerates the alternatives, and writes every decision to a
// DecisionLog in the tape policy's encoding so the execution replays from a tape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/scheduler.h"

namespace sf {

struct SchedulePoint {
  uint32_t options;  // preempt: n others + 1 (0 keeps running); pick: n runnable
  uint32_t taken;
  bool preempt;
  // With step hints (partial-order reduction), a preemption point also
  // carries what the machine said about it (models/scheduler.h StepHint).
  bool hinted = false;
  StepHint hint;
};

class ScriptScheduler final : public Scheduler {
 public:
  // `hints`: record the machine's step hints at preemption points (for
  // partial-order reduction; off, the machine computes none).
  ScriptScheduler(std::vector<uint32_t> script, DecisionLog* log, bool hints = false)
      : script_(std::move(script)), log_(log), hints_(hints) {}
  void new_execution() override {
    points_.clear();
    has_hint_ = false;
  }
  bool wants_step_hints() const override { return hints_; }
  void step_hint(const StepHint& h) override {
    hint_ = h;
    has_hint_ = true;
  }
  int preempt(int current, const int* others, int n) override;
  int pick(int current, const int* runnable, int n) override;
  const std::vector<SchedulePoint>& points() const { return points_; }

 private:
  uint32_t next(uint32_t options, bool preempt);
  std::vector<uint32_t> script_;
  DecisionLog* log_;
  std::vector<SchedulePoint> points_;
  bool hints_;
  bool has_hint_ = false;
  StepHint hint_;
};

}  // namespace sf
