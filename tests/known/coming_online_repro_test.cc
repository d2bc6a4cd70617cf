// coming_online_repro_test.cc - the AFL++ repro of a CPU coming online during a panic replays to the known finding.
//
// Spec: stop-path.md §7.1 item 7 (a CPU coming online during the stop),
// §12.3 (set_cpu_online(): the bit, then the counter), §8 P5. AFL++ found
// this input on `final` as an uncatalogued "P5 not-stopped": cpu1, offline
// at boot, sets its online bit while cpu0 panics (inside an SDEI handler)
// and is preempted before its counter increment; smp_send_stop() targets it
// by the mask, waits by the counter, and returns at 0 ms with it running.
// It is the kernel's race, in every revision and in the real trees: P5
// online-not-counted, a known finding (harness/stop/known_findings.def).
// The repro string as printed, decoded and re-encoded to the same bytes,
// must replay to that known finding and nothing else on each revision with
// the same schedule (linux-6.1's stop has other yield points: this tape runs
// clean there; its own witness is corpus/known/linux-6.1/) and on the
// kernel trees when configured.
#include <gtest/gtest.h>

#include <string>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/run.h"
#include "tests/known/replay_repro.h"

namespace sf {
namespace {

constexpr const char* kRepro =
    "sf2:final:-:9dd1a295beb6:"
    "8d05e700400080000000000b00ffe800201fe800000b00ffe800fd2000ec00000000000000000b0000fcfffd20000000000000000000fa00"
    "00fa0000fcfffd1fe80000000900c4c4c4c4c4c4";

// The same race found by the libFuzzer target from that input: cpu1
// increments its counter after the wait loop's read, so the requester's
// last read (for its "failed to stop secondary CPUs 1" warning) counts it,
// but the ladder is already skipped. Still the known finding.
constexpr const char* kWarnedRepro =
    "sf1:final:-:"
    "8d05e700400080000000000b00ffe800201fe800000b00ffe800fd00ec0020000000000000000b0000fcfffd200000e800201fe8010080"
    "000000c4";

// Its plainest shape, found by `stopfuzz fuzz --finding 'P5 online-not-counted'`
// once P5 looked at calls that send nothing: two CPUs, cpu1 coming online
// sets its bit as cpu0 panics, and smp_send_stop() reads nobody else by the
// counter, sends no rung at all and returns with cpu1 running. The same
// schedule on every revision and tree (the early return is in all of them).
constexpr const char* kNothingSentRepro = "sf2:final:-:9dd1a295beb6:0000000000000000000000000000bb0000000001010101";

TEST(ComingOnlineRepro, RoundTrips) {
  Repro r;
  std::string err;
  ASSERT_TRUE(decode_repro(kRepro, &r, &err)) << err;
  EXPECT_EQ(r.revision, "final");
  EXPECT_EQ(r.build, "9dd1a295beb6");
  EXPECT_EQ(encode_repro(r), kRepro);
}

// `repro` replayed on `revision` is the known counter race and nothing
// else, its first finding's message saying `says`.
void expect_known_counter_race(const char* repro, const char* revision, const char* says) {
  const sf_revision* rev = find_revision(revision);
  if (!rev) GTEST_SKIP() << revision << ": revision not in this build (STOPFUZZ_KERNEL_TREES)";
  RunResult res;
  EXPECT_EQ(replay_repro(repro, rev, &res), " P5 online-not-counted (known)") << revision;
  EXPECT_EQ(res.violation(), nullptr) << revision;
  ASSERT_FALSE(res.findings.empty());
  EXPECT_NE(res.findings.front().message.find(says), std::string::npos) << res.findings.front().message;
}

class ComingOnlineReproOn : public ::testing::TestWithParam<const char*> {};

TEST_P(ComingOnlineReproOn, IsTheKnownCounterRace) {
  expect_known_counter_race(kRepro, GetParam(), "cpu1, coming online");
}

TEST(ComingOnlineRepro, TheWarnedVariantIsTheSameKnownFinding) {
  RunResult res;
  EXPECT_EQ(replay_repro(kWarnedRepro, find_revision("final"), &res), " P5 online-not-counted (known)");
  EXPECT_EQ(res.violation(), nullptr);
}

// "src:linux-7.3" -> "src_linux_7_3": a test name.
std::string revision_param_name(const ::testing::TestParamInfo<const char*>& i) {
  std::string s = i.param;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

class NothingSentReproOn : public ::testing::TestWithParam<const char*> {};

TEST_P(NothingSentReproOn, IsTheKnownCounterRaceWithNoRung) {
  expect_known_counter_race(kNothingSentRepro, GetParam(), "sent nothing and returned with it running");
}

INSTANTIATE_TEST_SUITE_P(Revisions, NothingSentReproOn,
                         ::testing::Values("final", "v1", "v2", "v3", "v4", "linux-6.12", "linux-6.1", "src:linux-6.1",
                                           "src:linux-6.12", "src:linux-7.2", "src:linux-7.3"),
                         revision_param_name);

INSTANTIATE_TEST_SUITE_P(Revisions, ComingOnlineReproOn,
                         ::testing::Values("final", "v1", "v2", "v3", "v4", "linux-6.12", "src:linux-7.2",
                                           "src:linux-7.3"),
                         revision_param_name);

}  // namespace
}  // namespace sf
