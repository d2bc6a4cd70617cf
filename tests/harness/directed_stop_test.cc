// directed_stop_test.cc - one directed run per target behaviour and system scenario.
//
// Spec: stop-path.md §7.1 items 1-7 (target behaviours), §7.5 (system-level
// scenarios), §4.3 (the ladder), §4.6 (arm64_nmi_cpu_stop), §5 (time budget),
// §12.1.5, §12.2. Each test builds its Scenario by hand, runs it with the
// empty schedule (no preemption) unless it says otherwise, and checks the
// expected outcome on the trace. Bound on one stop: 1 s + 10 ms + 100 ms plus
// one 1 ms poll overrun per rung (udelay is a lower bound, §5).
#include <gtest/gtest.h>

#include "tests/harness/directed.h"

namespace sf::test {
namespace {

constexpr long kLadderBoundUs = 1000000 + 10000 + 100000 + 3000;

bool is(const TraceEvent& e, int cpu, Ev t) { return e.cpu == cpu && e.type == t; }

// §7.1 item 1, crash path.
//  cpu0 (panic, crash kernel)          cpu1 (responsive)
//  IPI STOP -> 1                       IRQ STOP -> DAIF mask, note, offline,
//  (done within the first poll)        PE mask, CPU_OFF
TEST(Directed71, ResponsiveStopsInRungOneWithNoteAndCpuOff) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(ipi_sends(r, 0, SF_IPI_STOP).size(), 1u);
  EXPECT_TRUE(ipi_sends(r, 0, SF_IPI_STOP_NMI).empty());
  EXPECT_EQ(count(r, 0, Ev::kSdeiSignal), 0u) << "no rung after all others stopped";
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 1, Ev::kIrqEnter) && view<ev::IrqEnter>(e).nmi == 0 && view<ev::IrqEnter>(e).kind == SF_IPI_STOP; }),
            1u);
  auto notes = events(r, [](const TraceEvent& e) { return is(e, 1, Ev::kCrashNote); });
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(view<ev::CrashNote>(notes[0]).regs, kCtxTop) << "note holds the interrupted context";
  auto off = events(r, [](const TraceEvent& e) { return is(e, 1, Ev::kCpuOff); });
  ASSERT_EQ(off.size(), 1u);
  EXPECT_EQ(view<ev::CpuOff>(off[0]).result, 0);
  EXPECT_EQ(view<ev::CpuOff>(off[0]).outstanding, 0) << "no SDEI dispatch outstanding at CPU_OFF";
  EXPECT_EQ(r.end, EndReason::kKexec);
}

// §7.1 item 1, plain path: no note, no CPU_OFF, park.
//  cpu0 (panic, no crash kernel)       cpu1 (responsive)
//  IPI STOP -> 1                       IRQ STOP -> offline, PE mask, park
TEST(Directed71, ResponsivePlainStopParksWithoutNote) {
  RunResult r = run(make_scenario({Behaviour::kResponsive}));
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 0u);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 0u);
  EXPECT_EQ(count(r, 1, Ev::kPark), 1u);
  EXPECT_FALSE(online_at_end(r, 1));
  EXPECT_LT(stop_duration_us(r, 0), 10000);
}

// §7.1 item 2.
//  cpu0 (panic, crash kernel)          cpu1 (PMR-masked spin, pseudo-NMI on)
//  IPI STOP -> 1     ...1 s...         (PMR masks it)
//  IPI STOP_NMI -> 1                   NMI STOP_NMI -> note, offline, CPU_OFF
TEST(Directed71, PmrMaskedStopsInRungTwo) {
  Scenario s = make_scenario({Behaviour::kPmrMasked}, /*pseudo_nmi=*/true);
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(ipi_sends(r, 0, SF_IPI_STOP_NMI).size(), 1u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 1, Ev::kIrqEnter) && view<ev::IrqEnter>(e).nmi == 0; }), 0u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 1, Ev::kIrqEnter) && view<ev::IrqEnter>(e).nmi == 1; }), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 1u) << "same bookkeeping as rung 1, die_on_crash = true";
  EXPECT_EQ(count(r, 0, Ev::kSdeiSignal), 0u);
  long d = stop_duration_us(r, 0);
  EXPECT_GE(d, 1000000);
  EXPECT_LE(d, 1000000 + 10000 + 2000);
}

