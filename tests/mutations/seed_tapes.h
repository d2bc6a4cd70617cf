// seed_tapes.h - seed inputs for the mutation and regression searches, and the
// two searches the mutation tests run (found-by-its-property, only-known).
//
// Spec: design.md §3 (tapes), §5 (every mutation found within a fixed budget).
// Seeds are the checked-in corpus (minus corpus/regressions, which would hand
// the answer over) plus, per mutation, a few tapes designed from the reading
// order of draw_scenario(), written as label -> value so they survive new
// decisions being added to the scenario.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/mutations.h"

namespace sf::test {

// Every file under corpus/ except corpus/regressions and corpus/arm64 (the
// weak-memory seeds), in sorted order.
std::vector<std::vector<uint8_t>> corpus_seeds();

// The scenario-shaped seed tapes for one mutation id (may be empty).
std::vector<std::vector<uint8_t>> mutation_seeds(const std::string& id);

// Execution budget of every search in the `mutations` label.
constexpr uint64_t kBudget = 20000;

// Mutation m seeded into `revision` is found by m.property within kBudget
// executions (fixed seed) from its designed seed tapes (if asked) and the
// corpus. An unconfigured src: revision skips; any other unknown one fails.
void expect_mutation_found(const std::string& revision, const Mutation& m, bool designed_seeds);

// kBudget executions of the unmutated `revision` from the corpus show only
// its known findings. `skip_if_missing`: an absent revision skips.
void expect_only_known_findings(const std::string& revision, bool skip_if_missing);

}  // namespace sf::test
