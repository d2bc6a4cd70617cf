// known_witnesses.cc - writes and checks one witness tape per known finding.
//
// Spec: design.md §4 (a revision's known findings let a run go on, and a
// run must say when a known finding stops reproducing), stop-path.md §12.1.
// A known finding that no input reaches any more is a list that lies: for
// every row of harness/stop/known_findings.def whose revision this build
// has, corpus/known/<revision>/<P>-<signature>.tape is a full run_one()
// input that shows it, found deterministically: first by the directed
// recipes (recipes.h: a scenario by its decisions, then a bounded schedule
// search), then by the coverage-guided search from the seed corpus and the
// regression tapes (--budget executions per row, 0 = none); then minimized
// while it still shows it. The test
// label `known` checks every row against its tape (tests/known/).
//
// Usage: known_witnesses write DIR [--budget N] [--only REVISION]
//        known_witnesses check DIR
//        known_witnesses recipe NAME   (the recipe's scenario bytes in hex)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
#include "harness/search.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/scenario.h"
#include "harness/stop/stop_search.h"
#include "tools/known_witnesses/recipes.h"
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

// A recipe's scenario as draw_scenario() decisions: catalogue names for
// behaviours, entries and SDEI modes, numbers for everything else.
std::vector<std::pair<std::string, uint32_t>> recipe_choices(const WitnessRecipe& r) {
  std::vector<std::pair<std::string, uint32_t>> out;
  for (const auto& [label, value] : r.scenario) {
    const std::string l = label;
    uint32_t v = 0;
    bool named = true;
    if (l == "behaviour") {
      Behaviour b;
      named = behaviour_from_name(value, &b);
      v = static_cast<uint32_t>(b);
    } else if (l == "entry") {
      named = false;
      for (uint32_t i = 0; i < static_cast<uint32_t>(Entry::kCount); ++i)
        if (std::string(entry_name(static_cast<Entry>(i))) == value) v = i, named = true;
    } else if (l == "sdei_mode") {
      named = false;
      for (uint32_t i = 0; i < kSdeiModeCount; ++i)
        if (std::string(sdei_mode_name(static_cast<SdeiMode>(i))) == value) v = i, named = true;
    } else {
      char* end = nullptr;
      v = static_cast<uint32_t>(strtoul(value, &end, 10));
      named = end && *end == '\0';
    }
    if (!named) {
      fprintf(stderr, "known_witnesses: recipe %s: unknown %s \"%s\"\n", r.name, label, value);
      exit(2);
    }
    out.emplace_back(l, v);
  }
  std::vector<std::string> problems;
  (void)encode_choices(out, &problems);
  for (const std::string& p : problems) {
    fprintf(stderr, "known_witnesses: recipe %s: %s\n", r.name, p.c_str());
    exit(2);
  }
  return out;
}

std::string row_key(const KnownFinding& k) { return std::string(property_info(k.property()).id) + " " + k.signature(); }

// The rows of one revision still without a witness, and what was found.
struct Wanted {
  const KnownFinding* row;
  const sf_revision* rev;
  std::vector<uint8_t> tape;
  bool found = false;
  std::string how;
};

