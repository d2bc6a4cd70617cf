// campaign.cc - the built-in mutational campaign (design §7).
#include "cli/campaign.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <unordered_set>

#include "cli/counterexample.h"
#include "cli/input_files.h"
#include "cli/progress_line.h"
#include "harness/entry_schedule.h"
#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/properties.h"
#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

// Minimizes a new distinct finding, saves it and its original, and says so.
bool save_finding(const CampaignOptions& opt, const RunOptions& ro, const std::vector<uint8_t>& input,
                  CampaignResult* out) {
  namespace fs = std::filesystem;
  Counterexample c;
  if (opt.progress) fputc('\n', stderr);
  if (!shrink_counterexample(input, ro, opt.minimize_budget, &c, opt.target))
    return true;  // cannot happen: it just showed it
  CampaignFinding f;
  f.key = c.key;
  f.count = 1;
  f.first_exec = out->execs;
  // The memory model travels in opt.replay_extra (with the tree), not in rep.
  const Repro rep{ro.rev->name, ro.mutation, c.minimized, revision_build(ro.rev), ""};
  f.repro = encode_repro(rep);
  f.summary = shrink_summary(c);
  std::error_code ec;
  fs::create_directories(opt.artifacts_dir, ec);
  char name[64];
  snprintf(name, sizeof name, "crash-%s-%016llx", c.property.c_str(),
           static_cast<unsigned long long>(std::hash<std::string>()(f.repro)));
  f.file = (fs::path(opt.artifacts_dir) / name).string();
  std::string err;
  if (!write_bytes(f.file, c.minimized, &err) || !write_bytes(f.file + ".orig", c.original, &err)) {
    fprintf(stderr, "stopfuzz: %s\n", err.c_str());
    return false;
  }
  fprintf(stderr,
          "stopfuzz: %s %s after %llu executions\n  minimized: %s\n  saved %s (original: %s.orig)\n  replay: %s\n",
          opt.target.empty() ? "VIOLATION" : "FOUND", f.key.c_str(), static_cast<unsigned long long>(f.first_exec),
          f.summary.c_str(), f.file.c_str(), f.file.c_str(), (repro_command(rep) + opt.replay_extra).c_str());
  if (out->findings.empty()) {
    out->first_violation_repro = f.repro;
    out->first_violation_file = f.file;
    out->first_violation_property = c.property;
    out->execs_to_first = f.first_exec;
  }
  out->findings.push_back(std::move(f));
  return true;
}

}  // namespace

int run_campaign(const CampaignOptions& opt, CampaignResult* out) {
  std::vector<std::vector<uint8_t>> corpus;
  if (const int rc = load_corpus_dirs(opt.corpus_dirs, &corpus)) return rc;
  if (corpus.empty()) corpus.push_back({});

  RunOptions ro;
  ro.rev = opt.rev;
  ro.mutation = opt.mutation;
  ro.known_findings_of = opt.known_findings_of;
  ro.backend = opt.backend;
  ro.memory = opt.memory;
  std::mt19937_64 rng(opt.seed);
  // The trace edges seen so far: a hash set (an ordered set's lookups for the
  // few dozen edges of every execution were 4-5 % of a campaign's time).
  std::unordered_set<uint64_t> shapes;
  shapes.reserve(4096);
  std::vector<uint64_t> edges;
  RunResult r;
  const auto start = std::chrono::steady_clock::now();
  auto last_print = start;  // a worker's status to the owner, once a second
  ProgressLine progress;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const size_t seeds = corpus.size();
  // Entry i of `corpus` is entry i here, added when its execution has run:
  // the seeds in their first `seeds` executions, before any pick.
  EntrySchedule schedule;
  std::deque<std::vector<uint8_t>> inbox;  // entries other workers found, run before new mutants
  auto last_poll = start;
  int rc = 0;
  for (uint64_t i = 0;; ++i) {
    if (opt.max_execs && out->execs >= opt.max_execs) break;
    if (!opt.max_execs && elapsed() >= opt.seconds) break;
    if (opt.max_execs && opt.seconds > 0 && elapsed() >= opt.seconds) break;
    const bool imported = i >= seeds && !inbox.empty();
    std::vector<uint8_t> input;
    if (i < seeds) {
      input = corpus[i];
    } else if (imported) {
      input = std::move(inbox.front());
      inbox.pop_front();
      ++out->imported;
    } else {
      input = mutate(corpus[schedule.pick(rng)], rng, corpus);
    }
    if (opt.on_input) opt.on_input(input);
    run_one(input.data(), input.size(), ro, &r);
    ++out->execs;
    out->known += r.known_count();
    trace_edges(r, &edges);
    bool fresh = false;
    for (uint64_t edge : edges) fresh |= shapes.insert(edge).second;
    if (i < seeds) schedule.add(r.steps);
    if (fresh && i >= seeds) {
      corpus.push_back(input);
      schedule.add(r.steps);
      // Only this worker's own finds go out: an import came from a peer.
      if (!imported) ++out->own_entries;
      if (!imported && opt.link) opt.link->share(input);
    }
    const Finding* v = r.violation();
    if (!opt.target.empty()) {  // a named finding, known or not, instead of any violation
      v = nullptr;
      for (const Finding& f : r.findings)
        if (!v && finding_key(f) == opt.target) v = &f;
    }
    if (v) {
      ++out->violations;
      rc = 1;
      const std::string key = finding_key(*v);
      auto seen = std::find_if(out->findings.begin(), out->findings.end(),
                               [&](const CampaignFinding& f) { return f.key == key; });
      if (seen != out->findings.end()) {
        ++seen->count;
      } else if (!save_finding(opt, ro, input, out)) {
        return 2;
      }
      if (!opt.keep_going) {
        if (opt.link) opt.link->stop_all();
        break;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    // A worker of a pool: take in what the others found (a receive without
    // waiting, every 10 ms rather than every execution), report progress.
    if (opt.link && now - last_poll >= std::chrono::milliseconds(10)) {
      last_poll = now;
      std::vector<Bytes> got;
      if (!opt.link->poll(&got)) break;
      for (Bytes& g : got)
        if (g.size() <= kMaxInputSize) inbox.push_back(std::move(g));
    }
    if (opt.link && now - last_print >= std::chrono::milliseconds(1000)) {
      last_print = now;
      Bytes st;
      for (const uint64_t v : {out->execs, static_cast<uint64_t>(corpus.size()), static_cast<uint64_t>(shapes.size()),
                               out->known, out->violations})
        put_u64(&st, v);
      opt.link->status(st);
    }
    if (opt.progress && !opt.link && progress.due(now)) {
      const double t = elapsed();
      progress.print(now, "[%5.0fs] execs %llu (%.0f/s)  corpus %zu  edges %zu  known %llu  violations %llu   ", t,
                     static_cast<unsigned long long>(out->execs), out->execs / (t > 0 ? t : 1), corpus.size(),
                     shapes.size(), static_cast<unsigned long long>(out->known),
                     static_cast<unsigned long long>(out->violations));
    }
  }
  out->seconds = elapsed();
  out->corpus = corpus.size();
  out->shapes = shapes.size();
  out->seeds = seeds;
  out->edges.assign(shapes.begin(), shapes.end());
  std::sort(out->edges.begin(), out->edges.end());
  progress.finish();
  return rc;
}

}  // namespace sf
