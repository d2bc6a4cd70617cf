// event_json.h - a trace as JSON lines: one object per event, fields named by the event catalogue.
//
// Spec: design.md §7 (machine-readable forms from the same trace); issue 14
// (JSON through a library; the schema written down: README "JSON lines").
// Built with nlohmann-json into stopfuzz_views, which the command and the
// tests link and the fuzz targets do not (the OSS-Fuzz image has no
// nlohmann-json).
#pragma once

#include <ostream>

#include "models/trace.h"

namespace sf {

// {"t_us","cpu","depth","event",<the event's fields>,"label"[,"site","func"]}
// per event and line; sites false leaves out "site" and "func".
void print_events_json(std::ostream& os, const Trace& t, bool sites = true);

}  // namespace sf
