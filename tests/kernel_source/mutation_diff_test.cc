// mutation_diff_test.cc - differential check with mutations: a hand-written
// revision and its kernel-source twin (ksrc_test::twins(): final and
// src:linux-7.3, linux-6.12 and src:linux-6.12 / src:linux-7.2, linux-6.1 and
// src:linux-6.1) carry the same mutation hooks, seeded by the same rules of
// tools/ksrc/mutation_rules.def; with the same mutation active, both render
// the same timeline and JSON (sites and revision name aside) on every input.
//
// Spec: design.md §1 (the hand-made model checked against the real source,
// input by input), §5 (mutations), §8.2 (byte-identical renderings). Inputs: the
// mutation's designed seed tapes, the corpus, then fixed-seed random and
// byte-mutated tapes up to kInputs (STOPFUZZ_KSRC_MUTATION_DIFF_INPUTS lowers
// it for sanitizer builds: a prefix of the same stream). Each mutation must also change some trace
// (a hook that never fires would make the comparison empty): the source twin
// also runs without the mutation, on the inputs up to the first one whose
// trace the mutation changes (one is what the check needs, and the designed
// seeds come first), not on all kInputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <random>

#include "harness/stop/mutations.h"
#include "harness/stop/report.h"
#include "tests/kernel_source/ksrc_util.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

constexpr size_t kInputs = 5000;

std::vector<std::vector<uint8_t>> inputs_for(const std::string& id) {
  std::vector<std::vector<uint8_t>> set = test::mutation_seeds(id);
  const std::vector<std::vector<uint8_t>> corpus = test::corpus_seeds();
  set.insert(set.end(), corpus.begin(), corpus.end());
  std::mt19937_64 rng(0x5f0f2026);
  const size_t count = ksrc_test::input_count("STOPFUZZ_KSRC_MUTATION_DIFF_INPUTS", kInputs);
  while (set.size() < count) {
    if (!corpus.empty() && rng() % 4 == 0) {
      std::vector<uint8_t> v = corpus[rng() % corpus.size()];
      for (int k = 1 + static_cast<int>(rng() % 4); k > 0 && !v.empty(); --k)
        v[rng() % v.size()] = static_cast<uint8_t>(rng());
      set.push_back(std::move(v));
    } else {
      set.push_back(ksrc_test::random_tape(rng, rng() % 8 == 0 ? 1024 : 160));
    }
  }
  set.resize(count);
  return set;
}

// Under the memory model where the mutation shows (a weak-memory mutation
// changes nothing under sc).
RunResult run_with(const sf_revision* rev, const std::string& mutation, const std::vector<uint8_t>& tape,
                   MemoryModel memory) {
  RunOptions opt;
  opt.rev = rev;
  opt.mutation = mutation;
  opt.memory = memory;
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  return r;
}

// Differences that a real change between the trees explains: the test
// expects them (and prints why) instead of none.
struct Explained {
  const char* src;
  const char* mutation;
  const char* why;
};
const Explained kExplained[] = {
    {"src:linux-7.2", "no-single-winner",
     "7.2's smp_send_stop() keeps its mask in a static (on the stack in 6.12, static since 2025 because "
     "stop_in_progress serialises its users): without the guard, concurrent requesters overwrite each other's "
     "targets (\"IPI STOP -> none\")"},
};

const Explained* explained(const std::string& src, const std::string& id) {
  for (const Explained& e : kExplained)
    if (src == e.src && id == e.mutation) return &e;
  return nullptr;
}

struct Shared {
  std::string hand, src, id;
};

// Every mutation seeded into both a hand-written revision and its twin.
std::vector<Shared> shared_mutations() {
  std::vector<Shared> both;
  for (const ksrc_test::Twin& w : ksrc_test::twins()) {
    std::vector<std::string> ids;
    for (const MutationTarget& t : mutation_targets())
      if (t.revision == w.hand) ids.push_back(t.mutation->id);
    for (const MutationTarget& t : mutation_targets())
      if (t.revision == w.src && std::find(ids.begin(), ids.end(), t.mutation->id) != ids.end())
        both.push_back({w.hand, w.src, t.mutation->id});
  }
  return both;
}

class MutationDifferential : public ::testing::TestWithParam<Shared> {};

TEST_P(MutationDifferential, HandWrittenMatchesItsSource) {
  const std::string id = GetParam().id, hand = GetParam().hand, src = GetParam().src;
  const Mutation* mutation = find_mutation(id);
  ASSERT_NE(mutation, nullptr) << id;
  const MemoryModel memory = mutation->memory;
  const sf_revision* a = find_revision(hand);
  const sf_revision* b = find_revision(src);
  ASSERT_NE(a, nullptr);
  if (!b) GTEST_SKIP() << src << " is not configured";
  const auto inputs = inputs_for(id);
  const auto t0 = std::chrono::steady_clock::now();
  // All inputs on one revision, then on the other (same execution history).
  const Explained* why = explained(src, id);
  std::vector<std::string> ta(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) ta[i] = ksrc_test::rendering(run_with(a, id, inputs[i], memory));
  // The first input whose trace the mutation changes (not just the header
  // naming it), looked for only where it is asserted: an equivalent mutation
  // (mutations.def) may or may not change a trace.
  const bool look_for_change = !mutation->equivalent;
  size_t diverging = 0, first_change = inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const RunResult rb = run_with(b, id, inputs[i], memory);
    const std::string tb = ksrc_test::rendering(rb);
    if (look_for_change && first_change == inputs.size() &&
        observable_trace(rb.trace) != observable_trace(run_with(b, "", inputs[i], memory).trace))
      first_change = i;
    if (tb != ta[i]) {
      if (++diverging <= 3 && !why) {
        const auto la = ksrc_test::lines_of(ta[i]), lb = ksrc_test::lines_of(tb);
        size_t k = 0;
        while (k < la.size() && k < lb.size() && la[k] == lb[k]) ++k;
        ADD_FAILURE() << id << ": input #" << i << " differs at line " << k << ":\n  " << hand << ": "
                      << (k < la.size() ? la[k] : "(end)") << "\n  " << src << ": "
                      << (k < lb.size() ? lb[k] : "(end)");
      }
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "differential " << hand << " vs " << src << " with " << id << ": " << inputs.size() << " inputs, "
            << diverging << " diverging, ";
  if (!look_for_change)
    std::cout << "equivalent (a changed trace is not looked for), ";
  else if (first_change < inputs.size())
    std::cout << "the mutation first changes the trace of input #" << first_change << " (" << first_change + 1
              << " run without it), ";
  else
    std::cout << "no trace changed by the mutation, ";
  std::cout << std::fixed << std::setprecision(1) << s << " s\n";
  if (why) {
    std::cout << "  explained: " << why->why << "\n";
    EXPECT_GT(diverging, 0u) << "the explained difference no longer shows: drop it from kExplained";
  } else {
    EXPECT_EQ(diverging, 0u);
  }
  // An equivalent mutation (mutations.def) must change no verdict; its
  // trace may or may not change. Every other one must change some trace.
  if (look_for_change) EXPECT_LT(first_change, inputs.size()) << id << " changes no trace: its hook never fires";
}

std::string name_of(const ::testing::TestParamInfo<Shared>& i) {
  std::string s = i.param.src + "_" + i.param.id;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Shared, MutationDifferential, ::testing::ValuesIn(shared_mutations()), name_of);

}  // namespace
}  // namespace sf
