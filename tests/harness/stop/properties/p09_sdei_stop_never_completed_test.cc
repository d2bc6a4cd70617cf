// p09_sdei_stop_never_completed_test.cc - P9 on hand-built traces (spec §8 P9, §4.12).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P9, TheSdeiStopParksInsideTheEvent) {
  TraceBuilder t;
  t.enter_sdei(1, kCauseStop).daif_mask(1).offline(1).pe_mask(1).park(1);
  EXPECT_EQ(t.count(Property::P9), 0u) << t.list();
}

TEST(P9, TheSdeiStopCompletesTheEvent) {
  TraceBuilder t;
  t.enter_sdei(1, kCauseStop).daif_mask(1).offline(1).complete_sdei(1);
  EXPECT_TRUE(t.has(Signature::sdei_stop_completed)) << t.list();
}

TEST(P9, AbortingTheStopsEventCompletesItToo) {
  TraceBuilder t;
  t.enter_sdei(1, kCauseStop).daif_mask(1).abort_sdei(1);
  EXPECT_TRUE(t.has(Signature::sdei_stop_completed)) << t.list();
}

// A backtrace dispatch completes: that is no stop.
TEST(P9, ABacktraceCompletes) {
  TraceBuilder t;
  t.enter_sdei(1, kCauseBacktrace).complete_sdei(1);
  EXPECT_EQ(t.count(Property::P9), 0u) << t.list();
}

}  // namespace
}  // namespace sf::test
