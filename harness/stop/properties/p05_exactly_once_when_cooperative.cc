// p05_exactly_once_when_cooperative.cc - P5: with reachable targets and working
// firmware, every target online at entry is offline at return, stopped once;
// and no stopped CPU is still counted by num_online_cpus().
//
// Spec: stop-path.md §8 P5, §12.1.1 (fails with the nested stop; the nested
// stop also loses the outer stop's counter decrement, §12.3), §10 Q1 and
// §12.5 (orderly reboot: the SDEI rung reaches nobody), §7.1 item 7 and
// §12.3 (a CPU coming online is counted after its bit is set).
//
// P5 owns "a CPU online when the stop began is still running when
// smp_send_stop() returns": §8 P5 scopes it by what the platform can reach
// ("responsive or SDEI-reachable targets and well-behaved firmware"), not by
// which rungs the revision sends. A DAIF-masked CPU on a machine whose
// firmware has a working SDEI is SDEI-reachable; a revision without the
// SDEI rung (linux-6.1, linux-6.12, linux-7.2: before the SDEI series)
// leaves it running, and that is the gap the series closes (a known finding
// of those revisions, §9 [BASE]). It has its own signature, no-sdei-rung,
// so that a check of a tree against the series reports it FIXED whatever
// else leaves a CPU online (not-stopped: a rung of the revision should have
// reached it). §8's documentation-only
// case stays out of scope: "SDEI absent and DAIF-masked" (no firmware can
// reach it), inside a foreign SDEI dispatch (behaviour reach kOutOfScope).
// A CPU coming online (§7.1 item 7) whose bit is set before the stop begins
// is online at entry: the stop targets it. set_cpu_online(cpu, true) sets the
// bit, then increments the counter (§12.3), and smp_send_stop() waits (and
// warns) by the counter, so a stop that reads it in between returns at once
// with that CPU running and says nothing: online-not-counted, its own
// signature (a known finding of every revision, the kernel's race), so that
// not-stopped keeps meaning "a rung should have reached it". When that CPU
// is the only other one, the stop reads nobody else at entry and sends no
// rung at all: the same race, judged on the calls that send nothing too.
// The pseudo-NMI rung keeps the revision's own gate (linux-6.1 has
// pseudo-NMI but sends no stop IPI as an NMI: whether P5 should hold it to
// an NMI rung it never had is another question, not settled here).
#include "harness/stop/property_check.h"

