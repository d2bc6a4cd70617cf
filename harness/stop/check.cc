// check.cc - both sides' searches, the confirmation searches, classification and minimizing (issue 10).
#include "harness/stop/check.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "harness/minimize.h"
#include "harness/repro.h"
#include "harness/search.h"
#include "harness/stop/report.h"
#include "harness/stop/stop_search.h"
#include "harness/worker_pool.h"

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

// A unit's part of a side's result, as a worker sends it back.
Bytes encode_side_result(const SideResult& r) {
  Bytes b;
  put_u64(&b, r.execs);
  put_u64(&b, r.findings.size());
  for (const auto& [key, f] : r.findings) {
    for (const std::string* x : {&f.key, &f.signature, &f.strategy}) put_string(&b, *x);
    for (const uint64_t v : {static_cast<uint64_t>(f.property), f.count, f.first_exec, uint64_t{f.by_confirmation}})
      put_u64(&b, v);
    put_bytes(&b, f.tape);
  }
  put_u64(&b, r.strategies.size());
  for (const StrategyReport& s : r.strategies) {
    for (const uint64_t v : {static_cast<uint64_t>(s.strategy), s.execs, uint64_t{s.stopped_early}}) put_u64(&b, v);
    put_u64(&b, s.notes.size());
    for (const std::string& n : s.notes) put_string(&b, n);
    put_u64(&b, s.corpus.size());
    for (const std::vector<uint8_t>& t : s.corpus) put_bytes(&b, t);
  }
  return b;
}

bool decode_side_result(ByteReader* in, SideResult* r) {
  r->execs = in->u64();
  for (uint64_t n = in->u64(); n-- > 0 && in->ok();) {
    SideFinding f;
    for (std::string* x : {&f.key, &f.signature, &f.strategy}) *x = in->string();
    f.property = static_cast<Property>(in->u64());
    f.count = in->u64();
    f.first_exec = in->u64();
    f.by_confirmation = in->u64() != 0;
    f.tape = in->bytes();
    r->findings[f.key] = std::move(f);
  }
  for (uint64_t n = in->u64(); n-- > 0 && in->ok();) {
    StrategyReport s;
    s.strategy = static_cast<CheckStrategy>(in->u64());
    s.execs = in->u64();
    s.stopped_early = in->u64() != 0;
    for (uint64_t k = in->u64(); k-- > 0 && in->ok();) s.notes.push_back(in->string());
    for (uint64_t k = in->u64(); k-- > 0 && in->ok();) s.corpus.push_back(in->bytes());
    r->strategies.push_back(std::move(s));
  }
  return in->ok();
}

