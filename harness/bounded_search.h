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
};

// Runs `script`; fills the decision points met; false stops the search (time).
using ScriptRun = std::function<bool(const std::vector<uint32_t>& script, std::vector<SchedulePoint>* points)>;

void explore_bounded(const ScriptRun& run, int bound, uint64_t max_execs, BoundedStats* out);

}  // namespace sf
