// pct_scheduler.cc - PCT priorities and change points (issue 10; design §2).
#include "models/pct_scheduler.h"

#include <algorithm>
#include <random>

namespace sf {

PctScheduler::PctScheduler(const PctParams& p, DecisionLog* log) : p_(p), log_(log) {
  if (p_.ncpus < 1) p_.ncpus = 1;
  if (p_.ncpus > kMaxCpus) p_.ncpus = kMaxCpus;
  if (p_.depth < 1) p_.depth = 1;
  if (p_.steps < 1) p_.steps = 1;
}

void PctScheduler::new_execution() {
  // Plain modulo on mt19937_64 output (std distributions differ between
  // standard libraries; the schedule must not).
  std::mt19937_64 rng(p_.seed * 0x9e3779b97f4a7c15ull + 0x7c7);
  int order[kMaxCpus];
  for (int i = 0; i < p_.ncpus; ++i) order[i] = i;
  for (int i = p_.ncpus - 1; i > 0; --i) std::swap(order[i], order[rng() % static_cast<uint64_t>(i + 1)]);
  // Initial priorities d+1 .. d+n (higher runs first), a random permutation.
  for (int i = 0; i < p_.ncpus; ++i) prio_[order[i]] = p_.depth + 1 + i;
  change_at_.clear();
  for (int i = 1; i < p_.depth; ++i) change_at_.push_back(1 + rng() % p_.steps);
  step_ = 0;
}

void PctScheduler::step(int current) {
  ++step_;
  // The i-th change point (1-based) lowers the running CPU to d - i, below
  // every initial priority and every earlier change point.
  for (size_t i = 0; i < change_at_.size(); ++i)
    if (change_at_[i] == step_) prio_[current] = p_.depth - 1 - static_cast<int>(i);
}

int PctScheduler::preempt(int current, const int* others, int n) {
  step(current);
  int best = -1;
  for (int i = 0; i < n; ++i)
    if (prio_[others[i]] > prio_[current] && (best < 0 || prio_[others[i]] > prio_[others[best]])) best = i;
  if (log_) log_->record(static_cast<uint32_t>(n) + 1, static_cast<uint32_t>(best + 1));
  return best < 0 ? -1 : others[best];
}

int PctScheduler::pick(int current, const int* runnable, int n) {
  step(current);
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (prio_[runnable[i]] > prio_[runnable[best]]) best = i;
  if (log_) log_->record(static_cast<uint32_t>(n), static_cast<uint32_t>(best));
  return runnable[best];
}

}  // namespace sf
