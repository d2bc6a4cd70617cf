// ksrc_util.h - helpers for the kernel-source tests: the configured trees,
// files extracted from them, random tapes, running a revision.
//
// Spec: design.md §1 (kernel-source mode). Kernel text is only ever read at
// run time from the build directory (never committed).
#pragma once

#include <dlfcn.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
#include "harness/stop/report.h"
#include "harness/stop/report_json.h"
#include "harness/stop/run.h"

namespace sf::ksrc_test {

struct Tree {
  std::string name;  // "src:linux-6.12"
  std::string path;  // the tree or tarball given to CMake
  std::string work;  // build-dir copy: <work>/pristine/<path-in-tree>
};

inline const std::vector<Tree>& trees() {
  static const std::vector<Tree> t = {
#define SF_KSRC_TREE(name, tree, work) {name, tree, work},
#include STOPFUZZ_KSRC_TREES_INC
#undef SF_KSRC_TREE
  };
  return t;
}

// Each hand-written revision and the kernel-source revision it is checked
// against, trace for trace (diff_test.cc, mutation_diff_test.cc): the real
// source of the kernel it models, and sid's 7.2, the last tree before the
// SDEI series, against the 6.12 design it keeps.
struct Twin {
  const char* hand;
  const char* src;
};
inline const std::vector<Twin>& twins() {
  static const std::vector<Twin> t = {{"final", "src:linux-7.3"},
                                      {"linux-6.12", "src:linux-6.12"},
                                      {"linux-6.1", "src:linux-6.1"},
                                      {"linux-6.12", "src:linux-7.2"}};
  return t;
}

// The functions of smp.c the hand-written callers need, as trivial stubs,
// for the synthetic trees of the tests (no kernel text).
inline const char* const kSyntheticStubs = R"(void __noreturn panic_smp_self_stop(void)
{
	cpu_park_loop();
}
void crash_smp_send_stop(void)
{
}
bool smp_crash_stop_failed(void)
{
	return false;
}
bool cpus_are_stuck_in_kernel(void)
{
	return false;
}
)";