namespace sf {
namespace {

// Whether CPU `cpu`'s behaviour is inside P5's scope (reachable by some rung
// with cooperative firmware) on this revision.
// `by_revision`: reachable by a rung this revision sends (else: by the
// platform, whatever rungs the revision has).
bool cooperative(const Scenario& s, const sf_revision* rev, int cpu, bool by_revision = false) {
  const MachineConfig& mc = s.machine;
  // An orderly restart/halt/power-off runs the SDEI reboot notifier first
  // (§10 Q1, §12.5): event 0 unregistered and PEs masked, so the SDEI rung
  // reaches nobody on that entry, whatever the revision.
  const bool orderly_reboot = s.entry == Entry::kRestart || s.entry == Entry::kHalt || s.entry == Entry::kPowerOff;
  // Whether the firmware can reach it, whatever rungs the revision sends.
  const bool sdei_ok = mc.sdei.mode == SdeiMode::kPresent && !orderly_reboot && mc.sdei.signal_error[cpu] == 0 &&
                       mc.cpu[cpu].sdei_delay_us <= 50000 && (!by_revision || (rev->features & SF_FEAT_SDEI_STOP));
  const bool nmi_ok = mc.pseudo_nmi && (rev->features & SF_FEAT_PSEUDO_NMI_RUNG);
  switch (behaviour_info(s.behaviour[cpu]).reach) {
    case BehaviourReach::kAnyRung: return true;
    case BehaviourReach::kNmiOrSdei: return nmi_ok || sdei_ok;
    case BehaviourReach::kSdeiOnly: return sdei_ok;
    case BehaviourReach::kOutOfScope: return false;  // unreachable, or a second requester
  }
  return false;
}

}  // namespace

void check_P5(const Check& c) {
  if (!c.step.closed) return;
  const StopCall& call = c.step.closed_call;
  const StopRecords& rec = c.rec;
  bool in_scope = !(call.crash && !call.first_crash);
  for (int i = 1; i < rec.ncpus && in_scope; ++i) in_scope = cooperative(c.scenario, c.rev, i);
  if (!call.sent) {
    // A call that sent nothing because the counter showed nobody else
    // (closed_winner: not a stop_in_progress loser, which leaves the targets
    // to the winner): the coming-online race in its plainest shape. The
    // only other CPU had set its bit but was not yet counted, so the stop
    // returned at once, without a rung, with that CPU running.
    if (!in_scope || c.e.cpu != 0 || !c.step.closed_winner) return;
    for (int i = 0; i < rec.ncpus; ++i)
      if (((call.uncounted_at_entry & call.others_at_entry) >> i) & 1 && rec.cpu[i].online)
        c.report(Signature::online_not_counted,
                 fmt("cpu%d, coming online, had set its online bit but was not yet counted in num_online_cpus() "
                     "when the stop began: the stop, which found nobody else by the counter, sent nothing and "
                     "returned with it running",
                     i));
    return;
  }
  if (call.others_at_entry) {
    if (in_scope && c.e.cpu == 0) {
      for (int i = 0; i < rec.ncpus; ++i) {
        if (!((call.others_at_entry >> i) & 1)) continue;
        // Online at entry by its bit, not by the counter the stop waits on
        // (§12.3): whatever the requester read later, the read that ended
        // its wait or its ladder missed it, else it would have waited for it.
        if (rec.cpu[i].online && ((call.uncounted_at_entry >> i) & 1))
          c.report(Signature::online_not_counted,
                   fmt("cpu%d, coming online, had set its online bit (a target of the stop) but was not yet counted "
                       "in num_online_cpus() when the stop began: the stop, which waits by the counter, returned with "
                       "it running",
                       i));
        else if (rec.cpu[i].online && !cooperative(c.scenario, c.rev, i, /*by_revision=*/true))
          c.report(Signature::no_sdei_rung,
                   fmt("cpu%d, which only SDEI reaches, still online when the stop returned: this stop has no SDEI "
                       "rung",
                       i));
        else if (rec.cpu[i].online)
          c.report(Signature::not_stopped, fmt("reachable cpu%d still online when the stop returned", i));
        else if (rec.cpu[i].invocations > 1)
          c.report(Signature::entered_twice,
                   fmt("cpu%d entered the stop bookkeeping %d times", i, rec.cpu[i].invocations));
      }
    }
  }
  // set_cpu_online(false) clears the bit, then decrements the counter
  // (§12.3). A stop that began on the same CPU in between (a nested stop,
  // §12.1.1-2) never returns to it: the decrement is lost, and every later
  // num_other_online_cpus() counts a CPU that is gone (§12.2). So does a
  // stop that goes on to park or power off without the decrement (the bit
  // cleared some other way than set_cpu_online()): "stopped-still-counted".
  for (size_t k = 0; k < rec.invocations.size(); ++k) {
    const Invocation& a = rec.invocations[k];
    if (!a.online_cleared || c.probe.online_count_writes(a.cpu) != a.writes_at_clear) continue;
    bool nested_after = false;
    for (size_t j = k + 1; j < rec.invocations.size(); ++j) nested_after |= rec.invocations[j].cpu == a.cpu;
    if (nested_after)
      c.report(Signature::lost_online_decrement,
               fmt("cpu%d cleared its online bit, then was stopped again before decrementing the online counter: "
                   "num_online_cpus() stays one too high",
                   a.cpu));
    else if (a.parked || a.cpu_off)  // its own signature: lost-online-decrement is a known finding
      c.report(Signature::stopped_still_counted,
               fmt("cpu%d cleared its online bit and stopped without decrementing the online counter: "
                   "num_online_cpus() stays one too high",
                   a.cpu));
  }
}

}  // namespace sf
