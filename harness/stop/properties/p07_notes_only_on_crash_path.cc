// p07_notes_only_on_crash_path.cc - P7: a note is written iff the target saw
// crash_stop and has registers; never from NULL, never by a self-stopped CPU;
// and the capture kernel finds the note of every CPU the crash stop stopped.
//
// Spec: stop-path.md §8 P7, §12.1.3 (per target), §12.1.1 (d), §4.2, §12.2
// (crash entry order: the capture follows the stop).
#include "harness/stop/property_check.h"

namespace sf {

void check_P7(const Check& c) {
  const TraceEvent& e = c.e;
  const int cpu = e.cpu;
  const Invocation* inv = c.inv();
  if (e.type == Ev::kCrashNote && inv) {
    if (as<ev::CrashNote>(e)->regs < 0)
      c.report(Signature::null_regs, fmt("cpu%d wrote a crash note from NULL regs", cpu));
    if (c.rec.cpu[cpu].self_stopped && !inv->self_stop)
      c.report(Signature::note_by_self_stopped_cpu,
               fmt("self-stopped cpu%d wrote a crash note from a nested stop", cpu));
    if (!inv->crash_at_first)
      c.report(Signature::note_on_plain_stop, fmt("cpu%d wrote a crash note on a plain stop", cpu));
  }
  if (e.type == Ev::kPark && inv && inv->crash_at_entry && inv->ctx_kind != kCtxTop && !inv->note)
    c.report(Signature::missing_note, fmt("cpu%d parked on the crash path without a crash note", cpu));
  // The capture kernel boots: every CPU the crash stop stopped has its note,
  // unless the requester said the stop failed. Not the CPUs a concurrent
  // plain stop took before crash_stop was set (§7.5, §8 "expected to fail"),
  // nor a self-stopped panic loser (regs NULL), nor one never stopped (P5).
  // "The crash stop stopped it" is judged by the lower bound, crash_stop
  // already set when the CPU entered its stop context, as the parked-without-
  // note check above is: a handler reads crash_stop once, somewhere between
  // its entry and its first bookkeeping, so a flag set in between (a plain
  // stop IPI taken while another CPU's crash_smp_send_stop() starts) leaves
  // the handler's choice unknown, and the upper bound called a plain stop
  // that read 0 a crash stop without its note (AFL++ and libFuzzer found it
  // on final in under a minute: tests/harness/stop/properties).
  if (auto x = as<ev::Mark>(e); x && x->mark == SF_MARK_KEXEC_CAPTURE && c.rec.crash_entered && !c.rec.crash_failed) {
    for (int i = 0; i < c.rec.ncpus; ++i) {
      const CpuRecords& t = c.rec.cpu[i];
      if (i == cpu || !((c.rec.online_at_crash_entry >> i) & 1) || t.self_stopped || t.notes > 0) continue;
      bool crash_stopped = false;
      for (const Invocation& v : c.rec.invocations) crash_stopped |= v.cpu == i && v.crash_at_entry;
      if (crash_stopped)
        c.report(Signature::missing_note_at_capture,
                 fmt("the capture kernel booted without the crash note of cpu%d, which the crash stop stopped", i));
    }
  }
}

}  // namespace sf
