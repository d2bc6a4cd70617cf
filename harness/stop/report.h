// report.h - one stop-path execution as a person or a program reads it.
//
// Spec: design.md §7 (a per-CPU timeline with the violated property inline;
// machine-readable forms from the same trace). Built on the generic
// renderings of harness/timeline.h: the revision and scenario above, the
// findings after the event that exposed each, the end and the verdict below.
#pragma once

#include <ostream>

#include "harness/stop/run.h"
#include "harness/timeline.h"

namespace sf {

// Human timeline: header (revision, scenario), one row per event with the
// label in its CPU's column, findings inline, verdict at the end.
void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt);
// One JSON object per line per event, then one per finding.
void print_json(std::ostream& os, const RunResult& r);

}  // namespace sf
