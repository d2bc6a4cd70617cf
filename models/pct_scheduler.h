// pct_scheduler.h - PCT: randomized priorities with d-1 priority change points.
//
// Spec: design.md §2 (the scheduler interface: tape, PCT, bounded-exhaustive);
// issue 10. Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized
// Scheduler with Probabilistic Guarantees of Finding Bugs" (ASPLOS 2010):
// every CPU gets a distinct random priority above d; at d-1 random steps
// among the first k the running CPU drops to priority d-i (i-th change
// point); the highest-priority runnable CPU always runs. A bug of depth d is
// then hit with probability >= 1/(n*k^(d-1)) per execution (n CPUs, k steps).
// Deterministic from its seed. Each decision goes to a DecisionLog in the
// tape policy's encoding, so a PCT execution replays from a tape.
#pragma once

#include <cstdint>
#include <vector>

#include "models/limits.h"
#include "models/scheduler.h"

namespace sf {

struct PctParams {
  int ncpus = 2;
  uint64_t steps = 1;  // k: scheduling decisions expected in one execution
  int depth = 2;       // d: the bug depth aimed at (d-1 change points)
  uint64_t seed = 1;
};

class PctScheduler final : public Scheduler {
 public:
  PctScheduler(const PctParams& p, DecisionLog* log);
  void new_execution() override;
  int preempt(int current, const int* others, int n) override;
  int pick(int current, const int* runnable, int n) override;
  // Decisions taken in the last execution (for the next execution's k).
  uint64_t steps_taken() const { return step_; }

 private:
  void step(int current);
  PctParams p_;
  DecisionLog* log_;
  int prio_[kMaxCpus] = {};
  std::vector<uint64_t> change_at_;  // step numbers, one per change point
  uint64_t step_ = 0;
};

}  // namespace sf
