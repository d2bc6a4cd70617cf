// known_witnesses.cc - writes and checks one witness tape per known finding.
//
// Spec: design.md §4 (a revision's known findings let a run go on, and a
// run must say when a known finding stops reproducing), stop-path.md §12.1.
// A known finding that no input reaches any more is a list that lies: for
// every row of harness/stop/known_findings.def whose revision this build
// has, corpus/known/<revision>/<P>-<signature>.tape is an input that shows
// it (found by a deterministic search from the seed corpus and the
// regression tapes, then minimized while it still shows it). The test
// label `known` checks every row against its tape (tests/known/).
//
// Usage: known_witnesses write DIR [--budget N] [--only REVISION]
//        known_witnesses check DIR
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/stop_search.h"
#include "tools/known_witnesses/witnesses.h"

namespace {

using namespace sf;
namespace fs = std::filesystem;

std::vector<std::vector<uint8_t>> seed_inputs() {
  std::vector<fs::path> files;
  for (const char* dir : {"corpus/final", "corpus/regressions"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_regular_file() && e.path().extension() != ".txt" && e.path().filename() != "README.md")
        files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::vector<uint8_t>> out;
  for (const fs::path& p : files) {
    std::ifstream f(p, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return out;
}

int write(const std::string& dir, uint64_t budget, const std::string& only) {
  const auto seeds = seed_inputs();
  int missing = 0;
  for (const KnownFinding& k : known_findings()) {
    const sf_revision* rev = witness_revision(k);
    if (!rev || (!only.empty() && only != k.revision)) continue;
    const fs::path path = witness_path(dir, k);
    if (fs::exists(path) && shows(read_tape(path), rev, k)) continue;  // still good
    SearchOptions opt;
    opt.rev = rev;
    opt.budget = budget;
    opt.seeds = seeds;
    opt.target_key = std::string(property_info(k.property()).id) + " " + k.signature();
    SearchResult res;
    search(opt, &res);
    if (!res.found) {
      fprintf(stderr, "known_witnesses: %s %s not reached in %llu executions\n", k.revision, opt.target_key.c_str(),
              static_cast<unsigned long long>(budget));
      ++missing;
      continue;
    }
    MinimizeResult min;
    minimize(res.tape, [&](const std::vector<uint8_t>& t) { return shows(t, rev, k); }, 4000, &min);
    fs::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(min.tape.data()), static_cast<std::streamsize>(min.tape.size()));
    printf("%-12s %-32s found after %llu executions, %zu bytes\n", k.revision, opt.target_key.c_str(),
           static_cast<unsigned long long>(res.execs_to_first), min.tape.size());
  }
  return missing ? 1 : 0;
}

int check(const std::string& dir) {
  int bad = 0;
  for (const KnownFinding& k : known_findings()) {
    const sf_revision* rev = witness_revision(k);
    if (!rev) continue;
    const fs::path path = witness_path(dir, k);
    if (!fs::exists(path) || !shows(read_tape(path), rev, k)) {
      fprintf(stderr, "known_witnesses: %s does not show %s %s\n", path.c_str(), property_info(k.property()).id,
              k.signature());
      ++bad;
    }
  }
  return bad ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: known_witnesses write DIR [--budget N] [--only REVISION] | check DIR\n");
    return 2;
  }
  const std::string cmd = argv[1], dir = argv[2];
  uint64_t budget = 300000;
  std::string only;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--budget")) budget = strtoull(argv[i + 1], nullptr, 10);
    if (!strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  if (cmd == "write") return write(dir, budget, only);
  if (cmd == "check") return check(dir);
  fprintf(stderr, "known_witnesses: unknown command %s\n", cmd.c_str());
  return 2;
}