// Adds a unit's part to its side: its executions come after the side's
// earlier units', so a finding's first execution is counted from there.
void merge_side_result(SideResult part, SideResult* side) {
  for (auto& [key, f] : part.findings) {
    SideFinding& sf = side->findings[key];
    const uint64_t count = sf.count + f.count;
    if (sf.count == 0) {
      sf = std::move(f);
      sf.first_exec += side->execs;
    }
    sf.count = count;
  }
  side->execs += part.execs;
  for (StrategyReport& s : part.strategies) side->strategies.push_back(std::move(s));
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
  // Whether --max-seconds cut the current unit short: each unit has its own
  // (a worker's memory is its own), stopped_early is the OR of the units'.
  bool unit_stopped = false;
  const auto out_of_time = [&] {
    const bool over =
        opt.max_seconds > 0 && std::chrono::duration<double>(WallClock::now() - start).count() >= opt.max_seconds;
    if (over) unit_stopped = true;
    return over;
  };
  const auto say = [&](const std::string& s) {
    if (opt.progress) opt.progress(s);
  };
  const std::vector<StrategyBudgetEntry> mix = opt.mix.empty() ? default_check_mix() : opt.mix;
  const int jobs = opt.jobs < 1 ? 1 : opt.jobs;
  // One round of units (--jobs N: on N workers); false once a worker failed.
  const auto run_round = [&](const std::string& what, size_t count, const std::function<Bytes(size_t)>& unit,
                             std::vector<ByteReader>* results, std::vector<Bytes>* store) {
    results->clear();
    if (jobs > 1 && count > 0)
      say(what + ": " + std::to_string(count) + " unit(s) on " + std::to_string(std::min<size_t>(jobs, count)) +
          " worker(s)");
    const auto stamped = [&](size_t i) {
      unit_stopped = false;
      const Bytes body = unit(i);
      Bytes b;
      put_u64(&b, unit_stopped ? 1 : 0);
      b.insert(b.end(), body.begin(), body.end());
      return b;
    };
    std::string err;
    if (!run_units(jobs, count, stamped, store, &err)) {
      out->error = what + ": " + err;
      return false;
    }
    for (const Bytes& b : *store) {
      results->emplace_back(b);
      if (results->back().u64()) out->stopped_early = true;
    }
    return true;
  };
  const auto malformed = [&](const std::string& what) {
    out->error = what + ": a unit's result is malformed";
    return false;
  };
  std::vector<ByteReader> results;
  std::vector<Bytes> store;

  // 1. The same strategies, seeds and budgets on each side: first those
  // that generate inputs (coverage, random), then those that explore the
  // schedules of scenarios (PCT, exhaustive), on the seeds' scenarios and
  // those of both sides' coverage corpora (the same list for both sides).
  // A unit is one strategy on one side; merged in unit order, each unit's
  // executions counted after those of the side's earlier units.
  std::vector<NamedTape> scenarios = opt.seeds;
  const auto run_phase = [&](bool scheduling) {
    std::vector<std::pair<int, CheckStrategy>> units;  // (side, strategy)
    std::vector<uint64_t> budgets;
    for (int side = 0; side < 2; ++side)
      for (const StrategyBudgetEntry& m : mix)
        if (schedules_scenarios(m.strategy) == scheduling) {
          units.emplace_back(side, m.strategy);
          budgets.push_back(m.execs);
        }
    const auto unit = [&](size_t u) {
      const int side = units[u].first;
      const CheckStrategy strategy = units[u].second;
      const CheckSide& cs = side == 0 ? opt.base : opt.candidate;
      say(std::string(side == 0 ? "base" : "candidate") + " " + cs.rev->name + ": " + strategy_info(strategy).name +
          ", " + std::to_string(budgets[u]) + " executions");
      SideResult res;  // this unit's part of the side's result
      StrategyOptions so;
      so.run = side_run(cs, opt);
      so.seeds = scheduling ? &scenarios : &opt.seeds;
      so.named_scenarios = opt.seeds.size();
      so.execs = budgets[u];
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
            sf.strategy = strategy_info(strategy).name;
            sf.first_exec = res.execs;
          }
        }
      };
      StrategyReport rep;
      run_strategy(strategy, so, &rep);
      res.strategies.push_back(std::move(rep));
      return encode_side_result(res);
    };
    const std::string what = scheduling ? "strategies on scenarios" : "strategies generating inputs";
    if (!run_round(what, units.size(), unit, &results, &store)) return false;
    for (size_t u = 0; u < units.size(); ++u) {
      SideResult part;
      if (!decode_side_result(&results[u], &part)) return malformed(what);
      merge_side_result(std::move(part), units[u].first == 0 ? &out->base : &out->candidate);
    }
    return true;
  };
  if (!run_phase(false)) return;
  std::set<std::vector<uint8_t>> seen;
  for (const NamedTape& t : opt.seeds) seen.insert(scenario_prefix(t.tape));
  for (const SideResult* res : {&out->base, &out->candidate})
    for (const StrategyReport& rep : res->strategies)
      for (const std::vector<uint8_t>& t : rep.corpus)
        if (scenarios.size() < opt.seeds.size() + opt.corpus_scenarios && seen.insert(scenario_prefix(t)).second)
          scenarios.push_back({"corpus#" + std::to_string(scenarios.size() - opt.seeds.size()), t});
  if (!run_phase(true)) return;

  // 2. A finding of one side only: a targeted search for it on the other,
  // from every tape that showed it first, then from the seeds. A unit is
  // one finding; the candidate's searches start from the base's findings
  // as the base's searches left them, so the base's round comes first.
  for (int side = 0; side < 2; ++side) {
    const SideResult& other = side == 0 ? out->candidate : out->base;  // where it was seen
    SideResult& res = side == 0 ? out->base : out->candidate;          // where it is looked for
    const RunOptions ro = side_run(side == 0 ? opt.base : opt.candidate, opt);
    std::vector<std::string> missing;
    for (const auto& [key, f] : other.findings)
      if (!res.findings.count(key)) missing.push_back(key);
    const auto unit = [&](size_t u) {
      const std::string& key = missing[u];
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
        search_feedback(r, v);
        v->hit = shows(r, key);
      };
      SearchStats st;
      run_search(run, b, &st);
      Bytes o;
      put_u64(&o, st.execs);
      put_u64(&o, st.found ? 1 : 0);
      put_bytes(&o, st.tape);
      put_u64(&o, st.execs_to_first);
      return o;
    };
    const std::string what = std::string("confirming on the ") + (side == 0 ? "base" : "candidate");
    if (!run_round(what, missing.size(), unit, &results, &store)) return;
    for (size_t u = 0; u < missing.size(); ++u) {
      ByteReader& in = results[u];
      const uint64_t execs = in.u64();
      const bool found = in.u64() != 0;
      Bytes tape = in.bytes();
      const uint64_t first = in.u64();
      if (!in.ok()) {
        malformed(what);
        return;
      }
      out->confirm_execs += execs;
      res.execs += execs;
      if (found) {
        SideFinding& sf = res.findings[missing[u]];
        sf = other.findings.at(missing[u]);
        sf.count = 1;
        sf.tape = std::move(tape);
        sf.strategy = "confirmation";
        sf.first_exec = first;
        sf.by_confirmation = true;
      }
    }
  }

  // 3. Classify; minimize what only one side shows (a unit per finding).
  // In catalogue order: property, then signature name.
  std::set<std::pair<std::pair<int, std::string>, std::string>> ordered;
  for (const auto* side : {&out->base.findings, &out->candidate.findings})
    for (const auto& [k, f] : *side) ordered.insert({{static_cast<int>(f.property), f.signature}, k});
  std::vector<std::string> keys;
  for (const auto& o : ordered) keys.push_back(o.second);
  std::vector<std::pair<size_t, const SideFinding*>> one_sided;  // (entry, the finding on the side that shows it)
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
      if (c != CheckClass::kUnchanged) one_sided.emplace_back(out->entries.size(), &f);
      out->entries.push_back(std::move(e));
    }
  }
  const auto unit = [&](size_t u) {
    const CheckEntry& e = out->entries[one_sided[u].first];
    const SideFinding& f = *one_sided[u].second;
    const CheckSide& shown = e.cls == CheckClass::kNew ? opt.candidate : opt.base;
    const CheckSide& other = e.cls == CheckClass::kNew ? opt.base : opt.candidate;
    const RunOptions ro = side_run(shown, opt), oro = side_run(other, opt);
    say(std::string("minimizing ") + check_class_name(e.cls) + " " + e.key);
    RunResult r;
    MinimizeResult mr;
    minimize(
        f.tape,
        [&](const std::vector<uint8_t>& t) {
          if (out_of_time()) return false;
          run_one(t.data(), t.size(), ro, &r);
          return shows(r, e.key);
        },
        opt.minimize_execs, &mr);
    std::string message, site_file, site_func;
    int site_line = 0;
    run_one(mr.tape.data(), mr.tape.size(), ro, &r);
    for (const Finding& x : r.findings)
      if (finding_key(x) == e.key) {
        message = x.message;
        if (x.event < r.trace.events.size() && r.trace.events[x.event].site) {
          const sf_site* s = r.trace.events[x.event].site;
          site_file = s->file;
          site_func = s->func;
          site_line = s->line;
        }
      }
    const std::string excerpt = excerpt_of(r, e.key);
    run_one(mr.tape.data(), mr.tape.size(), oro, &r);
    Bytes o;
    put_u64(&o, mr.execs);
    put_bytes(&o, mr.tape);
    for (const std::string* x : std::initializer_list<const std::string*>{&message, &site_file, &site_func, &excerpt})
      put_string(&o, *x);
    put_u64(&o, static_cast<uint64_t>(site_line));
    put_string(&o, verdict_of(r));
    return o;
  };
  if (!run_round("minimizing", one_sided.size(), unit, &results, &store)) return;
  for (size_t u = 0; u < one_sided.size(); ++u) {
    CheckEntry& e = out->entries[one_sided[u].first];
    ByteReader& in = results[u];
    out->minimize_execs += in.u64();
    e.tape = in.bytes();
    for (std::string* x : {&e.message, &e.site_file, &e.site_func, &e.excerpt}) *x = in.string();
    e.site_line = static_cast<int>(in.u64());
    e.other_verdict = in.string();
    if (!in.ok()) {
      malformed("minimizing");
      return;
    }
    e.found_size = one_sided[u].second->tape.size();
    e.replay_base = repro_command({opt.base.rev->name, opt.base.mutation, e.tape}) + opt.base.replay_extra;
    e.replay_candidate =
        repro_command({opt.candidate.rev->name, opt.candidate.mutation, e.tape}) + opt.candidate.replay_extra;
  }
}

}  // namespace sf
