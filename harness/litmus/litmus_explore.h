// litmus_explore.h - every execution of a litmus test on the machine: every schedule and every reordering.
//
// Spec: issue 11 ("explore every schedule and every allowed reordering,
// bounded-exhaustive over the tape decisions, collect final states, evaluate
// the clause"), docs/memory_model.md (every reordering is a tape decision).
// The processes run as CPUs 0..n-1 of the machine (a revision with no stop
// path: litmus_revision.h) with the solo fast path off, so every load asks
// its memory decisions. Every decision (the scheduler's preemptions and
// picks, the memory model's) is answered by a depth-first walk of the
// decision tree: each execution is a distinct path, and the walk ends when
// every path was run (exhaustive) or at the bound on executions. A path is
// a tape: replaying its bytes gives the same execution.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/litmus/litmus_image.h"
#include "harness/litmus/litmus_test.h"
#include "models/memory_model.h"

namespace sf::litmus {

struct ExploreOptions {
  MemoryModel memory = MemoryModel::kArm64;
  uint64_t max_executions = 2'000'000;
};

struct Decision {
  const char* label;
  uint32_t n;
  uint32_t value;
};

struct Exploration {
  std::vector<Location> observed;                // what a state holds, in order
  std::map<std::vector<long>, uint64_t> states;  // final state -> executions that ended in it
  uint64_t executions = 0;
  uint64_t incomplete = 0;  // executions that hit a harness bound (not judged)
  bool exhaustive = false;
  size_t max_decisions = 0;
  // The verdict over the states the filter keeps: how many satisfy the clause's proposition.
  uint64_t judged = 0, satisfying = 0;
  const char* verdict = "";  // Never, Sometimes or Always
  // The first execution whose state satisfies the proposition (if any).
  std::vector<uint8_t> witness_tape;
  std::vector<Decision> witness_decisions;
  std::vector<long> witness_state;
};

// Explores; false with a reason in *error (an unknown location in the clause).
bool explore(const Test& t, const Image& img, const ExploreOptions& opt, Exploration* out, std::string* error);

// Runs the one execution `tape` gives; its decisions and final state.
bool replay(const Test& t, const Image& img, const ExploreOptions& opt, const std::vector<uint8_t>& tape,
            std::vector<Decision>* decisions, std::vector<long>* state, std::string* error);

// "x=1 y=2 0:r0=0" (a pointer that points at a variable shows its name).
std::string show_state(const Test& t, const Image& img, const std::vector<Location>& observed,
                       const std::vector<long>& state);

// The tape as hex.
std::string tape_hex(const std::vector<uint8_t>& tape);
bool parse_tape_hex(const std::string& hex, std::vector<uint8_t>* out);

}  // namespace sf::litmus
