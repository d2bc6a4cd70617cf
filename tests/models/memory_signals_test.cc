// memory_signals_test.cc - stores against SGIs, SMCs and exception entry, one rule per test.
//
// Spec: docs/memory_model.md M8 (exception entry), M10 (a DSB completes
// stores before an SMC or SGI write, a DMB does not; the GIC driver's own
// barrier; the firmware's optional DSB); stop-path.md §6.1, §6.4, §6.5;
// issue 11. CPU 0 publishes x and then signals CPU 1, whose handler reads x.
#include <gtest/gtest.h>

#include "tests/models/memory_litmus.h"

namespace sf::test::litmus {
namespace {

constexpr size_t kLen = 7;
constexpr uint8_t kMax = 3;

void read_x_in_handler() {
  on_sdei = on_ipi = [](int c) { reg[c] = R(&x); };
}

// CPU 0: x = 1; barrier; SDEI_EVENT_SIGNAL to CPU 1. CPU 1 takes event 0.
std::set<Outcome> signal_after(int barrier) {
  read_x_in_handler();
  const std::vector<Program> p = {[barrier](int) {
                                    W(&x, 1);
                                    if (barrier >= 0) B(barrier);
                                    sf_sdei_event_signal(&kSite, 0, 1);
                                  },
                                  [](int) { reg[0] = R(&z); }};
  return outcomes(p, kLen, kMax);
}

// M10: a DMB (smp_wmb() or smp_mb()) does not order the store against the
// SMC: the handler can read the old x. dsb(ishst) does.
TEST(MemorySignals, DmbDoesNotOrderAStoreAgainstAnSmcDsbDoes) {
  const auto wmb = signal_after(SF_BARRIER_WMB);
  EXPECT_TRUE(wmb.count(regs(0, 0))) << show(wmb);
  EXPECT_TRUE(wmb.count(regs(0, 1))) << show(wmb);
  EXPECT_TRUE(signal_after(SF_BARRIER_MB).count(regs(0, 0)));
  EXPECT_EQ(signal_after(SF_BARRIER_DSB_ISHST), (std::set<Outcome>{regs(0, 1)}));
}

// M10: the stale read needs the firmware to raise the SGI without a DSB:
// with the firmware's choice fixed at 0 (the DSB, as the reference firmware
// does) it never happens. The decision is asked only with a store buffered.
TEST(MemorySignals, FirmwareDsbIsADecisionAskedOnlyWhenAStoreIsBuffered) {
  read_x_in_handler();
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    B(SF_BARRIER_WMB);
                                    sf_sdei_event_signal(&kSite, 0, 1);
                                  },
                                  [](int) { reg[0] = R(&z); }};
  // Tape: the store stays buffered (1), then the firmware's choice: the DSB
  // (0), the handler reads 1; no DSB (1), the handler's load finds it still
  // buffered (0: not visible yet) and reads 0.
  EXPECT_EQ(run_once(p, {1, 0}, MemoryModel::kArm64)[1], 1);
  EXPECT_EQ(run_once(p, {1, 1, 0}, MemoryModel::kArm64)[1], 0);
  EXPECT_EQ(run_once(p, {1, 1, 1}, MemoryModel::kArm64)[1], 1) << "visible by the time of the load";
  // With nothing buffered the firmware is not asked: the handler reads 1.
  EXPECT_EQ(run_once(p, {0, 1, 1}, MemoryModel::kArm64)[1], 1);
}

// M10: __ipi_send_mask() is gic_ipi_send_mask(), which completes earlier
// stores (dsb(ishst)) before it writes the SGI register: even with only a
// DMB, or no barrier at all, the IPI handler reads the new x.
TEST(MemorySignals, IpiSendCompletesEarlierStores) {
  read_x_in_handler();
  for (int barrier : {-1, static_cast<int>(SF_BARRIER_WMB)}) {
    const std::vector<Program> p = {[barrier](int) {
                                      W(&x, 1);
                                      if (barrier >= 0) B(barrier);
                                      const unsigned long mask = 2;
                                      sf_ipi_send_mask(&kSite, 0, &mask);
                                    },
                                    [](int) { reg[0] = R(&z); }};
    EXPECT_EQ(outcomes(p, kLen, kMax), (std::set<Outcome>{regs(0, 1)}));
  }
}

// M8: a handler's loads are not satisfied before the exception was taken.
// x is visible before the IPI; at top level CPU 1 may still read it early
// (old value), inside the IPI handler never.
TEST(MemorySignals, ExceptionEntryIsWhereTheHandlersLoadsStart) {
  read_x_in_handler();
  const std::vector<Program> in_handler = {[](int) {
                                             W(&x, 1);
                                             W(&y, 1);
                                             const unsigned long mask = 2;
                                             sf_ipi_send_mask(&kSite, 0, &mask);
                                           },
                                           [](int) { reg[0] = R(&z); }};
  EXPECT_EQ(outcomes(in_handler, kLen, kMax), (std::set<Outcome>{regs(0, 1)}));
  on_ipi = nullptr;
  const std::vector<Program> top_level = {[](int) {
                                            W(&x, 1);
                                            W(&y, 1);
                                          },
                                          [](int) {
                                            reg[0] = R(&y);
                                            reg[1] = R(&x);
                                          }};
  EXPECT_TRUE(outcomes(top_level, kLen, kMax).count(regs(1, 0)));
}

}  // namespace
}  // namespace sf::test::litmus
