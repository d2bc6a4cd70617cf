// campaign_jobs.cc - `stopfuzz fuzz --jobs N`: N campaigns in worker processes, one summary.
//
// Spec: design.md §7; issue 12 ("every core": N workers with their own
// machine, sharing corpus entries, the first violation stops all, one
// summary). The pool is harness/worker_pool.h; this file only says what a
// campaign worker sends back and how the owner adds the workers up.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "cli/campaign.h"
#include "cli/progress_line.h"

namespace sf {
namespace {

Bytes encode_result(int rc, const CampaignResult& r) {
  Bytes b;
  put_u64(&b, static_cast<uint64_t>(rc));
  for (const uint64_t v : {r.execs, static_cast<uint64_t>(r.seconds * 1e6), static_cast<uint64_t>(r.corpus), r.known,
                           r.violations, r.execs_to_first, r.own_entries, r.imported, static_cast<uint64_t>(r.seeds)})
    put_u64(&b, v);
  put_string(&b, r.first_violation_repro);
  put_string(&b, r.first_violation_file);
  put_string(&b, r.first_violation_property);
  put_u64(&b, r.edges.size());
  for (const uint64_t e : r.edges) put_u64(&b, e);
  return b;
}

bool decode_result(const Bytes& b, int* rc, CampaignResult* r) {
  ByteReader in(b);
  *rc = static_cast<int>(in.u64());
  r->execs = in.u64();
  r->seconds = static_cast<double>(in.u64()) / 1e6;
  r->corpus = in.u64();
  r->known = in.u64();
  r->violations = in.u64();
  r->execs_to_first = in.u64();
  r->own_entries = in.u64();
  r->imported = in.u64();
  r->seeds = in.u64();
  r->first_violation_repro = in.string();
  r->first_violation_file = in.string();
  r->first_violation_property = in.string();
  const uint64_t n = in.u64();
  for (uint64_t k = 0; k < n && in.ok(); ++k) r->edges.push_back(in.u64());
  return in.ok();
}

}  // namespace

int run_campaign_jobs(const CampaignOptions& opt, int jobs, CampaignResult* out) {
  if (opt.max_execs && static_cast<uint64_t>(jobs) > opt.max_execs) jobs = static_cast<int>(opt.max_execs);
  if (jobs <= 1) return run_campaign(opt, out);

  // The owner's live line: the latest status of each worker, added up.
  struct Status {
    uint64_t execs = 0, corpus = 0, edges = 0, known = 0, violations = 0;
  };
  std::vector<Status> live(static_cast<size_t>(jobs));
  const auto start = std::chrono::steady_clock::now();
  ProgressLine progress;
  auto on_status = [&](int w, const Bytes& data) {
    ByteReader in(data);
    Status s{in.u64(), in.u64(), in.u64(), in.u64(), in.u64()};
    if (!in.ok()) return;
    live[w] = s;
    const auto now = std::chrono::steady_clock::now();
    if (!opt.progress || !progress.due(now)) return;
    Status sum;
    for (const Status& x : live) {
      sum.execs += x.execs;
      sum.known += x.known;
      sum.violations += x.violations;
      sum.edges = std::max(sum.edges, x.edges);
    }
    const double t = std::chrono::duration<double>(now - start).count();
    progress.print(now, "[%5.0fs] %d workers: execs %llu (%.0f/s)  edges %llu+  known %llu  violations %llu   ", t,
                   jobs, static_cast<unsigned long long>(sum.execs), sum.execs / (t > 0 ? t : 1),
                   static_cast<unsigned long long>(sum.edges), static_cast<unsigned long long>(sum.known),
                   static_cast<unsigned long long>(sum.violations));
  };

  auto body = [&opt](WorkerLink& link) {
    CampaignOptions mine = opt;
    mine.seed = worker_seed(opt.seed, link.index());
    // --runs is the total: worker i runs its share (the first ones one more).
    if (opt.max_execs)
      mine.max_execs = opt.max_execs / static_cast<uint64_t>(link.count()) +
                       (static_cast<uint64_t>(link.index()) < opt.max_execs % static_cast<uint64_t>(link.count()));
    mine.link = &link;
    CampaignResult r;
    const int rc = run_campaign(mine, &r);
    return encode_result(rc, r);
  };
  const std::vector<WorkerOutcome> outcomes = run_worker_pool(jobs, body, on_status);
  progress.finish();

  int rc = 0;
  uint64_t seeds = 0;
  std::set<uint64_t> edges;
  for (size_t w = 0; w < outcomes.size(); ++w) {
    const WorkerOutcome& o = outcomes[w];
    int wrc = 0;
    CampaignResult r;
    if (!o.finished || !decode_result(o.result, &wrc, &r)) {
      fprintf(stderr, "stopfuzz: %s\n", o.error.empty() ? "a worker sent a malformed result" : o.error.c_str());
      rc = 2;
      continue;
    }
    out->execs += r.execs;
    out->seconds = std::max(out->seconds, r.seconds);
    out->known += r.known;
    out->violations += r.violations;
    out->own_entries += r.own_entries;
    out->imported += r.imported;
    out->worker_execs.push_back(r.execs);
    seeds = r.seeds;  // the same corpus directories for every worker
    edges.insert(r.edges.begin(), r.edges.end());
    if (wrc == 1 && rc != 2) rc = 1;
    // The first violation: the one found after the fewest executions of its
    // worker (ties: the lower worker), so the summary does not depend on
    // which message reached the owner first.
    if (!r.first_violation_repro.empty() &&
        (out->first_violation_repro.empty() || r.execs_to_first < out->execs_to_first)) {
      out->first_violation_repro = r.first_violation_repro;
      out->first_violation_file = r.first_violation_file;
      out->first_violation_property = r.first_violation_property;
      out->execs_to_first = r.execs_to_first;
    }
  }
  out->seeds = seeds;
  out->corpus = seeds + out->own_entries;
  out->shapes = edges.size();
  out->edges.assign(edges.begin(), edges.end());
  return rc;
}

}  // namespace sf
