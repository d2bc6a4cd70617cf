// entry_schedule.cc - cost-weighted choice of the next corpus entry (issue 12; entry_schedule.h).
#include "harness/entry_schedule.h"

namespace sf {

void EntrySchedule::add(uint64_t cost) {
  // A zero-step execution (an empty tape on a one-CPU machine) costs what
  // the cheapest do; 1 keeps the ratios finite.
  if (cost == 0) cost = 1;
  cost_.push_back(cost);
  total_ += cost;
}

int EntrySchedule::weight(size_t i) const {
  // cost / average, compared as cost * n against total (no division, no
  // floating point: the same answer on every build).
  const unsigned __int128 c = static_cast<unsigned __int128>(cost_[i]) * cost_.size() * 100;
  const unsigned __int128 t = total_;
  if (c > t * 1000) return 6;       // > 10x the average: 0.1x
  if (c > t * 400) return 15;       // > 4x: 0.25x
  if (c > t * 200) return 30;       // > 2x: 0.5x
  if (c > t * 133) return 45;       // > 1.33x: 0.75x
  if (c * 4 < t * 100) return 180;  // < 0.25x: 3x
  if (c * 3 < t * 100) return 120;  // < 0.33x: 2x
  if (c * 2 < t * 100) return 90;   // < 0.5x: 1.5x
  return 60;
}

size_t EntrySchedule::pick(std::mt19937_64& rng) const {
  const size_t n = cost_.size();
  // Rejection sampling: O(1) expected draws (at most 30 for the worst mix,
  // every entry at 0.1x, which the average rules out). Bounded all the same:
  // after 64 refusals the last draw stands.
  size_t i = 0;
  for (int tries = 0; tries < 64; ++tries) {
    i = rng() % n;
    if (static_cast<int>(rng() % kMaxWeight) < weight(i)) break;
  }
  return i;
}

}  // namespace sf
