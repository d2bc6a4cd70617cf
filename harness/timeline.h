// timeline.h - a trace in per-CPU columns, as JSON lines, and its observable projection.
//
// Spec: design.md §7 (one column per CPU; machine-readable forms from the
// same trace), §8.2 (byte-identical traces); issue 14 (a timeline that fits
// the terminal: a width, columns only for the CPUs that took part, cells
// that wrap instead of cutting, the violating event marked, colour).
// Generic over the event catalogue; harness/stop/report.h adds the stop
// path's header, findings and verdict.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "models/trace.h"

namespace sf {

// What a printed timeline fits in when nothing says otherwise (a pipe, a file).
constexpr int kDefaultTimelineWidth = 100;

struct TimelineOptions {
  bool sites = true;                  // the kernel file:line of each event
  bool details = false;               // include non-observable events (snapshots, IRQ masks)
  int width = kDefaultTimelineWidth;  // columns of a row; cells share what the time column leaves;
                                      // <= 0: cells fit the widest label, nothing wraps
  bool all_cpus = false;              // a column for every CPU, not only those with an event
  bool color = false;                 // ANSI colours (the command: on a terminal, unless NO_COLOR)
};

// How a row is marked: the event that exposed a finding.
enum class RowMark { kNone, kKnown, kViolation };

struct ColumnHooks {
  // The mark of event k (default none).
  std::function<RowMark(size_t)> mark;
  // After the row of event k: lines to add (already fitted by the caller).
  std::function<void(std::ostream&, size_t)> after_event;
};

// One row per event, its label in its CPU's column (wrapped to the cell)
// under a header of CPU names; a violating row starts with '!'.
void print_columns(std::ostream& os, const Trace& t, int ncpus, const TimelineOptions& opt, const ColumnHooks& hooks);
// The CPUs that get a column: every CPU (all_cpus) or those with a shown event.
std::vector<int> timeline_cpus(const Trace& t, int ncpus, const TimelineOptions& opt);
// `text` broken into lines of at most `width` columns, at spaces where it
// can; continuation lines start with `indent` spaces.
std::vector<std::string> wrap_text(std::string_view text, size_t width, size_t indent = 0);
// Columns a line takes on a terminal: UTF-8 code points, ANSI escapes excluded.
size_t display_width(std::string_view s);
// `s` in the SGR colour `code` ("1;31") when opt.color.
std::string paint(const TimelineOptions& opt, const char* code, std::string_view s);

// The observable projection compared across runs, backends and sources:
// "time cpu depth event f1 f2 f3 text" per observable event, sites excluded.
std::string observable_trace(const Trace& t);

}  // namespace sf
