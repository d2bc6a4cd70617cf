// gic_delivery_test.cc - GIC and SDEI delivery rules, observed through whole runs of the machine.
//
// Spec: stop-path.md §1 items 2-5 (DAIF, PMR, pseudo-NMI, SDEI reach),
// §4.11 (SDEI taken regardless of DAIF), §12.1.2 (with pseudo-NMI the IRQ
// handler runs with DAIF.I clear), §4.8/§7.3 (PSCI CPU_OFF, cpu_die absent,
// CPU_OFF denied); design.md §2 (interrupts are taken at yield points).
// Each test builds a scenario where one rule decides the outcome and reads
// the trace: kIrqEnter b=1 means taken as a pseudo-NMI.
#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/tape.h"
#include "tests/harness/directed.h"

namespace sf::test {
namespace {

size_t irq_enters(const RunResult& r, int cpu, int nmi) {
  return count(r, [&](const TraceEvent& e) { return e.cpu == cpu && e.type == Ev::kIrqEnter && view<ev::IrqEnter>(e).nmi == nmi; });
}
size_t ipis_sent_to(const RunResult& r, int cpu, int kind) {
  return count(r, [&](const TraceEvent& e) { return e.type == Ev::kIpiSend && view<ev::IpiSend>(e).kind == kind && ((view<ev::IpiSend>(e).targets >> cpu) & 1); });
}

// A normal IPI is not taken with DAIF.I set (no pseudo-NMI, no SDEI).
TEST(GicDelivery, NormalIpiBlockedByDaifI) {
  RunResult r = run(make_scenario({Behaviour::kDaifMasked}, false, SdeiMode::kAbsent));
  ASSERT_EQ(ipis_sent_to(r, 1, SF_IPI_STOP), 1u) << timeline(r);
  EXPECT_EQ(irq_enters(r, 1, 0), 0u) << timeline(r);
  EXPECT_TRUE(online_at_end(r, 1));
}

// A normal IPI is not taken with PMR masked (pseudo-NMI on, SDEI absent) ...
// ... but the pseudo-NMI IPI of rung 2 is.
TEST(GicDelivery, NormalIpiBlockedByPmrButPseudoNmiTaken) {
  RunResult r = run(make_scenario({Behaviour::kPmrMasked}, true, SdeiMode::kAbsent));
  ASSERT_EQ(ipis_sent_to(r, 1, SF_IPI_STOP), 1u) << timeline(r);
  ASSERT_EQ(ipis_sent_to(r, 1, SF_IPI_STOP_NMI), 1u) << timeline(r);
  EXPECT_EQ(irq_enters(r, 1, 0), 0u) << timeline(r);
  EXPECT_EQ(irq_enters(r, 1, 1), 1u) << timeline(r);
  EXPECT_FALSE(online_at_end(r, 1));
}

// A pseudo-NMI IPI is not taken with DAIF.I set.
TEST(GicDelivery, PseudoNmiBlockedByDaifI) {
  RunResult r = run(make_scenario({Behaviour::kDaifMasked}, true, SdeiMode::kAbsent));
  ASSERT_EQ(ipis_sent_to(r, 1, SF_IPI_STOP_NMI), 1u) << timeline(r);
  EXPECT_EQ(count(r, 1, Ev::kIrqEnter), 0u) << timeline(r);
  EXPECT_TRUE(online_at_end(r, 1));
}

// SDEI is taken regardless of DAIF (and of PMR).
TEST(GicDelivery, SdeiTakenRegardlessOfDaif) {
  for (bool pnmi : {false, true}) {
    RunResult r = run(make_scenario({Behaviour::kDaifMasked}, pnmi, SdeiMode::kPresent));
    EXPECT_EQ(count(r, 1, Ev::kIrqEnter), 0u) << timeline(r);
    EXPECT_EQ(count(r, 1, Ev::kSdeiDispatch), 1u) << timeline(r);
    EXPECT_FALSE(online_at_end(r, 1));
  }
}

// SDEI is not taken at a masked PE even with everything else open (§12.1.4):
// a DAIF-masked CPU whose PE is masked is unreachable.
TEST(GicDelivery, SdeiDroppedAtMaskedPe) {
  RunResult r = run(make_scenario({Behaviour::kUnreachable}));
  EXPECT_GE(count(r, [](const TraceEvent& e) { return e.type == Ev::kSdeiSignal && view<ev::SdeiSignal>(e).target == 1 && view<ev::SdeiSignal>(e).err == 0; }), 1u)
      << "SIGNAL succeeds: SGI raised";
  EXPECT_EQ(count(r, 1, Ev::kSdeiDispatch), 0u);
  EXPECT_EQ(count(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kSdeiDrop && view<ev::SdeiDrop>(e).reason == 1; }), 1u)
      << timeline(r);
  EXPECT_TRUE(online_at_end(r, 1));
}

// §12.1.2: with pseudo-NMI on, an IRQ handler runs with DAIF.I clear (PMR
// masked), so IPI_CPU_STOP_NMI can nest in it before local_daif_mask().
// Without pseudo-NMI the IRQ handler runs with DAIF.I set and nothing nests.
TEST(GicDelivery, PseudoNmiNestsInIrqHandlerOnlyWithPseudoNmi) {
  auto nested = [](const RunResult& r) {
    return count(r, [](const TraceEvent& e) {
             return e.cpu == 1 && e.type == Ev::kIrqEnter && view<ev::IrqEnter>(e).nmi == 1 && e.depth == 2;
           }) > 0;
  };
  Scenario on = make_scenario({Behaviour::kLateResponder, Behaviour::kDaifMasked}, true, SdeiMode::kAbsent);
  on.when_us[1] = 1000000;
  auto tape = search_schedule(on, nested, 40, 1, 1);
  ASSERT_TRUE(tape.has_value()) << "IPI_CPU_STOP_NMI never nested in the IRQ handler";
  RunResult r = run(on, *tape);
  long daif = first(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kDaifMask; });
  long nmi = first(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kIrqEnter && view<ev::IrqEnter>(e).nmi == 1; });
  EXPECT_LT(nmi, daif) << timeline(r);

  // The same schedules without pseudo-NMI: no nested IRQ-in-IRQ ever.
  Scenario off = on;
  off.machine.pseudo_nmi = false;
  apply_initial_masks(off);
  auto nested_any = [](const RunResult& r) {
    return count(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kIrqEnter && e.depth >= 2; }) > 0;
  };
  EXPECT_FALSE(search_schedule(off, nested_any, 40, 1, 1).has_value());
}

