// p15_exit_hygiene_test.cc - P15 on hand-built traces (spec §8 P15, §4.2, §4.3 step 8).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P15, TheWinnerMasksItsPeAndTheCrashPathAborts) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.ipi_stop(1);
  t.read_count(0).pe_mask(0).mark(0, SF_MARK_SDEI_ABORT_CALLED).stop_exit(0, true);
  EXPECT_EQ(t.count(Property::P15), 0u) << t.list();
}

TEST(P15, TheWinnerReturnsWithItsPeUnmasked) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.ipi_stop(1);
  t.read_count(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::pe_not_masked)) << t.list();
}

// Nobody else online counts as winning: the exit path still masks.
TEST(P15, ALoneRequesterMasksItsPeToo) {
  TraceBuilder t;
  t.offline(1);
  t.stop_enter(0).read_count(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::pe_not_masked)) << t.list();
}

TEST(P15, TheCrashPathWithoutSdeiHandlerAbort) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.ipi_stop(1);
  t.read_count(0).pe_mask(0).stop_exit(0, true);
  EXPECT_TRUE(t.has(Signature::no_sdei_handler_abort)) << t.list();
}

}  // namespace
}  // namespace sf::test
