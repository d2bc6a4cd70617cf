// check_strategies.h - the search strategies of `stopfuzz check`: coverage-guided, PCT, bounded-exhaustive, random.
//
// Spec: issue 10 ("strategies behind the scheduler interface"); design.md
// §2 (the scheduler seam), §3 (tapes), §5 (budgets counted in executions).
// Each strategy runs executions of one revision within an execution budget
// and hands every one to a sink as the tape that replays it with the
// default (tape) policy, whatever policy chose its schedule: PCT and the
// scripted schedules write their decisions into that tape (TapeWriter). A
// strategy's report lines say what it guarantees (PCT: per scenario,
// 1/(n*k^(d-1)) per run; exhaustive: schedules explored, bound exhausted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/stop/run.h"

namespace sf {

enum class CheckStrategy : int {
#define SF_STRATEGY(e, name, summary) e,
#include "harness/stop/check_strategies.def"
#undef SF_STRATEGY
  kCount
};

struct CheckStrategyInfo {
  CheckStrategy strategy;
  const char* name;
  const char* summary;
};
const std::vector<CheckStrategyInfo>& check_strategies();
const CheckStrategyInfo& strategy_info(CheckStrategy s);
// "pct" -> CheckStrategy::kPct; false if unknown.
bool strategy_from_name(const std::string& name, CheckStrategy* out);

struct NamedTape {
  std::string name;  // e.g. the seed file's name
  std::vector<uint8_t> tape;
};

// Every execution: the tape that replays it, and its result.
using RunSink = std::function<void(const std::vector<uint8_t>& tape, const RunResult& r)>;

struct StrategyOptions {
  RunOptions run;                       // revision, mutation, backend, observe_all
  const std::vector<NamedTape>* seeds;  // inputs and, for PCT and exhaustive, scenarios
  // PCT and exhaustive: how many of the seeds (from the front) get a line of
  // their own in the notes; the others are summed up in one line.
  size_t named_scenarios = SIZE_MAX;
  uint64_t execs = 1000;  // budget
  uint64_t seed = 1;
  int pct_depth = 2;                  // d
  int bound = 2;                      // exhaustive: deviations from the default schedule
  int exhaustive_cpus = 3;            // exhaustive: scenarios with at most this many CPUs
  bool por = true;                    // exhaustive: partial-order reduction (harness/bounded_search.h)
  std::function<bool()> out_of_time;  // checked before each execution
  RunSink sink;
};

struct StrategyReport {
  CheckStrategy strategy = CheckStrategy::kCoverage;
  uint64_t execs = 0;
  bool stopped_early = false;      // out_of_time() said stop
  std::vector<std::string> notes;  // one line each: per-scenario guarantees, bounds
  // coverage: the inputs it kept (seeds first), whose scenarios the schedule
  // strategies go on to explore (harness/stop/check.cc).
  std::vector<std::vector<uint8_t>> corpus;
};

// Whether the strategy explores schedules of given scenarios (PCT,
// exhaustive) rather than generating inputs (coverage, random).
bool schedules_scenarios(CheckStrategy s);

void run_strategy(CheckStrategy s, const StrategyOptions& opt, StrategyReport* out);

// The bytes of `tape` that draw_scenario() reads: the scenario without its schedule.
std::vector<uint8_t> scenario_prefix(const std::vector<uint8_t>& tape);

}  // namespace sf
