// run.h - one execution of the stop path from a tape: scenario, machine, oracles.
//
// Spec: design.md §2-§4. The one function every engine calls (libFuzzer,
// AFL++, RapidCheck, the CLI, the tests): same bytes, same options, same
// result, every time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/oracle.h"
#include "harness/stop/scenario.h"
#include "harness/tape.h"
#include "models/machine.h"

namespace sf {

// Inputs longer than this are truncated by the fuzz targets and rejected by
// the CLI (a tape never needs more; libFuzzer's -max_len matches it).
constexpr size_t kMaxInputSize = 4096;

struct RunOptions {
  const sf_revision* rev = nullptr;  // default: "final"
  std::string mutation;              // "" = none
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;  // docs/memory_model.md
  bool record_choices = false;
  // Record the marked accesses and barriers in the trace (MemLoad, MemStore,
  // MemBarrier events: `replay --litmus`); the verdict is the same either way.
  bool record_memory = false;
  // Whose known-findings list judges the findings ("" = the revision's own).
  std::string known_findings_of;
  // Who runs next (default: the tape decides, TapeScheduler). Another policy
  // (PCT, a scripted schedule) answers the scheduling decisions; the tape
  // answers the rest.
  Scheduler* scheduler = nullptr;
  // If set, every decision of the execution is written here as the tape
  // that replays it with the default policy.
  TapeWriter* echo = nullptr;
  // Every finding is observed and the execution goes on (none ends it), and
  // no known-findings list marks any: `stopfuzz check`, where the base
  // revision is the reference, not a list. Findings then all read known.
  bool observe_all = false;
};

struct RunResult {
  Scenario scenario;
  Trace trace;
  std::vector<Finding> findings;
  EndReason end = EndReason::kQuiescent;
  size_t consumed = 0;
  size_t decisions = 0;
  uint64_t steps = 0;  // the machine's yield points (Machine::steps())
  std::vector<Tape::Decision> choices;
  std::string revision;
  std::string mutation;

  // First finding that is not a known finding of the revision, or nullptr.
  const Finding* violation() const;
  size_t known_count() const;
};

void run_one(const uint8_t* data, size_t size, const RunOptions& opt, RunResult* out);

// Directed runs (tests): a given scenario; the tape supplies only the
// schedule and other run-time decisions (empty: no preemption, no delays).
void run_scenario(const Scenario& s, const uint8_t* schedule, size_t size, const RunOptions& opt, RunResult* out);

}  // namespace sf
