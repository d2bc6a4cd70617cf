// p01_requester_never_stops_itself.cc - P1: no rung targets the requester; a winning
// requester is never stopped and returns.
//
// Spec: stop-path.md §8 P1, §12.1.5 (P1 holds for the winner only).
#include "harness/stop/property_check.h"

namespace sf {

void check_P1(const Check& c) {
  const TraceEvent& e = c.e;
  const int cpu = e.cpu;
  if (c.step.created.index >= 0) {
    const StopCall& call = c.rec.cpu[cpu].call;
    if (call.open && call.sent)
      c.report(Signature::winner_stopped, fmt("requester cpu%d was stopped during its own stop", cpu));
  }
  if (auto x = as<ev::IpiSend>(e)) {
    const bool stop = x->kind == SF_IPI_STOP || x->kind == SF_IPI_STOP_NMI || x->kind == SF_IPI_CRASH_STOP;
    if (stop && ((x->targets >> cpu) & 1))
      c.report(Signature::stop_ipi_to_self, fmt("cpu%d sent a stop IPI to itself", cpu));
  }
  if (auto x = as<ev::SdeiSignal>(e)) {
    if (x->cause == kCauseStop && c.rec.cpu[cpu].call.open && x->target == cpu)
      c.report(Signature::sdei_to_self, fmt("cpu%d signalled the SDEI stop to itself", cpu));
  }
}

void end_P1(const EndCheck& c) {
  for (int i = 0; i < c.rec.ncpus; ++i) {
    const StopCall& call = c.rec.cpu[i].call;
    if (call.open && call.sent)
      c.out->push_back({Signature::winner_never_returned, fmt("requester cpu%d never returned from its stop", i), i});
  }
}

}  // namespace sf
