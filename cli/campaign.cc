// campaign.cc - the built-in mutational campaign (design §7).
#include "cli/campaign.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "harness/repro.h"
#include "harness/stop/properties.h"
#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

bool read_file(const std::filesystem::path& p, std::vector<uint8_t>* out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), {});
  return true;
}

}  // namespace

int run_campaign(const CampaignOptions& opt, CampaignResult* out) {
  namespace fs = std::filesystem;
  std::vector<std::vector<uint8_t>> corpus;
  for (const std::string& d : opt.corpus_dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) {
      fprintf(stderr, "stopfuzz: corpus directory '%s' does not exist\n", d.c_str());
      return 2;
    }
    std::vector<fs::path> files;
    for (const auto& ent : fs::directory_iterator(d, ec))
      if (ent.is_regular_file()) files.push_back(ent.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      std::vector<uint8_t> data;
      if (read_file(p, &data) && data.size() <= kMaxInputSize) corpus.push_back(std::move(data));
    }
  }
  if (corpus.empty()) corpus.push_back({});

  RunOptions ro;
  ro.rev = opt.rev;
  ro.mutation = opt.mutation;
  ro.backend = opt.backend;
  ro.memory = opt.memory;
  std::mt19937_64 rng(opt.seed);
  std::set<uint64_t> shapes;
  std::vector<uint64_t> edges;
  RunResult r;
  const auto start = std::chrono::steady_clock::now();
  auto last_print = start;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const size_t seeds = corpus.size();
  int rc = 0;
  for (uint64_t i = 0;; ++i) {
    if (opt.max_execs && out->execs >= opt.max_execs) break;
    if (!opt.max_execs && elapsed() >= opt.seconds) break;
    if (opt.max_execs && opt.seconds > 0 && elapsed() >= opt.seconds) break;
    std::vector<uint8_t> input = i < seeds ? corpus[i] : mutate(corpus[rng() % corpus.size()], rng, corpus);
    if (opt.on_input) opt.on_input(input);
    run_one(input.data(), input.size(), ro, &r);
    ++out->execs;
    out->known += r.known_count();
    trace_edges(r, &edges);
    bool fresh = false;
    for (uint64_t edge : edges) fresh |= shapes.insert(edge).second;
    if (fresh && i >= seeds) corpus.push_back(input);
    if (const Finding* v = r.violation()) {
      ++out->violations;
      if (out->violations == 1) {
        Repro rep{r.revision, r.mutation, input, {}};  // --memory is in replay_extra
        out->first_violation_repro = encode_repro(rep);
        out->first_violation_property = property_info(v->property).id;
        out->execs_to_first = out->execs;
        std::error_code ec;
        fs::create_directories(opt.artifacts_dir, ec);
        char name[64];
        snprintf(name, sizeof name, "crash-%s-%016llx", property_info(v->property).id,
                 static_cast<unsigned long long>(std::hash<std::string>()(out->first_violation_repro)));
        const fs::path path = fs::path(opt.artifacts_dir) / name;
        std::ofstream f(path, std::ios::binary);
        f.write(reinterpret_cast<const char*>(input.data()), static_cast<std::streamsize>(input.size()));
        out->first_violation_file = path.string();
        if (opt.progress) fputc('\n', stderr);
        fprintf(stderr, "stopfuzz: VIOLATION %s [%s] %s\n  saved %s\n  replay: %s\n", property_info(v->property).id,
                v->signature.c_str(), v->message.c_str(), path.c_str(),
                (repro_command(rep) + opt.replay_extra).c_str());
      }
      rc = 1;
      if (!opt.keep_going) break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (opt.progress && now - last_print >= std::chrono::milliseconds(1000)) {
      last_print = now;
      const double t = elapsed();
      fprintf(stderr, "\r[%5.0fs] execs %llu (%.0f/s)  corpus %zu  edges %zu  known %llu  violations %llu   ", t,
              static_cast<unsigned long long>(out->execs), out->execs / (t > 0 ? t : 1), corpus.size(), shapes.size(),
              static_cast<unsigned long long>(out->known), static_cast<unsigned long long>(out->violations));
      fflush(stderr);
    }
  }
  out->seconds = elapsed();
  out->corpus = corpus.size();
  out->shapes = shapes.size();
  if (opt.progress) fputc('\n', stderr);
  return rc;
}

}  // namespace sf
