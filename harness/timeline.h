// timeline.h - a trace in per-CPU columns, as JSON lines, and its observable projection.
//
// Spec: design.md §7 (one column per CPU; machine-readable forms from the
// same trace), §8.2 (byte-identical traces). Generic over the event
// catalogue; harness/stop/report.h adds the stop path's header, findings
// and verdict.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "models/trace.h"

namespace sf {

struct TimelineOptions {
  bool sites = true;     // append the kernel file:line of each event
  bool details = false;  // include non-observable events (snapshots, IRQ masks)
};

// One row per event, its label in its CPU's column under a header of CPU
// names; after the row of event k, after_event(os, k) may add lines.
void print_columns(std::ostream& os, const Trace& t, int ncpus, const TimelineOptions& opt,
                   const std::function<void(std::ostream&, size_t)>& after_event);
// One JSON object per event and line, fields named by the event catalogue.
void print_events_json(std::ostream& os, const Trace& t);
// The observable projection compared across runs, backends and sources:
// "time cpu depth event f1 f2 f3 text" per observable event, sites excluded.
std::string observable_trace(const Trace& t);
// A JSON string body (quotes and control characters escaped).
std::string json_escape(std::string_view s);

}  // namespace sf
