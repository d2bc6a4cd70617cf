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

namespace sf {
namespace {

constexpr const char* kRepro =
    "sf2:final:-:9dd1a295beb6:"
    "8d05e700400080000000000b00ffe800201fe800000b00ffe800fd2000ec00000000000000000b0000fcfffd20000000000000000000fa00"
    "00fa0000fcfffd1fe80000000900c4c4c4c4c4c4";

TEST(ComingOnlineRepro, RoundTrips) {
  Repro r;
  std::string err;
  ASSERT_TRUE(decode_repro(kRepro, &r, &err)) << err;
  EXPECT_EQ(r.revision, "final");
  EXPECT_EQ(r.build, "9dd1a295beb6");
  EXPECT_EQ(encode_repro(r), kRepro);
}

class ComingOnlineReproOn : public ::testing::TestWithParam<const char*> {};

TEST_P(ComingOnlineReproOn, IsTheKnownCounterRace) {
  const sf_revision* rev = find_revision(GetParam());
  if (!rev) GTEST_SKIP() << GetParam() << ": revision not in this build (STOPFUZZ_KERNEL_TREES)";
  Repro r;
  std::string err;
  ASSERT_TRUE(decode_repro(kRepro, &r, &err)) << err;
  RunOptions opt;
  opt.rev = rev;
  RunResult res;
  run_one(r.tape.data(), r.tape.size(), opt, &res);
  std::string seen;
  for (const Finding& f : res.findings) seen += " " + std::string(property_info(f.property).id) + " " + f.signature;
  ASSERT_EQ(res.findings.size(), 1u) << GetParam() << ":" << seen;
  const Finding& f = res.findings.front();
  EXPECT_EQ(f.sig, Signature::online_not_counted) << GetParam() << ":" << seen;
  EXPECT_TRUE(f.known) << GetParam() << ":" << seen;
  EXPECT_NE(f.message.find("cpu1, coming online"), std::string::npos) << f.message;
  EXPECT_EQ(res.violation(), nullptr) << GetParam() << ":" << seen;
}

INSTANTIATE_TEST_SUITE_P(Revisions, ComingOnlineReproOn,
                         ::testing::Values("final", "v1", "v2", "v3", "v4", "linux-6.12", "src:linux-7.2",
                                           "src:linux-7.3"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string s = i.param;
                           for (char& c : s)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return s;
                         });

}  // namespace
}  // namespace sf
