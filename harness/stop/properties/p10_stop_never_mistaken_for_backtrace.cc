// p10_stop_never_mistaken_for_backtrace.cc - P10: an event-0 delivery caused by the
// stop always takes the stop branch.
//
// Spec: stop-path.md §8 P10, §4.9, §6.1 (the barrier before the signal).
#include "harness/stop/property_check.h"

namespace sf {

void check_P10(const Check& c) {
  const TraceEvent& e = c.e;
  if (e.type == Ev::kSdeiComplete && !c.inv() && c.rec.cpu[e.cpu].frames[e.depth].cause == kCauseStop)
    c.report(Signature::stop_taken_as_backtrace,
             fmt("cpu%d completed a stop delivery of event 0 without stopping", e.cpu));
}

}  // namespace sf
