// scheduler.h - the scheduling policy: which CPU runs next, and when to preempt.
//
// Spec: design.md §2 ("who runs next and when to preempt is a small scheduler
// interface (the tape-driven policy, PCT, bounded-exhaustive), as in
// Shuttle"), §3 (every decision comes from one choke point). The machine
// calls the policy at exactly two kinds of decision points and obeys; the
// policy keeps whatever state it needs (priorities, a step count) itself.
#pragma once

#include <cstdint>

#include "models/choice_source.h"

namespace sf {

// Where a policy that does not read the tape writes each decision as the
// tape policy would read it (choose(n) answered `value`), so that any
// execution it drives replays from a plain tape with TapeScheduler.
class DecisionLog {
 public:
  virtual ~DecisionLog() = default;
  virtual void record(uint32_t n, uint32_t value) = 0;
};

// What the machine knows, at a preemption point, about the step the running
// CPU is about to take: for partial-order reduction in the bounded-exhaustive
// search (harness/bounded_search.h), given only to a policy that asks.
struct StepHint {
  bool local = false;     // the operation at this yield point touches only this CPU's own state
  int cpu = -1;           // the running CPU
  int depth = 0;          // its interrupt nesting depth
  uint64_t events = 0;    // trace events recorded so far
  uint64_t now_us = 0;    // virtual time
  uint32_t runnable = 0;  // the other CPUs that could run
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Whether the policy wants a step_hint() before each preempt() (read once
  // per execution; the machine skips the work otherwise).
  virtual bool wants_step_hints() const { return false; }
  // Called right before preempt() when wants_step_hints().
  virtual void step_hint(const StepHint& /*hint*/) {}
  // A new execution starts (reset per-execution state).
  virtual void new_execution() {}
  // At a yield point of `current` while the CPUs in others[0..n) can run too
  // (rotation order: current+1, current+2, ...). Returns -1 to keep running
  // `current`, else the CPU to switch to (an element of others).
  virtual int preempt(int current, const int* others, int n) = 0;
  // `current` cannot go on (it blocked or slept); one of runnable[0..n) runs
  // (rotation order from current+1, current itself last if it is runnable
  // again). Returns an element of runnable.
  virtual int pick(int current, const int* runnable, int n) = 0;
};

// Today's policy: every decision is read from the tape. "preempt" reads
// choose(n + 1): 0 keeps running (the simplest choice), k switches to the
// k-th other; "pick" reads choose(n) among the runnable.
class TapeScheduler final : public Scheduler {
 public:
  explicit TapeScheduler(ChoiceSource* choices) : choices_(choices) {}
  int preempt(int current, const int* others, int n) override;
  int pick(int current, const int* runnable, int n) override;

 private:
  ChoiceSource* choices_;
};

}  // namespace sf
