// p10_stop_never_mistaken_for_backtrace_test.cc - P10 on hand-built traces (spec §8 P10, §6.1).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P10, AStopDeliveryStops) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).snapshot(0, 0b11).signal(0, 1);
  t.enter_sdei(1, kCauseStop).daif_mask(1).offline(1).pe_mask(1).park(1);
  EXPECT_EQ(t.count(Property::P10), 0u) << t.list();
}

// §6.1: the flag store still in flight when the SGI arrives: the handler
// reads "not stopping", runs the backtrace branch and completes the event.
TEST(P10, AStopDeliveryTakenAsABacktrace) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).snapshot(0, 0b11).signal(0, 1);
  t.enter_sdei(1, kCauseStop).complete_sdei(1);
  EXPECT_TRUE(t.has(Signature::stop_taken_as_backtrace)) << t.list();
}

}  // namespace
}  // namespace sf::test
