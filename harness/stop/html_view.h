// html_view.h - a stop-path execution as one self-contained HTML page.
//
// Spec: issue 14 ("an HTML view"): no network (inline CSS and script), one
// lane per CPU on a virtual-time axis (time runs down, one row per event,
// gaps in time marked), nesting (IRQ, pseudo-NMI and SDEI contexts as bands
// in their lane, events indented by depth), the scenario as
// Scenario::narrate() says it, the verdict, and the violating event
// highlighted (class "violation", id "violation") with the finding beside
// it. Readable for 8 CPUs. Part of stopfuzz_views.
#pragma once

#include <ostream>
#include <string>

#include "harness/stop/run.h"

namespace sf {

// `repro` is the command line that replays the execution (shown on the page).
void write_html_view(std::ostream& os, const RunResult& r, const std::string& repro);

}  // namespace sf
