// search.cc - deterministic execution-budgeted search (design §5, §3).
#include "harness/search.h"

#include <random>
#include <set>

#include "harness/stop/properties.h"
#include "harness/stop/scenario.h"
#include "harness/tape.h"

namespace sf {
// Feedback: consecutive observable events per CPU (kind, depth, role, and the
// field the event catalogue names as its feature: which mark, which IPI kind,
// ...), plus the findings; timing and other payloads are left out.
void trace_edges(const RunResult& r, std::vector<uint64_t>* edges) {
  edges->clear();
  uint64_t prev[kMaxCpus + 1] = {};
  for (const TraceEvent& e : r.trace.events) {
    if (!ev_observable(e.type) || e.type == Ev::kPrintk) continue;
    uint64_t v = (static_cast<uint64_t>(e.type) << 8) ^ (static_cast<uint64_t>(e.depth) << 4) ^
                 static_cast<uint64_t>(e.cpu == 0 ? 1 : 2);
    const EventInfo& info = event_info(e.type);
    if (info.feature) v ^= static_cast<uint64_t>(e.field[info.feature - 1] + 1) << 20;
    const int slot = e.cpu < 0 ? kMaxCpus : e.cpu;
    edges->push_back(prev[slot] * 1000003ull ^ v);
    prev[slot] = v;
  }
  for (const Finding& f : r.findings)
    edges->push_back(0xf1d0000ull + static_cast<uint64_t>(f.property) * 131 + std::hash<std::string>()(f.signature));
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
        if (out.size() < kMaxInputSize)
          out.insert(out.begin() + static_cast<long>(rng() % (out.size() + 1)), static_cast<uint8_t>(rng()));
        break;
      case 3:
        if (!out.empty()) out.erase(out.begin() + static_cast<long>(rng() % out.size()));
        break;
      case 4:
        for (int i = 0; i < 16 && out.size() < kMaxInputSize; ++i) out.push_back(static_cast<uint8_t>(rng()));
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
            for (size_t i = from; i < other.size() && at + i - from < kMaxInputSize; ++i) {
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

namespace {

// Answers choose() from a label-keyed wish list and records the bytes.
class WishSource final : public ChoiceSource {
 public:
  explicit WishSource(const std::vector<std::pair<std::string, uint32_t>>& want) : want_(want), used_(want.size()) {}
  uint32_t choose(uint32_t n, const char* label) override {
    uint32_t v = 0;
    for (size_t i = 0; i < want_.size(); ++i) {
      if (!used_[i] && want_[i].first == label) {
        used_[i] = true;
        v = n > 1 ? want_[i].second % n : 0;
        break;
      }
    }
    if (n > 1) {
      if (n > 256) bytes_.push_back(static_cast<uint8_t>(v >> 8));
      bytes_.push_back(static_cast<uint8_t>(v & 0xff));
    }
    return n > 1 ? v : 0;
  }
  std::vector<uint8_t> bytes_;

 private:
  const std::vector<std::pair<std::string, uint32_t>>& want_;
  std::vector<bool> used_;
};

}  // namespace

std::string finding_key(const Finding& f) { return std::string(property_info(f.property).id) + " " + f.signature; }

std::vector<uint8_t> tape_for_choices(const std::vector<std::pair<std::string, uint32_t>>& want, size_t schedule_bytes,
                                      uint64_t schedule_seed) {
  WishSource w(want);
  (void)draw_scenario(w);
  std::vector<uint8_t> out = w.bytes_;
  std::mt19937_64 rng(schedule_seed);
  for (size_t i = 0; i < schedule_bytes; ++i) out.push_back(static_cast<uint8_t>(rng()));
  return out;
}

void search(const SearchOptions& opt, SearchResult* out) {
  *out = SearchResult{};
  std::vector<std::vector<uint8_t>> corpus = opt.seeds;
  const size_t nseeds = corpus.size();
  if (corpus.empty()) corpus.push_back({});
  RunOptions ro;
  ro.rev = opt.rev;
  ro.mutation = opt.mutation;
  std::mt19937_64 rng(opt.seed * 0x9e3779b97f4a7c15ull + 1);
  std::set<uint64_t> edges_seen;
  std::vector<uint64_t> edges;
  RunResult r;
  for (uint64_t i = 0; i < opt.budget; ++i) {
    std::vector<uint8_t> input = i < nseeds ? corpus[i] : mutate(corpus[rng() % corpus.size()], rng, corpus);
    run_one(input.data(), input.size(), ro, &r);
    ++out->execs;
    trace_edges(r, &edges);
    bool fresh = false;
    for (uint64_t e : edges) fresh |= edges_seen.insert(e).second;
    if (fresh && i >= nseeds) corpus.push_back(input);
    for (const Finding& f : r.findings) {
      auto& m = f.known ? out->known_seen : out->violations_seen;
      const std::string key = finding_key(f);
      if (++m[key] == 1) out->example.emplace(key, input);
    }
    const Finding* v = r.violation();
    if (!opt.target_key.empty()) {
      v = nullptr;
      for (const Finding& f : r.findings)
        if (finding_key(f) == opt.target_key) {
          v = &f;
          break;
        }
    } else if (v && opt.has_target) {
      v = nullptr;
      for (const Finding& f : r.findings)
        if (!f.known && f.property == opt.target) {
          v = &f;
          break;
        }
    }
    if (v && opt.accept && !opt.accept(r)) v = nullptr;
    if (v) {
      if (!out->found) {
        out->found = true;
        out->execs_to_first = out->execs;
        out->first = *v;
        out->first_findings = r.findings;
        out->tape = input;
      }
      if (!opt.keep_going) break;
    }
  }
}

}  // namespace sf
