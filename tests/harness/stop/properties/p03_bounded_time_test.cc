// p03_bounded_time_test.cc - P3 on hand-built traces (spec §8 P3, §5).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

// Rung 1 alone: 1 s + 3 ms of poll overrun.
// Rung 1 alone (the target answered late, the requester saw it go).
TEST(P3, RungOneWithinItsSecond) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1002).ipi_stop(1).read_count(0).at_ms(1003).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P3), 0u) << t.list();
}

TEST(P3, RungOneOverItsSecond) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1002).ipi_stop(1).read_count(0).at_ms(1004).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::too_slow)) << t.list();
}

// The SDEI rung waits its 100 ms even when its snapshot is empty (a lost
// decrement leaves the counter one too high, §12.3): the requester still
// saw a CPU online at the end.
TEST(P3, TheSdeiRungWaitsEvenWithNobodyToSignal) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1).enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1, false);
  t.at_ms(1000).read_count(0).snapshot(0, 0b01);
  t.at_ms(1103).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P3), 0u) << t.list();
  TraceBuilder no_sdei;  // without the SDEI NMI there is no such rung
  no_sdei.probe.sdei = false;
  no_sdei.stop_enter(0).rung1(0, 0b10).at_ms(1).enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1, false);
  no_sdei.at_ms(1103).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(no_sdei.has(Signature::too_slow)) << no_sdei.list();
}

// Each rung that ran adds its wait; console time counts per printk.
TEST(P3, TheBoundGrowsWithTheRungsAndTheConsole) {
  TraceBuilder t;
  t.scenario.machine.printk_cost_us = 5000;
  t.stop_enter(0).rung1(0, 0b10).printk(0);
  t.at_ms(1000).snapshot(0, 0b11).send_ipi(0, 0b10, SF_IPI_STOP_NMI);
  t.at_ms(1010).snapshot(0, 0b11).signal(0, 1);
  t.at_ms(1118).pe_mask(0).stop_exit(0);  // 1 s + 10 + 100 + 3 + 5 ms
  EXPECT_EQ(t.count(Property::P3), 0u) << t.list();
}

}  // namespace
}  // namespace sf::test
