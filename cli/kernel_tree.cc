// kernel_tree.cc - build and load a kernel-source revision at run time (design §1).
#include "cli/kernel_tree.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "cli/shell.h"
#include "harness/revisions.h"
#include "harness/stop/mutations.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

// The first line that says something: the tools print one-line reasons.
std::string first_line(const std::string& text) {
  size_t a = 0;
  while (a < text.size()) {
    size_t b = text.find('\n', a);
    if (b == std::string::npos) b = text.size();
    std::string line = text.substr(a, b - a);
    if (line.find_first_not_of(" \t") != std::string::npos) return line;
    a = b + 1;
  }
  return "(no output)";
}

// (revision, mutation) -> why the extraction left the mutation out.
std::map<std::pair<std::string, std::string>, std::string>& left_out() {
  static std::map<std::pair<std::string, std::string>, std::string> m;
  return m;
}

std::string exe_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

}  // namespace

const sf_revision* load_kernel_tree(const KernelTreeOptions& opt, std::string* error) {
  std::error_code ec;
  if (!fs::exists(opt.tree, ec)) {
    *error = opt.tree + ": no such file or directory";
    return nullptr;
  }
  for (const std::string& p : opt.patches)
    if (!fs::is_regular_file(p, ec) && !fs::is_directory(p, ec)) {
      *error = p + ": no such patch file or directory";
      return nullptr;
    }
  const std::string tool = exe_dir() + "/ksrc_extract";
  if (!fs::exists(tool, ec)) {
    *error = "kernel-source tool missing: " + tool + " (build the ksrc_extract target)";
    return nullptr;
  }
  const fs::path work = fs::absolute(opt.work_dir.empty() ? kDefaultKernelWork : opt.work_dir);
  fs::create_directories(work, ec);
  if (ec) {
    *error = work.string() + ": " + ec.message();
    return nullptr;
  }

  // 1. Extract (and patch) once. Unless named, the revision is
  // src:<version>+tree (+patch): <version>'s known findings still apply, so a
  // pre-merge run reports only what the change adds. The tool reports the
  // name and symbol it chose in its CMake fragment.
  const fs::path c_file = work / "revision.c";
  const fs::path info = work / "revision.cmake";
  std::string cmd = shell_quote(tool) + " --tree " + shell_quote(fs::absolute(opt.tree).string()) + " --work " +
                    shell_quote((work / "tree").string()) + " --out " + shell_quote(c_file.string()) + " --repo " +
                    shell_quote(STOPFUZZ_SOURCE_DIR) + " --cc " + shell_quote(STOPFUZZ_CC) + " --cmake-out " +
                    shell_quote(info.string());
  // The catalogued mutations, seeded as at build time; one whose rules no
  // longer fit the (patched) code is left out with a note, not an error.
  cmd += " --rules " + shell_quote(std::string(STOPFUZZ_SOURCE_DIR) + "/tools/ksrc/mutation_rules.def") +
         " --lenient-rules";
  const std::string suffix = !opt.suffix.empty() ? opt.suffix : opt.patches.empty() ? "+tree" : "+patch";
  cmd += opt.name.empty() ? " --name-suffix " + shell_quote(suffix) : " --name " + shell_quote(opt.name);
  for (const std::string& p : opt.patches) cmd += " --patch " + shell_quote(fs::absolute(p).string());
  std::string out;
  if (run_command(cmd, &out) != 0) {
    *error = first_line(out);
    return nullptr;
  }
  // The mutations it left out, each with a note naming the rule that no longer fits.
  std::vector<std::pair<std::string, std::string>> left;
  static const std::regex kLeftOut(R"re(note: mutation (\S+) left out: ([^\n]*))re");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), kLeftOut); it != std::sregex_iterator(); ++it)
    left.emplace_back((*it)[1].str(), (*it)[2].str());
  std::string name, symbol;
  std::vector<std::string> seeded;
  {
    std::ifstream in(info);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    std::smatch n, y, m;
    static const std::regex kName(R"re(set\(KSRC_NAME "([^"]*)"\))re"), kSymbol(R"re(set\(KSRC_SYMBOL "([^"]*)"\))re"),
        kMutations(R"re(set\(KSRC_MUTATIONS "([^"]*)"\))re");
    if (!std::regex_search(text, n, kName) || !std::regex_search(text, y, kSymbol)) {
      *error = info.string() + ": the extractor did not name the revision";
      return nullptr;
    }
    name = n[1];
    symbol = y[1];
    if (std::regex_search(text, m, kMutations)) {
      std::istringstream ids(m[1].str());
      for (std::string id; std::getline(ids, id, ';');)
        if (!id.empty()) seeded.push_back(id);
    }
  }
  if (find_revision(name)) {
    *error = "a revision named " + name + " exists already (choose another with --kernel-name)";
    return nullptr;
  }

  // 3. Compile against the shim, as the build compiles revisions.
  const fs::path so = work / "revision.so";
  std::string cc =
      shell_quote(STOPFUZZ_CC) +
      " -shared -fPIC -O1 -std=gnu11 -fvisibility=hidden -w -ffile-prefix-map=" + std::string(STOPFUZZ_SOURCE_DIR) +
      "/= -I " + shell_quote(STOPFUZZ_SOURCE_DIR) + " -I " +
      shell_quote(std::string(STOPFUZZ_SOURCE_DIR) + "/shim/include") + " " + STOPFUZZ_SANITIZE_FLAGS + " " +
      shell_quote(c_file.string()) + " -o " + shell_quote(so.string());
  if (run_command(cc, &out) != 0) {
    *error = "compiling " + c_file.string() + ": " + first_line(out);
    return nullptr;
  }
  // 4. Load. The machine API resolves against this executable (exported).
  void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *error = dlerror();
    return nullptr;
  }
  const auto* rev = static_cast<const sf_revision*>(dlsym(h, symbol.c_str()));
  if (!rev) {
    *error = so.string() + " has no " + symbol;
    return nullptr;
  }
  // Its build id: a digest of the extracted (and patched) source it was compiled from.
  std::ifstream src(c_file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(src)), {});
  uint64_t digest = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : text) digest = (digest ^ c) * 0x100000001b3ULL;
  char id[16];
  snprintf(id, sizeof id, "%012llx", static_cast<unsigned long long>(digest & 0xffffffffffffULL));
  register_revision(rev, id);
  add_mutation_targets(name, seeded);
  for (const auto& [id, why] : left) left_out()[{name, id}] = why;
  return rev;
}

std::string mutation_left_out(const std::string& revision, const std::string& id) {
  const auto it = left_out().find({revision, id});
  return it == left_out().end() ? std::string() : it->second;
}

}  // namespace sf
