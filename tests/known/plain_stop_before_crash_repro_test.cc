// plain_stop_before_crash_repro_test.cc - a plain stop taken as another CPU's crash stop begins replays clean.
//
// Spec: stop-path.md §7.5 (concurrent stops: the crash stop and a plain
// stop share the handler, which reads crash_stop once), §8 P7 (a CPU a
// concurrent plain stop took before crash_stop was set is expected to have
// no note). AFL++ and libFuzzer found this input on `final` within a minute
// as "P7 missing-note-at-capture": cpu0 halts (a plain stop to cpu1-3),
// cpu1 takes the stop IPI while crash_stop is 0, cpu3 oopses and panics into
// crash_smp_send_stop(), which sets crash_stop before cpu1's handler masks
// DAIF; cpu1's handler had read 0, stopped without a note and left the
// online mask, so the crash stop sent nothing and kdump booted without
// cpu1's note. P7 took the flag at the handler's first bookkeeping (set by
// then) for the handler's choice; it now judges by the flag at the stop
// context's entry (harness/stop/properties/p07_notes_only_on_crash_path.cc).
// The repro string as printed must round-trip and replay with no finding.
#include <gtest/gtest.h>

#include <string>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/run.h"
#include "tests/known/replay_repro.h"

namespace sf {
namespace {

constexpr const char* kRepro =
    "sf1:final:-:021f012b01000000ffffff20000600232323234747282728280001ff0201002900002c28272828efefefefefefefefefefefef"
    "efef";

TEST(PlainStopBeforeCrashRepro, RoundTripsAndReplaysWithoutAFinding) {
  Repro r;
  std::string err;
  ASSERT_TRUE(decode_repro(kRepro, &r, &err)) << err;
  EXPECT_EQ(r.revision, "final");
  EXPECT_EQ(encode_repro(r), kRepro);
  const sf_revision* rev = find_revision(r.revision);
  ASSERT_NE(rev, nullptr);
  RunResult res;
  const std::string seen = replay_repro(kRepro, rev, &res);
  EXPECT_EQ(seen, "");
  EXPECT_EQ(res.violation(), nullptr);
  // The shape is still there: the capture kernel boots (the input did not
  // drift away from the window it was found in).
  bool capture = false;
  for (const TraceEvent& e : res.trace.events)
    if (auto x = as<ev::Mark>(e); x && x->mark == SF_MARK_KEXEC_CAPTURE) capture = true;
  EXPECT_TRUE(capture);
}

}  // namespace
}  // namespace sf
