// seed_tapes.h - seed inputs for the mutation and regression searches.
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

namespace sf::test {

// Every file under corpus/ except corpus/regressions, in sorted order.
std::vector<std::vector<uint8_t>> corpus_seeds();

// The scenario-shaped seed tapes for one mutation id (may be empty).
std::vector<std::vector<uint8_t>> mutation_seeds(const std::string& id);

// Execution budget of every search in the `mutations` label.
constexpr uint64_t kBudget = 20000;

}  // namespace sf::test
