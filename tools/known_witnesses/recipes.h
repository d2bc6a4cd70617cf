// recipes.h - directed scenarios that open the windows of the known findings (data).
//
// Spec: stop-path.md §12.1.1 (the nested SDEI stop: event 0 between
// local_daif_mask() and sdei_mask_local_cpu()), §12.1.2 (IPI_CPU_STOP_NMI
// in the IRQ stop), §12.1.5 and §9 [v1] (the losing crash requester's SDEI
// stop), §12.6 (linux-6.1), §7.1 item 7 and §12.3 (a CPU coming online
// between its online bit and its counter increment); design.md §3 (the
// tape is the scenario, then the schedule), §7 (bounded preemption).
//
// A random search rarely lines up a nested stop: it needs a target to take
// its stop at the rung boundary and be preempted inside a window a few
// yield points wide. A recipe names the scenario by the decisions of
// draw_scenario() (labels and values as tools/make_seeds writes them;
// behaviours, entries and SDEI modes by catalogue name), and a bounded
// schedule search after it (harness/search.h enumerate_sparse(): at most
// `preemptions` non-zero schedule bytes among the first `len`, valued
// 1..max_value, at most max_runs executions). tools/known_witnesses runs the recipes that name a
// row still without a witness, in order, and keeps the first tape that
// shows each row of the revision (any row, not only the ones named).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace sf {

// The bounded schedule search after a recipe's scenario.
struct ScheduleBound {
  size_t len;
  int preemptions;
  uint8_t max_value;
  uint64_t max_runs;
};

struct WitnessRecipe {
  const char* name;
  // The findings it is meant for, "P4 sdei-in-irq"; the schedule search
  // stops when every one of them on the revision has a witness.
  std::vector<const char*> finds;
  // draw_scenario() decisions by label; per-CPU labels in CPU order 1, 2, ...
  std::vector<std::pair<const char*, const char*>> scenario;
  ScheduleBound bound;
};