// §7.1 item 3: only the SDEI rung reaches it; it parks inside the event.
//  cpu0 (panic, crash kernel)          cpu1 (DAIF masked, pseudo-NMI on)
//  IPI STOP -> 1  ...1 s...            (masked, ignores)
//  IPI STOP_NMI -> 1 ...10 ms...       (DAIF.I blocks pseudo-NMI too)
//  SDEI SIGNAL -> 1                    SDEI dispatch -> note (wedged ctx), park
//                                      (event never completed, no CPU_OFF)
TEST(Directed71, DaifMaskedStopsOnlyBySdeiAndParksInEvent) {
  Scenario s = make_scenario({Behaviour::kDaifMasked}, /*pseudo_nmi=*/true);
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count(r, 1, Ev::kIrqEnter), 0u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 0, Ev::kSdeiSignal) && view<ev::SdeiSignal>(e).target == 1 && view<ev::SdeiSignal>(e).err == 0; }), 1u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 1, Ev::kSdeiDispatch) && view<ev::SdeiDispatch>(e).cause == kCauseStop; }), 1u);
  auto notes = events(r, [](const TraceEvent& e) { return is(e, 1, Ev::kCrashNote); });
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(view<ev::CrashNote>(notes[0]).regs, kCtxTop) << "note holds the wedged context";
  EXPECT_EQ(count(r, 1, Ev::kPark), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 0u);
  EXPECT_EQ(count(r, 1, Ev::kSdeiComplete), 0u);
  EXPECT_FALSE(online_at_end(r, 1));
  long d = stop_duration_us(r, 0);
  EXPECT_GE(d, 1010000);
  EXPECT_LE(d, kLadderBoundUs);
}

// §7.1 item 4: unreachable; the requester warns and returns within the bound.
//  cpu0 (panic, crash kernel)          cpu1 (inside another SDEI dispatch)
//  IPI STOP, SDEI SIGNAL -> 1          (SGI stays pending behind the dispatch)
//  "failed to stop secondary CPUs 1" at ~1.1 s, "kdump unreliable"
TEST(Directed71, InSdeiDispatchIsUnreachableRequesterWarns) {
  Scenario s = make_scenario({Behaviour::kInSdeiDispatch});
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count(r, 1, Ev::kSdeiDispatch), 0u);
  EXPECT_EQ(count(r, 1, Ev::kIrqEnter), 0u);
  EXPECT_TRUE(online_at_end(r, 1));
  EXPECT_TRUE(printed(r, 0, Ev::kPrintk, "failed to stop secondary CPUs 1"));
  long d = stop_duration_us(r, 0);
  EXPECT_GE(d, 1100000);
  EXPECT_LE(d, kLadderBoundUs);
  EXPECT_NE(first_mark(r, 0, SF_MARK_CRASH_FAILED), nullptr) << "kdump may be unreliable";
}

// §7.1 item 4 variant without pseudo-NMI and with SDEI absent: a DAIF-masked
// target is unreachable; rung 2 and 3 are skipped, the warning comes at ~1 s.
TEST(Directed71, DaifMaskedWithoutSdeiWarnsAfterOneSecond) {
  RunResult r = run(make_scenario({Behaviour::kDaifMasked}, false, SdeiMode::kAbsent));
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_TRUE(ipi_sends(r, 0, SF_IPI_STOP_NMI).empty());
  EXPECT_EQ(count(r, 0, Ev::kSdeiSignal), 0u);
  EXPECT_TRUE(printed(r, 0, Ev::kPrintk, "failed to stop secondary CPUs 1"));
  long d = stop_duration_us(r, 0);
  EXPECT_GE(d, 1000000);
  EXPECT_LE(d, 1000000 + 2000);
}

// §7.1 item 5: a late responder enables IRQs just after rung 1 gave up; the
// SDEI rung (or its own IPI) stops it exactly once with the empty schedule.
//  cpu0 (panic)                        cpu1 (IRQs masked until 1000.5 ms)
//  IPI STOP -> 1  ...1 s...
//  SDEI SIGNAL -> 1                    SDEI dispatch -> stop, park
TEST(Directed71, LateResponderIsStoppedOnce) {
  Scenario s = make_scenario({Behaviour::kLateResponder});
  s.when_us[1] = 1000500;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_FALSE(online_at_end(r, 1));
  EXPECT_EQ(r.known_count(), 0u) << timeline(r);
  EXPECT_LE(stop_duration_us(r, 0), kLadderBoundUs);
}

