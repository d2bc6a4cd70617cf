// memory_store_buffer_test.cc - the arm64 model's store buffer, one rule per test.
//
// Spec: docs/memory_model.md M1 (store buffer), M2 (stores to different
// addresses drain in any order), M3 (forwarding), M4 (coherence), M11
// (private stack), M12 (time drains the buffers); issue 11. Each test runs a
// tiny program under every short tape (tests/models/memory_litmus.h) and
// checks which outcomes the rule allows and which it forbids. A zero tape
// must give the sc outcome.
#include <gtest/gtest.h>

#include "tests/models/memory_litmus.h"

namespace sf::test::litmus {
namespace {

constexpr size_t kLen = 7;
constexpr uint8_t kMax = 3;

void expect_zero_tape_is_sc(const std::vector<Program>& p) {
  EXPECT_EQ(run_once(p, {}, MemoryModel::kArm64), run_once(p, {}, MemoryModel::kSc));
  EXPECT_EQ(run_once(p, std::vector<uint8_t>(kLen, 0), MemoryModel::kArm64), run_once(p, {}, MemoryModel::kSc));
}

// M1: a store can still be in CPU 0's buffer when CPU 1 reads; sc never.
TEST(MemoryStoreBuffer, AStoreMayNotYetBeVisible) {
  const std::vector<Program> p = {[](int) { W(&x, 1); }, [](int) { reg[1] = R(&x); }};
  EXPECT_EQ(outcomes(p, kLen, kMax, MemoryModel::kSc), (std::set<Outcome>{regs(-1, 1)}));
  EXPECT_EQ(outcomes(p, kLen, kMax), (std::set<Outcome>{regs(-1, 0), regs(-1, 1)}));
  expect_zero_tape_is_sc(p);
}

// M3: a CPU reads its own buffered store.
TEST(MemoryStoreBuffer, OwnStoresAreForwarded) {
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    reg[0] = R(&x);
                                  },
                                  [](int) { reg[1] = R(&x); }};
  for (const Outcome& o : outcomes(p, kLen, kMax)) EXPECT_EQ(o[0], 1);
  EXPECT_EQ(outcomes(p, kLen, kMax).size(), 2u) << "CPU 1 may still see 0";
}

// M2: two stores to different addresses become visible in either order (the
// reader's smp_rmb() rules out M5 as the explanation).
TEST(MemoryStoreBuffer, StoresToDifferentAddressesDrainInAnyOrder) {
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    W(&y, 1);
                                  },
                                  [](int) {
                                    reg[1] = R(&y);
                                    B(SF_BARRIER_RMB);
                                    reg[2] = R(&x);
                                  }};
  const auto o = outcomes(p, kLen, kMax);
  EXPECT_TRUE(o.count(regs(-1, 1, 0))) << show(o);
  EXPECT_TRUE(o.count(regs(-1, 0, 1))) << show(o);
  expect_zero_tape_is_sc(p);
}

// M4: two stores to one address are seen in program order, by every reader;
// a reader never goes back to an older value.
TEST(MemoryStoreBuffer, CoherencePerAddress) {
  const std::vector<Program> p = {[](int) {
                                    W(&x, 1);
                                    W(&x, 2);
                                  },
                                  [](int) {
                                    reg[1] = R(&x);
                                    reg[2] = R(&x);
                                  }};
  const auto o = outcomes(p, kLen, kMax);
  for (const Outcome& r : o) EXPECT_LE(r[1], r[2]) << show(o);
  EXPECT_TRUE(o.count(regs(-1, 0, 0))) << show(o);
  EXPECT_TRUE(o.count(regs(-1, 2, 2))) << show(o);
}

// M4: a store to an address another CPU has buffered is ordered after it:
// the last writer's value is what a reader that has caught up (dsb(ish)
// raises its floor) reads; before that it may read an older one, but never
// goes back.
TEST(MemoryStoreBuffer, CoherenceAcrossWriters) {
  const std::vector<Program> p = {[](int) { W(&x, 1); },
                                  [](int) {
                                    W(&x, 2);
                                    B(SF_BARRIER_DSB_ISH);
                                    reg[1] = R(&x);
                                  },
                                  [](int) {
                                    reg[2] = R(&x);
                                    B(SF_BARRIER_DSB_ISH);
                                    reg[3] = R(&x);
                                  }};
  const auto o = outcomes(p, kLen, kMax);
  for (const Outcome& r : o) {
    EXPECT_EQ(r[1], 2) << show(o);
    EXPECT_EQ(r[3], 2) << show(o);
  }
  EXPECT_TRUE(o.count(regs(-1, 2, 1, 2))) << show(o);
}

// M12: virtual time passing empties every store buffer: a reader that waits
// (udelay) sees the store; one that does not may not.
TEST(MemoryStoreBuffer, TimeDrainsTheBuffers) {
  auto p = [](bool wait) {
    return std::vector<Program>{[](int) { W(&x, 1); },
                                [wait](int) {
                                  if (wait) sf_udelay(&kSite, 1);
                                  reg[1] = R(&x);
                                }};
  };
  EXPECT_EQ(outcomes(p(true), kLen, kMax), (std::set<Outcome>{regs(-1, 1)}));
  EXPECT_TRUE(outcomes(p(false), kLen, kMax).count(regs(-1, 0)));
}

// M11: the running CPU's own stack is private: no decision is asked for it.
TEST(MemoryStoreBuffer, OwnStackIsPrivate) {
  std::vector<uint8_t> ones(kLen, 1);
  // Count the decisions the tape answered (one CPU: no schedule decisions).
  auto decisions = [&](bool on_stack) {
    static Machine m;
    static const sf_revision rev = make_revision();
    InOrder in_order;
    MachineConfig cfg;
    cfg.ncpus = 1;
    cfg.memory = MemoryModel::kArm64;
    std::vector<CpuProgram> cps{[on_stack](Machine&, int) {
      volatile long local = 0;
      W(on_stack ? &local : &x, 1);
      reg[0] = R(on_stack ? &local : &x);
    }};
    Tape t(ones.data(), ones.size());
    Trace trace;
    m.run(&rev, cfg, &t, cps, 1, nullptr, &trace, nullptr, &in_order);
    return t.decisions();
  };
  EXPECT_EQ(decisions(true), 0u);
  EXPECT_GT(decisions(false), 0u);
  EXPECT_EQ(reg[0], 1);
}

}  // namespace
}  // namespace sf::test::litmus
