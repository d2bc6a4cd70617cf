// p08_no_cpu_off_from_sdei.cc - P8: no CPU_OFF with an SDEI dispatch outstanding,
// CPU_OFF only on the crash path; and, conversely, a CPU an IPI stopped on the
// crash path is powered off when PSCI can.
//
// Spec: stop-path.md §8 P8, §4.6 (die_on_crash per caller), §4.8, §7.1 item 1.
#include "harness/stop/property_check.h"

namespace sf {

void check_P8(const Check& c) {
  const TraceEvent& e = c.e;
  const Invocation* inv = c.inv();
  if (!inv) return;
  if (auto x = as<ev::CpuOff>(e)) {
    if (x->outstanding > 0 || inv->ctx_kind == kCtxSdei)
      c.report(Signature::cpu_off_in_sdei, fmt("cpu%d issued CPU_OFF with an SDEI dispatch outstanding", e.cpu));
    if (!inv->crash_at_first)
      c.report(Signature::cpu_off_on_plain_stop, fmt("cpu%d issued CPU_OFF on a plain stop", e.cpu));
  }
  // Parking instead: legitimate only where PSCI has no cpu_die (spin-table)
  // or the stop was not a crash stop when the IPI arrived.
  if (e.type == Ev::kPark && (inv->ctx_kind == kCtxIrq || inv->ctx_kind == kCtxNmi) && inv->crash_at_entry &&
      !inv->cpu_off && c.scenario.machine.cpu[e.cpu].has_cpu_die)
    c.report(Signature::ipi_stop_not_powered_off,
             fmt("cpu%d parked after an IPI stop on the crash path without trying CPU_OFF", e.cpu));
}

}  // namespace sf
