// p13_rung_gating_test.cc - P13 on hand-built traces (spec §8 P13, §4.3, §4.4).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P13, TheLadderInOrder) {
  TraceBuilder t;
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).rung1(0, 0b10);
  t.at_ms(1000).read_count(0).snapshot(0, 0b11).send_ipi(0, 0b10, SF_IPI_STOP_NMI);
  t.at_ms(1010).read_count(0).snapshot(0, 0b11).signal(0, 1);
  EXPECT_EQ(t.count(Property::P13), 0u) << t.list();
}

TEST(P13, NmiRungWithoutPseudoNmi) {
  TraceBuilder t;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1000).snapshot(0, 0b11).send_ipi(0, 0b10, SF_IPI_STOP_NMI);
  EXPECT_TRUE(t.has(Signature::nmi_rung_without_pseudo_nmi)) << t.list();
}

TEST(P13, SdeiRungWithoutTheSdeiNmi) {
  TraceBuilder t;
  t.probe.sdei = false;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1000).snapshot(0, 0b11).signal(0, 1);
  EXPECT_TRUE(t.has(Signature::sdei_rung_without_sdei_nmi)) << t.list();
}

TEST(P13, ARungBeforeTheIpiRung) {
  TraceBuilder t;
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).read_count(0).snapshot(0, 0b11).send_ipi(0, 0b10, SF_IPI_STOP_NMI);
  EXPECT_TRUE(t.has(Signature::nmi_rung_before_ipi_rung)) << t.list();
}

// The requester saw the others' count reach 0 and still escalated.
TEST(P13, ARungAfterEveryoneStopped) {
  TraceBuilder t;
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).rung1(0, 0b10);
  t.ipi_stop(1);
  t.read_count(0).snapshot(0, 0b01).send_ipi(0, 0, SF_IPI_STOP_NMI);
  EXPECT_TRUE(t.has(Signature::rung_after_all_stopped)) << t.list();
}

}  // namespace
}  // namespace sf::test
