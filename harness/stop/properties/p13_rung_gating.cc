// p13_rung_gating.cc - P13: no NMI rung without pseudo-NMI, no SDEI rung unless
// sdei_nmi_active(), no rung out of order or after all others stopped.
//
// Spec: stop-path.md §8 P13, §4.3 steps 4-6, §4.4.
#include "harness/stop/property_check.h"

namespace sf {

void check_P13(const Check& c) {
  const TraceEvent& e = c.e;
  const int cpu = e.cpu;
  if (auto x = as<ev::IpiSend>(e); x && x->kind == SF_IPI_STOP_NMI && !c.scenario.machine.pseudo_nmi)
    c.report(Signature::nmi_rung_without_pseudo_nmi, fmt("cpu%d sent IPI_CPU_STOP_NMI without pseudo-NMI", cpu));
  const Step::Rung& r = c.step.rung;
  if (r.which == 3 && !c.probe.sdei_nmi_available())
    c.report(Signature::sdei_rung_without_sdei_nmi,
             fmt("cpu%d signalled event 0 for a stop while sdei_nmi_active() is false", cpu));
  if (r.which >= 2) {
    if (!r.rung1_before)
      c.report(r.which == 2 ? Signature::nmi_rung_before_ipi_rung : Signature::sdei_rung_before_ipi_rung,
               fmt("rung %d started before the IPI rung on cpu%d", r.which, cpu));
    if (c.rec.others_seen(c.probe, cpu) == 0)
      c.report(Signature::rung_after_all_stopped,
               fmt("rung %d started after cpu%d had seen no other CPU online", r.which, cpu));
  }
}

}  // namespace sf
