// p11_backtrace_never_mistaken_for_stop.cc - P11: before any stop began, a backtrace
// delivery never stops the CPU.
//
// Spec: stop-path.md §8 P11, §4.14 (after a stop began, converting is allowed).
#include "harness/stop/property_check.h"

namespace sf {

// A backtrace delivery converted into a stop is a violation only if no stop
// had begun when the handler took the stop branch (its first bookkeeping
// step): a stop that begins while the backtrace is being dispatched may
// claim it (v1's per-CPU crash flag, v3+'s sdei_nmi_stopping).
void check_P11(const Check& c) {
  const Step::Created& s = c.step.created;
  if (s.index < 0) return;
  const Invocation& inv = c.rec.invocations[static_cast<size_t>(s.index)];
  if (inv.ctx_kind == kCtxSdei && inv.cause == kCauseBacktrace && !c.rec.stop_started)
    c.report(Signature::backtrace_became_stop,
             fmt("cpu%d took a backtrace delivery as a stop before any stop began", inv.cpu));
}

}  // namespace sf
