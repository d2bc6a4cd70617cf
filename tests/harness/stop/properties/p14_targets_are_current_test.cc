// p14_targets_are_current_test.cc - P14 on hand-built traces (spec §8 P14, §4.3, §7.1 item 7).
#include <gtest/gtest.h>

#include "tests/harness/stop/trace_builder.h"

namespace sf::test {
namespace {

TEST(P14, EachRungReSnapshots) {
  TraceBuilder t(3);
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).rung1(0, 0b110);
  t.at_ms(1000).read_count(0).snapshot(0, 0b111).send_ipi(0, 0b110, SF_IPI_STOP_NMI);
  t.at_ms(1010).read_count(0).snapshot(0, 0b101).signal(0, 2);
  t.at_ms(1110).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_EQ(t.count(Property::P14), 0u) << t.list();
}

TEST(P14, ARungWithoutASnapshot) {
  TraceBuilder t;
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).rung1(0, 0b10).at_ms(1000).send_ipi(0, 0b10, SF_IPI_STOP_NMI);
  EXPECT_TRUE(t.has(Signature::no_re_snapshot)) << t.list();
}

TEST(P14, NmiRungTargetsOtherThanItsSnapshot) {
  TraceBuilder t(3);
  t.scenario.machine.pseudo_nmi = true;
  t.stop_enter(0).rung1(0, 0b110).at_ms(1000).snapshot(0, 0b101).send_ipi(0, 0b110, SF_IPI_STOP_NMI);
  EXPECT_TRUE(t.has(Signature::stale_targets)) << t.list();
}

TEST(P14, SdeiRungSignalsACpuNotInItsSnapshot) {
  TraceBuilder t(3);
  t.stop_enter(0).rung1(0, 0b110).at_ms(1000).snapshot(0, 0b101).signal(0, 1);
  EXPECT_TRUE(t.has(Signature::stale_targets)) << t.list();
}

TEST(P14, SdeiRungSkipsACpuOfItsSnapshot) {
  TraceBuilder t(3);
  t.stop_enter(0).rung1(0, 0b110).at_ms(1000).snapshot(0, 0b111).signal(0, 1);
  t.at_ms(1100).read_count(0).pe_mask(0).stop_exit(0);
  EXPECT_TRUE(t.has(Signature::missing_targets)) << t.list();
}

}  // namespace
}  // namespace sf::test
