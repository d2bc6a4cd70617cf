// ksrc_util.h - helpers for the kernel-source tests: the configured trees,
// files extracted from them, random tapes, running a revision.
//
// Spec: design.md §1 (kernel-source mode). Kernel text is only ever read at
// run time from the build directory (never committed).
#pragma once

#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
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

// The file as taken from the tree (unpatched).
inline std::vector<std::string> tree_file(const Tree& t, const std::string& rel) {
  return lines_of(read_file(std::filesystem::path(t.work) / "pristine" / rel));
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
// a directory) into `out`, with the shim compile check.
inline int extract(const std::filesystem::path& tree, const std::string& name, const std::string& patch,
                   const std::filesystem::path& out, std::string* diag) {
  std::string cmd = quote(STOPFUZZ_KSRC_EXTRACT) + " --tree " + quote(tree.string()) + " --work " +
                    quote(out.parent_path().string() + "/work-" + name.substr(name.find(':') + 1)) + " --out " +
                    quote(out.string()) + " --repo " + quote(STOPFUZZ_SOURCE_DIR) + " --name " + quote(name) +
                    " --cc " + quote(STOPFUZZ_TEST_CC);
  if (!patch.empty()) cmd += " --patch " + quote(patch);
  return run_command(cmd, diag);
}

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
