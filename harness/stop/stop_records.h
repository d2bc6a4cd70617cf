// stop_records.h - what the stop path did, derived from the event stream.
//
// Spec: stop-path.md §4.6 (the stop bookkeeping), §8 (the properties these
// records serve), §12.1.3 (crash is sampled per target), design.md §4 (the
// machine knows no property: its records are built here, from events).
//
// The recorder follows each CPU's stack of contexts (IRQ, pseudo-NMI, SDEI
// dispatch), the roles the hand-written callers announce with marks (an
// entry point is a requester, panic_smp_self_stop() a self-stop), every
// entry into the stop bookkeeping (an invocation: a stop context that masks
// DAIF, writes a note, clears its online bit, masks its PE, parks or powers
// off), and every call of smp_send_stop()/crash_smp_send_stop() (its rungs,
// snapshots, targets, exit). For each event it also returns a Step: what
// that event changed, with the values from before it that the properties
// compare against.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "harness/stop/kernel_probe.h"
#include "harness/stop/scenario.h"
#include "models/cpu.h"
#include "models/trace.h"

namespace sf {

// One entry into the stop bookkeeping on a CPU.
struct Invocation {
  int cpu = 0;
  int depth = 0;
  int ctx_kind = kCtxTop;
  int ipinr = -1;
  int cause = kCauseOther;
  bool self_stop = false;
  bool crash_at_entry = false;  // crash_stop at context entry (lower bound)
  bool crash_at_first = false;  // crash_stop at the first bookkeeping (upper bound)
  bool note = false;
  bool note_regs_null = false;
  bool online_cleared = false;
  int writes_at_clear = -1;  // the CPU's online counter writes when it cleared its bit
  bool acked = false;        // online bit cleared or crash counter decremented
  bool pe_masked = false;
  bool daif_masked = false;
  bool parked = false;
  bool cpu_off = false;
  uint64_t t_start = 0;
};

// A level of a CPU's stack as the stop path sees it.
struct StopFrame {
  int kind = kCtxTop;
  int ipinr = -1;
  int cause = kCauseOther;
  bool crash_at_entry = false;            // crash_stop was set when it was entered
  bool requester = false;                 // an entry point runs here: not a stop
  bool self_stop = false;                 // panic_smp_self_stop() runs here
  int invocation = -1;
};

// One call of smp_send_stop() or crash_smp_send_stop() by a requester.
struct StopCall {
  bool open = false;
  int depth = 0;
  bool crash = false;
  bool first_crash = false;  // the first crash_smp_send_stop() of the execution
  uint64_t t0 = 0;
  uint32_t others_at_entry = 0;
  int others_count_at_entry = 0;  // num_other_online_cpus() at entry (the counter)
  // CPUs coming online whose bit is set but whose counter increment is still
  // to come at entry (§12.3): targets the counter does not wait for.
  uint32_t uncounted_at_entry = 0;
  bool sent = false;
  bool rung1 = false, rung2 = false, rung3 = false;
  int printks = 0, smcs = 0;
  int64_t last_rung_ev = -1;
  int64_t snapshot_ev = -1;
  uint32_t snapshot = 0;
  uint32_t rung3_snapshot = 0;
  uint32_t rung3_targets = 0;
  bool pe_mask = false;
  bool abort_called = false;
};

struct CpuRecords {
  std::array<StopFrame, kMaxDepth> frames{};
  int invocations = 0;  // entries into the bookkeeping
  int first_inv = -1;
  bool acked = false;  // acknowledged a stop (online bit, or linux-6.1's counter)
  int ack_inv = -1;
  int notes = 0;
  bool self_stopped = false;
  bool sdei_stopped = false;
  bool online = false;     // in cpu_online_mask
  // set_cpu_online(cpu, true) of its own (a CPU coming online, §7.1 item 7):
  // the bit is set first, then the counter incremented (§12.3);
  // writes_at_online is its online counter writes when the bit was set.
  bool came_online = false;
  int writes_at_online = -1;
  bool pe_masked = false;  // SDEI PE mask, as the firmware has it
  int outstanding = 0;     // SDEI dispatches outstanding
  StopCall call;
};

struct StopRecords {
  int ncpus = 0;
  std::vector<Invocation> invocations;
  std::array<CpuRecords, kMaxCpus> cpu{};
  int winner = -1;  // the first CPU that sent a rung
  int crash_calls = 0;
  bool stop_started = false;  // some smp_send_stop()/crash_smp_send_stop() began
  bool crash_failed = false;  // smp_crash_stop_failed() said so
  bool crash_entered = false;
  uint32_t online_at_crash_entry = 0;  // others online when the first crash stop began

  uint32_t online_mask() const;
  // num_other_online_cpus() as `cpu` last saw it (the counter it read, minus
  // itself if online); -1 if it never read the counter.
  int others_seen(const KernelProbe& probe, int cpu) const;
};

// What one event did.
struct Step {
  size_t index = 0;  // of the event in the trace
  int inv = -1;      // invocation of the event's context after it, -1 if none
  struct Created {
    int index = -1;  // the invocation this event began, -1 if none
    int prior = 0;   // invocations on that CPU before it
    int first = -1;  // the first of them
    bool acked_before = false;
  } created;
  struct Rung {
    int which = 0;  // 1 IPI, 2 pseudo-NMI, 3 SDEI; 0: no rung began
    uint32_t targets = 0;
    int winner_before = -1;
    bool rung1_before = false;
    int64_t snapshot_ev = -1;
    int64_t last_rung_ev_before = -1;
    uint32_t snapshot = 0;
  } rung;
  bool closed = false;  // a stop call returned: its record as it was
  StopCall closed_call;
  bool closed_winner = false;  // it sent rungs, or found nobody else online
};

class StopRecorder {
 public:
  StopRecorder(const Scenario& s, const KernelProbe& probe);
  // Updates the records with the next event of the trace.
  const Step& on_event(const TraceEvent& e);
  const StopRecords& records() const { return r_; }

 private:
  int invocation_of(const TraceEvent& e);
  void bookkeeping(const TraceEvent& e);
  void open_call(const TraceEvent& e, bool crash);
  void close_call(const TraceEvent& e, bool crash);
  void rung(const TraceEvent& e, StopCall& c, int which, uint32_t targets);

  const KernelProbe& probe_;
  StopRecords r_;
  Step step_;
  size_t index_ = 0;
};

}  // namespace sf
