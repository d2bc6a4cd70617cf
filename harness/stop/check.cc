// check.cc - both sides' searches, the confirmation searches, classification and minimizing (issue 10).
#include "harness/stop/check.h"

#include <chrono>
#include <set>
#include <sstream>

#include "harness/minimize.h"
#include "harness/repro.h"
#include "harness/search.h"
#include "harness/stop/report.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

using WallClock = std::chrono::steady_clock;

RunOptions side_run(const CheckSide& s, const CheckOptions& opt) {
  RunOptions ro;
  ro.rev = s.rev;
  ro.mutation = s.mutation;
  ro.backend = opt.backend;
  ro.memory = opt.memory;
  ro.observe_all = true;
  return ro;
}

bool shows(const RunResult& r, const std::string& key) {
  for (const Finding& f : r.findings)
    if (finding_key(f) == key) return true;
  return false;
}

// The lines of the timeline that matter for one finding: the scenario, the
// column header, and the rows leading up to the finding's line.
std::string excerpt_of(const RunResult& run, const std::string& key) {
  RunResult r = run;
  for (Finding& f : r.findings) f.known = false;  // the check's view: every finding counts
  std::ostringstream os;
  TimelineOptions topt;
  print_timeline(os, r, topt);
  std::vector<std::string> lines;
  std::istringstream is(os.str());
  for (std::string l; std::getline(is, l);) lines.push_back(l);
  size_t header = lines.size(), at = lines.size();
  const size_t sp = key.find(' ');
  const std::string id = key.substr(0, sp), sig = "[" + key.substr(sp + 1) + "]";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (header == lines.size() && lines[i].find("time ms |") != std::string::npos) header = i;
    if (lines[i].find("!! " + id + " ") != std::string::npos && lines[i].find(sig) != std::string::npos) {
      at = i;
      break;
    }
  }
  std::string out;
  for (const std::string& l : lines)
    if (l.rfind("scenario:", 0) == 0 || l.rfind("  cpu", 0) == 0) out += l + "\n";
  if (header < lines.size()) out += lines[header] + "\n";
  if (at == lines.size()) return out;
  constexpr size_t kRows = 14;
  const size_t from = at > header + kRows ? at - kRows : header + 1;
  if (from > header + 1) out += "       ... | (" + std::to_string(from - header - 1) + " earlier rows)\n";
  for (size_t i = from; i <= at; ++i) out += lines[i] + "\n";
  return out;
}

std::string verdict_of(const RunResult& r) {
  if (r.findings.empty()) return "clean";
  std::string s;
  for (const Finding& f : r.findings) s += (s.empty() ? "" : ", ") + finding_key(f);
  return s;
}

}  // namespace

std::vector<StrategyBudgetEntry> default_check_mix() {
  // Sized with `stopfuzz check --base src:linux-7.2 --candidate src:linux-7.3`
  // (README "Checking a patch before posting it" has the measured time).
  return {{CheckStrategy::kCoverage, 800000}, {CheckStrategy::kPct, 100000}, {CheckStrategy::kExhaustive, 100000}};
}

const char* check_class_name(CheckClass c) {
  switch (c) {
    case CheckClass::kNew: return "NEW";
    case CheckClass::kFixed: return "FIXED";
    case CheckClass::kUnchanged: return "UNCHANGED";
  }
  return "?";
}

size_t CheckResult::count(CheckClass c) const {
  size_t n = 0;
  for (const CheckEntry& e : entries) n += e.cls == c ? 1 : 0;
  return n;
}

