// search.h - a deterministic, execution-budgeted mutational search over tapes.
//
// Spec: design.md §3 (tapes; shorter and zeroed tapes are simpler), §5
// (found within a fixed budget), §8 (libFuzzer-style feedback). Generic:
// the code under test is an Executor that runs one tape and says what it
// saw (feature ids for feedback, finding keys, whether the execution is
// what is searched for). Counting executions, not seconds, a fixed seed and
// budget give the same answer on every machine. harness/stop/stop_search.h
// is the stop path's use of it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/trace.h"

namespace sf {

// What one execution tells the search.
struct Verdict {
  std::vector<uint64_t> features;       // feedback: an input showing a new one is kept
  std::vector<std::string> known;       // keys of findings the code is known to have
  std::vector<std::string> violations;  // keys of the others
  bool hit = false;                     // the execution is what the search looks for
  uint64_t cost = 0;                    // its cost (the machine's steps): kept inputs are drawn by it
};
using Executor = std::function<void(const std::vector<uint8_t>& tape, Verdict* out)>;

struct SearchBudget {
  uint64_t execs = 10000;
  uint64_t seed = 1;
  std::vector<std::vector<uint8_t>> seeds;  // run first, in order, then mutated
  bool keep_going = false;                  // go on to the budget after the first hit
  std::function<bool()> stop;               // if set and true before an execution, the search ends there
};

struct SearchStats {
  uint64_t execs = 0;
  bool found = false;  // some execution was a hit
  uint64_t execs_to_first = 0;
  std::vector<uint8_t> tape;  // the first hit's input
  // finding key -> executions showing it, and the first input that did
  std::map<std::string, uint64_t> known_seen;
  std::map<std::string, uint64_t> violations_seen;
  std::map<std::string, std::vector<uint8_t>> example;
  std::vector<std::vector<uint8_t>> corpus;  // the seeds and every input kept for a new feature
};

// Runs seeds, then mutations of the corpus, keeping inputs with new features;
// the entry to mutate is drawn by its cost (harness/entry_schedule.h), as the
// campaign draws it.
void run_search(const Executor& run, const SearchBudget& budget, SearchStats* out);

// The feedback of a trace: edges between consecutive observable events of a
// CPU (kind, depth, role, and the field the event catalogue names as the
// event's feature); timing and other payloads are left out.
void event_features(const Trace& t, std::vector<uint64_t>* out);

// One mutation step on a tape: byte changes, insertions, deletions, small
// values (the simplest choices) and crossover with the corpus.
std::vector<uint8_t> mutate(const std::vector<uint8_t>& in, std::mt19937_64& rng,
                            const std::vector<std::vector<uint8_t>>& corpus);

// Bounded-preemption enumeration (design §7, "exhaustive with a preemption
// bound"): calls visit() on tapes of `len` bytes with at most `max_nonzero`
// non-zero bytes valued 1..max_value, in order of the number of non-zero
// bytes, then of their positions, then of their values; the first tape is
// all zeros. Stops when visit() returns true (returns true) or after
// max_runs calls (returns false). Deterministic: schedules with few
// preemptions, the ones a random search rarely lines up, come first.
bool enumerate_sparse(size_t len, int max_nonzero, uint8_t max_value, uint64_t max_runs,
                      const std::function<bool(const std::vector<uint8_t>&)>& visit);

// The longest input the engines produce (libFuzzer's -max_len matches it).
constexpr size_t kMaxTapeSize = 4096;

}  // namespace sf
