// check.h - what a change to the stop path adds, fixes and keeps: NEW / FIXED / UNCHANGED.
//
// Spec: issue 10 (`stopfuzz check --base B --candidate C`); design.md §3
// (tapes, minimizing), §4 (findings are property + signature), §5 (budgets
// in executions). Both revisions run the same strategies with the same
// seeds and execution budgets, every finding observed and none ending an
// execution (RunOptions::observe_all): no known-findings list decides
// anything, the base is the reference. A finding shown by one side only is
// then looked for on the other by a targeted search seeded with every tape
// that showed it (the same tape can take another path through changed
// code); only if that fails too is it NEW (candidate only) or FIXED (base
// only). Each NEW or FIXED finding is minimized on the side that shows it,
// and the other side's verdict on that tape is recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/stop/check_strategies.h"
#include "harness/stop/properties.h"
#include "models/memory_model.h"

namespace sf {

struct CheckSide {
  const sf_revision* rev = nullptr;
  std::string mutation;      // "" = none
  std::string replay_extra;  // words the replay command needs (e.g. --kernel-tree ...)
};

struct StrategyBudgetEntry {
  CheckStrategy strategy;
  uint64_t execs;  // per side
};

struct CheckOptions {
  CheckSide base, candidate;
  std::vector<StrategyBudgetEntry> mix;  // empty: default_check_mix()
  uint64_t seed = 1;
  // Both sides run under the same memory model (--memory).
  MemoryModel memory = MemoryModel::kSc;
  std::vector<NamedTape> seeds;
  int pct_depth = 2;
  int bound = 2;
  int exhaustive_cpus = 3;
  bool por = true;  // exhaustive: partial-order reduction (--no-por turns it off)
  // PCT and exhaustive also explore the scenarios of up to this many inputs
  // of the coverage corpora (both sides', in order, each scenario once).
  size_t corpus_scenarios = 300;
  uint64_t confirm_execs = 3000;   // targeted search on the other side, per one-sided finding
  uint64_t minimize_execs = 3000;  // per NEW or FIXED finding
  double max_seconds = 0;          // 0: no cap
  BackendKind backend = BackendKind::kFibers;
  // Worker processes (--jobs): each phase's units (a strategy on a side, a
  // confirmation search, a minimization) run on them and are merged in unit
  // order, so the result is the same for every number of workers.
  int jobs = 1;
  std::function<void(const std::string&)> progress;  // one line per phase (stderr)
};

// The default mix: executions per side of each strategy, sized so a check
// of one tree against another fits 10 minutes on a 2-core machine (README).
std::vector<StrategyBudgetEntry> default_check_mix();

struct SideFinding {
  std::string key;  // "P4 sdei-in-irq"
  Property property = Property::P1;
  std::string signature;
  uint64_t count = 0;            // executions showing it
  std::vector<uint8_t> tape;     // the first that did
  std::string strategy;          // which strategy found it first
  uint64_t first_exec = 0;       // at which execution of this side
  bool by_confirmation = false;  // only the targeted search found it
};

struct SideResult {
  std::map<std::string, SideFinding> findings;
  std::vector<StrategyReport> strategies;
  uint64_t execs = 0;  // strategies + confirmation searches
};

enum class CheckClass { kNew, kFixed, kUnchanged };

struct CheckEntry {
  CheckClass cls = CheckClass::kUnchanged;
  std::string key;
  Property property = Property::P1;
  std::string signature;
  // NEW and FIXED: the minimized tape on the side that shows it.
  std::vector<uint8_t> tape;
  size_t found_size = 0;             // its size before minimizing
  std::string message;               // the finding's message on that side
  std::string excerpt;               // that side's timeline up to the finding
  std::string other_verdict;         // the other side's findings on the same tape
  std::string site_file, site_func;  // kernel file:line of the violating event
  int site_line = 0;
  std::string replay_base, replay_candidate;
};

struct CheckResult {
  SideResult base, candidate;
  std::vector<CheckEntry> entries;  // NEW, then FIXED, then UNCHANGED; by key within each
  bool stopped_early = false;       // --max-seconds ended a phase before its budget
  uint64_t confirm_execs = 0, minimize_execs = 0;
  std::string error;  // a worker died or sent a malformed result: no report (exit 2)
  size_t count(CheckClass c) const;
};

void run_check(const CheckOptions& opt, CheckResult* out);

const char* check_class_name(CheckClass c);  // "NEW", "FIXED", "UNCHANGED"

}  // namespace sf
