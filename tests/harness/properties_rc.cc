// properties_rc.cc - RapidCheck properties of the harness over generated tapes (revision final).
//
// Spec: design.md §3 (any byte string is a valid input; shrinking for free),
// §4 (known findings), §8.2-§8.3 (same tape, same trace). A failing property
// prints a `reproduce` string; run the test again with
// RC_PARAMS="reproduce=<string>" to get the same counterexample (the
// rc_reproduce test shows this works).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "harness/repro.h"
#include "harness/stop/run.h"
#include "harness/stop/report.h"

namespace sf {
namespace {

RunResult run_tape(const std::vector<uint8_t>& tape) {
  RunOptions opt;
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  return r;
}

std::string repro_of(const std::vector<uint8_t>& tape) { return encode_repro({"final", "", tape, {}}); }

// (a) Every execution ends, by one of the machine's own ends. The harness
// bounds (steps 300k, 40 s virtual, nesting 8) are not reached by tapes of
// this length: one stop costs ~1.1 s and a few thousand yield points at most
// (USEC_PER_SEC = 1000), the backtrace wait 10 s; 40 s leaves room for
// panic_timeout's second stop and the 10 s backtrace together.
RC_GTEST_PROP(HarnessProperties, EveryExecutionEnds, (const std::vector<uint8_t>& tape)) {
  RC_PRE(tape.size() <= 600);
  RunResult r = run_tape(tape);
  RC_ASSERT(!r.trace.events.empty());
  RC_ASSERT(r.trace.events.back().type == Ev::kEnd);
  RC_ASSERT(r.end != EndReason::kStepLimit);
  RC_ASSERT(r.end != EndReason::kTimeLimit);
  RC_ASSERT(r.end != EndReason::kDepthLimit);
  RC_ASSERT(r.consumed <= tape.size());
}

// (b) Revision final has only known findings (spec §12.1). A failure here is
// a real counterexample: RapidCheck shrinks the tape; the message carries
// the replay command.
RC_GTEST_PROP(HarnessProperties, OnlyKnownFindings, (const std::vector<uint8_t>& tape)) {
  RunResult r = run_tape(tape);
  const Finding* v = r.violation();
  if (v) {
    RC_FAIL(std::string(property_info(v->property).id) + " [" + v->signature + "] " + v->message +
            "\nreplay: stopfuzz replay --repro " + repro_of(tape));
  }
}

// (c) Replay of the same tape gives the same trace and findings.
RC_GTEST_PROP(HarnessProperties, ReplayGivesSameTrace, (const std::vector<uint8_t>& tape)) {
  RunResult a = run_tape(tape);
  RunResult b = run_tape(tape);
  RC_ASSERT(observable_trace(a.trace) == observable_trace(b.trace));
  RC_ASSERT(a.findings.size() == b.findings.size());
  for (size_t i = 0; i < a.findings.size(); ++i) {
    RC_ASSERT(a.findings[i].property == b.findings[i].property);
    RC_ASSERT(a.findings[i].signature == b.findings[i].signature);
  }
}

// The repro string round-trips the tape it was made from (design §8.3).
RC_GTEST_PROP(HarnessProperties, ReproStringRoundTrips, (const std::vector<uint8_t>& tape)) {
  Repro out;
  std::string err;
  RC_ASSERT(decode_repro(repro_of(tape), &out, &err));
  RC_ASSERT(out.tape == tape);
  RC_ASSERT(out.revision == std::string("final"));
}

// Longer tapes: the scenario is drawn from the front and the rest is
// schedule; generated with a bias towards small bytes (0 = keep running) so
// schedules with a few preemptions are common.
RC_GTEST_PROP(HarnessProperties, OnlyKnownFindingsSparseSchedules, ()) {
  const auto head = *rc::gen::container<std::vector<uint8_t>>(24, rc::gen::arbitrary<uint8_t>());
  const auto tail = *rc::gen::container<std::vector<uint8_t>>(rc::gen::weightedOneOf<uint8_t>(
      {{8, rc::gen::just<uint8_t>(0)}, {2, rc::gen::inRange<uint8_t>(1, 4)}, {1, rc::gen::arbitrary<uint8_t>()}}));
  std::vector<uint8_t> tape = head;
  tape.insert(tape.end(), tail.begin(), tail.end());
  RunResult r = run_tape(tape);
  RC_ASSERT(r.end != EndReason::kStepLimit && r.end != EndReason::kTimeLimit && r.end != EndReason::kDepthLimit);
  const Finding* v = r.violation();
  if (v)
    RC_FAIL(std::string(property_info(v->property).id) + " [" + v->signature + "] " + v->message +
            "\nreplay: stopfuzz replay --repro " + repro_of(tape));
}

}  // namespace
}  // namespace sf
