// stop_search.h - searching and minimizing stop-path executions for findings.
//
// Spec: design.md §5 ("every mutation is found within a fixed budget, by the
// property it names"), §3 (tapes, shrinking). The stop path's use of the
// generic engines (harness/search.h, harness/minimize.h): what a run's
// feedback and findings are, what counts as found, and tapes built from the
// scenario's decisions by label. The engine behind the mutation tests, the
// regression checks, `stopfuzz kill-table` and the campaign.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/minimize.h"
#include "harness/search.h"
#include "harness/stop/oracle.h"
#include "harness/stop/run.h"

namespace sf {

struct SearchOptions {
  const sf_revision* rev = nullptr;
  std::string mutation;  // "" = none
  MemoryModel memory = MemoryModel::kSc;
  std::string known_findings_of;  // RunOptions::known_findings_of ("" = the revision's own)
  uint64_t budget = 10000;        // executions
  uint64_t seed = 1;
  std::vector<std::vector<uint8_t>> seeds;  // run first, in order, then mutated
  bool keep_going = false;                  // collect every signature to the budget
  // If set, only a violation of this property counts as found (a mutation
  // must be caught by the property its catalogue entry names).
  bool has_target = false;
  Property target = Property::P1;
  // If non-empty ("P7 null-regs"), the search is for this finding, known or
  // not: how the tests show a revision's historic bug is found from scratch.
  std::string target_key;
  // If set, a run only counts as found when this also holds (e.g. "the
  // requester entered through a plain reboot").
  std::function<bool(const RunResult&)> accept;
};

struct SearchResult : SearchStats {
  Finding first;                        // the first hit's finding (the target's, or the first unknown)
  std::vector<Finding> first_findings;  // every finding of that execution
};

// Feedback of a run: its event features (harness/search.h) plus its findings.
void trace_edges(const RunResult& r, std::vector<uint64_t>* edges);
// What a run tells run_search() whatever is searched for: its trace edges as
// the features, its machine steps as the cost (harness/entry_schedule.h).
void search_feedback(const RunResult& r, Verdict* v);

// Runs up to opt.budget executions; stops at the first hit unless keep_going.
void search(const SearchOptions& opt, SearchResult* out);

// Does this tape make `p` fire as a violation under opt?
bool violates(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p);
// Shrinks `tape` (which must violate p) within max_execs executions.
void minimize_violation(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p, uint64_t max_execs,
                        MinimizeResult* out);

// Does this tape show the finding `key` (finding_key(): property and
// signature) as a violation, i.e. not a known finding of the revision (or
// at all, with known_too)?
bool shows_finding(const std::vector<uint8_t>& tape, const RunOptions& opt, const std::string& key,
                   bool known_too = false);
// Shrinks `tape` (which must show `key`) to a fixed point of the minimizer,
// or until max_execs executions: the result shows the same finding.
void minimize_finding(const std::vector<uint8_t>& tape, const RunOptions& opt, const std::string& key,
                      uint64_t max_execs, MinimizeResult* out, bool known_too = false);

// Encodes a tape that makes draw_scenario() (and any later decision) answer
// the given values, by label, in order: the i-th choose() call whose label
// matches the next unused pair with that label gets its value; every other
// call gets 0. The bytes are what Tape::choose() reads back (one byte for
// n <= 256, two big-endian above; none for n <= 1). Robust to new decisions
// being added to the scenario. `problems` (if given) receives one line per
// wanted value that is out of range for its decision (it is taken modulo n)
// or never asked for (a label draw_scenario() no longer reads, or more CPUs'
// worth than the scenario has).
std::vector<uint8_t> encode_choices(const std::vector<std::pair<std::string, uint32_t>>& want,
                                    std::vector<std::string>* problems = nullptr);
// encode_choices(want), then schedule_bytes pseudo-random bytes (schedule_seed).
std::vector<uint8_t> tape_for_choices(const std::vector<std::pair<std::string, uint32_t>>& want,
                                      size_t schedule_bytes = 0, uint64_t schedule_seed = 0);

// "P4 sdei-in-irq"
std::string finding_key(const Finding& f);

}  // namespace sf
