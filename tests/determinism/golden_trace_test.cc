// golden_trace_test.cc - timelines and JSON stay byte-identical across refactors.
//
// Spec: design.md §8.2 (byte-identical traces); the architecture issue ("a
// refactor proves itself with byte-identical traces on the corpus and 10^5
// generated inputs, on every revision"). For every revision of this build,
// and every catalogued mutation on each revision that carries it, the test
// replays the seed corpus, the regression tapes and a fixed stream of
// generated inputs, renders each execution as the product renders it (the
// timeline with --details, and the --json lines), and compares 64-bit
// digests of that text, per chunk of inputs, with tests/golden/traces.txt.
//
// What is compared: every character of the timeline (without kernel sites,
// every CPU's column, width 0: cells as wide as the widest label, so the
// digests follow neither the terminal nor the default width) and of the
// JSON, except the line numbers of sites: the hand-written kernel
// copies in core/ change their line numbers when their text changes (e.g.
// when mutation hooks leave them), and that alone must not count as a change
// of behaviour. The file and function of every site are still compared.
//
// A deliberate change of behaviour re-records the file (the entries of the
// revisions the binary runs; a --gtest_filter picks some):
//   STOPFUZZ_GOLDEN_WRITE=1 build/release/tests/determinism/golden_trace_test
// and says in its commit which traces changed and why.
// STOPFUZZ_GOLDEN_INPUTS=N compares only the first N generated inputs (the
// sanitizer builds use this: their chunks are a prefix of the same stream).
// STOPFUZZ_GOLDEN_BACKEND=threads runs it all on the thread backend (ctest's
// golden_trace_threads: a prefix; by hand: everything).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/revisions.h"
#include "harness/stop/mutations.h"
#include "harness/stop/report.h"
#include "harness/stop/report_json.h"
#include "harness/stop/run.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

constexpr size_t kChunk = 1000;
constexpr size_t kGenerated = 100000;        // per revision
constexpr size_t kGeneratedMutation = 2000;  // per (mutation, revision)

// A 64-bit digest of the rendering, eight bytes at a time (FNV-1a over
// words, then a final mix): cheap next to the execution it summarises.
uint64_t digest(uint64_t h, std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
  return (h ^ s.size()) * 0x9e3779b97f4a7c15ULL;
}
constexpr uint64_t kBasis = 0xcbf29ce484222325ULL;

