// memory_barriers_test.cc - early loads, DMB ISHST/ISHLD/ISH and the atomics' ordering, one rule per test.
//
// Spec: docs/memory_model.md M5 (loads satisfied early), M6 (smp_wmb), M7
// (smp_rmb, smp_mb), M9 (fully ordered vs relaxed atomics); stop-path.md
// §12.3 (set_cpu_online(): a fully ordered test-and-clear, a relaxed
// decrement); issue 11. Message passing (x then y; y then x) is the shape
// of every question: can the reader see the flag and miss the data?
#include <gtest/gtest.h>

#include "tests/models/memory_litmus.h"

namespace sf::test::litmus {
namespace {

constexpr size_t kLen = 7;
constexpr uint8_t kMax = 3;

Program reader(bool rmb) {
  return [rmb](int) {
    reg[1] = R(&y);
    if (rmb) B(SF_BARRIER_RMB);
    reg[2] = R(&x);
  };
}
Program writer(int barrier) {
  return [barrier](int) {
    W(&x, 1);
    if (barrier >= 0) B(barrier);
    W(&y, 1);
  };
}
bool flag_without_data(const std::set<Outcome>& o) { return o.count(regs(-1, 1, 0)) != 0; }

// M5: with the stores ordered (smp_wmb), the reader can still miss the data
// when its second load is satisfied before its first; smp_rmb() forbids it.
TEST(MemoryBarriers, LoadsMayBeSatisfiedEarly) {
  EXPECT_TRUE(flag_without_data(outcomes({writer(SF_BARRIER_WMB), reader(false)}, kLen, kMax)));
  EXPECT_FALSE(flag_without_data(outcomes({writer(SF_BARRIER_WMB), reader(true)}, kLen, kMax)));
  EXPECT_FALSE(flag_without_data(outcomes({writer(SF_BARRIER_WMB), reader(false)}, kLen, kMax, MemoryModel::kSc)));
}

// M6: smp_wmb() orders the two stores; without it the reader (with its
// smp_rmb()) can see y without x.
TEST(MemoryBarriers, WmbOrdersStoresAgainstStores) {
  EXPECT_TRUE(flag_without_data(outcomes({writer(-1), reader(true)}, kLen, kMax)));
  EXPECT_FALSE(flag_without_data(outcomes({writer(SF_BARRIER_WMB), reader(true)}, kLen, kMax)));
  EXPECT_FALSE(flag_without_data(outcomes({writer(SF_BARRIER_MB), reader(true)}, kLen, kMax)));
}

// M7: store buffering. Without smp_mb() both CPUs can miss each other's
// store; with it on both sides, not. CPU 0 runs first, so it always reads
// y == 0 and the question is whether CPU 1 reads x == 0.
TEST(MemoryBarriers, MbOrdersStoresAgainstLaterLoads) {
  auto sb = [](bool mb) {
    return std::vector<Program>{[mb](int) {
                                  W(&x, 1);
                                  if (mb) B(SF_BARRIER_MB);
                                  reg[0] = R(&y);
                                },
                                [mb](int) {
                                  W(&y, 1);
                                  if (mb) B(SF_BARRIER_MB);
                                  reg[1] = R(&x);
                                }};
  };
  EXPECT_TRUE(outcomes(sb(false), kLen, kMax).count(regs(0, 0)));
  EXPECT_FALSE(outcomes(sb(true), kLen, kMax).count(regs(0, 0)));
  EXPECT_FALSE(outcomes(sb(false), kLen, kMax, MemoryModel::kSc).count(regs(0, 0)));
}

// CPU 0 runs until `yield_now` is set, then CPU 1 runs to its end, then CPU 0 again.
class SwitchOnce final : public Scheduler {
 public:
  inline static bool yield_now = false;
  void new_execution() override { yield_now = false; }
  int preempt(int current, const int* others, int) override {
    if (current != 0 || !yield_now) return -1;
    yield_now = false;
    return others[0];
  }
  int pick(int, const int* runnable, int) override { return runnable[0]; }
};

// M7: the load after smp_mb() is satisfied only after the store before the
// barrier became visible. CPU 0 stops right after its barrier with x still
// buffered; CPU 1 stores y (visible), fences and reads x (x may still be
// buffered: 0). When CPU 0 goes on, its load drains x and may not then
// return the y from before CPU 1's store: SB with smp_mb() stays forbidden
// when the barrier and the load are far apart in time.
TEST(MemoryBarriers, LoadAfterMbIsSatisfiedAfterTheFencedStores) {
  SwitchOnce sched;
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    B(SF_BARRIER_MB);
                                    SwitchOnce::yield_now = true;
                                    reg[0] = R(&y);
                                  },
                                  [](int) {
                                    W(&y, 1);
                                    B(SF_BARRIER_MB);
                                    reg[1] = R(&x);
                                  }};
  const std::set<Outcome> o = outcomes(p, kLen, kMax, MemoryModel::kArm64, &sched);
  EXPECT_TRUE(o.count(regs(1, 0))) << show(o);   // the interleaving happened: CPU 1 missed x
  EXPECT_FALSE(o.count(regs(0, 0))) << show(o);  // but CPU 0 cannot miss y
  // Without the barriers both can.
  const std::vector<Program> q = {[](int) {
                                    W(&x, 1);
                                    SwitchOnce::yield_now = true;
                                    reg[0] = R(&y);
                                  },
                                  [](int) {
                                    W(&y, 1);
                                    reg[1] = R(&x);
                                  }};
  EXPECT_TRUE(outcomes(q, kLen, kMax, MemoryModel::kArm64, &sched).count(regs(0, 0)));
}

