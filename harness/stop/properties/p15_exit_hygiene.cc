// p15_exit_hygiene.cc - P15: a winning requester ends with its SDEI PE masked; the
// crash path calls sdei_handler_abort().
//
// Spec: stop-path.md §8 P15, §4.3 step 8, §4.2 step 4.
#include "harness/stop/property_check.h"

namespace sf {

void check_P15(const Check& c) {
  if (!c.step.closed) return;
  const StopCall& call = c.step.closed_call;
  // A repeated crash_smp_send_stop() returns at its crash_stop guard (§4.2).
  if (c.step.closed_winner && !call.pe_mask && !(call.crash && !call.first_crash))
    c.report(Signature::pe_not_masked, fmt("requester cpu%d returned without masking its SDEI PE", c.e.cpu));
  if (call.crash && call.first_crash && !call.abort_called)
    c.report(Signature::no_sdei_handler_abort,
             fmt("crash stop on cpu%d returned without calling sdei_handler_abort()", c.e.cpu));
}

}  // namespace sf