// §7.1 item 6: an offline CPU is never targeted.
//  cpu0 (panic)          cpu1 (offline)            cpu2 (responsive)
//  IPI STOP -> 2         (never targeted)          IRQ STOP -> park
TEST(Directed71, OfflineCpuIsNeverTargeted) {
  RunResult r = run(make_scenario({Behaviour::kOffline, Behaviour::kResponsive}));
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  auto sends = ipi_sends(r, 0, SF_IPI_STOP);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(view<ev::IpiSend>(sends[0]).targets, 0b100);
  EXPECT_EQ(count(r, 1, Ev::kIrqEnter), 0u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return e.type == Ev::kSdeiSignal && view<ev::SdeiSignal>(e).target == 1; }), 0u);
}

// §7.1 item 7: a CPU coming online mid-stop is missed by rung 1 and caught by
// the rung-3 re-snapshot (a DAIF-masked CPU keeps the ladder going).
//  cpu0 (panic)     cpu1 (comes online at 500 ms)    cpu2 (daif-masked)
//  IPI STOP -> 2    online at 500 ms                 (masked)
//  ...1 s...
//  SDEI SIGNAL -> 1, 2   SDEI dispatch -> park       SDEI dispatch -> park
TEST(Directed71, ComingOnlineIsCaughtByReSnapshot) {
  Scenario s = make_scenario({Behaviour::kComingOnline, Behaviour::kDaifMasked});
  s.when_us[1] = 500000;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  auto sends = ipi_sends(r, 0, SF_IPI_STOP);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(view<ev::IpiSend>(sends[0]).targets, 0b100) << "rung 1 snapshot predates cpu1 coming online";
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return is(e, 0, Ev::kSdeiSignal) && view<ev::SdeiSignal>(e).target == 1; }), 1u);
  EXPECT_FALSE(online_at_end(r, 1));
  EXPECT_FALSE(online_at_end(r, 2));
}

// §7.5: single CPU online: no IPIs, own PE masked; crash path aborts own handler.
//  cpu0 (panic, crash kernel, alone)
//  crash_smp_send_stop(): nobody else online -> PE_MASK, sdei_handler_abort()
TEST(Directed75, SingleCpuOnline) {
  Scenario s = make_scenario({});
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count(r, 0, Ev::kIpiSend), 0u);
  EXPECT_EQ(count(r, 0, Ev::kSdeiSignal), 0u);
  long in = first(r, [](const TraceEvent& e) { return is(e, 0, Ev::kMark) && view<ev::Mark>(e).mark == SF_MARK_CRASH_STOP_ENTER; });
  long out = first(r, [](const TraceEvent& e) { return is(e, 0, Ev::kMark) && view<ev::Mark>(e).mark == SF_MARK_CRASH_STOP_EXIT; });
  long pe = first(r, [](const TraceEvent& e) { return is(e, 0, Ev::kPeMask); });
  ASSERT_GE(in, 0);
  EXPECT_TRUE(pe > in && pe < out) << timeline(r);
  EXPECT_NE(first_mark(r, 0, SF_MARK_SDEI_ABORT_CALLED), nullptr);
  EXPECT_EQ(stop_duration_us(r, 0), 0);
}