// CPU_OFF is recorded with whether an SDEI dispatch was outstanding: 0 for an
// IPI stop on the crash path.
TEST(GicDelivery, CpuOffRecordsNoOutstandingDispatchForIpiStop) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  RunResult r = run(s);
  auto off = events(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kCpuOff; });
  ASSERT_EQ(off.size(), 1u) << timeline(r);
  EXPECT_EQ(view<ev::CpuOff>(off[0]).result, 0);
  EXPECT_EQ(view<ev::CpuOff>(off[0]).outstanding, 0);
}

// ... and 1 when the CPU_OFF is issued with a dispatch outstanding. No stop
// path of `final` does that (P8), so drive the machine directly: CPU 1 enters
// a foreign SDEI dispatch, then issues PSCI CPU_OFF; CPU 0 issues one plain.
TEST(GicDelivery, CpuOffRecordsOutstandingDispatch) {
  const sf_revision* rev = find_revision("final");
  ASSERT_NE(rev, nullptr);
  MachineConfig cfg;
  cfg.ncpus = 2;
  std::vector<CpuProgram> programs = {
      [](Machine& m, int) { m.psci_cpu_off(nullptr); },
      [](Machine& m, int) {
        m.enter_foreign_sdei_dispatch();
        m.psci_cpu_off(nullptr);
      },
  };
  for (BackendKind k : {BackendKind::kFibers, BackendKind::kThreads}) {
    cfg.backend = k;
    Machine m;
    Tape tape(nullptr, 0);
    Trace trace;
    m.run(rev, cfg, &tape, programs, 0b11, nullptr, &trace, nullptr);
    int seen = 0;
    for (const TraceEvent& e : trace.events) {
      if (e.type != Ev::kCpuOff) continue;
      ++seen;
      EXPECT_EQ(view<ev::CpuOff>(e).result, 0);
      EXPECT_EQ(view<ev::CpuOff>(e).outstanding, e.cpu == 1 ? 1 : 0) << "cpu" << int(e.cpu);
    }
    EXPECT_EQ(seen, 2);
    EXPECT_EQ(m.cpu(1).state, CpuState::kOff);
    EXPECT_EQ(m.end_reason(), EndReason::kQuiescent);
  }
}

// PSCI absent (spin-table, no cpu_die): no CPU_OFF, park.
TEST(GicDelivery, NoCpuDieMeansNoCpuOff) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  s.machine.cpu[1].has_cpu_die = false;
  RunResult r = run(s);
  EXPECT_EQ(count(r, 1, Ev::kCpuOff), 0u) << timeline(r);
  EXPECT_EQ(count(r, 1, Ev::kPark), 1u);
  EXPECT_EQ(count(r, 1, Ev::kCrashNote), 1u);
}

// CPU_OFF denied: the call returns and the CPU parks.
TEST(GicDelivery, CpuOffDeniedParks) {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.panic.crash_kernel_loaded = true;
  s.machine.cpu[1].cpu_off_result = kEPERM;
  RunResult r = run(s);
  auto off = events(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kCpuOff; });
  ASSERT_EQ(off.size(), 1u) << timeline(r);
  EXPECT_EQ(view<ev::CpuOff>(off[0]).result, kEPERM);
  long off_i = first(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kCpuOff; });
  long park_i = first(r, [](const TraceEvent& e) { return e.cpu == 1 && e.type == Ev::kPark; });
  EXPECT_GT(park_i, off_i) << timeline(r);
  EXPECT_EQ(r.violation(), nullptr);
}

}  // namespace
}  // namespace sf::test
