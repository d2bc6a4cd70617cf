// stop_search.cc - the stop path's searches and minimization (design §3, §5).
#include "harness/stop/stop_search.h"

#include <random>

#include "harness/stop/properties.h"
#include "harness/stop/scenario.h"

namespace sf {
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

void trace_edges(const RunResult& r, std::vector<uint64_t>* edges) {
  event_features(r.trace, edges);
  for (const Finding& f : r.findings)
    edges->push_back(0xf1d0000ull + static_cast<uint64_t>(f.property) * 131 + std::hash<std::string>()(f.signature));
}

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
  RunOptions ro;
  ro.rev = opt.rev;
  ro.mutation = opt.mutation;
  ro.memory = opt.memory;
  RunResult r;
  // What makes a run a hit: the target finding, known or not; else a
  // violation (of the target property, if one is set); then accept().
  const auto hit_of = [&](const RunResult& run) -> const Finding* {
    const Finding* v = run.violation();
    if (!opt.target_key.empty()) {
      v = nullptr;
      for (const Finding& f : run.findings)
        if (finding_key(f) == opt.target_key) return opt.accept && !opt.accept(run) ? nullptr : &f;
      return nullptr;
    }
    if (v && opt.has_target) {
      v = nullptr;
      for (const Finding& f : run.findings)
        if (!f.known && f.property == opt.target) {
          v = &f;
          break;
        }
    }
    return v && opt.accept && !opt.accept(run) ? nullptr : v;
  };
  const Executor run = [&](const std::vector<uint8_t>& tape, Verdict* v) {
    run_one(tape.data(), tape.size(), ro, &r);
    trace_edges(r, &v->features);
    for (const Finding& f : r.findings) (f.known ? v->known : v->violations).push_back(finding_key(f));
    const Finding* hit = hit_of(r);
    v->hit = hit != nullptr;
    if (hit && !out->found) {  // the engine records the tape; the finding is ours
      out->first = *hit;
      out->first_findings = r.findings;
    }
  };
  SearchBudget budget;
  budget.execs = opt.budget;
  budget.seed = opt.seed;
  budget.seeds = opt.seeds;
  budget.keep_going = opt.keep_going;
  run_search(run, budget, out);
}

bool violates(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p) {
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  for (const Finding& f : r.findings)
    if (!f.known && f.property == p) return true;
  return false;
}

void minimize_violation(const std::vector<uint8_t>& tape, const RunOptions& opt, Property p, uint64_t max_execs,
                        MinimizeResult* out) {
  minimize(
      tape, [&](const std::vector<uint8_t>& t) { return violates(t, opt, p); }, max_execs, out);
}

}  // namespace sf
