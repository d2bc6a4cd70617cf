// interleaving_features.h - the campaign's interleaving features (trace_edges()) as engine coverage.
//
// Spec: issue 10 ("interleaving features for the engines"), design.md §3
// (feedback), §7 (engines). Code coverage alone does not see which order the
// CPUs' events came in: two schedules through the same lines look alike to
// the engine. The built-in campaign is guided by trace_edges() (per-CPU
// bigrams of observable events with their nesting depth, plus the findings,
// harness/stop/stop_search.cc); this header hands the same features to the
// engine the fuzz target runs under:
//
// - libFuzzer: an extra-counters array (section __libfuzzer_extra_counters),
//   which libFuzzer clears before each execution and reads after it as it
//   reads its inline 8-bit counters. Each feature sets the counter its hash
//   falls on to 1 (presence, not count: a polling loop's repetitions are no
//   new interleaving).
// - AFL++ (Debian's 4.04c): its libFuzzer-compatible driver (libAFLDriver.a)
//   does not read that section (nm shows no reference to it); the map the
//   fuzzer reads is __afl_area_ptr[0 .. __afl_map_size), sized by the
//   instrumented edges (dynamic map size: __afl_final_loc). Each feature
//   marks the byte its hash falls on in that map (0 -> 1; a byte an edge
//   already counted stays as it is), so the features share the map with the
//   code edges and may collide with them, as AFL's edges collide with each
//   other. The symbols are weak: under libFuzzer they are absent and this
//   part does nothing.
//
// STOPFUZZ_INTERLEAVING=0 (or off) turns both off, for measuring with and
// without (tools/interleaving_reach.sh); anything else, or unset, keeps them on.
// Deterministic: the features are a function of the trace, which is a
// function of the input (AFL++ stability stays at 100 %:
// fuzz/afl_stability_probe.sh compares the map between repeated runs too).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"

// AFL++'s coverage map (afl-compiler-rt); absent under libFuzzer. Written
// through the runtime's __afl_coverage_interesting(val, id), which stores
// `val` at map[id]: afl-clang-fast's pass adds its own `__afl_area_ptr` to
// every module it instruments, and a declaration of that name in the module
// makes it rename its own (`__afl_area_ptr.33`, undefined at link time).
extern "C" void __afl_coverage_interesting(uint8_t val, uint32_t id) __attribute__((weak));
extern "C" uint32_t __afl_map_size __attribute__((weak));

namespace sf {

// 8 KiB of counters: a campaign's trace edges number some hundreds (the
// campaign's summary line counts them: about 600 after 60 s from
// corpus/final), so a new edge shares a counter with an earlier one about one
// time in ten; a power of two keeps the hash a mask. libFuzzer clears and
// scans the whole array on every execution, after the code's own counters
// (about 5 KB, fuzz/coverage_ignorelist.txt): with 64 KiB here, most of the
// bytes scanned, a profile of fuzz_final put 21 % of its time in that scan
// and clear (ForEachNonZeroByte 15.7 %, ClearExtraCounters 5.0 %).
inline constexpr size_t kInterleavingCounters = 1 << 13;

// Whether the environment leaves the features on (read once, at start-up).
inline bool interleaving_enabled_by_env() {
  const char* e = getenv("STOPFUZZ_INTERLEAVING");
  return !(e && (strcmp(e, "0") == 0 || strcmp(e, "off") == 0));
}

// Mixes a feature into an index (splitmix64's finaliser): trace_edges()
// values are products and xors of small numbers, whose low bits alone
// would crowd a few counters.
inline uint64_t interleaving_hash(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// Writes the features of `r` into libFuzzer's counters (`counters`, of
// kInterleavingCounters) and, when AFL++'s map is linked in and set up,
// into that map. `edges` is scratch space kept across executions.
inline void export_interleaving_features(const RunResult& r, uint8_t* counters, std::vector<uint64_t>* edges) {
  trace_edges(r, edges);
  const bool afl = &__afl_coverage_interesting != nullptr;
  const uint32_t afl_size = &__afl_map_size ? __afl_map_size : 0;
  for (const uint64_t e : *edges) {
    const uint64_t h = interleaving_hash(e);
    counters[h & (kInterleavingCounters - 1)] = 1;
    // A byte shared with a code edge is set to 1 too (the map cannot be read
    // from here): deterministic per input, so stability is unchanged.
    if (afl && afl_size) __afl_coverage_interesting(1, static_cast<uint32_t>((h >> 16) % afl_size));
  }
  // Left empty (capacity kept), so that every execution's trace_edges()
  // starts from the same state: its clear() of a non-empty scratch took
  // another branch than on the process's first execution (AFL++ stability).
  edges->clear();
}

}  // namespace sf
