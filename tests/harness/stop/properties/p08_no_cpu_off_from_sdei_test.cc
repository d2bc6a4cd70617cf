// p08_no_cpu_off_from_sdei_test.cc - P8 on hand-built traces (spec §8 P8, §4.6, §4.8).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P8, IpiStopPowersOffOnTheCrashPathAndSdeiStopParks) {
  TraceBuilder t(3);
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b110);
  t.ipi_stop(1);
  t.enter_sdei(2, kCauseStop).daif_mask(2).note(2, kCtxTop).offline(2).pe_mask(2).park(2);
  EXPECT_EQ(t.count(Property::P8), 0u) << t.list();
}

TEST(P8, CpuOffFromInsideTheSdeiStop) {
  TraceBuilder t;
  t.probe.crash = true;
  t.enter_sdei(1, kCauseStop).daif_mask(1).note(1, kCtxTop).offline(1).cpu_off(1, 0, 1);
  EXPECT_TRUE(t.has(Signature::cpu_off_in_sdei)) << t.list();
}

TEST(P8, CpuOffOnAPlainStop) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).cpu_off(1);
  EXPECT_TRUE(t.has(Signature::cpu_off_on_plain_stop)) << t.list();
}

// The converse: on the crash path an IPI-stopped CPU with PSCI cpu_die is
// powered off (so the capture kernel can bring it back).
TEST(P8, IpiStopParksOnTheCrashPathAlthoughCpuOffIsThere) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).note(1, kCtxTop).offline(1).pe_mask(1).park(1);
  EXPECT_TRUE(t.has(Signature::ipi_stop_not_powered_off)) << t.list();
  TraceBuilder spin_table;  // no cpu_die: parking is all it can do
  spin_table.scenario.machine.cpu[1].has_cpu_die = false;
  spin_table.probe.crash = true;
  spin_table.stop_enter(0, true).rung1(0, 0b10);
  spin_table.enter_irq(1, SF_IPI_STOP).daif_mask(1).note(1, kCtxTop).offline(1).pe_mask(1).park(1);
  EXPECT_FALSE(spin_table.has(Signature::ipi_stop_not_powered_off)) << spin_table.list();
}

}  // namespace
}  // namespace sf::test
