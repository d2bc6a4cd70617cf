// virtual_time_test.cc - the shim's time scaling: USEC_PER_SEC is 1000, udelay(1) is 1 ms.
//
// Spec: design.md §2 ("Virtual time": waiting costs events, not
// microseconds; the modelling choice is stated and tested), stop-path.md §5
// (the ladder is 1 s + 10 ms + 100 ms). shim/include/stopfuzz/kernel.h states
// the choice; these tests pin it down from both sides: the constants, and a
// whole stop where every rung times out.
#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/tape.h"
#include "stopfuzz/machine_api.h"
#include "tests/harness/directed.h"

extern "C" const long sf_test_usec_per_sec;
extern "C" const long sf_test_usec_per_msec;

namespace sf::test {
namespace {

TEST(VirtualTime, ConstantsAreScaled) {
  EXPECT_EQ(sf_test_usec_per_sec, 1000L);
  EXPECT_EQ(sf_test_usec_per_msec, 1L);
}

// Every rung times out: an unreachable target, pseudo-NMI on, SDEI present.
// The requester must return at about 1.11 s of virtual time, after about
// 1000 + 10 + 100 polls (each udelay(1) and each counter read a yield
// point), not 1.11 million: a step bound of 6000 yield points is enough.
TEST(VirtualTime, AllRungsTimingOutTakeAboutOnePointOneOneSeconds) {
  Scenario s = make_scenario({Behaviour::kUnreachable}, /*pseudo_nmi=*/true);
  s.machine.max_steps = 6000;
  RunResult r = run(s);
  ASSERT_NE(r.end, EndReason::kStepLimit) << "udelay(1) is not one millisecond any more?";
  ASSERT_EQ(r.violation(), nullptr) << timeline(r);
  ASSERT_FALSE(ipi_sends(r, 0, SF_IPI_STOP_NMI).empty());
  ASSERT_GT(count(r, 0, Ev::kSdeiSignal), 0u);
  const long d = stop_duration_us(r, 0);
  EXPECT_GE(d, 1110000);
  EXPECT_LE(d, 1110000 + 3000) << "one 1 ms poll overrun per rung at most";
}

// udelay(n) through the shim's C entry point waits n milliseconds of virtual
// time, on the machine's slow path (another CPU runnable) and on its solo
// fast path (nobody else can run) alike.
TEST(VirtualTime, UdelayOfOneIsOneMillisecond) {
  const sf_revision* rev = find_revision("final");
  ASSERT_NE(rev, nullptr);
  static const sf_site site = {"tests/shim/virtual_time_test.cc", "udelay", 1};
  static uint64_t took[2];
  MachineConfig cfg;
  cfg.ncpus = 2;
  std::vector<CpuProgram> programs = {
      [](Machine& m, int) {
        uint64_t t0 = m.now_us();
        sf_udelay(&site, 1);  // cpu1 is runnable: the general path
        took[0] = m.now_us() - t0;
        m.sleep_us(5000);  // let cpu1 finish, then be alone
        t0 = m.now_us();
        sf_udelay(&site, 3);
        took[1] = m.now_us() - t0;
      },
      [](Machine&, int) {},
  };
  Machine m;
  Tape tape(nullptr, 0);
  Trace trace;
  took[0] = took[1] = 0;
  m.run(rev, cfg, &tape, programs, 0b11, nullptr, &trace, nullptr);
  EXPECT_EQ(took[0], 1000u);
  EXPECT_EQ(took[1], 3000u);
}

// A stop that is answered at once costs one poll of 1 ms.
TEST(VirtualTime, AnsweredStopCostsOnePoll) {
  RunResult r = run(make_scenario({Behaviour::kResponsive}));
  EXPECT_EQ(stop_duration_us(r, 0), 1000);
}

// Cost: the timed-out stop is cheap in events (design §2: waiting costs
// events, not microseconds): within a small factor of the answered one's
// event count plus the ~1110 polls.
TEST(VirtualTime, TimedOutStopIsCheapInEvents) {
  RunResult slow = run(make_scenario({Behaviour::kUnreachable}, true));
  EXPECT_LT(slow.trace.events.size(), 5000u);
}

}  // namespace
}  // namespace sf::test
