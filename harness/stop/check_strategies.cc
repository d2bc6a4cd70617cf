// check_strategies.cc - coverage-guided, PCT, bounded-exhaustive and random executions (issue 10).
#include "harness/stop/check_strategies.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include "harness/bounded_search.h"
#include "harness/search.h"
#include "harness/stop/property_check.h"
#include "harness/stop/scenario.h"
#include "harness/stop/stop_search.h"
#include "models/pct_scheduler.h"
#include "models/script_scheduler.h"

namespace sf {

const std::vector<CheckStrategyInfo>& check_strategies() {
  static const std::vector<CheckStrategyInfo> kAll = {
#define SF_STRATEGY(e, name, summary) {CheckStrategy::e, name, summary},
#include "harness/stop/check_strategies.def"
#undef SF_STRATEGY
  };
  return kAll;
}

const CheckStrategyInfo& strategy_info(CheckStrategy s) { return check_strategies()[static_cast<size_t>(s)]; }

bool strategy_from_name(const std::string& name, CheckStrategy* out) {
  for (const CheckStrategyInfo& i : check_strategies())
    if (name == i.name) {
      *out = i.strategy;
      return true;
    }
  return false;
}

bool schedules_scenarios(CheckStrategy s) { return s == CheckStrategy::kPct || s == CheckStrategy::kExhaustive; }

std::vector<uint8_t> scenario_prefix(const std::vector<uint8_t>& tape) {
  Tape t(tape.data(), tape.size());
  (void)draw_scenario(t);
  return std::vector<uint8_t>(tape.begin(), tape.begin() + static_cast<long>(t.consumed()));
}

namespace {

// A seed scenario: its name, the bytes draw_scenario() reads, its CPU count.
struct ScenarioSeed {
  std::string name;
  std::vector<uint8_t> prefix;
  int ncpus;
  bool named;  // gets a line of its own in the notes
};

// The seeds' scenarios, each once (seeds that differ only in their schedule
// are one scenario), in seed order.
std::vector<ScenarioSeed> seed_scenarios(const StrategyOptions& opt, int max_cpus) {
  std::vector<ScenarioSeed> out;
  std::map<std::vector<uint8_t>, bool> seen;
  for (size_t i = 0; i < opt.seeds->size(); ++i) {
    const NamedTape& t = (*opt.seeds)[i];
    std::vector<uint8_t> p = scenario_prefix(t.tape);
    Tape tape(p.data(), p.size());
    const Scenario s = draw_scenario(tape);
    if (s.machine.ncpus > max_cpus || !seen.emplace(p, true).second) continue;
    out.push_back({t.name, std::move(p), s.machine.ncpus, i < opt.named_scenarios});
  }
  if (out.empty() && max_cpus >= 2) out.push_back({"(empty tape)", {}, 2, true});
  return out;
}

// One execution of `prefix` with `sched` deciding the schedule; the sink
// gets the tape that replays it with the default policy.
void run_with(const StrategyOptions& opt, const std::vector<uint8_t>& prefix, Scheduler* sched, TapeWriter* w,
              RunResult* r) {
  RunOptions ro = opt.run;
  ro.scheduler = sched;
  ro.echo = w;
  run_one(prefix.data(), prefix.size(), ro, r);
  if (opt.sink) opt.sink(w->bytes, *r);
}

bool out_of_time(const StrategyOptions& opt) { return opt.out_of_time && opt.out_of_time(); }

void run_coverage(const StrategyOptions& opt, StrategyReport* out) {
  RunResult r;
  const Executor run = [&](const std::vector<uint8_t>& tape, Verdict* v) {
    run_one(tape.data(), tape.size(), opt.run, &r);
    search_feedback(r, v);
    if (opt.sink) opt.sink(tape, r);
  };
  SearchBudget b;
  b.execs = opt.execs;
  b.seed = opt.seed;
  for (const NamedTape& t : *opt.seeds) b.seeds.push_back(t.tape);
  b.keep_going = true;
  b.stop = [&] { return out_of_time(opt); };
  SearchStats st;
  run_search(run, b, &st);
  out->corpus = std::move(st.corpus);
  out->execs = st.execs;
  out->stopped_early = st.execs < opt.execs;
  out->notes.push_back(fmt("coverage: %zu seed inputs, then mutations of the corpus", opt.seeds->size()));
}

void run_random(const StrategyOptions& opt, StrategyReport* out) {
  std::mt19937_64 rng(opt.seed * 0x2545f4914f6cdd1dull + 3);
  RunResult r;
  std::vector<uint8_t> tape;
  for (uint64_t i = 0; i < opt.execs; ++i) {
    if (out_of_time(opt)) {
      out->stopped_early = true;
      break;
    }
    tape.resize(rng() % 513);
    for (uint8_t& b : tape) b = static_cast<uint8_t>(rng());
    run_one(tape.data(), tape.size(), opt.run, &r);
    ++out->execs;
    if (opt.sink) opt.sink(tape, r);
  }
  out->notes.push_back("random: tapes of 0-512 random bytes");
}

void run_pct(const StrategyOptions& opt, StrategyReport* out) {
  const std::vector<ScenarioSeed> scen = seed_scenarios(opt, kMaxCpus);
  const int d = opt.pct_depth < 1 ? 1 : opt.pct_depth;
  struct PerScenario {
    uint64_t k = 1;  // most decisions seen in one execution (k of the bound)
    uint64_t runs = 0;
  };
  std::vector<PerScenario> per(scen.size());
  RunResult r;
  // Round-robin over the scenarios; the first round calibrates k with the
  // default schedule (a scripted schedule of no deviations).
  for (uint64_t round = 0; out->execs < opt.execs && !out->stopped_early; ++round) {
    for (size_t i = 0; i < scen.size() && out->execs < opt.execs; ++i) {
      if (out_of_time(opt)) {
        out->stopped_early = true;
        break;
      }
      TapeWriter w;
      if (round == 0) {
        ScriptScheduler calib({}, &w);
        run_with(opt, scen[i].prefix, &calib, &w, &r);
        per[i].k = std::max<uint64_t>(1, calib.points().size());
      } else {
        PctParams p;
        p.ncpus = scen[i].ncpus;
        p.steps = per[i].k;
        p.depth = d;
        p.seed = (opt.seed * 1000003ull + i) * 7919ull + round;
        PctScheduler pct(p, &w);
        run_with(opt, scen[i].prefix, &pct, &w, &r);
        per[i].k = std::max<uint64_t>(per[i].k, pct.steps_taken());
        ++per[i].runs;
      }
      ++out->execs;
    }
  }
  // Per named scenario its bound; the others in one line (the weakest).
  size_t others = 0;
  double worst_p = 1, worst_miss = 0;
  uint64_t fewest = UINT64_MAX, most_k = 0;
  for (size_t i = 0; i < scen.size(); ++i) {
    const double p = 1.0 / (scen[i].ncpus * std::pow(static_cast<double>(per[i].k), d - 1));
    const double miss = std::pow(1.0 - p, static_cast<double>(per[i].runs));
    if (scen[i].named) {
      out->notes.push_back(fmt("pct %s: n=%d, k=%llu, d=%d: >= 1/(n*k^(d-1)) = %.3g per run; %llu runs: miss <= %.2g",
                               scen[i].name.c_str(), scen[i].ncpus, static_cast<unsigned long long>(per[i].k), d, p,
                               static_cast<unsigned long long>(per[i].runs), miss));
      continue;
    }
    ++others;
    worst_p = std::min(worst_p, p);
    worst_miss = std::max(worst_miss, miss);
    fewest = std::min(fewest, per[i].runs);
    most_k = std::max(most_k, per[i].k);
  }
  if (others)
    out->notes.push_back(
        fmt("pct on %zu more scenarios (the coverage corpus): k <= %llu, d=%d: >= %.3g per run; "
            ">= %llu runs each: miss <= %.2g",
            others, static_cast<unsigned long long>(most_k), d, worst_p, static_cast<unsigned long long>(fewest),
            worst_miss));
}

// What partial-order reduction left out, for the notes.
std::string pruned_note(const StrategyOptions& opt, uint64_t pruned) {
  if (!opt.por) return "no partial-order reduction";
  return fmt("%llu redundant preemption(s) pruned", static_cast<unsigned long long>(pruned));
}

void run_exhaustive(const StrategyOptions& opt, StrategyReport* out) {
  const std::vector<ScenarioSeed> scen = seed_scenarios(opt, opt.exhaustive_cpus);
  RunResult r;
  size_t others = 0, others_exhausted = 0;
  uint64_t others_schedules = 0, others_pruned = 0;
  for (size_t i = 0; i < scen.size(); ++i) {
    // What earlier scenarios left of the budget is shared by the rest.
    const uint64_t left = opt.execs - out->execs;
    const uint64_t cap = left / (scen.size() - i);
    BoundedStats st;
    const ScriptRun run = [&](const std::vector<uint32_t>& script, std::vector<SchedulePoint>* points) {
      if (out_of_time(opt)) {
        out->stopped_early = true;
        return false;
      }
      TapeWriter w;
      ScriptScheduler s(script, &w, opt.por);
      run_with(opt, scen[i].prefix, &s, &w, &r);
      *points = s.points();
      return true;
    };
    explore_bounded(run, opt.bound, cap, &st, opt.por);
    out->execs += st.schedules;
    if (!scen[i].named) {
      ++others;
      others_schedules += st.schedules;
      others_pruned += st.pruned;
      others_exhausted += st.exhausted ? 1 : 0;
      continue;
    }
    out->notes.push_back(
        fmt("exhaustive %s: %d CPUs, %llu schedules within %d deviation(s), %s, %s", scen[i].name.c_str(),
            scen[i].ncpus, static_cast<unsigned long long>(st.schedules), opt.bound, pruned_note(opt, st.pruned).c_str(),
            st.exhausted ? "bound exhausted" : ("NOT exhausted (cap " + std::to_string(cap) + ")").c_str()));
  }
  if (others)
    out->notes.push_back(
        fmt("exhaustive on %zu more scenarios (the coverage corpus): %llu schedules within %d "
            "deviation(s), %s, bound exhausted in %zu, NOT in %zu",
            others, static_cast<unsigned long long>(others_schedules), opt.bound,
            pruned_note(opt, others_pruned).c_str(), others_exhausted, others - others_exhausted));
}

}  // namespace

void run_strategy(CheckStrategy s, const StrategyOptions& opt, StrategyReport* out) {
  *out = StrategyReport{};
  out->strategy = s;
  switch (s) {
    case CheckStrategy::kCoverage: run_coverage(opt, out); break;
    case CheckStrategy::kPct: run_pct(opt, out); break;
    case CheckStrategy::kExhaustive: run_exhaustive(opt, out); break;
    case CheckStrategy::kRandom: run_random(opt, out); break;
    case CheckStrategy::kCount: break;
  }
}

}  // namespace sf
