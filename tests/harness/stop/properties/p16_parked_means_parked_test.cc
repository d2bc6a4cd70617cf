// p16_parked_means_parked_test.cc - P16 on hand-built traces (spec §8 P16, §12.1.1).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P16, AStoppedCpuStaysParked) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.ipi_stop(1);
  EXPECT_EQ(t.count(Property::P16), 0u) << t.list();
}

TEST(P16, AStoppedCpuReturnsToTheInterruptedCode) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).offline(1).exit_irq(1, SF_IPI_STOP);
  EXPECT_TRUE(t.has(Signature::returned_after_ack)) << t.list();
}

TEST(P16, AStoppedCpuEntersTheStopAgain) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).offline(1).enter_sdei(1, kCauseStop).daif_mask(1);
  EXPECT_TRUE(t.has(Signature::re_entered_after_ack)) << t.list();
}

}  // namespace
}  // namespace sf::test
