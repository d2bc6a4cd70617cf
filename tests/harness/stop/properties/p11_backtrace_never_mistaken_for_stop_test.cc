// p11_backtrace_never_mistaken_for_stop_test.cc - P11 on hand-built traces (spec §8 P11, §4.14).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

// After a stop began, a backtrace delivery may stop the CPU (§4.14).
TEST(P11, ABacktraceBecomesAStopAfterAStopBegan) {
  TraceBuilder t;
  t.mark(0, SF_MARK_BACKTRACE_ENTER).signal(0, 1, kCauseBacktrace);
  t.stop_enter(0);
  t.enter_sdei(1, kCauseBacktrace).daif_mask(1);
  EXPECT_EQ(t.count(Property::P11), 0u) << t.list();
}

TEST(P11, ABacktraceStopsACpuBeforeAnyStop) {
  TraceBuilder t;
  t.mark(0, SF_MARK_BACKTRACE_ENTER).signal(0, 1, kCauseBacktrace);
  t.enter_sdei(1, kCauseBacktrace).daif_mask(1);
  EXPECT_TRUE(t.has(Signature::backtrace_became_stop)) << t.list();
}

}  // namespace
}  // namespace sf::test
