// afl_stability_probe.cc - which coverage edges vary between runs of the same
// input in one process: what AFL++ reports as instability (issue 13).
//
// Spec: design.md §2 (AFL++ stability), §3 (same input, same execution). AFL++
// runs many inputs per process (persistent mode) and calibrates an input by
// running it several times in a row; an edge whose bucketed hit count differs
// between those runs makes the input "variable". This driver replaces AFL++'s
// (fuzz/afl_stability_probe.sh links it to fuzz/stop_fuzzer.cc built with
// -fsanitize-coverage=trace-pc-guard and the AFL++ denylist as ignorelist):
// LLVMFuzzerInitialize, then every input runs kRuns times in a row after the
// inputs before it, and each guard whose AFL++ bucket changed is printed as
//   unstable <guard> <pc> <inputs it varied on> <first such input>
// for the script to symbolise. Exit 0: nothing varied; 1: something did;
// 2: an input could not be read. The driver itself carries no coverage.
// It also stands in for AFL++'s map (__afl_area_ptr, __afl_map_size), where
// the target writes its interleaving features (fuzz/interleaving_features.h),
// and compares that map between the runs too: a byte that varies is printed
// as "unstable-map <byte> <inputs> <first input>".
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr int kRuns = 8;  // AFL++'s calibration cycles (AFL_CAL_CYCLES default)

uint32_t g_guards = 0;
std::vector<uint32_t>* g_hits = nullptr;  // per guard, this execution
std::vector<void*>* g_pc = nullptr;       // per guard, a return address into it

// AFL++'s hit-count classes (count_class_lookup8): what calibration compares.
uint8_t bucket(uint32_t n) {
  if (n <= 3) return n == 3 ? 4 : static_cast<uint8_t>(n);
  if (n <= 7) return 8;
  if (n <= 15) return 16;
  if (n <= 31) return 32;
  if (n <= 127) return 64;
  return 128;
}

// AFL++'s map as the target sees it (the features' share of it).
constexpr uint32_t kMapSize = 1 << 16;
uint8_t g_map[kMapSize];

std::vector<uint8_t> run(const std::vector<uint8_t>& in, std::vector<uint8_t>* map) {
  std::fill(g_hits->begin(), g_hits->end(), 0);
  std::fill(g_map, g_map + kMapSize, 0);
  LLVMFuzzerTestOneInput(in.data(), in.size());
  map->assign(g_map, g_map + kMapSize);
  std::vector<uint8_t> b(g_hits->size());
  std::transform(g_hits->begin(), g_hits->end(), b.begin(), bucket);
  return b;
}

void add_inputs(const std::string& path, std::vector<std::string>* out) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    out->push_back(path);  // reported as unreadable below
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    out->push_back(path);
    return;
  }
  std::vector<std::string> names;
  if (DIR* d = opendir(path.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') names.push_back(path + "/" + e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) add_inputs(n, out);
}

}  // namespace

extern "C" {
uint8_t* __afl_area_ptr = g_map;
uint32_t __afl_map_size = kMapSize;
// As afl-compiler-rt's: the value at map[id].
void __afl_coverage_interesting(uint8_t val, uint32_t id) { __afl_area_ptr[id] = val; }
}

extern "C" void __sanitizer_cov_trace_pc_guard_init(uint32_t* start, uint32_t* stop) {
  if (start == stop || *start) return;
  for (uint32_t* g = start; g < stop; ++g) *g = ++g_guards;
}

extern "C" void __sanitizer_cov_trace_pc_guard(uint32_t* guard) {
  if (!g_hits || *guard >= g_hits->size()) return;  // before main, or set-up
  ++(*g_hits)[*guard];
  if (!(*g_pc)[*guard]) (*g_pc)[*guard] = __builtin_return_address(0);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE|DIR...  (inputs to run %d times each)\n", argv[0], kRuns);
    return 2;
  }
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) add_inputs(argv[i], &files);
  LLVMFuzzerInitialize(&argc, &argv);
  g_hits = new std::vector<uint32_t>(g_guards + 1);
  g_pc = new std::vector<void*>(g_guards + 1);

  std::map<uint32_t, std::pair<int, std::string>> unstable;  // guard -> (inputs, first input)
  std::map<uint32_t, std::pair<int, std::string>> unstable_map;  // map byte -> (inputs, first input)
  size_t mapped = 0;                                              // inputs that wrote features into the map
  for (const std::string& f : files) {
    std::ifstream s(f, std::ios::binary);
    if (!s) {
      fprintf(stderr, "stopfuzz: cannot read %s\n", f.c_str());
      return 2;
    }
    const std::vector<uint8_t> in((std::istreambuf_iterator<char>(s)), {});
    std::vector<uint8_t> prev_map, now_map;
    std::vector<uint8_t> prev = run(in, &prev_map);
    std::vector<bool> varied(prev.size()), varied_map(kMapSize);
    for (int r = 1; r < kRuns; ++r) {
      const std::vector<uint8_t> now = run(in, &now_map);
      for (size_t g = 0; g < now.size(); ++g) varied[g] = varied[g] || now[g] != prev[g];
      for (uint32_t b = 0; b < kMapSize; ++b) varied_map[b] = varied_map[b] || now_map[b] != prev_map[b];
      prev = now;
      prev_map.swap(now_map);
    }
    if (std::any_of(prev_map.begin(), prev_map.end(), [](uint8_t b) { return b != 0; })) ++mapped;
    for (uint32_t b = 0; b < kMapSize; ++b) {
      if (!varied_map[b]) continue;
      auto& u = unstable_map[b];
      if (u.first++ == 0) u.second = f;
    }
    for (size_t g = 0; g < varied.size(); ++g) {
      if (!varied[g]) continue;
      auto& u = unstable[static_cast<uint32_t>(g)];
      if (u.first++ == 0) u.second = f;
    }
  }
  for (const auto& [g, u] : unstable) printf("unstable %u %p %d %s\n", g, (*g_pc)[g], u.first, u.second.c_str());
  for (const auto& [b, u] : unstable_map) printf("unstable-map %u %d %s\n", b, u.first, u.second.c_str());
  printf("%zu inputs, %u guards, %zu unstable; interleaving features in the map for %zu inputs, %zu unstable bytes\n",
         files.size(), g_guards, unstable.size(), mapped, unstable_map.size());
  return unstable.empty() && unstable_map.empty() ? 0 : 1;
}
