// stop_fuzzer.cc - the libFuzzer / AFL++ entry point: one choice tape, one run_one().
//
// Spec: design.md §3 (a fuzzer input is a tape), §4 (known findings are
// counted, not reported), §7 (engines; a failure is one line to reproduce).
// The revision is fixed at compile time (STOPFUZZ_FUZZ_REVISION) so each
// target is one OSS-Fuzz fuzzer; the environment may seed a mutation
// (STOPFUZZ_MUTATION=<id>), pick the thread backend (STOPFUZZ_BACKEND=threads)
// or the arm64 memory model (STOPFUZZ_MEMORY=arm64, docs/memory_model.md).
// Each execution's interleaving features go to the engine's coverage
// (interleaving_features.h; STOPFUZZ_INTERLEAVING=0 turns them off), and
// STOPFUZZ_REPORT_FIRST=1 prints each finding (known ones too) the first
// time this process sees it, with the execution count and seconds since
// start: how tools/interleaving_reach.sh times the nesting windows.
// Depends on stopfuzz_harness only: no GoogleTest, no RapidCheck, so it also
// builds against libc++ as OSS-Fuzz does.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "interleaving_features.h"

#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/mutations.h"
#include "harness/stop/properties.h"
#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"

#ifndef STOPFUZZ_FUZZ_REVISION
#error "STOPFUZZ_FUZZ_REVISION must name the revision under test (fuzz/CMakeLists.txt)"
#endif

// libFuzzer's extra counters: cleared by libFuzzer before each execution,
// read after it (interleaving_features.h). Global, not static, and `used`:
// an array only written to in this file would otherwise be optimised away
// (and with it the section libFuzzer looks for).
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t stopfuzz_extra_counters[sf::kInterleavingCounters];

namespace {

sf::RunOptions g_options;
sf::RunResult g_result;  // reused: its vectors keep their capacity across inputs
uint64_t g_known = 0;    // known findings seen (design §4): counted, not fatal

bool g_interleaving = true;
std::vector<uint64_t> g_edges;  // scratch for trace_edges(), capacity kept

// STOPFUZZ_REPORT_FIRST: findings seen so far, executions, start time.
bool g_report_first = false;
std::set<std::string> g_seen;
uint64_t g_execs = 0;
struct timespec g_start;

void report_first() {
  ++g_execs;
  for (const sf::Finding& f : g_result.findings) {
    const std::string key = sf::finding_key(f);
    if (!g_seen.insert(key).second) continue;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    const double s = static_cast<double>(now.tv_sec - g_start.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec - g_start.tv_nsec);
    fprintf(stderr, "==stopfuzz== first %s%s exec %llu seconds %.3f\n", key.c_str(), f.known ? " (known)" : "",
            static_cast<unsigned long long>(g_execs), s);
  }
}

[[noreturn]] void die_setup(const char* what) {
  fprintf(stderr, "stop_fuzzer: %s\n", what);
  abort();
}

void setup() {
  g_options.rev = sf::find_revision(STOPFUZZ_FUZZ_REVISION);
  if (!g_options.rev) die_setup("revision " STOPFUZZ_FUZZ_REVISION " is not linked in");
  if (const char* m = getenv("STOPFUZZ_MUTATION"); m && *m) {
    // A typo must not silently fuzz the unmutated revision.
    if (!sf::find_mutation(m)) die_setup("STOPFUZZ_MUTATION names no catalogued mutation (stopfuzz list mutations)");
    if (!sf::mutation_seeded_into(m, STOPFUZZ_FUZZ_REVISION))
      die_setup("STOPFUZZ_MUTATION is not seeded into revision " STOPFUZZ_FUZZ_REVISION
                " (stopfuzz list mutations: the revisions of each)");
    g_options.mutation = m;
  }
  if (const char* m = getenv("STOPFUZZ_MEMORY"); m && *m) {
    if (!sf::memory_model_from_name(m, &g_options.memory))
      die_setup(("STOPFUZZ_MEMORY must be one of " + sf::memory_model_choices()).c_str());
  }
  if (const char* b = getenv("STOPFUZZ_BACKEND"); b && *b) {
    if (strcmp(b, "threads") == 0)
      g_options.backend = sf::BackendKind::kThreads;
    else if (strcmp(b, "fibers") == 0)
      g_options.backend = sf::BackendKind::kFibers;
    else
      die_setup("STOPFUZZ_BACKEND must be fibers or threads");
  }
  g_interleaving = sf::interleaving_enabled_by_env();
  if (const char* f = getenv("STOPFUZZ_REPORT_FIRST"); f && strcmp(f, "1") == 0) g_report_first = true;
  clock_gettime(CLOCK_MONOTONIC, &g_start);
}

// AFL++'s driver (libAFLDriver) calls the target once in every fork-server
// child with a fixed 4-byte warm-up input ("##SI", the start of its
// persistent-mode signature) before the first real one, so that coverage of
// a first execution is ignored. That call is no fuzz input: a violation on it
// (with a mutation seeded, e.g. note-after-ack) must not abort the child, or
// AFL++ sees every seed crash and refuses to start.
bool afl_warm_up(const uint8_t* data, size_t size) {
  static bool first = true;  // true in every child: the fork server never calls the target
  const bool was_first = first;
  first = false;
  return was_first && size == 4 && memcmp(data, "##SI", 4) == 0 && getenv("__AFL_SHM_ID") != nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  (void)argv;
  setup();
  // Room for any execution up front: a vector that grows only when an input
  // beats the largest so far takes its realloc branch depending on history,
  // which AFL++ counts as instability (97.7 % -> 98.2 % measured).
  g_result.trace.events.reserve(1 << 16);
  g_result.trace.text.reserve(1 << 22);
  g_result.findings.reserve(64);
  g_edges.reserve(1 << 16);
  // Fibers survive fork(), threads do not (design §2): make the fiber
  // stacks before AFL++'s fork server starts so every child inherits them.
  if (g_options.backend == sf::BackendKind::kFibers) sf::run_one(nullptr, 0, g_options, &g_result);
  // The known-findings table is a function-local static made on first use:
  // made here, before the fork server, no child takes its initialisation
  // path on its first finding (AFL++ counted that as instability).
  (void)sf::known_findings();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > sf::kMaxInputSize) size = sf::kMaxInputSize;
  sf::run_one(data, size, g_options, &g_result);
  g_known += g_result.known_count();
  if (g_interleaving) sf::export_interleaving_features(g_result, stopfuzz_extra_counters, &g_edges);
  if (g_report_first) report_first();
  if (afl_warm_up(data, size)) return 0;
  if (const sf::Finding* v = g_result.violation()) {
    const sf::PropertyInfo& p = sf::property_info(v->property);
    sf::Repro r{g_result.revision, g_result.mutation, std::vector<uint8_t>(data, data + size), "",
                sf::memory_model_name(g_options.memory)};
    fprintf(stderr,
            "\n==stopfuzz== VIOLATION %s %s [%s] on revision %s%s%s: %s\n"
            "==stopfuzz== replay: %s\n",
            p.id, p.name, v->signature.c_str(), g_result.revision.c_str(), g_result.mutation.empty() ? "" : " + ",
            g_result.mutation.c_str(), v->message.c_str(), sf::repro_command(r).c_str());
    // abort() so libFuzzer / AFL++ save the input as a crash.
    abort();
  }
  return 0;
}