// §7.5: two CPUs panic in parallel; the loser self-stops before the winner's
// stop and is counted as already stopped.
//  cpu0 (panic, wins panic_cpu)        cpu1 (panics too, IRQs off)
//                                      panic() -> lost panic_cpu
//                                      panic_smp_self_stop(): offline, park (no note)
//  crash_smp_send_stop(): nobody else online -> no IPI
TEST(Directed75, ParallelPanicLoserSelfStops) {
  Scenario s = make_scenario({Behaviour::kPanicsToo});
  s.panic.crash_kernel_loaded = true;
  s.machine.initial[1].daif_i = true;  // it panics from a context with IRQs off
  // Find the simplest schedule where cpu1 loses the race and has stopped
  // before cpu0 enters the stop.
  auto pred = [](const RunResult& r) {
    const TraceEvent* self = first_mark(r, 1, SF_MARK_SELF_STOP);
    long off = first(r, [](const TraceEvent& e) { return e.type == Ev::kOnline && view<ev::Online>(e).cpu == 1 && view<ev::Online>(e).online == 0; });
    long enter = first(r, [](const TraceEvent& e) { return is(e, 0, Ev::kMark) && view<ev::Mark>(e).mark == SF_MARK_CRASH_STOP_ENTER; });
    return self && off >= 0 && enter > off;
  };
  auto tape = search_schedule(s, pred, 24, 2, 1);
  ASSERT_TRUE(tape.has_value());
  RecordProperty("schedule", hex(*tape));
  RunResult r = run(s, *tape);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_NE(first_mark(r, 1, SF_MARK_PANIC_LOSER), nullptr);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 0u) << "self-stop has regs NULL: no note";
  EXPECT_EQ(count(r, 1, Ev::kPark), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 0u);
  EXPECT_EQ(count(r, 0, Ev::kIpiSend), 0u) << "winner counts the loser as already stopped";
}

// §7.5, §12.1.5: panic on cpu0 while cpu1 reboots; one wins stop_in_progress,
// the other returns without sending anything.
//  cpu0 (panic)                        cpu1 (machine_restart(), IRQs off)
//  smp_send_stop() -> wins             smp_send_stop() -> loses, returns
//  IPI STOP -> 1                       ... continues its own reboot (reset)
TEST(Directed75, PanicVersusMachineRestartSingleWinner) {
  Scenario s = make_scenario({Behaviour::kRebootsToo});
  auto both = [](const RunResult& r) {
    return first_mark(r, 0, SF_MARK_SMP_SEND_STOP_ENTER) && first_mark(r, 1, SF_MARK_SMP_SEND_STOP_ENTER);
  };
  auto tape = search_schedule(s, both, 24, 2, 1);
  ASSERT_TRUE(tape.has_value()) << "no schedule where both CPUs reach smp_send_stop()";
  RecordProperty("schedule", hex(*tape));
  RunResult r = run(s, *tape);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  const size_t senders = (count(r, 0, Ev::kIpiSend) > 0) + (count(r, 1, Ev::kIpiSend) > 0);
  EXPECT_EQ(senders, 1u) << timeline(r);
  EXPECT_EQ(finding(r, Property::P2, "two-winners"), nullptr);
  // The loser's call has enter then exit with nothing sent in between.
  const int loser = count(r, 0, Ev::kIpiSend) ? 1 : 0;
  long in =
      first(r, [&](const TraceEvent& e) { return is(e, loser, Ev::kMark) && view<ev::Mark>(e).mark == SF_MARK_SMP_SEND_STOP_ENTER; });
  long out =
      first(r, [&](const TraceEvent& e) { return is(e, loser, Ev::kMark) && view<ev::Mark>(e).mark == SF_MARK_SMP_SEND_STOP_EXIT; });
  if (out >= 0) {
    for (long i = in; i < out; ++i) {
      const TraceEvent& e = r.trace.events[static_cast<size_t>(i)];
      EXPECT_FALSE(e.cpu == loser && (e.type == Ev::kIpiSend || e.type == Ev::kSdeiSignal || e.type == Ev::kPeMask))
          << "a stop_in_progress loser sends nothing and skips its PE mask";
    }
  }
}

// §7.5: crash_kexec_post_notifiers: crash_smp_send_stop() runs twice, the
// second returns at the crash_stop guard.
//  cpu0 (panic, crash kernel, post-notifiers)   cpu1 (responsive)
//  crash_smp_send_stop() -> smp_send_stop()     IRQ STOP -> note, CPU_OFF
//  notifiers ... __crash_kexec() -> crash_smp_send_stop() returns at once
TEST(Directed75, PostNotifiersCallCrashStopTwice) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  s.panic.crash_kexec_post_notifiers = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count_mark(r, 0, SF_MARK_CRASH_STOP_ENTER), 2u);
  EXPECT_EQ(ipi_sends(r, 0, SF_IPI_STOP).size(), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 1u);
  EXPECT_EQ(r.end, EndReason::kKexec);
}

