// chrome_trace.h - a stop-path execution as Chrome trace-event JSON (Perfetto UI, chrome://tracing).
//
// Spec: issue 14 ("Perfetto / Chrome trace"); the Trace Event Format
// (JSON object form: "traceEvents", phases M, B/E, X, i, C, s/f). Virtual
// time is the clock (ts in microseconds). One track (tid) per CPU and one
// for the machine; B/E slices for nested contexts (IRQ, pseudo-NMI, SDEI
// dispatch) and for the stop functions between their enter and exit marks;
// instant events for everything else (IPIs, SDEI signals, online-mask
// changes, the findings); a counter of online CPUs; flow arrows from a
// sender's IPI or SDEI signal to the slice it opens on the target. Part of
// stopfuzz_views (nlohmann-json).
#pragma once

#include <ostream>

#include "harness/stop/run.h"

namespace sf {

void write_chrome_trace(std::ostream& os, const RunResult& r);

}  // namespace sf
