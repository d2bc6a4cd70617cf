// search.cc - the generic mutational search (design §3, §5).
#include "harness/search.h"

#include <set>

#include "harness/entry_schedule.h"

namespace sf {

void event_features(const Trace& t, std::vector<uint64_t>* out) {
  out->clear();
  uint64_t prev[kMaxCpus + 1] = {};
  for (const TraceEvent& e : t.events) {
    if (!ev_observable(e.type) || e.type == Ev::kPrintk) continue;
    uint64_t v = (static_cast<uint64_t>(e.type) << 8) ^ (static_cast<uint64_t>(e.depth) << 4) ^
                 static_cast<uint64_t>(e.cpu == 0 ? 1 : 2);
    const EventInfo& info = event_info(e.type);
    if (info.feature) v ^= static_cast<uint64_t>(e.field[info.feature - 1] + 1) << 20;
    const int slot = e.cpu < 0 ? kMaxCpus : e.cpu;
    out->push_back(prev[slot] * 1000003ull ^ v);
    prev[slot] = v;
  }
}

bool enumerate_sparse(size_t len, int max_nonzero, uint8_t max_value, uint64_t max_runs,
                      const std::function<bool(const std::vector<uint8_t>&)>& visit) {
  uint64_t runs = 0;
  bool hit = false;
  std::vector<uint8_t> tape(len, 0);
  // Places `left` more non-zero bytes at positions >= from; true = stop.
  std::function<bool(size_t, int)> place = [&](size_t from, int left) -> bool {
    if (left == 0) {
      if (runs++ >= max_runs) return true;
      hit = visit(tape);
      return hit;
    }
    for (size_t pos = from; pos < len; ++pos) {
      for (int v = 1; v <= max_value; ++v) {
        tape[pos] = static_cast<uint8_t>(v);
        if (place(pos + 1, left - 1)) return true;
      }
      tape[pos] = 0;
    }
    return false;
  };
  for (int k = 0; k <= max_nonzero && !hit && runs < max_runs; ++k) place(0, k);
  return hit;
}

std::vector<uint8_t> mutate(const std::vector<uint8_t>& in, std::mt19937_64& rng,
                            const std::vector<std::vector<uint8_t>>& corpus) {
  std::vector<uint8_t> out = in;
  const int n = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < n; ++k) {
    switch (rng() % 7) {
      case 0:
        if (!out.empty()) out[rng() % out.size()] = static_cast<uint8_t>(rng());
        break;
      case 1:
        if (!out.empty()) out[rng() % out.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      case 2:
        if (out.size() < kMaxTapeSize)
          out.insert(out.begin() + static_cast<long>(rng() % (out.size() + 1)), static_cast<uint8_t>(rng()));
        break;
      case 3:
        if (!out.empty()) out.erase(out.begin() + static_cast<long>(rng() % out.size()));
        break;
      case 4:
        for (int i = 0; i < 16 && out.size() < kMaxTapeSize; ++i) out.push_back(static_cast<uint8_t>(rng()));
        break;
      case 5:
        // Small values: the simplest choice of a decision is 0, the next ones 1, 2, ...
        if (!out.empty()) out[rng() % out.size()] = static_cast<uint8_t>(rng() % 4);
        break;
      case 6:
        if (!corpus.empty()) {
          const auto& other = corpus[rng() % corpus.size()];
          if (!other.empty()) {
            const size_t at = rng() % (out.size() + 1);
            const size_t from = rng() % other.size();
            out.resize(std::max(out.size(), at));
            for (size_t i = from; i < other.size() && at + i - from < kMaxTapeSize; ++i) {
              if (at + i - from < out.size())
                out[at + i - from] = other[i];
              else
                out.push_back(other[i]);
            }
          }
        }
        break;
    }
  }
  return out;
}

void run_search(const Executor& run, const SearchBudget& budget, SearchStats* out) {
  *out = SearchStats{};
  std::vector<std::vector<uint8_t>> corpus = budget.seeds;
  const size_t nseeds = corpus.size();
  if (corpus.empty()) corpus.push_back({});
  std::mt19937_64 rng(budget.seed * 0x9e3779b97f4a7c15ull + 1);
  std::set<uint64_t> features_seen;
  // Entry i of `corpus` is entry i here, added when its execution has run:
  // the seeds in the first executions, before any pick. Without seeds the
  // corpus is the empty tape, never run as itself: its first mutant's cost
  // stands in for it.
  EntrySchedule schedule;
  Verdict v;
  for (uint64_t i = 0; i < budget.execs; ++i) {
    if (budget.stop && budget.stop()) break;
    const bool seed = i < nseeds;
    std::vector<uint8_t> input =
        seed ? corpus[i] : mutate(corpus[schedule.size() ? schedule.pick(rng) : 0], rng, corpus);
    v = Verdict{};
    run(input, &v);
    ++out->execs;
    bool fresh = false;
    for (uint64_t f : v.features) fresh |= features_seen.insert(f).second;
    if (seed || schedule.size() < corpus.size()) schedule.add(v.cost);
    if (fresh && !seed) {
      corpus.push_back(input);
      schedule.add(v.cost);
    }
    for (const auto* keys : {&v.known, &v.violations}) {
      auto& seen = keys == &v.known ? out->known_seen : out->violations_seen;
      for (const std::string& key : *keys)
        if (++seen[key] == 1) out->example.emplace(key, input);
    }
    if (v.hit) {
      if (!out->found) {
        out->found = true;
        out->execs_to_first = out->execs;
        out->tape = input;
      }
      if (!budget.keep_going) break;
    }
  }
  out->corpus = std::move(corpus);
}

}  // namespace sf
