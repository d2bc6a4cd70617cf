// tree.cc - the files the extractor reads from a kernel tree.
#include "tools/ksrc/tree.h"

#include <algorithm>
#include <regex>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

const char* const kSmp = "arch/arm64/kernel/smp.c";
const char* const kCpu = "kernel/cpu.c";
const char* const kSdeiNew = "drivers/firmware/arm_sdei_nmi.c";
const char* const kSdeiOld = "drivers/firmware/sdei_nmi.c";

const std::vector<std::string>& tree_members() {
  static const std::vector<std::string> m = {"Makefile", kSmp, kCpu, kSdeiNew, kSdeiOld};
  return m;
}

// Where arm64 builds find <asm/...> and <linux/...> (headers.cc resolves
// includes the same way).
const std::vector<std::string>& header_dirs() {
  static const std::vector<std::string> d = {"arch/arm64/include", "include/linux", "include/asm-generic"};
  return d;
}

TreeFiles::TreeFiles(fs::path base, fs::path overlay, std::string tree)
    : base_(std::move(base)), overlay_(std::move(overlay)), tree_(std::move(tree)) {}

fs::path TreeFiles::path(const std::string& rel) const {
  const fs::path o = overlay_ / rel;
  return fs::exists(o) ? o : base_ / rel;
}

bool TreeFiles::exists(const std::string& rel) const {
  for (const std::string& r : removed_)
    if (r == rel) return false;
  return fs::is_regular_file(path(rel));
}

void TreeFiles::remove(const std::string& rel) {
  fs::remove(overlay_ / rel);
  removed_.push_back(rel);
}

std::string TreeFiles::read(const std::string& rel) const { return read_file(path(rel)); }

fs::path TreeFiles::edit(const std::string& rel) const {
  const fs::path o = overlay_ / rel;
  if (!fs::exists(o) && std::find(removed_.begin(), removed_.end(), rel) == removed_.end()) {
    fs::create_directories(o.parent_path());
    if (fs::is_regular_file(base_ / rel)) fs::copy_file(base_ / rel, o);
  }
  return o;
}

TreeFiles open_tree(const fs::path& tree, const fs::path& work) {
  const fs::path overlay = work / "tree";
  fs::remove_all(overlay);
  fs::create_directories(overlay);
  if (fs::is_directory(tree)) {
    TreeFiles files(tree, overlay, tree.string());
    if (!files.exists(kSmp))
      fail(tree.string() + " has no " + kSmp + " (not a kernel tree, or a checkout without arm64)");
    return files;
  }
  if (!fs::is_regular_file(tree)) fail("kernel tree " + tree.string() + " is neither a directory nor a file");
  const fs::path dir = work / "pristine";
  // The stamp names what was extracted: a new member list re-extracts.
  // Fixed-width integers: uintmax_t and the clock's rep are different types
  // under libc++, for which std::to_string has no exact overload.
  std::string stamp = tree.string() + " " + std::to_string(static_cast<unsigned long long>(fs::file_size(tree))) +
                      " " +
                      std::to_string(static_cast<long long>(fs::last_write_time(tree).time_since_epoch().count()));
  for (const std::string& m : tree_members()) stamp += " " + m;
  for (const std::string& d : header_dirs()) stamp += " " + d + "/";
  stamp += "\n";
  const fs::path stamp_file = dir / ".stopfuzz-stamp";
  if (!fs::exists(stamp_file) || read_file(stamp_file) != stamp) {
    std::string first;
    run("tar -tJf " + shell_quote(tree.string()) + " | head -n 1", &first);
    const std::string top = first.substr(0, first.find('/'));
    if (top.empty() || top.find('\n') != std::string::npos || top.find(' ') != std::string::npos)
      fail("cannot list " + tree.string() + " with tar -tJf");
    fs::remove_all(dir);
    fs::create_directories(dir);
    // xz -T0: the Debian tarballs are multi-block, so decompression (the
    // whole tarball for a handful of members) runs on every core.
    std::string cmd =
        "tar -I 'xz -T0' -xf " + shell_quote(tree.string()) + " -C " + shell_quote(dir.string()) + " --strip-components=1";
    for (const std::string& m : tree_members()) cmd += " " + shell_quote(top + "/" + m);
    for (const std::string& d : header_dirs()) cmd += " " + shell_quote(top + "/" + d);
    std::string out;
    run(cmd, &out);  // optional members are "Not found in archive": checked below
    if (!fs::exists(dir / kSmp))
      fail(tree.string() + " has no " + kSmp + " (tar: " + out.substr(0, out.find('\n')) + ")");
    write_if_changed(stamp_file, stamp);
  }
  return TreeFiles(dir, overlay, tree.string());
}

std::string tree_version(const TreeFiles& files) {
  std::smatch v, p, t;
  if (files.exists("Makefile")) {
    const std::string mk = files.read("Makefile");
    static const std::regex kV(R"((^|\n)VERSION\s*=\s*(\d+))"), kP(R"((^|\n)PATCHLEVEL\s*=\s*(\d+))");
    if (std::regex_search(mk, v, kV) && std::regex_search(mk, p, kP))
      return "linux-" + std::string(v[2]) + "." + std::string(p[2]);
  }
  const std::string base = fs::path(files.tree()).filename().string();
  static const std::regex kT(R"(linux(?:-source)?-(\d+\.\d+))");
  if (std::regex_search(base, t, kT)) return "linux-" + std::string(t[1]);
  return "";
}

}  // namespace sf::ksrc
