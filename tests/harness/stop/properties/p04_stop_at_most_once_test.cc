// p04_stop_at_most_once_test.cc - P4 on hand-built traces (spec §8 P4, §12.1.1-2).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P4, OneStopIsOnce) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.ipi_stop(1);
  EXPECT_EQ(t.count(Property::P4), 0u) << t.list();
}

// §12.1.1: event 0 lands after the IPI stop's DAIF mask, before its PE mask.
TEST(P4, SdeiStopNestedInAnIpiStop) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).note(1, kCtxTop).offline(1);
  t.enter_sdei(1, kCauseStop).daif_mask(1).note(1, kCtxIrq);
  EXPECT_TRUE(t.has(Signature::sdei_in_irq)) << t.list();
  EXPECT_TRUE(t.has(Signature::second_note)) << t.list();
}

// A requester's own context is not a stop: its marks make it one.
TEST(P4, RequesterBookkeepingIsNotAStop) {
  TraceBuilder t;
  t.mark(0, SF_MARK_PANIC_ENTER).daif_mask(0).stop_enter(0).pe_mask(0).stop_exit(0).pe_mask(0);
  EXPECT_EQ(t.count(Property::P4), 0u) << t.list();
}

// Signatures name both entries: a self-stop first, then a pseudo-NMI stop.
TEST(P4, SignatureNamesBothKinds) {
  TraceBuilder t;
  t.mark(1, SF_MARK_SELF_STOP).daif_mask(1);
  t.enter_irq(1, SF_IPI_STOP_NMI, true).daif_mask(1);
  EXPECT_TRUE(t.has(Signature::nmi_in_self)) << t.list();
}

}  // namespace
}  // namespace sf::test
