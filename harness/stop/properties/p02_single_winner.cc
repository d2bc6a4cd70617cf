// p02_single_winner.cc - P2: of concurrent smp_send_stop() callers, one performs rungs.
//
// Spec: stop-path.md §8 P2, §4.3 step 2 (stop_in_progress), §12.1.5.
#include "harness/stop/property_check.h"

namespace sf {

void check_P2(const Check& c) {
  const Step::Rung& r = c.step.rung;
  if (r.which && r.winner_before >= 0 && r.winner_before != c.e.cpu)
    c.report(Signature::two_winners, fmt("cpu%d and cpu%d both sent stop rungs", r.winner_before, c.e.cpu));
}

}  // namespace sf
