// oracle.cc - properties P1-P16 as online and end-of-run checks (spec §8, §12.1).
#include "harness/stop/oracle.h"

#include <cstdio>

namespace sf {
namespace {

const char* inv_kind(const Invocation& inv) {
  if (inv.self_stop) return "self";
  return ctx_kind_name(inv.ctx_kind);
}

std::string fmt(const char* f, int a, int b = 0, int c = 0) {
  char buf[256];
  snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

}  // namespace

void StopOracle::report(Machine& m, const TraceEvent& e, Property p, const char* sig, const std::string& msg) {
  for (const Finding& f : *out_)
    if (f.property == p && f.signature == sig) return;  // once per execution
  Finding f;
  f.property = p;
  f.signature = sig;
  f.message = msg;
  f.known = is_known_finding(revision_, p, sig);
  f.event = event_index_;
  f.cpu = e.cpu;
  f.t_us = e.t_us;
  out_->push_back(f);
  if (!f.known) m.stop_execution(EndReason::kViolation);
}

int StopOracle::invocation_at(const Machine& m, const TraceEvent& e) const {
  if (e.cpu < 0) return -1;
  return m.cpu(e.cpu).ctx[e.depth].invocation;
}

int StopOracle::others_seen(const Machine& m, int cpu) const {
  const int read = m.counter_read(cpu);
  if (read < 0) return -1;
  return read - static_cast<int>((m.online_mask() >> cpu) & 1);
}

bool StopOracle::cooperative(const Scenario& s, const sf_revision* rev, int cpu) {
  const MachineConfig& mc = s.machine;
  // An orderly restart/halt/power-off runs the SDEI reboot notifier first
  // (§10 Q1, §12.5): event 0 unregistered and PEs masked, so the SDEI rung
  // reaches nobody on that entry, whatever the revision. Counting its targets
  // as reachable made P5 fire on every revision with an SDEI rung (issue 4).
  const bool orderly_reboot = s.entry == Entry::kRestart || s.entry == Entry::kHalt || s.entry == Entry::kPowerOff;
  const bool sdei_ok = mc.sdei.mode == SdeiMode::kPresent && (rev->features & SF_FEAT_SDEI_STOP) && !orderly_reboot &&
                       mc.sdei.signal_error[cpu] == 0 && mc.cpu[cpu].sdei_delay_us <= 50000;
  const bool nmi_ok = mc.pseudo_nmi && (rev->features & SF_FEAT_PSEUDO_NMI_RUNG);
  switch (s.behaviour[cpu]) {
    case Behaviour::kResponsive:
    case Behaviour::kSdeiMaskedIdle:
    case Behaviour::kComingOnline:
    case Behaviour::kOffline: return true;
    case Behaviour::kPmrMasked:
    case Behaviour::kLateResponder:
    case Behaviour::kLockHolder: return nmi_ok || sdei_ok;
    case Behaviour::kDaifMasked: return sdei_ok;
    default: return false;  // unreachable, or a second requester: outside P5
  }
}

void StopOracle::new_invocation(Machine& m, const TraceEvent& e, size_t index) {
  const Invocation& inv = m.invocations()[index];
  const int c = inv.cpu;
  if (invocations_on_[c] > 0) {
    const Invocation& first = m.invocations()[static_cast<size_t>(first_inv_[c])];
    std::string sig = std::string(inv_kind(inv)) + "-in-" + inv_kind(first);
    report(m, e, Property::P4, sig.c_str(),
           "cpu" + std::to_string(c) + " entered the stop bookkeeping again (" + inv_kind(inv) + " inside " +
               inv_kind(first) + ")");
    if (acked_[c])
      report(m, e, Property::P16, "re-entered-after-ack",
             fmt("cpu%d ran the stop bookkeeping again after acknowledging its stop", c));
  } else {
    first_inv_[c] = static_cast<int>(index);
  }
  ++invocations_on_[c];
  if (inv.self_stop) self_stopped_[c] = true;
  if (inv.ctx_kind == kCtxSdei) sdei_stopped_[c] = true;
  if (inv.ctx_kind == kCtxSdei && inv.cause == kCauseBacktrace &&
      !stop_started_at_dispatch_[c][static_cast<size_t>(inv.depth)])
    report(m, e, Property::P11, "backtrace-became-stop",
           fmt("cpu%d took a backtrace delivery as a stop before any stop began", c));
  if (call_[c].open && call_[c].sent)
    report(m, e, Property::P1, "winner-stopped", fmt("requester cpu%d was stopped during its own stop", c));
}

void StopOracle::open_call(Machine& m, const TraceEvent& e, bool crash) {
  Call& c = call_[e.cpu];
  if (c.open) return;  // smp_send_stop() inside crash_smp_send_stop()
  c = Call{};
  c.open = true;
  c.crash = crash;
  c.first_crash = crash && crash_calls_ == 0;
  if (crash) ++crash_calls_;
  c.t0 = e.t_us;
  c.depth = e.depth;
  c.others_at_entry = m.online_mask() & ~(1u << e.cpu);
  c.others_count_at_entry = *m.rev()->num_online - static_cast<int>((m.online_mask() >> e.cpu) & 1);
}

void StopOracle::close_call(Machine& m, const TraceEvent& e, bool crash) {
  Call& c = call_[e.cpu];
  if (!c.open || c.crash != crash) return;
  c.open = false;
  // "Found nobody else online" is what the requester read (the counter), not
  // the mask: after a nested stop (§12.1.1) the counter can stay one too high
  // with every bit clear, and the second smp_send_stop() of emergency_restart()
  // then loses the test-and-set and returns without masking (§12.2).
  // The last read alone is not enough when the call reads the counter again
  // after its smp_send_stop() returned (v1's crash_smp_send_stop() does, for
  // its SDEI stop): a stop_in_progress loser would then look like a requester
  // that found nobody online. So the counter must also have shown nobody else
  // at entry (issue 4: seen on v1 as a false P15 pe-not-masked).
  const bool winner = c.sent || (others_seen(m, e.cpu) == 0 && c.others_count_at_entry == 0);
  const MachineConfig& mc = m.config();
  if (c.sent) {
    // P3: 1 s + 10 ms + 100 ms + console and SMC time + 1 ms poll overrun per rung.
    uint64_t bound = 1000000;
    if (c.rung2) bound += 10000;
    if (c.rung3) bound += 100000;
    bound +=
        3000 + static_cast<uint64_t>(c.printks) * mc.printk_cost_us + static_cast<uint64_t>(c.smcs) * mc.smc_cost_us;
    const uint64_t took = e.t_us - c.t0;
    if (took > bound)
      report(m, e, Property::P3, "too-slow",
             fmt("smp_send_stop() on cpu%d took %d us, bound %d us", e.cpu, static_cast<int>(took),
                 static_cast<int>(bound)));
  }
  // A repeated crash_smp_send_stop() returns at its crash_stop guard (§4.2).
  if (winner && !c.pe_mask && !(crash && !c.first_crash))
    report(m, e, Property::P15, "pe-not-masked", fmt("requester cpu%d returned without masking its SDEI PE", e.cpu));
  if (crash && c.first_crash && !c.abort_called)
    report(m, e, Property::P15, "no-sdei-handler-abort",
           fmt("crash stop on cpu%d returned without calling sdei_handler_abort()", e.cpu));
  if (c.rung3 && c.rung3_targets != c.rung3_snapshot)
    report(m, e, Property::P14, "missing-targets",
           fmt("SDEI rung signalled 0x%x, online at its snapshot 0x%x", static_cast<int>(c.rung3_targets),
               static_cast<int>(c.rung3_snapshot)));
  // P5: single cooperative requester, every reachable target stopped once.
  if (c.sent && c.others_at_entry) {
    bool in_scope = !(c.crash && !c.first_crash);
    for (int i = 1; i < mc.ncpus && in_scope; ++i) in_scope = cooperative(s_, m.rev(), i);
    if (in_scope && e.cpu == 0) {
      for (int i = 0; i < mc.ncpus; ++i) {
        if (!((c.others_at_entry >> i) & 1)) continue;
        if ((m.online_mask() >> i) & 1)
          report(m, e, Property::P5, "not-stopped", fmt("reachable cpu%d still online when the stop returned", i));
        else if (invocations_on_[i] > 1)
          report(m, e, Property::P5, "entered-twice",
                 fmt("cpu%d entered the stop bookkeeping %d times", i, invocations_on_[i]));
      }
    }
  }
}

void StopOracle::rung(Machine& m, const TraceEvent& e, Call& c, int which, uint32_t targets) {
  const int cpu = e.cpu;
  if (winner_ >= 0 && winner_ != cpu)
    report(m, e, Property::P2, "two-winners", fmt("cpu%d and cpu%d both sent stop rungs", winner_, cpu));
  if (winner_ < 0) winner_ = cpu;
  c.sent = true;
  if (which >= 2) {
    if (!c.rung1)
      report(m, e, Property::P13, which == 2 ? "nmi-rung-before-ipi-rung" : "sdei-rung-before-ipi-rung",
             fmt("rung %d started before the IPI rung on cpu%d", which, cpu));
    if (others_seen(m, cpu) == 0)
      report(m, e, Property::P13, "rung-after-all-stopped",
             fmt("rung %d started after cpu%d had seen no other CPU online", which, cpu));
    if (c.snapshot_ev <= c.last_rung_ev)
      report(m, e, Property::P14, "no-re-snapshot",
             fmt("rung %d on cpu%d did not re-read cpu_online_mask", which, cpu));
    else if (which == 2 && targets != (c.snapshot & ~(1u << cpu)))
      report(m, e, Property::P14, "stale-targets",
             fmt("NMI rung targets 0x%x, online at its snapshot 0x%x", static_cast<int>(targets),
                 static_cast<int>(c.snapshot & ~(1u << cpu))));
  }
  c.last_rung_ev = static_cast<int64_t>(event_index_);
  if (which == 1) c.rung1 = true;
  if (which == 2) c.rung2 = true;
  if (which == 3) {
    c.rung3 = true;
    c.rung3_snapshot = c.snapshot & ~(1u << cpu);
  }
}

void StopOracle::on_event(Machine& m, const TraceEvent& e) {
  event_index_ = m.trace().events.size() - 1;
  while (seen_invocations_ < m.invocations().size()) new_invocation(m, e, seen_invocations_++);
  if (e.cpu < 0) return;
  const int cpu = e.cpu;
  Call& call = call_[cpu];
  const int inv_index = invocation_at(m, e);
  const Invocation* inv = inv_index >= 0 ? &m.invocations()[static_cast<size_t>(inv_index)] : nullptr;

  switch (e.type) {
    case Ev::kMark:
      switch (e.a) {
        case SF_MARK_SMP_SEND_STOP_ENTER: open_call(m, e, false); break;
        case SF_MARK_CRASH_STOP_ENTER: open_call(m, e, true); break;
        case SF_MARK_SMP_SEND_STOP_EXIT: close_call(m, e, false); break;
        case SF_MARK_CRASH_STOP_EXIT: close_call(m, e, true); break;
        case SF_MARK_SDEI_ABORT_CALLED:
          if (call.open) call.abort_called = true;
          break;
        case SF_MARK_BACKTRACE_DONE:
          if (e.b == 0 && !m.stop_started()) {
            const MachineConfig& mc = m.config();
            const uint32_t left = static_cast<uint32_t>(m.rev()->backtrace_mask[0] & 0xff);
            for (int i = 0; i < mc.ncpus; ++i) {
              if (!((left >> i) & 1) || i == cpu) continue;
              const bool excused = !m.rev()->sdei_nmi_available() || m.firmware().masked(i) ||
                                   m.firmware().outstanding(i) > 0 || mc.sdei.mode != SdeiMode::kPresent ||
                                   mc.sdei.signal_error[i] != 0 || mc.cpu[i].sdei_delay_us > 0 ||
                                   !((m.online_mask() >> i) & 1);
              if (!excused)
                report(m, e, Property::P12, "backtrace-lost",
                       fmt("cpu%d never answered the backtrace from cpu%d", i, cpu));
            }
          }
          break;
        default: break;
      }
      break;
    case Ev::kIpiSend: {
      const int kind = e.c;
      if (kind != SF_IPI_STOP && kind != SF_IPI_STOP_NMI && kind != SF_IPI_CRASH_STOP) break;
      const uint32_t targets = static_cast<uint32_t>(e.a);
      if ((targets >> cpu) & 1)
        report(m, e, Property::P1, "stop-ipi-to-self", fmt("cpu%d sent a stop IPI to itself", cpu));
      if (kind == SF_IPI_STOP_NMI && !m.config().pseudo_nmi)
        report(m, e, Property::P13, "nmi-rung-without-pseudo-nmi",
               fmt("cpu%d sent IPI_CPU_STOP_NMI without pseudo-NMI", cpu));
      if (!call.open) break;
      rung(m, e, call, kind == SF_IPI_STOP_NMI ? 2 : 1, targets);
      break;
    }
    case Ev::kSdeiSignal:
      if (call.open) ++call.smcs;
      if (e.c != kCauseStop || !call.open) break;
      if (e.a == cpu) report(m, e, Property::P1, "sdei-to-self", fmt("cpu%d signalled the SDEI stop to itself", cpu));
      if (!call.rung3) {
        if (!m.rev()->sdei_nmi_available())
          report(m, e, Property::P13, "sdei-rung-without-sdei-nmi",
                 fmt("cpu%d signalled event 0 for a stop while sdei_nmi_active() is false", cpu));
        rung(m, e, call, 3, 0);
      }
      if (e.a >= 0 && e.a < kMaxCpus) {
        call.rung3_targets |= 1u << e.a;
        if (!((call.rung3_snapshot >> e.a) & 1))
          report(m, e, Property::P14, "stale-targets",
                 fmt("SDEI rung signalled cpu%d, not online at its snapshot 0x%x", e.a,
                     static_cast<int>(call.rung3_snapshot)));
      }
      break;
    case Ev::kPeMask:
      if (call.open && e.depth == call.depth) {
        call.pe_mask = true;
        ++call.smcs;
      }
      break;
    case Ev::kPrintk:
    case Ev::kWarn:
      if (call.open) ++call.printks;
      break;
    case Ev::kSnapshot:
      if (call.open) {
        call.snapshot = static_cast<uint32_t>(e.a);
        call.snapshot_ev = static_cast<int64_t>(event_index_);
      }
      break;
    case Ev::kSdeiDispatch: stop_started_at_dispatch_[cpu][e.depth & 15] = m.stop_started(); break;
    case Ev::kCrashNote:
      if (!inv) break;
      if (e.a < 0) report(m, e, Property::P7, "null-regs", fmt("cpu%d wrote a crash note from NULL regs", cpu));
      if (self_stopped_[cpu] && !inv->self_stop)
        report(m, e, Property::P7, "note-by-self-stopped-cpu",
               fmt("self-stopped cpu%d wrote a crash note from a nested stop", cpu));
      if (!inv->crash_at_first)
        report(m, e, Property::P7, "note-on-plain-stop", fmt("cpu%d wrote a crash note on a plain stop", cpu));
      if (acked_[cpu])
        report(m, e, Property::P6, ack_inv_[cpu] == inv_index ? "note-after-ack" : "note-after-ack-nested",
               fmt("cpu%d wrote its crash note after acknowledging the stop", cpu));
      if (++notes_[cpu] > 1) report(m, e, Property::P4, "second-note", fmt("cpu%d wrote a second crash note", cpu));
      break;
    case Ev::kOnline:
      if (e.b == 0 && e.a == cpu && inv && !acked_[cpu]) {
        acked_[cpu] = true;
        ack_inv_[cpu] = inv_index;
      }
      break;
    case Ev::kCrashAck:
      if (inv && !acked_[cpu]) {
        acked_[cpu] = true;
        ack_inv_[cpu] = inv_index;
      }
      break;
    case Ev::kCpuOff:
      if (!inv) break;
      if (e.b > 0 || inv->ctx_kind == kCtxSdei)
        report(m, e, Property::P8, "cpu-off-in-sdei",
               fmt("cpu%d issued CPU_OFF with an SDEI dispatch outstanding", cpu));
      if (!inv->crash_at_first)
        report(m, e, Property::P8, "cpu-off-on-plain-stop", fmt("cpu%d issued CPU_OFF on a plain stop", cpu));
      break;
    case Ev::kPark:
      if (inv && inv->crash_at_entry && inv->ctx_kind != kCtxTop && !inv->note)
        report(m, e, Property::P7, "missing-note", fmt("cpu%d parked on the crash path without a crash note", cpu));
      break;
    case Ev::kIrqExit:
    case Ev::kSdeiComplete: {
      const Context& x = m.cpu(cpu).ctx[e.depth];
      if (inv && inv->acked)
        report(m, e, Property::P16, "returned-after-ack",
               fmt("cpu%d returned to the interrupted code after acknowledging its stop", cpu));
      if (e.type == Ev::kSdeiComplete && inv)
        report(m, e, Property::P9, "sdei-stop-completed", fmt("cpu%d completed the SDEI event after its stop", cpu));
      if (e.type == Ev::kSdeiComplete && !inv && x.cause == kCauseStop)
        report(m, e, Property::P10, "stop-taken-as-backtrace",
               fmt("cpu%d completed a stop delivery of event 0 without stopping", cpu));
      break;
    }
    case Ev::kSdeiAbort:
      if (sdei_stopped_[cpu])
        report(m, e, Property::P9, "sdei-stop-completed", fmt("cpu%d completed the SDEI event after its stop", cpu));
      break;
    default: break;
  }
}

void StopOracle::on_end(Machine& m) {
  if (m.end_reason() != EndReason::kQuiescent) return;
  for (int i = 0; i < m.config().ncpus; ++i) {
    if (call_[i].open && call_[i].sent) {
      TraceEvent e{};
      e.cpu = static_cast<int8_t>(i);
      e.t_us = m.now_us();
      event_index_ = m.trace().events.size() ? m.trace().events.size() - 1 : 0;
      report(m, e, Property::P1, "winner-never-returned", fmt("requester cpu%d never returned from its stop", i));
    }
  }
}

}  // namespace sf