// Directed strategy: each recipe naming a wanted row of a revision runs its
// bounded schedule search; every run is checked against all wanted rows.
void directed(std::vector<Wanted>& wanted) {
  for (const WitnessRecipe& recipe : witness_recipes()) {
    std::vector<std::string> revisions;
    for (const Wanted& w : wanted)
      for (const char* f : recipe.finds)
        if (!w.found && row_key(*w.row) == f &&
            std::find(revisions.begin(), revisions.end(), w.row->revision) == revisions.end())
          revisions.push_back(w.row->revision);
    if (revisions.empty()) continue;
    const std::vector<uint8_t> prefix = encode_choices(recipe_choices(recipe));
    for (const std::string& revision : revisions) {
      const sf_revision* rev = nullptr;
      for (const Wanted& w : wanted)
        if (w.row->revision == revision) rev = w.rev;
      RunOptions ro;
      ro.rev = rev;
      RunResult r;
      uint64_t runs = 0;
      const auto targets_left = [&] {
        for (const Wanted& w : wanted)
          for (const char* f : recipe.finds)
            if (!w.found && w.row->revision == revision && row_key(*w.row) == f) return true;
        return false;
      };
      enumerate_sparse(recipe.bound.len, recipe.bound.preemptions, recipe.bound.max_value, recipe.bound.max_runs,
                       [&](const std::vector<uint8_t>& schedule) {
                         std::vector<uint8_t> tape = prefix;
                         tape.insert(tape.end(), schedule.begin(), schedule.end());
                         run_one(tape.data(), tape.size(), ro, &r);
                         ++runs;
                         for (Wanted& w : wanted) {
                           if (w.found || w.row->revision != revision) continue;
                           for (const Finding& f : r.findings)
                             if (f.known && f.sig == w.row->sig) {
                               w.found = true;
                               w.tape = tape;
                               w.how = std::string("recipe ") + recipe.name + ", " + std::to_string(runs) + " runs";
                               break;
                             }
                         }
                         return !targets_left();
                       });
      fprintf(stderr, "known_witnesses: recipe %s on %s: %llu runs\n", recipe.name, revision.c_str(),
              static_cast<unsigned long long>(runs));
    }
  }
}

// Fallback: the coverage-guided search from the seeds and regression tapes.
void random_search(std::vector<Wanted>& wanted, uint64_t budget) {
  if (!budget) return;
  const auto seeds = seed_inputs();
  for (Wanted& w : wanted) {
    if (w.found) continue;
    SearchOptions opt;
    opt.rev = w.rev;
    opt.budget = budget;
    opt.seeds = seeds;
    opt.target_key = row_key(*w.row);
    SearchResult res;
    search(opt, &res);
    if (!res.found) continue;
    w.found = true;
    w.tape = res.tape;
    w.how = "search, " + std::to_string(res.execs_to_first) + " executions";
  }
}

int write(const std::string& dir, uint64_t budget, const std::string& only) {
  std::vector<Wanted> wanted;
  for (const KnownFinding& k : known_findings()) {
    const sf_revision* rev = witness_revision(k);
    if (!rev || (!only.empty() && only != k.revision)) continue;
    const fs::path path = witness_path(dir, k);
    if (fs::exists(path) && shows(read_tape(path), rev, k)) continue;  // still good
    wanted.push_back({&k, rev, {}, false, {}});
  }
  directed(wanted);
  random_search(wanted, budget);
  int missing = 0;
  for (const Wanted& w : wanted) {
    const KnownFinding& k = *w.row;
    if (!w.found) {
      fprintf(stderr, "known_witnesses: %s %s not reached (recipes, then %llu executions of search)\n", k.revision,
              row_key(k).c_str(), static_cast<unsigned long long>(budget));
      ++missing;
      continue;
    }
    MinimizeResult min;
    minimize(
        w.tape, [&](const std::vector<uint8_t>& t) { return shows(t, w.rev, k); }, 4000, &min);
    const fs::path path = witness_path(dir, k);
    fs::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(min.tape.data()), static_cast<std::streamsize>(min.tape.size()));
    printf("%-12s %-32s %s, %zu bytes\n", k.revision, row_key(k).c_str(), w.how.c_str(), min.tape.size());
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
    fprintf(stderr, "usage: known_witnesses write DIR [--budget N] [--only REVISION] | check DIR | recipe NAME\n");
    return 2;
  }
  const std::string cmd = argv[1], dir = argv[2];
  uint64_t budget = 20000;
  std::string only;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--budget")) budget = strtoull(argv[i + 1], nullptr, 10);
    if (!strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  if (cmd == "write") return write(dir, budget, only);
  if (cmd == "check") return check(dir);
  if (cmd == "recipe") {  // the scenario part of recipe DIR's tapes, in hex (for stopfuzz replay --repro)
    for (const WitnessRecipe& r : witness_recipes())
      if (dir == r.name) {
        for (uint8_t b : encode_choices(recipe_choices(r))) printf("%02x", b);
        printf("\n");
        return 0;
      }
    fprintf(stderr, "known_witnesses: no recipe %s\n", dir.c_str());
    return 2;
  }
  fprintf(stderr, "known_witnesses: unknown command %s\n", cmd.c_str());
  return 2;
}
