// ksrc_extract.cc - kernel-source mode: extract the arm64 stop path of a kernel
// tree into one unity C file that compiles against the shim (design §1).
//
// Spec: design.md §1 "Kernel-source mode"; stop-path.md §12.4, §12.6; issue 9.
// Reads a tree (a directory, possibly a partial checkout, or a
// linux-source-*.tar.xz): arch/arm64/kernel/smp.c (the functions the harness
// calls, by name, with everything of the file they use: types, macros,
// per-CPU declarations, file-scope variables), kernel/cpu.c
// (set_cpu_online) and, when present, the SDEI NMI driver
// (drivers/firmware/arm_sdei_nmi.c or sdei_nmi.c, whole); what those files
// use but do not define is read from the tree's own headers (headers.h).
// Before that it applies a patch series (--patch, repeatable: files, a
// directory of git format-patch files, an mbox) and seeds the mutation hooks
// of a rules file (--rules, normally tools/ksrc/mutation_rules.def; with
// --lenient-rules, as `stopfuzz --kernel-tree` runs it, a mutation whose
// rules do not fit the tree is left out with a note instead of failing). It
// writes a unity file whose chunks carry #line directives naming the real
// files; kernel source is only ever copied into the build directory. The
// work is done by the ksrc library (tree.h, patch.h, scanner.h, rules.h,
// headers.h, unity.h).
//
// Notes (a patch touching files outside the extracted stop path, a mutation
// left out) go to stdout, one "note: ..." line each. Every failure is one line on stderr
// starting with "stopfuzz:" (the CMake step turns it into a one-line
// configure error); exit status 1.
//
// usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR
//                     [--name NAME | --name-suffix S] [--patch PATH]... [--rules FILE [--lenient-rules]]
//                     [--cc CC [--cflag F]...] [--cmake-out FILE] [--verbose]
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

const char* const kUsage =
    "usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR [--name NAME | --name-suffix S] "
    "[--patch PATH]... [--rules FILE [--lenient-rules]] [--cc CC [--cflag F]...] [--cmake-out FILE] [--verbose]";

// The revision's name: given, else src:<version>, else (a partial checkout
// without a usable Makefile) src:<the tree's directory name>.
std::string revision_name(const std::string& given, const std::string& version, const std::string& tree,
                          const std::string& suffix) {
  if (!given.empty()) return given;
  if (!version.empty()) return "src:" + version + suffix;
  std::string base = fs::path(tree).lexically_normal().filename().string();
  if (base.empty()) base = fs::path(tree).lexically_normal().parent_path().filename().string();
  for (const char* ext : {".tar.xz", ".tar.gz", ".tar"})
    if (base.size() > std::string(ext).size() &&
        base.compare(base.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      base.resize(base.size() - std::string(ext).size());
  if (base.empty()) fail("cannot name the revision of " + tree + ": give it a name (--name)");
  return "src:" + base + suffix;
}

int extract_main(int argc, char** argv) {
  std::string tree, work, out, repo, name, name_suffix, cc, cmake_out, rules_file;
  std::vector<std::string> cflags, patches;
  bool verbose = false, lenient = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) fail("ksrc_extract: option " + a + " needs a value");
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
      patches.push_back(val());
    else if (a == "--cc")
      cc = val();
    else if (a == "--cflag")
      cflags.push_back(val());
    else if (a == "--cmake-out")
      cmake_out = val();
    else if (a == "--rules")
      rules_file = val();
    else if (a == "--lenient-rules")
      lenient = true;
    else if (a == "--verbose")
      verbose = true;
    else
      fail("ksrc_extract: unknown option " + a);
  }
  if (tree.empty() || work.empty() || out.empty() || repo.empty()) fail(kUsage);

  // 1. The tree's files, pristine, under an overlay the patch series edits.
  TreeFiles files = open_tree(tree, work);
  std::vector<std::string> notes;
  apply_series(read_series(patches), files, &notes);
  for (const std::string& n : notes) std::cout << "note: " << n << "\n";

  // 2. The version (Makefile VERSION/PATCHLEVEL, else the tarball's name)
  // keys the mutation rules and names the revision.
  const std::string version = tree_version(files);
  name = revision_name(name, version, tree, name_suffix);
  const std::string symbol = make_symbol(name);

  // 3. Scan, seed the mutation hooks, generate and check.
  UnityInput in;
  in.tree = tree;
  in.patches = patches;
  in.name = name;
  in.files = &files;
  in.smp = load_text(kSmp, files.read(kSmp));
  if (files.exists(kCpu)) {
    in.cpu = load_text(kCpu, files.read(kCpu));
    if (!has_item(*in.cpu, "set_cpu_online", true)) in.cpu.reset();
  }
  for (const char* driver : {kSdeiNew, kSdeiOld})
    if (!in.sdei && files.exists(driver)) in.sdei = load_text(driver, files.read(driver));
  // Mutation hooks (design §5), guarded by sf_mutation(): inert unless selected.
  if (!rules_file.empty() && !version.empty()) {
    const std::vector<Rule> rules = load_rules(rules_file);
    check_catalogued(rules, load_catalogue(fs::path(repo) / "harness/stop/mutations.def"), rules_file);
    std::vector<Source*> sources = {&in.smp};
    if (in.sdei) sources.push_back(&*in.sdei);
    if (lenient) {
      std::vector<SkippedMutation> skipped;
      in.mutations = apply_rules_lenient(sources, rules, version, tree, &skipped);
      for (const SkippedMutation& m : skipped) std::cout << "note: mutation " << m.id << " left out: " << m.reason << "\n";
    } else {
      in.mutations = apply_rules(sources, rules, version, tree);
    }
  }
  in.cc = cc;
  in.repo = repo;
  in.cflags = cflags;
  const Unity u = generate_unity(in, out);

  if (!cmake_out.empty()) {
    std::ostringstream c;
    c << "set(KSRC_NAME \"" << name << "\")\nset(KSRC_SYMBOL \"" << symbol << "\")\nset(KSRC_TARGET \""
      << symbol.substr(7) << "\")\nset(KSRC_VERSION \"" << version << "\")\nset(KSRC_MUTATIONS \"";
    for (size_t k = 0; k < in.mutations.size(); ++k) c << (k ? ";" : "") << in.mutations[k];
    c << "\")\n";
    write_if_changed(cmake_out, c.str());
  }
  if (verbose) {
    std::cout << name << " (" << symbol << "): " << kSmp << ":";
    for (const std::string& s : u.smp_names) std::cout << " " << s;
    if (!u.header_names.empty()) {
      std::cout << "; from headers:";
      for (const std::string& h : u.header_names) std::cout << " " << h;
    }
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
