// kill_table.cc - the mutation kill table (design §5).
#include "cli/kill_table.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli/input_files.h"
#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

struct Sample {
  bool found = false;
  uint64_t execs = 0;
  double seconds = 0;
  size_t min_size = 0;
  std::vector<uint8_t> minimized;
  std::string signature;
};

template <typename T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? T{} : v[(v.size() - 1) / 2];
}

template <typename T>
T worst(const std::vector<T>& v) {
  return v.empty() ? T{} : *std::max_element(v.begin(), v.end());
}

bool save_regression(const std::string& dir, const Mutation& m, const std::string& revision, const Sample& s,
                     const std::string& replay_extra) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  // Another revision than the mutation's own: its name in the file name.
  std::string stem = m.id;
  if (revision != m.revision) {
    stem += "@";
    for (char c : revision) stem += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  }
  const fs::path base = fs::path(dir) / stem;
  std::ofstream t(base.string() + ".tape", std::ios::binary);
  t.write(reinterpret_cast<const char*>(s.minimized.data()), static_cast<std::streamsize>(s.minimized.size()));
  const Repro r{revision, m.id, s.minimized, "", memory_model_name(m.memory)};  // sf1: the sidecar outlives builds
  std::ofstream x(base.string() + ".txt");
  x << "# Regression input for mutation " << m.id << " (sidecar of " << m.id << ".tape; the tape itself\n"
    << "# carries no header, so any byte string stays a tape). Written by `stopfuzz kill-table --save`.\n"
    << "mutation: " << m.id << "\n"
    << "revision: " << revision << "\n"
    << "property: " << property_info(m.property).id << "\n"
    << "signature: " << s.signature << "\n"
    << "what was wrong: " << m.what << "\n"
    << "source: " << m.source << "\n"
    << "repro: " << encode_repro(r) << "\n"
    << "replay: " << repro_command(r) << replay_extra << "\n"
    << "clean: stopfuzz replay --revision " << revision << memory_replay_args(memory_model_name(m.memory))
    << replay_extra << " " << base.string() << ".tape (only known findings)\n";
  return t.good() && x.good();
}

}  // namespace

