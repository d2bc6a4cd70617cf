// search.h - a deterministic, execution-budgeted search for property violations.
//
// Spec: design.md §5 ("every mutation is found within a fixed budget, by the
// property it names"), §3 (tapes). The engine behind the mutation tests, the
// regression checks and `stopfuzz kill-table`: a small mutational loop whose
// feedback is the set of trace edges, seeded from given tapes, counting
// executions rather than seconds so a fixed seed and budget always give the
// same answer on any machine.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "harness/stop/oracle.h"
#include "harness/stop/run.h"

namespace sf {

struct SearchOptions {
  const sf_revision* rev = nullptr;
  std::string mutation;     // "" = none
  uint64_t budget = 10000;  // executions
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

struct SearchResult {
  uint64_t execs = 0;
  bool found = false;  // a violation (of the target, if set)
  uint64_t execs_to_first = 0;
  Finding first;                        // the first violation's first unknown finding
  std::vector<Finding> first_findings;  // every finding of that execution
  std::vector<uint8_t> tape;            // its input
  // "P4 sdei-in-irq" -> executions showing it; known and unknown alike.
  std::map<std::string, uint64_t> known_seen;
  std::map<std::string, uint64_t> violations_seen;
  std::map<std::string, std::vector<uint8_t>> example;  // first input showing each key
};

// The feedback and mutation steps shared by every mutational engine here
// (search() and `stopfuzz fuzz`): edges between consecutive observable events
// of a CPU plus the findings; byte-level mutations and crossover of tapes.
void trace_edges(const RunResult& r, std::vector<uint64_t>* edges);
std::vector<uint8_t> mutate(const std::vector<uint8_t>& in, std::mt19937_64& rng,
                            const std::vector<std::vector<uint8_t>>& corpus);

// Runs up to opt.budget executions; stops at the first violation unless keep_going.
void search(const SearchOptions& opt, SearchResult* out);

// Encodes a tape that makes draw_scenario() (and any later decision) answer
// the given values, by label, in order: the i-th choose() call whose label
// matches the next unused pair with that label gets its value; every other
// call gets 0. Robust to new decisions being added to the scenario.
std::vector<uint8_t> tape_for_choices(const std::vector<std::pair<std::string, uint32_t>>& want,
                                      size_t schedule_bytes = 0, uint64_t schedule_seed = 0);

// "P4 sdei-in-irq"
std::string finding_key(const Finding& f);

}  // namespace sf
