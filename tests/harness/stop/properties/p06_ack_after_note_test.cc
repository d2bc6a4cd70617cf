// p06_ack_after_note_test.cc - P6 on hand-built traces (spec §8 P6, §4.6, §12.1.1 b).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P6, NoteBeforeTheAck) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.ipi_stop(1);
  EXPECT_EQ(t.count(Property::P6), 0u) << t.list();
}

TEST(P6, NoteAfterTheAck) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).note(1, kCtxTop);
  EXPECT_TRUE(t.has(Signature::note_after_ack)) << t.list();
}

// The nested stop's note comes after the outer stop's ack.
TEST(P6, NestedNoteAfterTheOuterAck) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).note(1, kCtxTop).offline(1);
  t.enter_sdei(1, kCauseStop).daif_mask(1).note(1, kCtxIrq);
  EXPECT_TRUE(t.has(Signature::note_after_ack_nested)) << t.list();
  EXPECT_FALSE(t.has(Signature::note_after_ack));
}

// linux-6.1's acknowledgement is the crash counter's decrement.
TEST(P6, TheCrashCounterIsTheAckOnLinux61) {
  TraceBuilder ok;
  ok.stop_enter(0, true).send_ipi(0, 0b10, SF_IPI_CRASH_STOP);
  ok.enter_irq(1, SF_IPI_CRASH_STOP).note(1, kCtxTop).crash_ack(1, 0);
  EXPECT_EQ(ok.count(Property::P6), 0u) << ok.list();
  TraceBuilder late;
  late.stop_enter(0, true).send_ipi(0, 0b10, SF_IPI_CRASH_STOP);
  late.enter_irq(1, SF_IPI_CRASH_STOP).crash_ack(1, 0).note(1, kCtxTop);
  EXPECT_TRUE(late.has(Signature::note_after_ack)) << late.list();
}

}  // namespace
}  // namespace sf::test
