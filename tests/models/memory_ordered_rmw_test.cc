// memory_ordered_rmw_test.cc - acquire/release (M13) and the ordered read-modify-writes (M14), one rule per test.
//
// Spec: docs/memory_model.md M13, M14; shim/include/stopfuzz/ordering.h
// (smp_load_acquire, smp_store_release, xchg/cmpxchg and their variants);
// issue 11 (the litmus mode needs them).
#include <gtest/gtest.h>

#include "tests/models/memory_litmus.h"

namespace sf::test::litmus {
namespace {

constexpr size_t kLen = 8;
constexpr uint8_t kMax = 3;

void WRel(volatile long* p, long v) { sf_store_release(&kSite, p, sizeof *p, static_cast<unsigned long>(v)); }
long RAcq(volatile long* p) { return static_cast<long>(sf_load_acquire(&kSite, p, sizeof *p)); }
long Rmw(int op, int order, volatile long* p, long a, long b = 0) {
  return sf_rmw(&kSite, op, order, p, sizeof *p, a, b);
}

// M13: release/acquire order message passing; either half alone does not.
TEST(MemoryOrderedRmw, ReleaseAcquireOrderMessagePassing) {
  auto mp = [](bool release, bool acquire) {
    return std::vector<Program>{[release](int) {
                                  W(&x, 1);
                                  if (release)
                                    WRel(&y, 1);
                                  else
                                    W(&y, 1);
                                },
                                [acquire](int) {
                                  reg[1] = acquire ? RAcq(&y) : R(&y);
                                  reg[2] = R(&x);
                                }};
  };
  EXPECT_FALSE(outcomes(mp(true, true), kLen, kMax).count(regs(-1, 1, 0)));
  EXPECT_TRUE(outcomes(mp(true, false), kLen, kMax).count(regs(-1, 1, 0)));
  EXPECT_TRUE(outcomes(mp(false, true), kLen, kMax).count(regs(-1, 1, 0)));
}

// M13: an LDAR is not satisfied before its CPU's earlier STLR is visible
// (arm64's acquire is RCsc): store buffering with release stores and
// acquire loads is forbidden; with plain loads it is not.
TEST(MemoryOrderedRmw, AcquireWaitsForEarlierRelease) {
  auto sb = [](bool acquire) {
    return std::vector<Program>{[acquire](int) {
                                  WRel(&x, 1);
                                  reg[0] = acquire ? RAcq(&y) : R(&y);
                                },
                                [acquire](int) {
                                  WRel(&y, 1);
                                  reg[1] = acquire ? RAcq(&x) : R(&x);
                                }};
  };
  EXPECT_FALSE(outcomes(sb(true), kLen, kMax).count(regs(0, 0)));
  EXPECT_TRUE(outcomes(sb(false), kLen, kMax).count(regs(0, 0)));
}

// M14: a fully ordered RMW that writes orders store buffering; a failed
// cmpxchg and a relaxed xchg order nothing.
TEST(MemoryOrderedRmw, FullyOrderedOnlyWhenItWrites) {
  auto sb = [](int op, int order, long a, long b) {
    return std::vector<Program>{[=](int) {
                                  W(&x, 1);
                                  Rmw(op, order, &z, a, b);
                                  reg[0] = R(&y);
                                },
                                [=](int) {
                                  W(&y, 1);
                                  Rmw(op, order, &z, a, b);
                                  reg[1] = R(&x);
                                }};
  };
  EXPECT_FALSE(outcomes(sb(SF_RMW_XCHG, SF_ORDER_FULL, 1, 0), kLen, kMax).count(regs(0, 0)));
  EXPECT_TRUE(outcomes(sb(SF_RMW_XCHG, SF_ORDER_RELAXED, 1, 0), kLen, kMax).count(regs(0, 0)));
  EXPECT_TRUE(outcomes(sb(SF_RMW_CMPXCHG, SF_ORDER_FULL, 5, 1), kLen, kMax).count(regs(0, 0)));  // z is never 5
  EXPECT_FALSE(outcomes(sb(SF_RMW_XCHG, SF_ORDER_FULL, 1, 0), kLen, kMax, MemoryModel::kSc).count(regs(0, 0)));
}

// M14: the values: the old value returned, the new one written only when the operation writes.
TEST(MemoryOrderedRmw, Values) {
  const std::vector<Program> p = {[](int) {
    z = 3;
    reg[0] = Rmw(SF_RMW_ADD, SF_ORDER_RELAXED, &z, 4);               // 3 -> 7
    reg[1] = Rmw(SF_RMW_CMPXCHG, SF_ORDER_FULL, &z, 6, 1);           // fails
    reg[2] = Rmw(SF_RMW_ADD_UNLESS, SF_ORDER_FULL, &z, 1, 7);        // 7 is excluded
    reg[3] = Rmw(SF_RMW_ANDNOT, SF_ORDER_RELEASE, &z, 2) * 100 + z;  // 7 -> 5
  }};
  for (MemoryModel m : {MemoryModel::kSc, MemoryModel::kArm64})
    EXPECT_EQ(outcomes(p, 2, 1, m), std::set<Outcome>{regs(3, 7, 7, 705)}) << memory_model_name(m);
}

}  // namespace
}  // namespace sf::test::litmus
