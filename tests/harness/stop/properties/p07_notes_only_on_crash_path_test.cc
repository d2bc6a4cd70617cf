// p07_notes_only_on_crash_path_test.cc - P7 on hand-built traces (spec §8 P7,
// §12.1.3, §12.1.1 d, §12.2).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P7, NotesOnlyOnTheCrashPath) {
  TraceBuilder crash;
  crash.probe.crash = true;
  crash.stop_enter(0, true).rung1(0, 0b10);
  crash.ipi_stop(1);
  crash.mark(0, SF_MARK_KEXEC_CAPTURE);
  EXPECT_EQ(crash.count(Property::P7), 0u) << crash.list();
  TraceBuilder plain;
  plain.stop_enter(0).rung1(0, 0b10);
  plain.ipi_stop(1);
  EXPECT_EQ(plain.count(Property::P7), 0u) << plain.list();
}

TEST(P7, NoteOnAPlainStop) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).note(1, kCtxTop);
  EXPECT_TRUE(t.has(Signature::note_on_plain_stop)) << t.list();
}

TEST(P7, NoteFromNullRegs) {
  TraceBuilder t;
  t.probe.crash = true;
  t.mark(1, SF_MARK_SELF_STOP).daif_mask(1).note(1, -1);
  EXPECT_TRUE(t.has(Signature::null_regs)) << t.list();
}

// §12.1.1 (d): a self-stopped panic loser is stopped again by SDEI, which
// has registers and writes a note.
TEST(P7, NoteByASelfStoppedCpu) {
  TraceBuilder t;
  t.probe.crash = true;
  t.mark(1, SF_MARK_SELF_STOP).daif_mask(1).enter_sdei(1, kCauseStop).daif_mask(1).note(1, kCtxTop);
  EXPECT_TRUE(t.has(Signature::note_by_self_stopped_cpu)) << t.list();
}

TEST(P7, ParkedOnTheCrashPathWithoutANote) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).pe_mask(1).park(1);
  EXPECT_TRUE(t.has(Signature::missing_note)) << t.list();
}

// Powered off without a note never parks: the capture kernel notices.
TEST(P7, CaptureWithoutTheNoteOfACrashStoppedCpu) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).pe_mask(1).cpu_off(1);
  EXPECT_FALSE(t.has(Signature::missing_note)) << t.list();
  t.read_count(0).pe_mask(0).stop_exit(0, true).mark(0, SF_MARK_KEXEC_CAPTURE);
  EXPECT_TRUE(t.has(Signature::missing_note_at_capture)) << t.list();
}

// The requester said the stop failed: kdump goes on knowing it.
TEST(P7, CaptureAfterAReportedFailureIsNotJudged) {
  TraceBuilder t;
  t.probe.crash = true;
  t.stop_enter(0, true).rung1(0, 0b10);
  t.enter_irq(1, SF_IPI_STOP).daif_mask(1).offline(1).pe_mask(1).cpu_off(1);
  t.mark(0, SF_MARK_CRASH_FAILED).mark(0, SF_MARK_KEXEC_CAPTURE);
  EXPECT_FALSE(t.has(Signature::missing_note_at_capture)) << t.list();
}

// A plain stop IPI (cpu0 halts) entered while crash_stop is still 0, and
// cpu2's crash_smp_send_stop() setting it before cpu1's handler does its
// first bookkeeping: the handler read the flag somewhere in between, and
// wrote no note, so it read 0. The crash stop found cpu1 already gone; the
// capture kernel booting without its note is the §7.5 concurrent plain stop,
// not a crash stop without its note (the shape AFL++ and libFuzzer found on
// final: tests/known/plain_stop_before_crash_repro_test.cc).
TEST(P7, APlainStopEnteredBeforeTheCrashStopBeganIsNotJudgedAtCapture) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b110);
  t.enter_irq(1, SF_IPI_STOP);
  t.probe.crash = true;
  t.stop_enter(2, true);
  t.daif_mask(1).offline(1).pe_mask(1).park(1);
  EXPECT_FALSE(t.has(Signature::missing_note)) << t.list();
  t.read_count(2).pe_mask(2).stop_exit(2, true).mark(2, SF_MARK_KEXEC_CAPTURE);
  EXPECT_FALSE(t.has(Signature::missing_note_at_capture)) << t.list();
}

}  // namespace
}  // namespace sf::test
