// entry_schedule.h - which corpus entry a mutational campaign mutates next:
// cheap entries more often than costly ones, none never. The built-in
// campaign (cli/campaign.cc) and run_search() (harness/search.h: check's
// coverage strategy, the kill table) draw with it.
//
// Spec: issue 12 (throughput "on what fuzzing actually runs"; the campaign's
// profile puts two thirds of its time in the tenth of executions where two
// CPUs poll each other, and a costly parent's mutants are costly: in a
// 300,000-execution campaign the costliest tenth of the parents gave 8 % of
// the executions and 43 % of the time), design.md §8 (what to take from the
// fuzzers: AFL's performance score, which scales an entry's energy by its
// execution time against the queue's average).
//
// The cost is deterministic, not a clock: the machine's yield points of the
// entry's own execution (RunResult::steps), so a campaign bounded by
// executions picks the same entries on every machine. The weights are AFL's
// (afl-fuzz calculate_score: 0.1x at ten times the average, 3x under a
// quarter of it); a pick draws an entry uniformly and keeps it with
// probability weight / max weight, so every entry keeps a share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace sf {

class EntrySchedule {
 public:
  // Appends an entry (the corpus's next index) with its execution's cost.
  void add(uint64_t cost);
  size_t size() const { return cost_.size(); }
  // An entry index, weighted by weight(); size() must be > 0.
  size_t pick(std::mt19937_64& rng) const;
  // Entry i's weight in 1/60ths (6 = 0.1x ... 60 = 1x ... 180 = 3x), against
  // the average cost of the entries now in the schedule.
  int weight(size_t i) const;
  static constexpr int kMaxWeight = 180;

 private:
  std::vector<uint64_t> cost_;
  uint64_t total_ = 0;
};

}  // namespace sf