// §3 item 2 [INFERRED]: with post-notifiers the stop runs in crash mode even
// without a crash kernel: notes are saved and CPU_OFF attempted. (The
// second call, from __crash_kexec(), does not happen without an image.)
TEST(Directed75, PostNotifiersWithoutCrashKernelStillCrashMode) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kexec_post_notifiers = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_EQ(count_mark(r, 0, SF_MARK_CRASH_STOP_ENTER), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 1u);
}

// §7.5, §1 item 1: requester offline (panic during bring-up): the count of
// others excludes only an online requester, so the stop ends at once.
//  cpu0 (panic, not in cpu_online_mask)   cpu1 (responsive)
//  IPI STOP -> 1                          IRQ STOP -> park
//  returns after the first poll, no warning
TEST(Directed75, RequesterOffline) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.requester_offline = true;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  auto sends = ipi_sends(r, 0, SF_IPI_STOP);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(view<ev::IpiSend>(sends[0]).targets, 0b10);
  EXPECT_FALSE(online_at_end(r, 1));
  EXPECT_FALSE(printed(r, 0, Ev::kPrintk, "failed to stop"));
  EXPECT_LT(stop_duration_us(r, 0), 10000);
}

// §7.5: requester panicked inside an SDEI handler: sdei_handler_abort()
// completes that dispatch on the crash path.
//  cpu0 (inside another SDEI event, panics, crash kernel)   cpu1 (responsive)
//  crash_smp_send_stop() ... sdei_handler_abort(): COMPLETE_AND_RESUME ok
TEST(Directed75, RequesterInSdeiHandlerAbortsIt) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  s.requester_in_sdei = true;
  apply_initial_masks(s);
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  auto aborts = events(r, [](const TraceEvent& e) { return is(e, 0, Ev::kSdeiAbort); });
  ASSERT_EQ(aborts.size(), 1u) << timeline(r);
  EXPECT_EQ(view<ev::SdeiAbort>(aborts[0]).err, 0) << "a dispatch was outstanding, so the abort succeeds";
  EXPECT_TRUE(printed(r, 0, Ev::kPrintk, "still in SDEI normal event context"));
  EXPECT_FALSE(online_at_end(r, 1));
}

// §7.5, §4.14: a backtrace is in progress when the stop starts; its delivery
// to a DAIF-masked CPU lands after sdei_nmi_stopping flipped and stops it.
//  cpu0 (panic)            cpu1 (backtrace, IRQs off)     cpu2 (daif-masked, SGIs delayed 1000.5 ms)
//  IPI STOP -> 1,2         SDEI SIGNAL -> 0,2 (backtrace)
//  ...1 s... SDEI rung     waits for answers
//  (flag flips)                                           SDEI dispatch (backtrace) -> stop, park
TEST(Directed75, BacktraceInProgressBecomesStop) {
  Scenario s = make_scenario({Behaviour::kBacktraceRequester, Behaviour::kDaifMasked});
  s.machine.initial[1].daif_i = true;  // requested from a context with IRQs off
  s.machine.cpu[2].sdei_delay_us = 1000500;
  RunResult r = run(s);
  EXPECT_EQ(r.violation(), nullptr) << timeline(r);
  EXPECT_NE(first_mark(r, 1, SF_MARK_BACKTRACE_ENTER), nullptr) << timeline(r);
  auto d = events(r, [](const TraceEvent& e) { return is(e, 2, Ev::kSdeiDispatch); });
  ASSERT_FALSE(d.empty()) << timeline(r);
  EXPECT_EQ(view<ev::SdeiDispatch>(d[0]).cause, kCauseBacktrace) << timeline(r);
  EXPECT_EQ(count(r, 2, Ev::kPark), 1u) << "the backtrace delivery took the stop branch";
  EXPECT_EQ(count(r, 2, Ev::kSdeiComplete), 0u);
  EXPECT_FALSE(online_at_end(r, 2));
  EXPECT_EQ(finding(r, Property::P11, "backtrace-became-stop"), nullptr) << "allowed once a stop began";
}

}  // namespace
}  // namespace sf::test