void run_check(const CheckOptions& opt, CheckResult* out) {
  *out = CheckResult{};
  const auto start = WallClock::now();
  const auto out_of_time = [&] {
    const bool over =
        opt.max_seconds > 0 && std::chrono::duration<double>(WallClock::now() - start).count() >= opt.max_seconds;
    if (over) out->stopped_early = true;
    return over;
  };
  const auto say = [&](const std::string& s) {
    if (opt.progress) opt.progress(s);
  };
  const std::vector<StrategyBudgetEntry> mix = opt.mix.empty() ? default_check_mix() : opt.mix;

  // 1. The same strategies, seeds and budgets on each side: first those
  // that generate inputs (coverage, random), then those that explore the
  // schedules of scenarios (PCT, exhaustive), on the seeds' scenarios and
  // those of both sides' coverage corpora (the same list for both sides).
  std::vector<NamedTape> scenarios = opt.seeds;
  const auto run_phase = [&](bool scheduling) {
    for (int side = 0; side < 2; ++side) {
      const CheckSide& cs = side == 0 ? opt.base : opt.candidate;
      SideResult& res = side == 0 ? out->base : out->candidate;
      for (const StrategyBudgetEntry& m : mix) {
        if (schedules_scenarios(m.strategy) != scheduling) continue;
        say(std::string(side == 0 ? "base" : "candidate") + " " + cs.rev->name + ": " + strategy_info(m.strategy).name +
            ", " + std::to_string(m.execs) + " executions");
        StrategyOptions so;
        so.run = side_run(cs, opt);
        so.seeds = scheduling ? &scenarios : &opt.seeds;
        so.named_scenarios = opt.seeds.size();
        so.execs = m.execs;
        so.seed = opt.seed;
        so.pct_depth = opt.pct_depth;
        so.bound = opt.bound;
        so.exhaustive_cpus = opt.exhaustive_cpus;
        so.por = opt.por;
        so.out_of_time = out_of_time;
        so.sink = [&](const std::vector<uint8_t>& tape, const RunResult& r) {
          ++res.execs;
          for (const Finding& f : r.findings) {
            SideFinding& sf = res.findings[finding_key(f)];
            if (sf.count++ == 0) {
              sf.key = finding_key(f);
              sf.property = f.property;
              sf.signature = f.signature;
              sf.tape = tape;
              sf.strategy = strategy_info(m.strategy).name;
              sf.first_exec = res.execs;
            }
          }
        };
        StrategyReport rep;
        run_strategy(m.strategy, so, &rep);
        res.strategies.push_back(std::move(rep));
      }
    }
  };
  run_phase(false);
  std::set<std::vector<uint8_t>> seen;
  for (const NamedTape& t : opt.seeds) seen.insert(scenario_prefix(t.tape));
  for (const SideResult* res : {&out->base, &out->candidate})
    for (const StrategyReport& rep : res->strategies)
      for (const std::vector<uint8_t>& t : rep.corpus)
        if (scenarios.size() < opt.seeds.size() + opt.corpus_scenarios && seen.insert(scenario_prefix(t)).second)
          scenarios.push_back({"corpus#" + std::to_string(scenarios.size() - opt.seeds.size()), t});
  run_phase(true);

  // 2. A finding of one side only: a targeted search for it on the other,
  // from every tape that showed it first, then from the seeds.
  for (int side = 0; side < 2; ++side) {
    const SideResult& other = side == 0 ? out->candidate : out->base;  // where it was seen
    SideResult& res = side == 0 ? out->base : out->candidate;          // where it is looked for
    const RunOptions ro = side_run(side == 0 ? opt.base : opt.candidate, opt);
    std::vector<std::string> missing;
    for (const auto& [key, f] : other.findings)
      if (!res.findings.count(key)) missing.push_back(key);
    for (const std::string& key : missing) {
      say("confirming " + key + " on the " + (side == 0 ? "base" : "candidate"));
      SearchBudget b;
      b.execs = opt.confirm_execs;
      b.seed = opt.seed;
      b.seeds.push_back(other.findings.at(key).tape);
      for (const auto& [k, f] : other.findings)
        if (k != key) b.seeds.push_back(f.tape);
      for (const NamedTape& t : opt.seeds) b.seeds.push_back(t.tape);
      b.stop = out_of_time;
      RunResult r;
      const Executor run = [&](const std::vector<uint8_t>& tape, Verdict* v) {
        run_one(tape.data(), tape.size(), ro, &r);
        trace_edges(r, &v->features);
        v->hit = shows(r, key);
      };
      SearchStats st;
      run_search(run, b, &st);
      out->confirm_execs += st.execs;
      res.execs += st.execs;
      if (st.found) {
        SideFinding& sf = res.findings[key];
        sf = other.findings.at(key);
        sf.count = 1;
        sf.tape = st.tape;
        sf.strategy = "confirmation";
        sf.first_exec = st.execs_to_first;
        sf.by_confirmation = true;
      }
    }
  }

  // 3. Classify; minimize what only one side shows.
  // In catalogue order: property, then signature name.
  std::set<std::pair<std::pair<int, std::string>, std::string>> ordered;
  for (const auto* side : {&out->base.findings, &out->candidate.findings})
    for (const auto& [k, f] : *side) ordered.insert({{static_cast<int>(f.property), f.signature}, k});
  std::vector<std::string> keys;
  for (const auto& o : ordered) keys.push_back(o.second);
  for (CheckClass cls : {CheckClass::kNew, CheckClass::kFixed, CheckClass::kUnchanged}) {
    for (const std::string& key : keys) {
      const bool in_base = out->base.findings.count(key) != 0, in_cand = out->candidate.findings.count(key) != 0;
      const CheckClass c = in_base && in_cand ? CheckClass::kUnchanged
                           : in_cand          ? CheckClass::kNew
                                              : CheckClass::kFixed;
      if (c != cls) continue;
      const SideFinding& f = in_cand ? out->candidate.findings.at(key) : out->base.findings.at(key);
      CheckEntry e;
      e.cls = c;
      e.key = key;
      e.property = f.property;
      e.signature = f.signature;
      if (c != CheckClass::kUnchanged) {
        const CheckSide& shown = c == CheckClass::kNew ? opt.candidate : opt.base;
        const CheckSide& other = c == CheckClass::kNew ? opt.base : opt.candidate;
        const RunOptions ro = side_run(shown, opt), oro = side_run(other, opt);
        say(std::string("minimizing ") + check_class_name(c) + " " + key);
        RunResult r;
        MinimizeResult mr;
        minimize(
            f.tape,
            [&](const std::vector<uint8_t>& t) {
              if (out_of_time()) return false;
              run_one(t.data(), t.size(), ro, &r);
              return shows(r, key);
            },
            opt.minimize_execs, &mr);
        out->minimize_execs += mr.execs;
        e.tape = mr.tape;
        e.found_size = f.tape.size();
        run_one(e.tape.data(), e.tape.size(), ro, &r);
        for (const Finding& x : r.findings)
          if (finding_key(x) == key) {
            e.message = x.message;
            if (x.event < r.trace.events.size() && r.trace.events[x.event].site) {
              const sf_site* s = r.trace.events[x.event].site;
              e.site_file = s->file;
              e.site_func = s->func;
              e.site_line = s->line;
            }
          }
        e.excerpt = excerpt_of(r, key);
        run_one(e.tape.data(), e.tape.size(), oro, &r);
        e.other_verdict = verdict_of(r);
        e.replay_base = repro_command({opt.base.rev->name, opt.base.mutation, e.tape}) + opt.base.replay_extra;
        e.replay_candidate =
            repro_command({opt.candidate.rev->name, opt.candidate.mutation, e.tape}) + opt.candidate.replay_extra;
      }
      out->entries.push_back(std::move(e));
    }
  }
}

}  // namespace sf
