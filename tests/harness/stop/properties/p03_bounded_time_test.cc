// p03_bounded_time_test.cc - P3 on hand-built traces (spec §8 P3, §5).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

// Rung 1 alone: 1 s + 3 ms of poll overrun.
TEST(P3, RungOneWithinItsSecond) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1003).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P3), 0u) << t.list();
}

TEST(P3, RungOneOverItsSecond) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1004).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::too_slow)) << t.list();
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
