// p06_ack_after_note.cc - P6: a crash note is never written after its CPU acknowledged the stop.
//
// Spec: stop-path.md §8 P6, §4.6 steps 3-4, §6.6, §12.1.1 (b) (the nested stop).
#include "harness/stop/property_check.h"

namespace sf {

void check_P6(const Check& c) {
  if (c.e.type != Ev::kCrashNote || !c.inv()) return;
  const CpuRecords& cpu = c.rec.cpu[c.e.cpu];
  if (cpu.acked)
    c.report(cpu.ack_inv == c.step.inv ? Signature::note_after_ack : Signature::note_after_ack_nested,
             fmt("cpu%d wrote its crash note after acknowledging the stop", c.e.cpu));
}

}  // namespace sf
