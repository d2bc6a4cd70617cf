// p14_targets_are_current.cc - P14: rungs 2 and 3 target exactly the CPUs (minus the
// requester) online at their re-snapshot.
//
// Spec: stop-path.md §8 P14, §4.3 steps 5-6, §7.1 item 7 (CPUs coming online).
#include "harness/stop/property_check.h"

namespace sf {

void check_P14(const Check& c) {
  const TraceEvent& e = c.e;
  const int cpu = e.cpu;
  const Step::Rung& r = c.step.rung;
  if (r.which >= 2) {
    const uint32_t online = r.snapshot & ~(1u << cpu);
    if (r.snapshot_ev <= r.last_rung_ev_before)
      c.report(Signature::no_re_snapshot, fmt("rung %d on cpu%d did not re-read cpu_online_mask", r.which, cpu));
    else if (r.which == 2 && r.targets != online)
      c.report(Signature::stale_targets, fmt("NMI rung targets 0x%x, online at its snapshot 0x%x", r.targets, online));
  }
  if (auto x = as<ev::SdeiSignal>(e)) {
    const StopCall& call = c.rec.cpu[cpu].call;
    if (x->cause == kCauseStop && call.open && x->target >= 0 && x->target < kMaxCpus &&
        !((call.rung3_snapshot >> x->target) & 1))
      c.report(Signature::stale_targets,
               fmt("SDEI rung signalled cpu%d, not online at its snapshot 0x%x", x->target, call.rung3_snapshot));
  }
  if (c.step.closed) {
    const StopCall& call = c.step.closed_call;
    if (call.rung3 && call.rung3_targets != call.rung3_snapshot)
      c.report(Signature::missing_targets,
               fmt("SDEI rung signalled 0x%x, online at its snapshot 0x%x", call.rung3_targets, call.rung3_snapshot));
  }
}

}  // namespace sf
