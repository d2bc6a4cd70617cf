// bounded_search.h - every schedule within a bound of deviations from the default schedule, depth first.
//
// Spec: issue 10 (bounded-exhaustive search), design.md §2 (the scheduler
// seam). Generic: `run` executes one schedule script (models/
// script_scheduler.h: decision i takes script[i], later ones the default 0)
// and returns the decision points it met. A deviation is any decision other
// than the default: a preemption (switching away from a CPU that could go
// on) or a non-default pick when the running CPU blocked. Bounding every
// deviation, not only preemptions, is delay bounding (Emmi, Qadeer,
// Rakamaric, POPL 2011): picks are frequent here (CPUs sleep in udelay()
// loops), and free picks would make even a bound of 0 unbounded. The
// enumeration is a lexicographic depth-first walk of the decision tree,
// each schedule run once; it states whether the whole bound was covered.
//
// Partial-order reduction (`por`): a preemption before a *local* step need
// not be tried. A step is what the running CPU does from one yield point to
// the next; it is local when its operation touches only that CPU's own
// state (cpu_relax(), a barrier under sc, an access to its own stack: the
// machine's StepHint::local, models/scheduler.h) and nothing else happened
// before the CPU's next decision point (same CPU and depth, the same other
// CPUs runnable, no trace event, no time passed: redundant_preemption()).
// Independence relation: a local step is independent of every step of
// every other CPU (it reads and writes nothing they read or write, sends
// and masks nothing, records nothing), so it commutes with any of them.
// Soundness within the bound: a schedule S that switches away from CPU c
// at point i (before local step a) is equivalent to the schedule S' that
// lets c do a and makes the same switch at c's next point i+1: the steps
// are the same, a only moves past steps it commutes with, so every trace
// event, hence every property verdict, is the same (an interrupt that S
// delivers when c resumes, before a, S' delivers after a: c's state is the
// same either way, only the interrupted code's file:line differs). S' has
// no more deviations than S: S's decision at c's point after a (made when
// c resumes) has no counterpart in S'; if S switched away there, S'
// instead never resumes c at that moment, which costs at most the one
// deviation S made there. By induction over the points, every schedule
// within the bound is equivalent to one that is explored. Pick points (the
// running CPU blocked) are never pruned.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/script_scheduler.h"

namespace sf {

struct BoundedStats {
  uint64_t schedules = 0;  // executions run
  bool exhausted = false;  // every schedule within the bound was run
  size_t max_points = 0;   // most decision points in one execution
  uint64_t pruned = 0;     // alternatives not tried: redundant preemptions (partial-order reduction)
};

// Runs `script`; fills the decision points met; false stops the search (time).
using ScriptRun = std::function<bool(const std::vector<uint32_t>& script, std::vector<SchedulePoint>* points)>;

// Whether the preemption point points[i] of a run that took the default
// there is redundant: its CPU's next step is local and that CPU's next
// decision point follows with nothing else in between.
bool redundant_preemption(const std::vector<SchedulePoint>& points, size_t i);

// `por`: skip the alternatives of redundant preemption points (the run must
// record step hints: ScriptScheduler with hints).
void explore_bounded(const ScriptRun& run, int bound, uint64_t max_execs, BoundedStats* out, bool por = false);

}  // namespace sf