inline const Tree* tree_named(const std::string& name) {
  for (const Tree& t : trees())
    if (t.name == name) return &t;
  return nullptr;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The file as the tree has it, unpatched: a directory tree's own, a
// tarball's as extracted into the build directory.
inline std::string tree_text(const Tree& t, const std::string& rel) {
  const std::filesystem::path dir = std::filesystem::is_directory(t.path) ? std::filesystem::path(t.path)
                                                                          : std::filesystem::path(t.work) / "pristine";
  return read_file(dir / rel);
}
inline std::vector<std::string> tree_file(const Tree& t, const std::string& rel) { return lines_of(tree_text(t, rel)); }

// How many inputs a differential compares: `fallback`, unless the variable
// `env` lowers it (the sanitizer builds set it in CMakeLists.txt; their
// inputs are a prefix of the same stream).
inline size_t input_count(const char* env, size_t fallback) {
  const char* e = getenv(env);
  return e ? static_cast<size_t>(strtoull(e, nullptr, 10)) : fallback;
}

// Fixed-seed random tapes: lengths 0..max_len, uniform bytes.
inline std::vector<uint8_t> random_tape(std::mt19937_64& rng, size_t max_len) {
  std::vector<uint8_t> v(rng() % (max_len + 1));
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

inline RunResult run_tape(const sf_revision* rev, const std::vector<uint8_t>& tape) {
  RunOptions opt;
  opt.rev = rev;
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  return r;
}

// What the differentials compare, as strictly as the product renders it: the
// timeline with every event (--details) and the JSON lines, without the
// kernel sites (file:line and function, which differ between a hand-written
// copy and the tree by design) and with the revision's name as "<revision>".
inline std::string rendering(const RunResult& r) {
  std::ostringstream tl, js;
  TimelineOptions t;
  t.sites = false;
  t.details = true;
  t.width = 0;  // fixed: cells fit the widest label, whatever the default width
  t.all_cpus = true;
  print_timeline(tl, r, t);
  print_json(js, r);
  std::string out = tl.str();
  static const std::string kSite = ",\"site\":\"";
  const std::string j = js.str();
  size_t from = 0;
  for (size_t at; (at = j.find(kSite, from)) != std::string::npos;) {
    out.append(j, from, at - from);
    from = j.find('}', at);  // "site" and "func" are the last fields of an event
  }
  out.append(j, from, std::string::npos);
  // The header's first line names the revision ("revision final ...").
  const std::string head = "revision " + r.revision;
  if (out.rfind(head, 0) == 0) out.replace(0, head.size(), "revision <revision>");
  return out;
}

// Runs a shell command, returning its exit status and combined output.
inline int run_command(const std::string& cmd, std::string* out) {
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  size_t n;
  out->clear();
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  int st = pclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

inline std::string quote(const std::string& s) { return "'" + s + "'"; }

// Runs tools/ksrc/ksrc_extract on `tree` (no tarball decompression when it is
// a directory) into `out`, with the shim compile check and the patches in
// order ("" names no patch; an empty name: the extractor's default).
// The work directory is named after the output too: tests running in
// parallel (ctest -j) that share a revision name must not share it.
inline int extract(const std::filesystem::path& tree, const std::string& name, const std::vector<std::string>& patches,
                   const std::filesystem::path& out, std::string* diag) {
  std::string cmd =
      quote(STOPFUZZ_KSRC_EXTRACT) + " --tree " + quote(tree.string()) + " --work " +
      quote(out.parent_path().string() + "/work-" + name.substr(name.find(':') + 1) + "-" + out.stem().string()) +
      " --out " + quote(out.string()) + " --repo " + quote(STOPFUZZ_SOURCE_DIR) + " --cc " + quote(STOPFUZZ_TEST_CC);
  if (!name.empty()) cmd += " --name " + quote(name);
  for (const std::string& p : patches)
    if (!p.empty()) cmd += " --patch " + quote(p);
  return run_command(cmd, diag);
}
inline int extract(const std::filesystem::path& tree, const std::string& name, const std::string& patch,
                   const std::filesystem::path& out, std::string* diag) {
  return extract(tree, name, std::vector<std::string>{patch}, out, diag);
}

// The stop path's file in a tree.
inline const char* const kSmp = "arch/arm64/kernel/smp.c";

struct Guard {
  int first = 0;  // 1-based line of "if (test_and_set_bit(0, &stop_in_progress))"
};

// A unified diff of `rel` (the file's lines `text`) replacing the `n` lines
// from 0-based line `i` by `added`, with three lines of context: a patch
// made at run time from the tree's own text (no kernel line is committed).
inline std::string hunk_patch(const std::string& rel, const std::vector<std::string>& text, size_t i, size_t n,
                              const std::vector<std::string>& added, bool corrupt_context = false) {
  const size_t c0 = i >= 3 ? i - 3 : 0, c1 = std::min(text.size(), i + n + 3);  // [c0, c1)
  std::ostringstream d;
  d << "--- a/" << rel << "\n+++ b/" << rel << "\n";
  d << "@@ -" << c0 + 1 << "," << c1 - c0 << " +" << c0 + 1 << "," << c1 - c0 - n + added.size() << " @@\n";
  for (size_t k = c0; k < c1; ++k) {
    if (k == i) {
      for (size_t r = 0; r < n; ++r) d << "-" << text[i + r] << "\n";
      for (const std::string& l : added) d << "+" << l << "\n";
    }
    if (k >= i && k < i + n) continue;
    d << " " << text[k] << (corrupt_context && k == c0 + 1 ? " /* not in the tree */" : "") << "\n";
  }
  return d.str();
}

// The 0-based line of the first line containing `what` after line `from`
// (the function's own text), or text.size().
inline size_t find_line(const std::vector<std::string>& text, const std::string& what, size_t from = 0) {
  while (from < text.size() && text[from].find(what) == std::string::npos) ++from;
  return from;
}

// The unified diff removing smp_send_stop()'s stop_in_progress guard.
// "" if the tree has no such guard.
inline std::string no_guard_patch(const std::vector<std::string>& smp, Guard* g, bool corrupt_context = false) {
  const size_t i =
      find_line(smp, "if (test_and_set_bit(0, &stop_in_progress))", find_line(smp, "void smp_send_stop(void)"));
  if (i + 1 >= smp.size() || smp[i + 1].find("return;") == std::string::npos) return "";
  g->first = static_cast<int>(i) + 1;
  return hunk_patch(kSmp, smp, i, 2, {}, corrupt_context);
}

// The SDEI NMI driver (the merged series, 7.3).
inline const char* const kSdeiNmi = "drivers/firmware/arm_sdei_nmi.c";

// The unified diff that replaces the dsb(ishst) between sdei_nmi_stop_cpus()'s
// WRITE_ONCE(sdei_nmi_stopping, true) and its signals by smp_wmb() (v4's
// DMB: issue 11, spec §6.1). "" if the tree has no such barrier.
inline std::string dsb_to_wmb_patch(const std::vector<std::string>& sdei) {
  const size_t flag =
      find_line(sdei, "WRITE_ONCE(sdei_nmi_stopping, true);", find_line(sdei, "void sdei_nmi_stop_cpus("));
  const size_t dsb = find_line(sdei, "dsb(ishst);", flag);
  if (dsb >= sdei.size() || find_line(sdei, "sdei_nmi_fire(", flag) < dsb) return "";
  const std::string& l = sdei[dsb];
  return hunk_patch(kSdeiNmi, sdei, dsb, 1, {l.substr(0, l.find("dsb(ishst);")) + "smp_wmb();"});
}

#ifdef STOPFUZZ_TEST_SCRATCH
// A scratch directory tree holding the files the extractor needs, copied from
// the build directory's pristine extraction (fast: no tarball).
inline std::filesystem::path scratch_tree(const Tree& t, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(STOPFUZZ_TEST_SCRATCH) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(fs::path(t.work) / "pristine", dir, fs::copy_options::recursive);
  fs::remove(dir / ".stopfuzz-stamp");
  return dir;
}
#endif

// Compiles a generated revision unit into a shared object, loads it (the
// machine API resolves against the test executable: ENABLE_EXPORTS) and
// registers it. nullptr on failure, with the reason in *diag.
inline const sf_revision* load_revision(const std::filesystem::path& c_file, const std::string& symbol,
                                        std::string* diag) {
  const std::filesystem::path so = std::filesystem::path(c_file).replace_extension(".so");
  std::string cc = quote(STOPFUZZ_TEST_CC) + " -shared -fPIC -O1 -std=gnu11 -fvisibility=hidden -ffile-prefix-map=" +
                   std::string(STOPFUZZ_SOURCE_DIR) + "/= -I " + quote(STOPFUZZ_SOURCE_DIR) + " -I " +
                   quote(std::string(STOPFUZZ_SOURCE_DIR) + "/shim/include");
  const std::string san = STOPFUZZ_TEST_SANITIZE;
  if (san == "asan") cc += " -fsanitize=address,undefined";
  if (san == "tsan") cc += " -fsanitize=thread";
  cc += " " + quote(c_file.string()) + " -o " + quote(so.string());
  if (run_command(cc, diag) != 0) return nullptr;
  void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *diag = dlerror();
    return nullptr;
  }
  auto* rev = static_cast<const sf_revision*>(dlsym(h, symbol.c_str()));
  if (!rev) {
    *diag = "no symbol " + symbol;
    return nullptr;
  }
  register_revision(rev);
  return rev;
}

}  // namespace sf::ksrc_test
