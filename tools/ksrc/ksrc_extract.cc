// ksrc_extract.cc - kernel-source mode: extract the arm64 stop path of a kernel
// tree into one unity C file that compiles against the shim (design §1).
//
// Spec: design.md §1 "Kernel-source mode"; stop-path.md §12.4, §12.6.
// Reads arch/arm64/kernel/smp.c (the stop-path functions, by name, plus the
// file-scope declarations they use), kernel/cpu.c (set_cpu_online) and, when
// present, drivers/firmware/arm_sdei_nmi.c or sdei_nmi.c (whole) from a tree
// (a directory or a linux-source-*.tar.xz), optionally applies a patch,
// optionally seeds the mutation hooks of a rules file (--rules, normally
// tools/ksrc/mutation_rules.def: token-level rewrites guarded by
// sf_mutation("<id>"), line numbers kept), and writes a unity file whose
// chunks carry #line directives naming the real files. Kernel source is only
// ever copied into the build directory. The work is done by the ksrc
// library (tree.h, patch.h, scanner.h, rules.h, unity.h).
//
// Every failure is one line on stderr starting with "stopfuzz:" (the CMake
// step turns it into a one-line configure error); exit status 1.
//
// usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR
//                     [--name NAME | --name-suffix S] [--patch FILE] [--rules FILE] [--cc CC [--cflag F]...]
//                     [--cmake-out FILE] [--verbose]
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"
#include "tools/ksrc/patch.h"
#include "tools/ksrc/rules.h"
#include "tools/ksrc/tree.h"
#include "tools/ksrc/unity.h"

namespace {

namespace fs = std::filesystem;
using namespace sf::ksrc;

int extract_main(int argc, char** argv) {
  std::string tree, work, out, repo, name, name_suffix, patch, cc, cmake_out, rules_file;
  std::vector<std::string> cflags;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) fail("option " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--tree")
      tree = val();
    else if (a == "--work")
      work = val();
    else if (a == "--out")
      out = val();
    else if (a == "--repo")
      repo = val();
    else if (a == "--name")
      name = val();
    else if (a == "--name-suffix")
      name_suffix = val();
    else if (a == "--patch")
      patch = val();
    else if (a == "--cc")
      cc = val();
    else if (a == "--cflag")
      cflags.push_back(val());
    else if (a == "--cmake-out")
      cmake_out = val();
    else if (a == "--rules")
      rules_file = val();
    else if (a == "--verbose")
      verbose = true;
    else
      fail("ksrc_extract: unknown option " + a);
  }
  if (tree.empty() || work.empty() || out.empty() || repo.empty())
    fail(
        "usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR [--name NAME | --name-suffix S] [--patch "
        "FILE] "
        "[--rules FILE] [--cc CC [--cflag F]...] [--cmake-out FILE] [--verbose]");

  // 1. The files, pristine, then a working copy that the patch edits.
  fs::path pristine = fs::path(work) / "pristine";
  fs::path dir = fs::path(work) / "tree";
  fetch_tree(tree, pristine);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(pristine, dir, fs::copy_options::recursive);
  fs::remove(dir / ".stopfuzz-stamp");
  if (!patch.empty()) apply_patch(patch, dir);

  // 2. The version (Makefile VERSION/PATCHLEVEL, else the tarball's name)
  // picks the mutation rules; the name defaults to src:<version>.
  const std::string version = tree_version(dir, tree);
  if (name.empty()) {
    if (version.empty()) fail("cannot tell the kernel version of " + tree);
    name = "src:" + version + name_suffix;
  }
  const std::string symbol = make_symbol(name);

  // 3. Scan, seed the mutation hooks, generate.
  UnityInput in;
  in.tree = tree;
  in.patch = patch;
  in.name = name;
  in.smp = load(dir, kSmp);
  // Mutation hooks (design §5), guarded by sf_mutation(): inert unless selected.
  if (!rules_file.empty()) {
    const std::vector<Rule> rules = load_rules(rules_file);
    check_catalogued(rules, load_catalogue(fs::path(repo) / "harness/mutations.def"), rules_file);
    in.mutations = apply_rules({&in.smp}, rules, version, tree);
  }
  if (fs::exists(dir / kCpu)) {
    in.cpu = load(dir, kCpu);
    if (!has_item(*in.cpu, "set_cpu_online", true)) in.cpu.reset();
  }
  if (fs::exists(dir / kSdeiNew))
    in.sdei = load(dir, kSdeiNew);
  else if (fs::exists(dir / kSdeiOld))
    in.sdei = load(dir, kSdeiOld);
  const Unity u = generate_unity(in);
  write_if_changed(out, u.text);

  // 4. One compile, one line: a symbol the shim lacks is named with its place.
  if (!cc.empty()) check_compiles(cc, cflags, repo, out);
  if (!cmake_out.empty()) {
    std::ostringstream c;
    c << "set(KSRC_NAME \"" << name << "\")\nset(KSRC_SYMBOL \"" << symbol << "\")\nset(KSRC_TARGET \""
      << symbol.substr(7) << "\")\nset(KSRC_MUTATIONS \"";
    for (size_t k = 0; k < in.mutations.size(); ++k) c << (k ? ";" : "") << in.mutations[k];
    c << "\")\n";
    write_if_changed(cmake_out, c.str());
  }
  if (verbose) {
    std::cout << name << " (" << symbol << "): " << kSmp << ":";
    for (const std::string& s : u.smp_names) std::cout << " " << s;
    std::cout << (in.cpu ? "; kernel/cpu.c: set_cpu_online" : "; set_cpu_online from core/common/cpu.c")
              << (in.sdei ? "; " + in.sdei->path : "");
    if (!in.mutations.empty()) {
      std::cout << "; mutation hooks:";
      for (const std::string& a : in.mutations) std::cout << " " << a;
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return run_tool("ksrc_extract", extract_main, argc, argv); }
