// p12_backtrace_completes_test.cc - P12 on hand-built traces (spec §8 P12, §12.1.4).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P12, EveryoneAnswered) {
  TraceBuilder t;
  t.mark(0, SF_MARK_BACKTRACE_ENTER).mark(0, SF_MARK_BACKTRACE_DONE, 1);
  EXPECT_EQ(t.count(Property::P12), 0u) << t.list();
}

TEST(P12, AReachableCpuNeverAnswered) {
  TraceBuilder t;
  t.probe.backtrace = 0b10;
  t.mark(0, SF_MARK_BACKTRACE_ENTER).at_ms(10000).mark(0, SF_MARK_BACKTRACE_DONE, 0);
  EXPECT_TRUE(t.has(Signature::backtrace_lost)) << t.list();
}

// §12.1.4: event 0 to a masked PE is dropped; that CPU is excused.
TEST(P12, AMaskedPeIsExcused) {
  TraceBuilder t;
  t.probe.backtrace = 0b10;
  t.pe_mask(1).mark(0, SF_MARK_BACKTRACE_ENTER).at_ms(10000).mark(0, SF_MARK_BACKTRACE_DONE, 0);
  EXPECT_EQ(t.count(Property::P12), 0u) << t.list();
}

}  // namespace
}  // namespace sf::test
