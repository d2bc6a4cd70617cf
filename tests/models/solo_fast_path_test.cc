// solo_fast_path_test.cc - when the machine lets a CPU run and wait inline, and what that records.
//
// Spec: design.md §2 (virtual time: waiting costs events, not wall time),
// shim/include/stopfuzz/machine_api.h (the solo fast path), issue 12
// ("virtual time that skips: the rule written down and tested"). The rule:
// the running CPU may read and delay inline, up to the next timer (the
// horizon), while no other CPU can run and nothing can be delivered to it;
// an interrupt pending but masked here keeps that true (TRACKED: each inline
// access records the site and the step the machine's yield point would have).
// Identical traces for whole executions are the golden test's job
// (tests/determinism/golden_trace_test.cc); this checks the rule itself.
#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/tape.h"
#include "models/machine.h"

namespace sf {
namespace {

const sf_site kHere = {"tests/models/solo_fast_path_test.cc", "poll", 1};
const sf_site kThere = {"tests/models/solo_fast_path_test.cc", "poll", 2};

struct Seen {
  int solo_plain = -1;        // sf_fast.solo with nothing pending
  int solo_masked = -1;       // ... with a stop IPI pending, DAIF.I set
  int solo_unmasked = -1;     // ... after unmasking (the IPI is deliverable)
  uint64_t steps_before = 0;  // steps around one TRACKED inline access
  uint64_t steps_after = 0;
  const sf_site* site_after = nullptr;
  uint64_t plain_steps_before = 0;  // PLAIN records nothing
  uint64_t plain_steps_after = 0;
  const sf_site* plain_site_after = nullptr;
  uint64_t plain_horizon = 0;  // CPU 1's wake-up
  uint64_t horizon = 0;
};

// CPU 0 polls; CPU 1 sends it the stop IPI at 5 ms while it has IRQs masked.
void run_scenario(Seen* seen) {
  const sf_revision* rev = find_revision("final");
  ASSERT_NE(rev, nullptr);
  const int stop_ipi = rev->ipi_number(SF_IPI_STOP);
  ASSERT_GE(stop_ipi, 0);
  std::vector<CpuProgram> programs = {
      [seen](Machine& m, int) {
        m.sleep_us(1'000);  // CPU 1 runs and sleeps until 5 ms
        m.update_solo();
        seen->solo_plain = sf_fast.solo;
        seen->plain_horizon = sf_fast.horizon;
        seen->plain_steps_before = m.steps();
        EXPECT_EQ(sf_solo(&kThere), 1);
        seen->plain_steps_after = m.steps();
        seen->plain_site_after = m.cpu(0).site;
        m.set_masks(true, false);
        m.sleep_us(10'000);  // CPU 1 raises the IPI meanwhile
        m.update_solo();
        seen->solo_masked = sf_fast.solo;
        seen->horizon = sf_fast.horizon;
        seen->steps_before = m.steps();
        EXPECT_EQ(sf_solo(&kHere), 1);
        seen->steps_after = m.steps();
        seen->site_after = m.cpu(0).site;
        m.set_masks(false, false);
        m.update_solo();
        seen->solo_unmasked = sf_fast.solo;
        m.wait_forever();
      },
      [stop_ipi](Machine& m, int) {
        m.sleep_us(5'000);
        m.ipi_send_mask(&kThere, stop_ipi, 1u << 0);
        m.set_masks(true, false);
        m.wait_forever();
      },
  };
  MachineConfig cfg;
  cfg.ncpus = 2;
  cfg.sdei.mode = SdeiMode::kAbsent;
  Tape tape(nullptr, 0);
  Trace trace;
  Machine machine;
  machine.run(rev, cfg, &tape, programs, 0x3, nullptr, &trace, nullptr);
}

TEST(SoloFastPath, NothingPendingIsPlainAndRecordsNothingInline) {
  Seen s;
  run_scenario(&s);
  EXPECT_EQ(s.solo_plain, SF_SOLO_PLAIN);
  EXPECT_EQ(s.plain_horizon, 5'000u);
  EXPECT_EQ(s.plain_steps_after, s.plain_steps_before);
  EXPECT_NE(s.plain_site_after, &kThere);
}

TEST(SoloFastPath, AMaskedPendingIpiKeepsTheCpuSoloAndEachInlineAccessIsAYieldPoint) {
  Seen s;
  run_scenario(&s);
  EXPECT_EQ(s.solo_masked, SF_SOLO_TRACKED);
  EXPECT_EQ(s.steps_after, s.steps_before + 1);
  EXPECT_EQ(s.site_after, &kHere);
  // Nothing else is scheduled (CPU 1 waits for an interrupt): inline delays
  // may run to the time bound of the execution.
  EXPECT_EQ(s.horizon, MachineConfig{}.max_time_us + 1);
}

TEST(SoloFastPath, UnmaskingMakesTheIpiDeliverableAndEndsSolo) {
  Seen s;
  run_scenario(&s);
  EXPECT_EQ(s.solo_unmasked, SF_SOLO_OFF);
}

}  // namespace
}  // namespace sf
