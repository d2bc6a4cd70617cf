// report.h - one stop-path execution as a person or a program reads it.
//
// Spec: design.md §7 (a per-CPU timeline with the violated property inline;
// machine-readable forms from the same trace). Built on the generic
// renderings of harness/timeline.h: the revision and scenario above, the
// findings after the event that exposed each, the end and the verdict below.
#pragma once

#include <ostream>
#include <string>

#include "harness/stop/run.h"
#include "harness/timeline.h"

namespace sf {

// Human timeline: header (revision, scenario), one row per event with the
// label in its CPU's column, findings inline, verdict at the end.
void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt);

// How big a counterexample is to a reader: what `stopfuzz minimize` and the
// campaign print before and after shrinking an input.
struct CounterexampleSize {
  size_t bytes = 0;   // input size
  int cpus = 0;       // CPUs of the scenario
  size_t events = 0;  // events of the trace
  size_t lines = 0;   // lines of the timeline (default options)
  size_t widest = 0;  // columns of its widest line
};
CounterexampleSize measure(const RunResult& r, size_t input_bytes, const TimelineOptions& opt);
// "812 bytes, 4 CPUs, 95 events, 57 lines up to 270 columns"
std::string describe(const CounterexampleSize& s);

}  // namespace sf
