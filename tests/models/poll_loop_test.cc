// poll_loop_test.cc - two CPUs that both poll: when a read is done inline while the other CPU can run.
//
// Spec: design.md §2 (virtual time: waiting costs events), §3 (every
// decision from the tape), shim/include/stopfuzz/machine_api.h
// (SF_SOLO_COUNTED), README "Modelling choices" (the poll-loop rule),
// issue 12. The rule: while another CPU can run, a read of the running CPU
// is done inline (without entering the machine) only when the yield point
// it replaces would deliver nothing and its scheduling decision is fixed
// (an exhausted tape answers 0, "keep running", and only counts it); the
// inline read then records the site, one step and one decision. Whole
// executions stay byte-identical (tests/determinism/golden_trace_test.cc);
// this checks the rule itself and one execution with and without it.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "harness/revisions.h"
#include "harness/tape.h"
#include "models/machine.h"

namespace sf {
namespace {

const sf_site kRead = {"tests/models/poll_loop_test.cc", "poll", 1};
const sf_site kDelay = {"tests/models/poll_loop_test.cc", "poll", 2};
const sf_site kWrite = {"tests/models/poll_loop_test.cc", "poll", 3};
const sf_site kSaid = {"tests/models/poll_loop_test.cc", "poll", 4};

// The same decisions as the tape it wraps, but never a fixed answer: the
// machine then takes every read through its yield point.
class NoFixedAnswers final : public ChoiceSource {
 public:
  explicit NoFixedAnswers(ChoiceSource* inner) : inner_(inner) {}
  uint32_t choose(uint32_t n, const char* label) override { return inner_->choose(n, label); }

