// p16_parked_means_parked.cc - P16: after a CPU acknowledged its stop it never returns
// to other code nor re-enters the stop.
//
// Spec: stop-path.md §8 P16, §12.1.1 (the nested stop re-enters after the ack).
#include "harness/stop/property_check.h"

namespace sf {

void check_P16(const Check& c) {
  const Step::Created& s = c.step.created;
  if (s.index >= 0 && s.prior > 0 && s.acked_before)
    c.report(Signature::re_entered_after_ack,
             fmt("cpu%d ran the stop bookkeeping again after acknowledging its stop", c.e.cpu));
  const Invocation* inv = c.inv();
  if ((c.e.type == Ev::kIrqExit || c.e.type == Ev::kSdeiComplete) && inv && inv->acked)
    c.report(Signature::returned_after_ack,
             fmt("cpu%d returned to the interrupted code after acknowledging its stop", c.e.cpu));
}

}  // namespace sf