uint64_t splitmix(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Generated input #i: half dense random bytes, half sparse (mostly zero, the
// "simplest choice"), 0..511 bytes; independent of every other input.
std::vector<uint8_t> generated(size_t i) {
  uint64_t s = 0x5f0f5eedULL ^ (i * 0x100000001b3ULL);
  const uint64_t head = splitmix(&s);
  std::vector<uint8_t> in(head % 512);
  const bool sparse = (head >> 32) & 1;
  for (uint8_t& b : in) {
    const uint64_t r = splitmix(&s);
    b = sparse && (r % 5 != 0) ? 0 : static_cast<uint8_t>(r >> 8);
  }
  return in;
}

std::vector<std::vector<uint8_t>> seed_inputs() {
  std::vector<fs::path> files;
  for (const char* dir : {STOPFUZZ_SOURCE_DIR "/corpus/final", STOPFUZZ_SOURCE_DIR "/corpus/regressions"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      const fs::path& p = e.path();
      if (!e.is_regular_file() || p.extension() == ".txt" || p.filename() == "README.md") continue;
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::vector<uint8_t>> out;
  for (const fs::path& p : files) {
    std::ifstream f(p, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return out;
}

// The product's renderings of one execution, with site line numbers removed.
std::string rendering(const RunResult& r) {
  std::ostringstream os;
  TimelineOptions t;
  t.sites = false;
  t.details = true;
  t.width = 0;  // fixed: cells fit the widest label, whatever the default width
  t.all_cpus = true;
  print_timeline(os, r, t);
  std::ostringstream js;
  print_json(js, r);
  std::string out = os.str();
  // "site":"file:123" -> "site":"file" (by hand: std::regex costs more than the run).
  const std::string j = js.str();
  static const std::string kSite = "\"site\":\"";
  size_t from = 0;
  for (size_t at; (at = j.find(kSite, from)) != std::string::npos;) {
    const size_t close = j.find('"', at + kSite.size());
    size_t colon = j.rfind(':', close);
    if (colon < at + kSite.size()) colon = close;
    out.append(j, from, colon - from);
    from = close;
  }
  out.append(j, from, std::string::npos);
  return out;
}

struct Target {
  const sf_revision* rev;
  std::string mutation;  // "" = none
  size_t generated;
};

// The revision itself, then every mutation it carries.
std::vector<Target> targets_of(const sf_revision* rev) {
  std::vector<Target> out = {{rev, "", kGenerated}};
  for (const MutationTarget& m : mutation_targets())
    if (m.revision == rev->name) out.push_back({rev, m.mutation->id, kGeneratedMutation});
  return out;
}

std::vector<std::string> revision_names() {
  std::vector<std::string> v;
  for (const sf_revision* r : all_revisions()) v.push_back(r->name);
  return v;
}

// STOPFUZZ_GOLDEN_BACKEND=threads replays everything on the thread backend:
// the recorded digests hold for both backends.
BackendKind golden_backend() {
  const char* e = getenv("STOPFUZZ_GOLDEN_BACKEND");
  return e && std::string(e) == "threads" ? BackendKind::kThreads : BackendKind::kFibers;
}

size_t generated_limit() {
  const char* e = getenv("STOPFUZZ_GOLDEN_INPUTS");
  return e ? static_cast<size_t>(strtoull(e, nullptr, 10)) : SIZE_MAX;
}

// "<revision> <mutation|-> <chunk>" -> digest
std::map<std::string, std::string> digests(const Target& t, size_t limit) {
  std::map<std::string, std::string> out;
  RunOptions opt;
  opt.rev = t.rev;
  opt.mutation = t.mutation;
  opt.backend = golden_backend();
  RunResult r;
  const std::string key = std::string(t.rev->name) + " " + (t.mutation.empty() ? "-" : t.mutation) + " ";
  auto hex = [](uint64_t h) {
    char b[20];
    snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
    return std::string(b);
  };
  uint64_t h = kBasis;
  for (const auto& in : seed_inputs()) {
    run_one(in.data(), in.size(), opt, &r);
    h = digest(h, rendering(r));
  }
  out[key + "seeds"] = hex(h);
  const size_t n = std::min(t.generated, limit);
  for (size_t c = 0; c * kChunk < n; ++c) {
    h = kBasis;
    const size_t end = std::min(n, (c + 1) * kChunk);
    if (end - c * kChunk < kChunk) break;  // only whole chunks are compared
    for (size_t i = c * kChunk; i < end; ++i) {
      const std::vector<uint8_t> in = generated(i);
      run_one(in.data(), in.size(), opt, &r);
      h = digest(h, rendering(r));
    }
    char name[32];
    snprintf(name, sizeof name, "gen%06zu", c * kChunk);
    out[key + name] = hex(h);
  }
  return out;
}

const char* const kGolden = STOPFUZZ_SOURCE_DIR "/tests/golden/traces.txt";

std::map<std::string, std::string> read_golden() {
  std::map<std::string, std::string> g;
  std::ifstream f(kGolden);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t sp = line.rfind(' ');
    g[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return g;
}

void write_golden(const std::string& revision, const std::map<std::string, std::string>& now) {
  std::map<std::string, std::string> all = read_golden();
  for (auto it = all.begin(); it != all.end();)
    it = it->first.rfind(revision + " ", 0) == 0 ? all.erase(it) : std::next(it);
  all.insert(now.begin(), now.end());
  std::ofstream f(kGolden);
  f << "# golden_trace_test digests: <revision> <mutation|-> <chunk> <64-bit digest of timeline + json>\n";
  f << "# (tests/determinism/golden_trace_test.cc says how to re-record)\n";
  for (const auto& [k, v] : all) f << k << " " << v << "\n";
  ASSERT_TRUE(f.good()) << kGolden;
}

class GoldenTraces : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTraces, RevisionAndItsMutationsRenderAsRecorded) {
  const sf_revision* rev = find_revision(GetParam());
  ASSERT_NE(rev, nullptr);
  const bool write = getenv("STOPFUZZ_GOLDEN_WRITE") != nullptr;
  const size_t limit = write ? SIZE_MAX : generated_limit();
  std::map<std::string, std::string> now;
  size_t executions = 0;
  for (const Target& t : targets_of(rev)) {
    auto d = digests(t, limit);
    executions += seed_inputs().size() + std::min(t.generated, limit);
    now.insert(d.begin(), d.end());
  }
  RecordProperty("executions", static_cast<int>(executions));
  if (write) {
    write_golden(rev->name, now);
    return;
  }
  const auto golden = read_golden();
  ASSERT_FALSE(golden.empty()) << kGolden << " is missing or empty";
  size_t compared = 0;
  for (const auto& [k, v] : now) {
    auto it = golden.find(k);
    if (it == golden.end()) {
      ADD_FAILURE() << "no golden digest for '" << k
                    << "' (a new revision or mutation: record it, see the file's head)";
      continue;
    }
    EXPECT_EQ(v, it->second) << "traces changed: " << k;
    ++compared;
  }
  std::cout << "golden " << rev->name << ": " << executions << " executions, " << compared << " chunks compared\n";
}

// Parameter names must be C identifiers: "src:linux-6.12" -> "src_linux_6_12".
std::string param_name(const ::testing::TestParamInfo<std::string>& i) {
  std::string s = i.param;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Revisions, GoldenTraces, ::testing::ValuesIn(revision_names()), param_name);

}  // namespace
}  // namespace sf
