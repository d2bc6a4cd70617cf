// timeline.h - printing a trace: per-CPU timeline, JSON lines, observable projection.
//
// Spec: design.md §7 (one column per CPU; machine-readable forms from the
// same trace), §8.2 (byte-identical traces).
#pragma once

#include <ostream>
#include <string>

#include "harness/stop/run.h"

namespace sf {

struct TimelineOptions {
  bool sites = true;     // append the kernel file:line of each event
  bool details = false;  // include non-observable events (snapshots, IRQ masks)
};

// Human timeline: header (revision, scenario), one row per event with the
// label in its CPU's column, findings inline, verdict at the end.
void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt);
// One JSON object per line per event, then one per finding.
void print_json(std::ostream& os, const RunResult& r);
// The observable projection compared across runs, backends and sources:
// "time cpu depth event a b c text" per observable event, sites excluded.
std::string observable_trace(const Trace& t);

}  // namespace sf