 private:
  ChoiceSource* inner_;
};

const sf_revision* final_revision() {
  const sf_revision* rev = find_revision("final");
  EXPECT_NE(rev, nullptr);
  return rev;
}

MachineConfig two_cpus() {
  MachineConfig cfg;
  cfg.ncpus = 2;
  cfg.sdei.mode = SdeiMode::kAbsent;
  return cfg;
}

struct FirstRead {
  int solo = -1;
  uint64_t horizon = 1;
  uint64_t steps_before = 0;
  uint64_t steps_after = 0;
  size_t decisions_before = 0;
  size_t decisions_after = 0;
  const sf_site* site_after = nullptr;
};

// CPU 0 reads once while CPU 1 (not started yet) can run, then both wait.
void first_read(Tape* tape, FirstRead* seen) {
  std::vector<CpuProgram> programs = {
      [tape, seen](Machine& m, int) {
        m.update_solo();
        seen->solo = sf_fast.solo;
        seen->horizon = sf_fast.horizon;
        seen->steps_before = m.steps();
        seen->decisions_before = tape->decisions();
        if (sf_solo(&kRead)) {
          seen->steps_after = m.steps();
          seen->decisions_after = tape->decisions();
          seen->site_after = m.cpu(0).site;
        }
        m.wait_forever();
      },
      [](Machine& m, int) { m.wait_forever(); },
  };
  Trace trace;
  Machine machine;
  machine.run(final_revision(), two_cpus(), tape, programs, 0x3, nullptr, &trace, nullptr);
}

TEST(PollLoop, AnExhaustedTapeCountsEachInlineReadAsTheYieldPointWould) {
  Tape tape(nullptr, 0);
  FirstRead s;
  first_read(&tape, &s);
  EXPECT_EQ(s.solo, SF_SOLO_COUNTED);
  EXPECT_EQ(s.horizon, 0u);  // delays are never inline: they block
  EXPECT_EQ(s.steps_after, s.steps_before + 1);
  EXPECT_EQ(s.decisions_after, s.decisions_before + 1);
  EXPECT_EQ(s.site_after, &kRead);
}

TEST(PollLoop, ATapeWithBytesLeftDecidesEveryPreemption) {
  const std::vector<uint8_t> bytes(64, 0);
  Tape tape(bytes.data(), bytes.size());
  FirstRead s;
  first_read(&tape, &s);
  EXPECT_EQ(s.solo, SF_SOLO_OFF);
}

TEST(PollLoop, RecordedDecisionsAreNeverSkipped) {
  Tape tape(nullptr, 0);
  tape.set_recording(true);  // `replay --choices` lists every decision
  FirstRead s;
  first_read(&tape, &s);
  EXPECT_EQ(s.solo, SF_SOLO_OFF);
}

// Both CPUs poll `flag` (CPU 0 twice per tick) with 1 ms delays, the shim's
// way: inline when sf_solo() says so, else through the machine. CPU 1 sets
// the flag after 30 ticks; each says when it is done.
struct PollRun {
  Trace trace;
  uint64_t steps = 0;
  size_t decisions = 0;
  int counted_reads = 0;  // reads done inline while the other CPU could run
};

void poll_run(ChoiceSource* choices, const Tape& tape, PollRun* out) {
  static volatile int flag;
  flag = 0;
  auto read_flag = [out](Machine& m) {
    if (sf_solo(&kRead)) {
      if (sf_fast.solo == SF_SOLO_COUNTED) ++out->counted_reads;
      return static_cast<int>(flag);
    }
    const int v = static_cast<int>(m.load(&kRead, &flag, sizeof flag));
    m.update_solo();
    return v;
  };
  auto delay = [](Machine& m) {
    m.udelay(&kDelay, 1);
    m.update_solo();
  };
  std::vector<CpuProgram> programs = {
      [read_flag, delay](Machine& m, int) {
        for (int t = 0; t < 100 && !(read_flag(m) | read_flag(m)); ++t) delay(m);
        m.printk(&kSaid, "cpu0 saw the flag");
        m.wait_forever();
      },
      [read_flag, delay](Machine& m, int) {
        for (int t = 0; t < 30 && !read_flag(m); ++t) delay(m);
        m.store(&kWrite, &flag, sizeof flag, 1);
        m.printk(&kSaid, "cpu1 set the flag");
        m.wait_forever();
      },
  };
  Machine machine;
  machine.run(final_revision(), two_cpus(), choices, programs, 0x3, nullptr, &out->trace, nullptr);
  out->steps = machine.steps();
  out->decisions = tape.decisions();
}

TEST(PollLoop, TwoPollersGiveTheSameExecutionWithAndWithoutInlineReads) {
  Tape with_tape(nullptr, 0);
  PollRun with;
  poll_run(&with_tape, with_tape, &with);

  Tape without_tape(nullptr, 0);
  NoFixedAnswers without_choices(&without_tape);
  PollRun without;
  poll_run(&without_choices, without_tape, &without);

  EXPECT_GT(with.counted_reads, 30);  // the rule was used ...
  EXPECT_EQ(without.counted_reads, 0);  // ... and not without a fixed answer
  EXPECT_EQ(with.steps, without.steps);
  EXPECT_EQ(with.decisions, without.decisions);
  EXPECT_EQ(with.trace.text, without.trace.text);
  ASSERT_EQ(with.trace.events.size(), without.trace.events.size());
  ASSERT_GE(with.trace.events.size(), 2u);
  for (size_t i = 0; i < with.trace.events.size(); ++i) {
    const TraceEvent& a = with.trace.events[i];
    const TraceEvent& b = without.trace.events[i];
    EXPECT_EQ(a.t_us, b.t_us) << "event " << i;
    EXPECT_EQ(a.cpu, b.cpu) << "event " << i;
    EXPECT_EQ(a.type, b.type) << "event " << i;
    EXPECT_EQ(a.site, b.site) << "event " << i;
    for (int f = 0; f < 3; ++f) EXPECT_EQ(a.field[f], b.field[f]) << "event " << i;
  }
  // CPU 1 set the flag at 30 ms, after CPU 0's poll of that tick (the
  // fixed pick runs CPU 0 first), so CPU 0 saw it at its next poll.
  EXPECT_EQ(with.trace.events.back().t_us, 31'000u);
}

}  // namespace
}  // namespace sf
