// history_bugs_test.cc - the revision-history bugs are found from scratch (no mutation).
//
// Spec: stop-path.md §9 (v3 NULL regs; v1 SDEI only on the crash path),
// §12.6 (linux-6.1 crash stop never clears online). Each is a known finding
// of its revision; the search starts from the corpus only (no seed designed
// for the bug) and must reach it within the mutation budget.
//
//   v3:        cpu0 panic (kdump) ... crash_stop=1 ... IPI STOP
//              cpu1 panic() -> lost panic_cpu -> arm64_nmi_cpu_stop(NULL) -> crash note(NULL)   P7
//   v1:        cpu0 panic (no kdump) -> IPI 1 s -> NMI 10 ms -> (no SDEI rung) -> reboot
//              cpu1 DAIF masked, still running                                               P5
// (An orderly restart runs the SDEI reboot notifier first, §12.5, which takes
// the SDEI rung away on every revision; the v1-only case is the plain stop of
// panic() and its emergency_restart(), which runs no notifiers, §12.2.)
//   linux-6.1: cpu0 panic (kdump) -> IPI_CPU_CRASH_STOP -> wait on waiting_for_crash_ipi
//              cpu1 note, ack, park: still in cpu_online_mask                                P5
#include <gtest/gtest.h>

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/stop_search.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

void expect_found(const char* rev, const char* key, std::function<bool(const RunResult&)> accept = nullptr) {
  SearchOptions o;
  o.rev = find_revision(rev);
  ASSERT_NE(o.rev, nullptr);
  o.budget = test::kBudget;
  o.seed = 1;
  o.target_key = key;
  o.accept = std::move(accept);
  o.seeds = test::corpus_seeds();
  SearchResult r;
  search(o, &r);
  ASSERT_TRUE(r.found) << rev << ": " << key << " not found in " << r.execs << " executions";
  EXPECT_TRUE(r.first.known) << key << " should be a known finding of " << rev;
  std::cout << rev << ": " << key << " after " << r.execs_to_first << " executions\n  "
            << encode_repro({rev, "", r.tape, {}}) << "\n";
}

TEST(HistoryBugs, V3NullRegsCrashNoteOfSelfStoppingPanicLoser) { expect_found("v3", "P7 null-regs"); }

TEST(HistoryBugs, V1DaifMaskedCpuSurvivesPlainStop) {
  // A plain (not crash) stop from panic() with a DAIF-masked target.
  expect_found("v1", "P5 not-stopped", [](const RunResult& r) {
    bool daif = false;
    for (int i = 1; i < r.scenario.machine.ncpus; ++i) daif |= r.scenario.behaviour[i] == Behaviour::kDaifMasked;
    bool crash = false;
    for (const TraceEvent& e : r.trace.events)
      if (auto m = as<ev::Mark>(e)) crash |= e.cpu == 0 && m->mark == SF_MARK_CRASH_STOP_ENTER;
    return daif && !crash && (r.scenario.entry == Entry::kPanic || r.scenario.entry == Entry::kDie);
  });
}

TEST(HistoryBugs, Linux61CrashStoppedCpusStayOnline) {
  expect_found("linux-6.1", "P5 not-stopped", [](const RunResult& r) {
    for (const TraceEvent& e : r.trace.events)
      if (e.type == Ev::kCrashAck) return true;  // a target acknowledged a crash stop
    return false;
  });
}

}  // namespace
}  // namespace sf