int run_kill_table(const KillTableOptions& opt, FILE* out) {
  if (!opt.only.empty() && !find_mutation(opt.only)) {
    fprintf(stderr, "stopfuzz: unknown mutation '%s' (see `stopfuzz list mutations`)\n", opt.only.c_str());
    return 2;
  }
  // The rows: each mutation on its own revision, or every mutation seeded
  // into opt.revision.
  std::vector<MutationTarget> rows;
  for (const MutationTarget& t : mutation_targets())
    if (opt.revision.empty() ? t.revision == t.mutation->revision : t.revision == opt.revision) rows.push_back(t);
  if (!opt.revision.empty()) {
    if (!find_revision(opt.revision)) {
      fprintf(stderr, "stopfuzz: unknown revision '%s' (see `stopfuzz list revisions`)\n", opt.revision.c_str());
      return 2;
    }
    if (rows.empty()) {
      fprintf(stderr, "stopfuzz: no catalogued mutation is seeded into revision %s (see `stopfuzz list mutations`)\n",
              opt.revision.c_str());
      return 2;
    }
  }
  std::vector<std::vector<uint8_t>> corpus;
  if (const int rc = load_corpus_dirs(opt.corpus_dirs, &corpus)) return rc;
  bool any = false;
  int rc = 0;
  fprintf(out, "kill table: %d seed(s), budget %llu executions, minimize budget %llu, %s\n", opt.seeds,
          static_cast<unsigned long long>(opt.budget), static_cast<unsigned long long>(opt.minimize_budget),
          corpus.empty() ? "from scratch (empty tape)" : "seeded from the corpus");
  fprintf(out, "%-26s %-14s %-4s %6s  %-17s %-19s %-15s %s\n", "mutation", "revision", "prop", "found",
          "execs med/worst", "seconds med/worst", "min bytes m/w", "signature");
  for (const MutationTarget& row : rows) {
    const Mutation& m = *row.mutation;
    if (!opt.only.empty() && opt.only != m.id) continue;
    if (m.equivalent) continue;  // changes no verdict by design (harness/mutations.def)
    const sf_revision* rev = find_revision(row.revision);
    if (!rev) {
      // A kernel-source revision whose tree this build was not configured with.
      if (row.revision.rfind("src:", 0) == 0) continue;
      fprintf(stderr, "stopfuzz: mutation %s names unknown revision %s\n", m.id, row.revision.c_str());
      return 2;
    }
    any = true;
    std::vector<Sample> samples;
    for (int seed = 1; seed <= opt.seeds; ++seed) {
      SearchOptions so;
      so.rev = rev;
      so.mutation = m.id;
      so.memory = m.memory;
      so.known_findings_of = opt.known_findings_of;
      so.budget = opt.budget;
      so.seed = static_cast<uint64_t>(seed);
      so.has_target = true;
      so.target = m.property;
      so.seeds = corpus;
      SearchResult sr;
      const auto t0 = std::chrono::steady_clock::now();
      search(so, &sr);
      Sample s;
      s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      s.found = sr.found;
      s.execs = sr.found ? sr.execs_to_first : sr.execs;
      if (sr.found) {
        RunOptions ro;
        ro.rev = rev;
        ro.mutation = m.id;
        ro.memory = m.memory;
        ro.known_findings_of = opt.known_findings_of;
        MinimizeResult mr;
        minimize_violation(sr.tape, ro, m.property, opt.minimize_budget, &mr);
        s.minimized = mr.tape;
        s.min_size = mr.tape.size();
        RunResult rr;
        run_one(mr.tape.data(), mr.tape.size(), ro, &rr);
        for (const Finding& f : rr.findings)
          if (!f.known && f.property == m.property) {
            s.signature = f.signature;
            break;
          }
      }
      samples.push_back(std::move(s));
    }
    std::vector<uint64_t> execs;
    std::vector<double> secs;
    std::vector<size_t> sizes;
    int found = 0;
    const Sample* smallest = nullptr;
    for (const Sample& s : samples) {
      execs.push_back(s.execs);
      secs.push_back(s.seconds);
      if (s.found) {
        ++found;
        sizes.push_back(s.min_size);
        if (!smallest || s.min_size < smallest->min_size) smallest = &s;
      }
    }
    if (found < opt.seeds) rc = 1;
    char ex[32], se[32], sz[32];
    snprintf(ex, sizeof ex, "%llu/%llu%s", static_cast<unsigned long long>(median(execs)),
             static_cast<unsigned long long>(worst(execs)), found < opt.seeds ? "+" : "");
    snprintf(se, sizeof se, "%.3f/%.3f", median(secs), worst(secs));
    if (found)
      snprintf(sz, sizeof sz, "%zu/%zu", median(sizes), worst(sizes));
    else
      snprintf(sz, sizeof sz, "-");
    fprintf(out, "%-26s %-14s %-4s %3d/%-2d  %-17s %-19s %-15s %s\n", m.id, row.revision.c_str(),
            property_info(m.property).id, found, opt.seeds, ex, se, sz,
            smallest ? smallest->signature.c_str() : "(not found)");
    fflush(out);
    if (!opt.save_dir.empty() && smallest &&
        !save_regression(opt.save_dir, m, row.revision, *smallest, opt.replay_extra)) {
      fprintf(stderr, "stopfuzz: cannot write regression for %s under %s\n", m.id, opt.save_dir.c_str());
      return 2;
    }
  }
  if (!any) {
    fprintf(stderr, "stopfuzz: no mutation to run%s%s%s%s\n", opt.only.empty() ? "" : " (mutation ", opt.only.c_str(),
            opt.revision.empty() ? "" : (opt.only.empty() ? " (revision " : ", revision "),
            opt.revision.empty() ? (opt.only.empty() ? "" : ")") : (opt.revision + ")").c_str());
    return 2;
  }
  fprintf(out,
          "(execs: executions to the first violation of the named property; '+' = not found on some seed,\n"
          " counted at the budget; seconds: wall time of that search; min bytes: minimized input size)\n");
  return rc;
}

}  // namespace sf