// M7: a DMB waits for nothing: a store before smp_mb() may still be
// buffered when the CPU goes on (and when another CPU looks).
TEST(MemoryBarriers, MbDoesNotCompleteStores) {
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    B(SF_BARRIER_MB);
                                  },
                                  [](int) { reg[1] = R(&x); }};
  EXPECT_TRUE(outcomes(p, kLen, kMax).count(regs(-1, 0)));
}

// M9: a value-returning atomic is fully ordered, a non-returning one is
// relaxed: the reader sees the counter change without the data only then.
TEST(MemoryBarriers, ValueReturningAtomicsAreFullyOrdered) {
  auto mp = [](int op) {
    return std::vector<Program>{[op](int) {
                                  W(&x, 1);
                                  sf_atomic(&kSite, op, &counter, 1);
                                },
                                [](int) {
                                  reg[1] = sf_atomic(&kSite, SF_ATOMIC_READ, &counter, 0);
                                  B(SF_BARRIER_RMB);
                                  reg[2] = R(&x);
                                }};
  };
  const auto relaxed = outcomes(mp(SF_ATOMIC_ADD), kLen, kMax);
  EXPECT_TRUE(flag_without_data(relaxed)) << show(relaxed);
  EXPECT_FALSE(flag_without_data(outcomes(mp(SF_ATOMIC_ADD_RETURN), kLen, kMax)));
}

// M9: test_and_set_bit() is fully ordered, set_bit() relaxed.
TEST(MemoryBarriers, TestAndSetBitIsFullyOrderedSetBitIsNot) {
  auto mp = [](int op) {
    return std::vector<Program>{[op](int) {
                                  W(&x, 1);
                                  sf_bitop(&kSite, op, 0, &bits);
                                },
                                [](int) {
                                  reg[1] = sf_bitop(&kSite, SF_BIT_TEST, 0, &bits);
                                  B(SF_BARRIER_RMB);
                                  reg[2] = R(&x);
                                }};
  };
  EXPECT_TRUE(flag_without_data(outcomes(mp(SF_BIT_SET), kLen, kMax)));
  EXPECT_FALSE(flag_without_data(outcomes(mp(SF_BIT_TEST_AND_SET), kLen, kMax)));
}

}  // namespace
}  // namespace sf::test::litmus
