// p05_exactly_once_when_cooperative_test.cc - P5 on hand-built traces (spec §8 P5,
// §12.1.1-2, §12.3).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P5, EveryReachableTargetStoppedOnce) {
  TraceBuilder t(3);
  t.stop_enter(0).rung1(0, 0b110);
  t.ipi_stop(1).ipi_stop(2);
  t.at_ms(1).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P5), 0u) << t.list();
}

TEST(P5, AReachableTargetStillOnline) {
  TraceBuilder t(3);
  t.stop_enter(0).rung1(0, 0b110);
  t.ipi_stop(1);
  t.at_ms(1000).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::not_stopped)) << t.list();
}

// Outside the scope: a target nothing reaches (DAIF masked, no SDEI rung
// on this firmware) may stay online.
TEST(P5, AnUnreachableTargetIsOutOfScope) {
  TraceBuilder t(3);
  t.scenario.behaviour[2] = Behaviour::kUnreachable;
  apply_initial_state(t.scenario);
  t.stop_enter(0).rung1(0, 0b110);
  t.ipi_stop(1);
  t.at_ms(1110).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_FALSE(t.has(Signature::not_stopped)) << t.list();
}

// P5 is scoped by what the platform reaches, not by the revision's rungs:
// a revision without the SDEI rung (before the series: linux-6.12, 7.2)
// returns with a DAIF-masked CPU still online. With SDEI working in the
// firmware that CPU was reachable: P5 no-sdei-rung (its own signature, not
// not-stopped), the gap 7.3 closes. With
// SDEI absent nothing could reach it: §8's documentation-only case.
bool daif_masked_left_running_violates(SdeiMode firmware) {
  TraceBuilder t(3);
  t.set_features(SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_IPI_BACKTRACE);  // no SDEI stop
  t.scenario.machine.sdei.mode = firmware;
  t.scenario.behaviour[2] = Behaviour::kDaifMasked;
  apply_initial_state(t.scenario);
  t.stop_enter(0).rung1(0, 0b110);
  t.ipi_stop(1);
  t.at_ms(1000).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_FALSE(t.has(Signature::not_stopped)) << t.list();
  return t.has(Signature::no_sdei_rung);
}

TEST(P5, ADaifMaskedTargetLeftRunningWithoutAnSdeiRung) {
  EXPECT_TRUE(daif_masked_left_running_violates(SdeiMode::kPresent));
}

TEST(P5, ADaifMaskedTargetWithoutSdeiFirmwareIsOutOfScope) {
  EXPECT_FALSE(daif_masked_left_running_violates(SdeiMode::kAbsent));
}

TEST(P5, ATargetEnteredTwice) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).enter_sdei(1, kCauseStop).daif_mask(1);
  t.at_ms(1).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::entered_twice)) << t.list();
}

// §12.1.1/§12.3: the nested stop lands between the bit clear and the
// decrement; the outer stop never resumes.
TEST(P5, NestedStopLosesTheCounterDecrement) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1, /*decrement=*/false);
  t.enter_sdei(1, kCauseStop).daif_mask(1).park(1);
  t.at_ms(1110).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::lost_online_decrement)) << t.list();
  EXPECT_FALSE(t.has(Signature::stopped_still_counted)) << t.list();
}

// A CPU between its bit clear and its decrement when the requester returns
// has not lost it: it will decrement when it runs again.
TEST(P5, ADecrementStillToComeIsNotLost) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).offline(1, /*decrement=*/false);
  t.at_ms(1).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_FALSE(t.has(Signature::lost_online_decrement)) << t.list();
  EXPECT_FALSE(t.has(Signature::stopped_still_counted)) << t.list();
}

// The bit cleared without set_cpu_online()'s decrement, and the CPU parks:
// it is gone but still counted (the mutation online-bit-only).
TEST(P5, AParkedCpuThatNeverDecrementedIsStillCounted) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1, /*decrement=*/false).park(1);
  t.at_ms(1110).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::stopped_still_counted)) << t.list();
  EXPECT_FALSE(t.has(Signature::lost_online_decrement)) << t.list();
}

// §7.1 item 7, §12.3: cpu1 comes online (offline at boot) and has set its
// online bit, not yet incremented the counter, when the stop begins. The
// stop targets it (the mask) but waits by the counter, which counts only
// cpu2: once cpu2 stops, the requester reads nobody else and returns with
// cpu1 running. The kernel's race, its own signature: not-stopped is for a
// CPU the rungs should have reached.
// (The builder's oracle points into it: built in place, never copied.)
void coming_online_stop(TraceBuilder& t, bool counted_before_entry) {
  t.scenario.behaviour[1] = Behaviour::kComingOnline;
  apply_initial_state(t.scenario);
  t.probe.count = 2;  // cpu0 and cpu2
  t.online(1, /*increment=*/counted_before_entry);
  t.stop_enter(0).rung1(0, 0b110);
  t.ipi_stop(2);
}

// The requester's read that ends its wait misses cpu1. cpu1 increments
// after it (then the requester masks its PE, or first reads the counter
// again for its "failed to stop" warning, which now counts cpu1) or not at
// all before the return. Each way: online-not-counted, never not-stopped.
enum class Later { kNoIncrement, kIncrement, kIncrementThenWarn };

bool reported_not_counted(Later later) {
  TraceBuilder t(3);
  coming_online_stop(t, /*counted_before_entry=*/false);
  t.read_count(0);
  if (later != Later::kNoIncrement) t.increment_count(1);
  if (later == Later::kIncrementThenWarn) t.read_count(0).printk(0);
  t.pe_mask(0).stop_exit(0);
  EXPECT_FALSE(t.has(Signature::not_stopped)) << t.list();
  return t.has(Signature::online_not_counted);
}

TEST(P5, ACpuComingOnlineNotYetCountedWhenTheStopReturns) { EXPECT_TRUE(reported_not_counted(Later::kNoIncrement)); }

TEST(P5, ACpuComingOnlineCountedOnlyAfterTheLastRead) { EXPECT_TRUE(reported_not_counted(Later::kIncrement)); }

TEST(P5, ACpuComingOnlineCountedBeforeTheWarning) {
  EXPECT_TRUE(reported_not_counted(Later::kIncrementThenWarn));
}

// Counted before the stop began, the requester waits for it: still online
// when the ladder gives up is not-stopped, as for any other target.
TEST(P5, ACpuCountedOnlineBeforeTheStopIsAnOrdinaryTarget) {
  TraceBuilder t(3);
  coming_online_stop(t, /*counted_before_entry=*/true);
  t.at_ms(1110).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::not_stopped)) << t.list();
  EXPECT_FALSE(t.has(Signature::online_not_counted)) << t.list();
}

// Stopped in time once counted: nothing to report.
TEST(P5, ACpuComingOnlineStoppedOnceCounted) {
  TraceBuilder t(3);
  coming_online_stop(t, /*counted_before_entry=*/false);
  t.increment_count(1).ipi_stop(1);
  t.at_ms(1).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P5), 0u) << t.list();
}

}  // namespace
}  // namespace sf::test
