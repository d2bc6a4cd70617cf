// weak_scenarios.h - the two small scenarios the seed review's barrier questions are asked on, under --memory arm64.
//
// Spec: seed-review-message.md, stop-path.md §6.1 (the flag before the SMC),
// §6.3 (backtrace_mask before the signal); issue 11. Shared by the seed
// questions (seed_questions_test.cc) and the litmus emitter's tests
// (cex_litmus_test.cc).
#pragma once

#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/stop/run.h"
#include "tests/harness/directed.h"

namespace sf::test {

// Revision `rev` (with `mutation`, "" none) under the arm64 model.
inline RunOptions arm64(const char* rev, const char* mutation = "") {
  RunOptions o;
  o.rev = find_revision(rev);
  EXPECT_NE(o.rev, nullptr) << rev;
  o.mutation = mutation;
  o.memory = MemoryModel::kArm64;
  return o;
}

// CPU 0 panics; CPU 1 spins with DAIF masked, so only the SDEI rung (rung 3)
// reaches it: sdei_nmi_stop_cpus() publishes the flag and signals.
inline Scenario stop_scenario() { return make_scenario({Behaviour::kDaifMasked}); }

// CPU 0 asks for an all-CPU backtrace; CPU 1 is idle and answers through SDEI.
inline Scenario backtrace_scenario() {
  Scenario s = make_scenario({Behaviour::kResponsive});
  s.entry = Entry::kBacktrace;
  return s;
}

}  // namespace sf::test
