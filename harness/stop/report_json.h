// report_json.h - one stop-path execution as JSON lines: its events, then its findings.
//
// Spec: design.md §7; issue 14 (nlohmann-json, the schema in README "JSON
// lines", --no-sites honoured). Part of stopfuzz_views (harness/event_json.h).
#pragma once

#include <ostream>

#include "harness/stop/run.h"

namespace sf {

// The events (harness/event_json.h), then per finding
// {"finding","signature","known","cpu","t_us","event","message"}.
void print_json(std::ostream& os, const RunResult& r, bool sites = true);

}  // namespace sf
