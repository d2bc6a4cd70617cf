// p02_single_winner_test.cc - P2 on hand-built traces (spec §8 P2, §4.3 step 2).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

// The loser of stop_in_progress returns without sending anything.
TEST(P2, HoldsWhenTheLoserReturnsAtOnce) {
  TraceBuilder t(3);
  t.stop_enter(0).stop_enter(2).rung1(0, 0b110).stop_exit(2);
  EXPECT_EQ(t.count(Property::P2), 0u) << t.list();
}

TEST(P2, TwoRequestersSendRungs) {
  TraceBuilder t(3);
  t.stop_enter(0).stop_enter(2).rung1(0, 0b110).rung1(2, 0b011);
  EXPECT_TRUE(t.has(Signature::two_winners)) << t.list();
}

}  // namespace
}  // namespace sf::test
