// stop_records.cc - deriving the stop records from the event stream (spec §4.6, §8, §12.1).
#include "harness/stop/stop_records.h"

namespace sf {

uint32_t StopRecords::online_mask() const {
  uint32_t m = 0;
  for (int i = 0; i < ncpus; ++i)
    if (cpu[i].online) m |= 1u << i;
  return m;
}

int StopRecords::others_seen(const KernelProbe& probe, int c) const {
  const int read = probe.online_count_read(c);
  if (read < 0) return -1;
  return read - (cpu[c].online ? 1 : 0);
}

StopRecorder::StopRecorder(const Scenario& s, const KernelProbe& probe) : probe_(probe) {
  const MachineConfig& mc = s.machine;
  r_.ncpus = mc.ncpus;
  const uint32_t online = s.online_at_boot();
  for (int i = 0; i < mc.ncpus; ++i) {
    CpuRecords& c = r_.cpu[i];
    c.online = (online >> i) & 1;
    // The firmware masks a PE at start-up unless there is no SDEI at all.
    c.pe_masked = mc.initial[i].pe_masked && mc.sdei.mode != SdeiMode::kAbsent;
    if (mc.initial[i].in_foreign_sdei) {
      // The machine starts such a CPU inside another event's dispatch.
      c.outstanding = 1;
      c.frames[1].kind = kCtxSdei;
    }
  }
}

int StopRecorder::invocation_of(const TraceEvent& e) {
  StopFrame& f = r_.cpu[e.cpu].frames[e.depth];
  if (f.requester) return -1;
  if (f.kind == kCtxTop && !f.self_stop) return -1;
  if (f.invocation < 0) {
    Invocation inv;
    inv.cpu = e.cpu;
    inv.depth = e.depth;
    inv.ctx_kind = f.kind;
    inv.ipinr = f.ipinr;
    inv.cause = f.cause;
    inv.self_stop = f.self_stop;
    inv.crash_at_entry = f.kind == kCtxTop ? probe_.crash_stop() : f.crash_at_entry;
    inv.crash_at_first = probe_.crash_stop() || (f.kind != kCtxTop && f.crash_at_entry);
    inv.t_start = e.t_us;
    r_.invocations.push_back(inv);
    f.invocation = static_cast<int>(r_.invocations.size()) - 1;
    step_.created.index = f.invocation;
  }
  return f.invocation;
}

// The stop bookkeeping steps (spec §4.6): each is an entry into the stop
// bookkeeping when it happens in a stop context.
void StopRecorder::bookkeeping(const TraceEvent& e) {
  switch (e.type) {
    case Ev::kDaifMask:
    case Ev::kCrashNote:
    case Ev::kCrashAck:
    case Ev::kPeMask:
    case Ev::kPark:
    case Ev::kCpuOff: break;
    case Ev::kOnline: {
      const ev::Online x = *as<ev::Online>(e);
      if (x.online || x.cpu != e.cpu) return;  // only clearing one's own bit acknowledges
      break;
    }
    default: return;
  }
  const int i = invocation_of(e);
  if (i < 0) return;
  Invocation& inv = r_.invocations[static_cast<size_t>(i)];
  switch (e.type) {
    case Ev::kDaifMask: inv.daif_masked = true; break;
    case Ev::kCrashNote:
      inv.note = true;
      if (as<ev::CrashNote>(e)->regs < 0) inv.note_regs_null = true;
      break;
    case Ev::kOnline:
      inv.online_cleared = inv.acked = true;
      inv.writes_at_clear = probe_.online_count_writes(e.cpu);
      break;
    case Ev::kCrashAck: inv.acked = true; break;
    case Ev::kPeMask: inv.pe_masked = true; break;
    case Ev::kPark: inv.parked = true; break;
    case Ev::kCpuOff: inv.cpu_off = true; break;
    default: break;
  }
}

void StopRecorder::open_call(const TraceEvent& e, bool crash) {
  const int cpu = e.cpu;
  StopCall& c = r_.cpu[cpu].call;
  if (c.open) return;  // smp_send_stop() inside crash_smp_send_stop()
  c = StopCall{};
  c.open = true;
  c.crash = crash;
  c.first_crash = crash && r_.crash_calls == 0;
  if (crash) ++r_.crash_calls;
  c.t0 = e.t_us;
  c.depth = e.depth;
  c.others_at_entry = r_.online_mask() & ~(1u << cpu);
  c.others_count_at_entry = probe_.online_count() - (r_.cpu[cpu].online ? 1 : 0);
  for (int i = 0; i < r_.ncpus; ++i) {
    const CpuRecords& x = r_.cpu[i];
    if (x.online && x.came_online && probe_.online_count_writes(i) == x.writes_at_online)
      c.uncounted_at_entry |= 1u << i;
  }
  if (crash && !r_.crash_entered) {
    r_.crash_entered = true;
    r_.online_at_crash_entry = c.others_at_entry;
  }
}

void StopRecorder::close_call(const TraceEvent& e, bool crash) {
  StopCall& c = r_.cpu[e.cpu].call;
  if (!c.open || c.crash != crash) return;
  step_.closed = true;
  step_.closed_call = c;
  // "Found nobody else online" is what the requester read (the counter), not
  // the mask: after a nested stop (§12.1.1) the counter can stay one too high
  // with every bit clear, and the second smp_send_stop() of emergency_restart()
  // then loses the test-and-set and returns without masking (§12.2).
  // The last read alone is not enough when the call reads the counter again
  // after its smp_send_stop() returned (v1's crash_smp_send_stop() does, for
  // its SDEI stop): a stop_in_progress loser would then look like a requester
  // that found nobody online. So the counter must also have shown nobody else
  // at entry.
  step_.closed_winner = c.sent || (r_.others_seen(probe_, e.cpu) == 0 && c.others_count_at_entry == 0);
  c.open = false;
}

void StopRecorder::rung(const TraceEvent& e, StopCall& c, int which, uint32_t targets) {
  Step::Rung& s = step_.rung;
  s.which = which;
  s.targets = targets;
  s.winner_before = r_.winner;
  s.rung1_before = c.rung1;
  s.snapshot_ev = c.snapshot_ev;
  s.last_rung_ev_before = c.last_rung_ev;
  s.snapshot = c.snapshot;
  if (r_.winner < 0) r_.winner = e.cpu;
  c.sent = true;
  c.last_rung_ev = static_cast<int64_t>(step_.index);
  if (which == 1) c.rung1 = true;
  if (which == 2) c.rung2 = true;
  if (which == 3) {
    c.rung3 = true;
    c.rung3_snapshot = c.snapshot & ~(1u << e.cpu);
  }
}

const Step& StopRecorder::on_event(const TraceEvent& e) {
  step_ = Step{};
  step_.index = index_++;
  if (e.cpu < 0) return step_;
  const int cpu = e.cpu;
  CpuRecords& c = r_.cpu[cpu];
  StopFrame& f = c.frames[e.depth];

  // 1. What the machine did just before recording the event: a context
  // entered, a role announced, a bookkeeping step taken.
  if (auto x = as<ev::IrqEnter>(e)) {
    f = StopFrame{};
    f.kind = x->nmi ? kCtxNmi : kCtxIrq;
    f.ipinr = x->ipinr;
    f.crash_at_entry = probe_.crash_stop() || x->kind == SF_IPI_CRASH_STOP;
  } else if (auto x = as<ev::SdeiDispatch>(e)) {
    f = StopFrame{};
    f.kind = kCtxSdei;
    f.cause = x->cause;
    f.crash_at_entry = probe_.crash_stop();
  } else if (auto x = as<ev::Mark>(e)) {
    switch (x->mark) {
      case SF_MARK_SMP_SEND_STOP_ENTER:
      case SF_MARK_CRASH_STOP_ENTER:
        r_.stop_started = true;
        f.requester = true;
        break;
      case SF_MARK_BACKTRACE_ENTER:
      case SF_MARK_PANIC_ENTER:
      case SF_MARK_DIE_ENTER:
      case SF_MARK_REBOOT_ENTER: f.requester = true; break;
      case SF_MARK_SELF_STOP:
        f.requester = false;
        f.self_stop = true;
        break;
      default: break;
    }
  }
  bookkeeping(e);
  step_.inv = f.invocation;

  // 2. An invocation this event began.
  if (step_.created.index >= 0) {
    const Invocation& inv = r_.invocations[static_cast<size_t>(step_.created.index)];
    step_.created.prior = c.invocations;
    step_.created.first = c.first_inv;
    step_.created.acked_before = c.acked;
    if (c.invocations == 0) c.first_inv = step_.created.index;
    ++c.invocations;
    if (inv.self_stop) c.self_stopped = true;
    if (inv.ctx_kind == kCtxSdei) c.sdei_stopped = true;
  }

  // 3. The event itself.
  StopCall& call = c.call;
  switch (e.type) {
    case Ev::kMark:
      switch (as<ev::Mark>(e)->mark) {
        case SF_MARK_SMP_SEND_STOP_ENTER: open_call(e, false); break;
        case SF_MARK_CRASH_STOP_ENTER: open_call(e, true); break;
        case SF_MARK_SMP_SEND_STOP_EXIT: close_call(e, false); break;
        case SF_MARK_CRASH_STOP_EXIT: close_call(e, true); break;
        case SF_MARK_SDEI_ABORT_CALLED:
          if (call.open) call.abort_called = true;
          break;
        case SF_MARK_CRASH_FAILED: r_.crash_failed = true; break;
        default: break;
      }
      break;
    case Ev::kIpiSend: {
      const ev::IpiSend x = *as<ev::IpiSend>(e);
      const bool stop = x.kind == SF_IPI_STOP || x.kind == SF_IPI_STOP_NMI || x.kind == SF_IPI_CRASH_STOP;
      if (stop && call.open) rung(e, call, x.kind == SF_IPI_STOP_NMI ? 2 : 1, static_cast<uint32_t>(x.targets));
      break;
    }
    case Ev::kSdeiSignal: {
      const ev::SdeiSignal x = *as<ev::SdeiSignal>(e);
      if (call.open) ++call.smcs;
      if (x.cause != kCauseStop || !call.open) break;
      if (!call.rung3) rung(e, call, 3, 0);
      if (x.target >= 0 && x.target < kMaxCpus) call.rung3_targets |= 1u << x.target;
      break;
    }
    case Ev::kPeMask:
      if (call.open && e.depth == call.depth) {
        call.pe_mask = true;
        ++call.smcs;
      }
      if (as<ev::PeMask>(e)->err == 0) c.pe_masked = true;
      break;
    case Ev::kPeUnmask:
      if (as<ev::PeUnmask>(e)->err == 0) c.pe_masked = false;
      break;
    case Ev::kSdeiCall: {
      // The reboot notifier's platform reset masks every PE.
      const ev::SdeiCall x = *as<ev::SdeiCall>(e);
      if (x.call == 3 && x.err == 0)
        for (int i = 0; i < r_.ncpus; ++i) r_.cpu[i].pe_masked = true;
      break;
    }
    case Ev::kPrintk:
    case Ev::kWarn:
      if (call.open) ++call.printks;
      break;
    case Ev::kSnapshot:
      if (call.open) {
        call.snapshot = static_cast<uint32_t>(as<ev::Snapshot>(e)->mask);
        call.snapshot_ev = static_cast<int64_t>(step_.index);
      }
      break;
    case Ev::kSdeiDispatch:
      ++c.outstanding;
      break;
    case Ev::kSdeiComplete:
      if (as<ev::SdeiComplete>(e)->err == 0) --c.outstanding;
      break;
    case Ev::kSdeiAbort:
      if (as<ev::SdeiAbort>(e)->err == 0) --c.outstanding;
      break;
    case Ev::kCrashNote:
      if (step_.inv >= 0) ++c.notes;
      break;
    case Ev::kOnline: {
      const ev::Online x = *as<ev::Online>(e);
      if (x.cpu >= 0 && x.cpu < kMaxCpus) r_.cpu[x.cpu].online = x.online != 0;
      if (x.online && x.cpu == cpu) {
        c.came_online = true;
        c.writes_at_online = probe_.online_count_writes(cpu);
      }
      if (!x.online && x.cpu == cpu && step_.inv >= 0 && !c.acked) {
        c.acked = true;
        c.ack_inv = step_.inv;
      }
      break;
    }
    case Ev::kCrashAck:
      if (step_.inv >= 0 && !c.acked) {
        c.acked = true;
        c.ack_inv = step_.inv;
      }
      break;
    default: break;
  }
  return step_;
}

}  // namespace sf
