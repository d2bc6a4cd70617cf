// p09_sdei_stop_never_completed.cc - P9: after the SDEI stop branch, no EVENT_COMPLETE
// or COMPLETE_AND_RESUME on that PE.
//
// Spec: stop-path.md §8 P9, §4.12 (any return resumes the wedged context), §4.13.
#include "harness/stop/property_check.h"

namespace sf {

void check_P9(const Check& c) {
  const TraceEvent& e = c.e;
  if ((e.type == Ev::kSdeiComplete && c.inv()) || (e.type == Ev::kSdeiAbort && c.rec.cpu[e.cpu].sdei_stopped))
    c.report(Signature::sdei_stop_completed, fmt("cpu%d completed the SDEI event after its stop", e.cpu));
}

}  // namespace sf
