// p01_requester_never_stops_itself_test.cc - P1 on hand-built traces (spec §8 P1, §12.1.5).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

// cpu0 stops cpu1 with rung 1 and returns: nothing for P1.
TEST(P1, HoldsForAPlainStop) {
  TraceBuilder t;
  t.mark(0, SF_MARK_PANIC_ENTER).stop_enter(0).rung1(0, 0b10);
  t.ipi_stop(1);
  t.at_ms(1).read_count(0).pe_mask(0).stop_exit(0);
  t.end();
  EXPECT_EQ(t.count(Property::P1), 0u) << t.list();
}

TEST(P1, StopIpiToSelf) {
  TraceBuilder t;
  t.stop_enter(0).snapshot(0, 0b11).send_ipi(0, 0b11, SF_IPI_STOP);
  EXPECT_TRUE(t.has(Signature::stop_ipi_to_self)) << t.list();
}

TEST(P1, SdeiStopSignalledToSelf) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).snapshot(0, 0b11).signal(0, 0);
  EXPECT_TRUE(t.has(Signature::sdei_to_self)) << t.list();
}

// The winner, mid-stop, takes a stop itself (an SDEI stop here, §12.1.5).
// No revision lists it as known: on v1 a losing crash requester signals only
// after an orderly winner's reboot notifier masked every PE, and a panic()
// winner holds the panic_cpu every crash requester needs.
TEST(P1, WinnerStoppedDuringItsStop) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).enter_sdei(0, kCauseStop).daif_mask(0);
  EXPECT_TRUE(t.has(Signature::winner_stopped)) << t.list();
}

TEST(P1, WinnerNeverReturns) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10);
  t.end();
  EXPECT_TRUE(t.has(Signature::winner_never_returned)) << t.list();
  TraceBuilder reset;  // an execution that ends otherwise is not judged
  reset.stop_enter(0).rung1(0, 0b10);
  reset.end(EndReason::kReset);
  EXPECT_FALSE(reset.has(Signature::winner_never_returned));
}

}  // namespace
}  // namespace sf::test