// late-responder: "when" 10 is 1000 ms (990 + 10), IRQs back on exactly as
// rung 1 times out. daif-masked is only reached by SDEI, so the requester
// always gets to rung 3.
//
// daif-masked "when" 128 + k ends its DAIF section at 990 + k % 32 ms and
// nmi-panic "when" 128 + k detects its hard lockup then (behaviours.def),
// which opens the windows that need a CPU to act at a rung boundary.
inline const std::vector<WitnessRecipe>& witness_recipes() {
  static const std::vector<WitnessRecipe> r = {
      // §12.1.1 (b): the late responder acknowledges its IPI stop after the
      // rung-3 snapshot; event 0 re-enters the stop before its PE mask.
      // Preempted between the online bit and the counter decrement (§12.3),
      // the nested stop never returns to decrement it (a few thousand runs).
      {"late-ipi-then-sdei-crash",
       {"P4 sdei-in-irq", "P4 second-note", "P6 note-after-ack-nested", "P16 re-entered-after-ack", "P5 entered-twice",
        "P5 lost-online-decrement"},
       {{"ncpus", "1"},
        {"crash_kernel", "1"},
        {"behaviour", "late-responder"},
        {"when", "10"},
        {"behaviour", "daif-masked"}},
       {40, 3, 1, 40000}},
      // §12.1.1 after a pseudo-NMI stop: DAIF masked until the end of rung
      // 2's 10 ms, the CPU takes IPI_CPU_STOP_NMI late and is still in the
      // rung-3 snapshot when event 0 arrives before its PE mask.
      {"late-daif-then-nmi-then-sdei",
       {"P4 sdei-in-nmi"},
       {{"ncpus", "1"},
        {"pseudo_nmi", "1"},
        {"crash_kernel", "1"},
        {"behaviour", "daif-masked"},
        {"when", "148"},
        {"behaviour", "daif-masked"}},
       {40, 3, 1, 40000}},
      // §12.1.1 (d): a hard lockup detected at 1 s; nmi_panic() loses the
      // race and self-stops (regs NULL, no note); rung 3 catches it between
      // its DAIF mask and its PE mask and the nested SDEI stop writes a note.
      // v3, v4, final: one preemption (the loser is in the rung-3 snapshot
      // while it masks DAIF, since their funnel clears the online bit late).
      // v2's local_cpu_stop() clears the online bit first, so its loser must
      // clear it after the snapshot yet before the signal: three decisions at
      // 1 s (the requester runs first, then the loser after the snapshot,
      // then the requester again between the loser's online bit and its PE
      // mask), which is why the bound allows three.
      {"hard-lockup-loser-then-sdei",
       {"P4 sdei-in-self", "P7 note-by-self-stopped-cpu"},
       {{"ncpus", "1"},
        {"crash_kernel", "1"},
        {"behaviour", "nmi-panic"},
        {"when", "138"},
        {"behaviour", "daif-masked"}},
       {32, 3, 1, 40000}},
      // §12.1.2: with pseudo-NMI the IRQ stop runs with DAIF.I clear; rung 2
      // nests in it where local_cpu_stop() clears the online bit first.
      {"late-ipi-then-nmi",
       {"P4 nmi-in-irq", "P5 entered-twice", "P16 re-entered-after-ack", "P5 lost-online-decrement"},
       {{"pseudo_nmi", "1"}, {"sdei_mode", "sdei-absent"}, {"behaviour", "late-responder"}, {"when", "10"}},
       {40, 3, 1, 40000}},
      // §4.6 step 3, §9 [v3]: a panic loser self-stops on the crash path
      // (regs NULL) while the winner is still printing (5 ms a printk).
      {"self-stop-on-crash-path",
       {"P7 null-regs"},
       {{"crash_kernel", "1"}, {"printk_cost", "3"}, {"behaviour", "panics-too"}, {"when", "150"}},
       {24, 2, 1, 5000}},
      // §9 [v1], §12.1.5: CPU 0 halts (a plain smp_send_stop(), the winner)
      // while CPU 1 hard-locks up and panics with crash_kexec_post_notifiers:
      // its crash_smp_send_stop() loses stop_in_progress and still fires
      // its SDEI crash stop (the reboot notifier has masked the winner's PE).
      {"halt-vs-crash-requester",
       {"P2 two-winners", "P13 sdei-rung-before-ipi-rung", "P15 pe-not-masked"},
       {{"entry", "halt"}, {"post_notifiers", "1"}, {"behaviour", "nmi-panic"}},
       {24, 2, 1, 5000}},
      // §7.1 item 7, §12.3: cpu1 comes online at once (offline at boot, its
      // "when" 0) and is preempted between its online bit and the counter
      // increment while cpu0 panics; cpu2 (responsive) is the target the
      // counter knows, so the stop runs, targets cpu1 too and returns as
      // soon as cpu2 stopped. Three decisions: to cpu1 in panic(), back to
      // cpu0 after its bit, cpu2 (not cpu1) at the IPI.
      {"coming-online-uncounted",
       {"P5 online-not-counted"},
       {{"ncpus", "1"}, {"behaviour", "coming-online"}, {"when", "0"}, {"behaviour", "responsive"}},
       {24, 3, 2, 20000}},
      // §9 [v1] (no SDEI rung on a plain stop), §12.6 (linux-6.1's crash
      // stop never clears the online bit), §8 P5 (linux-6.1, 6.12, 7.2 have
      // no SDEI rung at all: no-sdei-rung): a target still online at return.
      {"plain-stop-daif-masked", {"P5 not-stopped", "P5 no-sdei-rung"}, {{"behaviour", "daif-masked"}}, {24, 2, 1, 5000}},
      {"crash-stop-responsive", {"P5 not-stopped"}, {{"crash_kernel", "1"}}, {24, 2, 1, 5000}},
      // §12.6: linux-6.1's smp_send_stop() has no stop_in_progress guard.
      {"panic-vs-reboot", {"P2 two-winners"}, {{"behaviour", "reboots-too"}}, {24, 2, 1, 5000}},
  };
  return r;
}

}  // namespace sf
