// stop_search.cc - the stop path's searches and minimization (design §3, §5).
#include "harness/stop/stop_search.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>

#include "harness/stop/properties.h"
#include "harness/stop/scenario.h"

namespace sf {
namespace {

// Answers choose() from a label-keyed wish list and records the bytes.
class WishSource final : public ChoiceSource {
 public:
  WishSource(const std::vector<std::pair<std::string, uint32_t>>& want, std::vector<std::string>* problems)
      : want_(want), used_(want.size()), problems_(problems) {}
  uint32_t choose(uint32_t n, const char* label) override {
    uint32_t v = 0;
    for (size_t i = 0; i < want_.size(); ++i) {
      if (!used_[i] && want_[i].first == label) {
        used_[i] = true;
        v = n > 1 ? want_[i].second % n : 0;
        if (want_[i].second >= n && problems_)
          problems_->push_back("value " + std::to_string(want_[i].second) + " out of range for " + label +
                               " (n=" + std::to_string(n) + ")");
        break;
      }
    }
    if (n > 1) {
      if (n > 256) bytes_.push_back(static_cast<uint8_t>(v >> 8));
      bytes_.push_back(static_cast<uint8_t>(v & 0xff));
    }
    return n > 1 ? v : 0;
  }
  // A wanted value never asked for: the label is stale or there are too few CPUs.
  void report_unused() const {
    if (!problems_) return;
    for (size_t i = 0; i < want_.size(); ++i)
      if (!used_[i]) problems_->push_back("unused value for label " + want_[i].first);
  }
  std::vector<uint8_t> bytes_;

 private:
  const std::vector<std::pair<std::string, uint32_t>>& want_;
  std::vector<bool> used_;
  std::vector<std::string>* problems_;
};

}  // namespace

void trace_edges(const RunResult& r, std::vector<uint64_t>* edges) {
  event_features(r.trace, edges);
  for (const Finding& f : r.findings)
    edges->push_back(0xf1d0000ull + static_cast<uint64_t>(f.property) * 131 + std::hash<std::string>()(f.signature));
}

void search_feedback(const RunResult& r, Verdict* v) {
  trace_edges(r, &v->features);
  v->cost = r.steps;
}

std::string finding_key(const Finding& f) { return std::string(property_info(f.property).id) + " " + f.signature; }

std::vector<uint8_t> encode_choices(const std::vector<std::pair<std::string, uint32_t>>& want,
                                    std::vector<std::string>* problems) {
  WishSource w(want, problems);
  (void)draw_scenario(w);
  w.report_unused();
  return w.bytes_;
}

std::vector<uint8_t> tape_for_choices(const std::vector<std::pair<std::string, uint32_t>>& want, size_t schedule_bytes,
                                      uint64_t schedule_seed) {
  std::vector<uint8_t> out = encode_choices(want);
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
  ro.known_findings_of = opt.known_findings_of;
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
    search_feedback(r, v);
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

bool shows_finding(const std::vector<uint8_t>& tape, const RunOptions& opt, const std::string& key, bool known_too) {
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  for (const Finding& f : r.findings)
    if ((known_too || !f.known) && finding_key(f) == key) return true;
  return false;
}

namespace {

// Where draw_scenario() read the CPU count and each target CPU's decisions
// ([begin, end) byte offsets; a "behaviour" decision opens a CPU's block).
struct CpuBlocks {
  size_t ncpus_at = SIZE_MAX;
  uint32_t ncpus = 0;  // the value read: CPUs - 2
  std::vector<std::pair<size_t, size_t>> blocks;
};

CpuBlocks cpu_blocks(const std::vector<uint8_t>& tape, const RunOptions& opt) {
  static const std::set<std::string> kPerCpu = {"behaviour", "when", "psci", "signal_error", "signal_delay"};
  RunOptions ro = opt;
  ro.record_choices = true;
  RunResult r;
  run_one(tape.data(), tape.size(), ro, &r);
  CpuBlocks b;
  for (const Tape::Decision& d : r.choices) {
    const std::string label = d.label;
    if (label == "ncpus" && b.ncpus_at == SIZE_MAX) {
      b.ncpus_at = d.offset;
      b.ncpus = d.value;
    }
    if (label == "behaviour") b.blocks.emplace_back(d.offset, d.offset);
    if (!b.blocks.empty() && kPerCpu.count(label) && d.offset >= b.blocks.back().second)
      b.blocks.back().second = d.offset + (d.n > 256 ? 2 : 1);
  }
  return b;
}

// The scenario-aware step the byte-level minimizer cannot take: one CPU
// fewer, dropping that CPU's decisions so the others keep theirs (a byte
// change of the CPU count alone reshuffles every later decision). Tries
// each target CPU, the last first; true if one could go.
bool drop_a_cpu(std::vector<uint8_t>* tape, const RunOptions& opt, const KeepsFn& keeps, uint64_t max_execs,
                uint64_t* execs) {
  if (*execs >= max_execs) return false;
  ++*execs;
  const CpuBlocks b = cpu_blocks(*tape, opt);
  if (b.ncpus == 0 || b.ncpus_at >= tape->size()) return false;
  for (size_t k = b.blocks.size(); k-- > 0 && *execs < max_execs;) {
    std::vector<uint8_t> cand = *tape;
    cand[b.ncpus_at] = static_cast<uint8_t>(b.ncpus - 1);
    const size_t from = std::min(b.blocks[k].first, cand.size()), to = std::min(b.blocks[k].second, cand.size());
    cand.erase(cand.begin() + static_cast<long>(from), cand.begin() + static_cast<long>(to));
    ++*execs;
    if (keeps(cand)) {
      *tape = std::move(cand);
      return true;
    }
  }
  return false;
}

}  // namespace

void minimize_finding(const std::vector<uint8_t>& tape, const RunOptions& opt, const std::string& key,
                      uint64_t max_execs, MinimizeResult* out, bool known_too) {
  const KeepsFn keeps = [&](const std::vector<uint8_t>& t) { return shows_finding(t, opt, key, known_too); };
  out->tape = tape;
  out->execs = 0;
  out->fixed_point = false;
  // Alternate the two until neither changes anything: a fixed point of both.
  for (;;) {
    bool changed = false;
    while (drop_a_cpu(&out->tape, opt, keeps, max_execs, &out->execs)) changed = true;
    MinimizeResult m;
    minimize(out->tape, keeps, max_execs - std::min(max_execs, out->execs), &m);
    out->execs += m.execs;
    changed |= m.tape != out->tape;
    out->tape = m.tape;
    if (out->execs >= max_execs) return;
    if (!changed && m.fixed_point) {
      out->fixed_point = true;
      return;
    }
  }
}

}  // namespace sf
