// tree.cc - the files the extractor takes from a kernel tree.
#include "tools/ksrc/tree.h"

#include <regex>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

const char* const kSmp = "arch/arm64/kernel/smp.c";
const char* const kCpu = "kernel/cpu.c";
const char* const kSdeiNew = "drivers/firmware/arm_sdei_nmi.c";
const char* const kSdeiOld = "drivers/firmware/sdei_nmi.c";
namespace {
const std::vector<std::string> kMembers = {"Makefile", kSmp, kCpu, kSdeiNew, kSdeiOld};
}  // namespace

void fetch_tree(const fs::path& tree, const fs::path& dir) {
  fs::create_directories(dir);
  if (fs::is_directory(tree)) {
    for (const std::string& m : kMembers) {
      fs::path src = tree / m;
      fs::path dst = dir / m;
      if (!fs::exists(src)) {
        fs::remove(dst);
        continue;
      }
      fs::create_directories(dst.parent_path());
      fs::copy_file(src, dst, fs::copy_options::overwrite_existing);
    }
    return;
  }
  if (!fs::is_regular_file(tree)) fail("kernel tree " + tree.string() + " is neither a directory nor a file");
  std::string stamp = tree.string() + " " + std::to_string(fs::file_size(tree)) + " " +
                      std::to_string(fs::last_write_time(tree).time_since_epoch().count()) + "\n";
  fs::path stamp_file = dir / ".stopfuzz-stamp";
  if (fs::exists(stamp_file) && read_file(stamp_file) == stamp) return;

  std::string first;
  run("tar -tJf " + shell_quote(tree.string()) + " | head -n 1", &first);
  std::string top = first.substr(0, first.find('/'));
  if (top.empty() || top.find('\n') != std::string::npos || top.find(' ') != std::string::npos)
    fail("cannot list " + tree.string() + " with tar -tJf");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string cmd =
      "tar -xJf " + shell_quote(tree.string()) + " -C " + shell_quote(dir.string()) + " --strip-components=1";
  for (const std::string& m : kMembers) cmd += " " + shell_quote(top + "/" + m);
  std::string out;
  run(cmd, &out);  // optional members are "Not found in archive": checked below
  for (const char* m : {"Makefile", kSmp}) {
    if (!fs::exists(dir / m)) fail(tree.string() + " has no " + m + " (tar: " + out.substr(0, out.find('\n')) + ")");
  }
  write_if_changed(stamp_file, stamp);
}

std::string tree_version(const fs::path& dir, const std::string& tree) {
  const std::string mk = read_file(dir / "Makefile");
  std::smatch v, p, t;
  static const std::regex kV(R"((^|\n)VERSION\s*=\s*(\d+))"), kP(R"((^|\n)PATCHLEVEL\s*=\s*(\d+))");
  if (std::regex_search(mk, v, kV) && std::regex_search(mk, p, kP))
    return "linux-" + std::string(v[2]) + "." + std::string(p[2]);
  const std::string base = fs::path(tree).filename().string();
  static const std::regex kT(R"(linux(?:-source)?-(\d+\.\d+))");
  if (std::regex_search(base, t, kT)) return "linux-" + std::string(t[1]);
  return "";
}

}  // namespace sf::ksrc
