// kernel_tree.cc - build and load a kernel-source revision at run time (design §1).
#include "cli/kernel_tree.h"

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>

#include "harness/revisions.h"

namespace sf {
namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int run(const std::string& cmd, std::string* out) {
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  size_t n;
  out->clear();
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  const int st = pclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

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

std::string exe_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

std::string symbol_of(const std::string& name) {
  std::string s = "sf_rev_";
  for (char c : name) s += (isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return s;
}

}  // namespace

const sf_revision* load_kernel_tree(const KernelTreeOptions& opt, std::string* error) {
  std::error_code ec;
  if (!fs::exists(opt.tree, ec)) {
    *error = opt.tree + ": no such file or directory";
    return nullptr;
  }
  if (!opt.patch.empty() && !fs::is_regular_file(opt.patch, ec)) {
    *error = opt.patch + ": not a readable patch file";
    return nullptr;
  }
  const std::string tool = exe_dir() + "/ksrc_extract";
  if (!fs::exists(tool, ec)) {
    *error = "kernel-source tool missing: " + tool + " (build the ksrc_extract target)";
    return nullptr;
  }
  const fs::path work = fs::absolute(opt.work_dir.empty() ? "out/ksrc" : opt.work_dir);
  fs::create_directories(work, ec);
  if (ec) {
    *error = work.string() + ": " + ec.message();
    return nullptr;
  }

  // 1. Extract (and patch): the tool names the version it found.
  const fs::path c_file = work / "revision.c";
  std::string cmd = quote(tool) + " --tree " + quote(fs::absolute(opt.tree).string()) + " --work " +
                    quote((work / "tree").string()) + " --out " + quote(c_file.string()) + " --repo " +
                    quote(STOPFUZZ_SOURCE_DIR) + " --cc " + quote(STOPFUZZ_CC) + " --name src:stopfuzz-probe";
  if (!opt.patch.empty()) cmd += " --patch " + quote(fs::absolute(opt.patch).string());
  std::string out;
  if (run(cmd, &out) != 0) {
    *error = first_line(out);
    return nullptr;
  }
  std::string name = opt.name;
  if (name.empty()) {
    // src:<version>+tree: the known findings of <version> still apply (a
    // pre-merge run reports only what the change adds).
    std::smatch m;
    const std::string mk = [&] {
      std::string text;
      FILE* f = fopen((work / "tree" / "tree" / "Makefile").c_str(), "r");
      if (!f) return text;
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
      fclose(f);
      return text;
    }();
    static const std::regex kV(R"((^|\n)VERSION\s*=\s*(\d+))"), kP(R"((^|\n)PATCHLEVEL\s*=\s*(\d+))");
    std::smatch v, p;
    std::string version = "tree";
    if (std::regex_search(mk, v, kV) && std::regex_search(mk, p, kP))
      version = "linux-" + std::string(v[2]) + "." + std::string(p[2]);
    name = "src:" + version + (opt.patch.empty() ? "+tree" : "+patch");
  }
  if (find_revision(name)) {
    *error = "a revision named " + name + " exists already (choose another with --kernel-name)";
    return nullptr;
  }
  // 2. Regenerate under the final name (the name is compiled into the unit).
  cmd = quote(tool) + " --tree " + quote(fs::absolute(opt.tree).string()) + " --work " +
        quote((work / "tree").string()) + " --out " + quote(c_file.string()) + " --repo " +
        quote(STOPFUZZ_SOURCE_DIR) + " --cc " + quote(STOPFUZZ_CC) + " --name " + quote(name);
  if (!opt.patch.empty()) cmd += " --patch " + quote(fs::absolute(opt.patch).string());
  if (run(cmd, &out) != 0) {
    *error = first_line(out);
    return nullptr;
  }

  // 3. Compile against the shim, as the build compiles revisions.
  const fs::path so = work / "revision.so";
  std::string cc = quote(STOPFUZZ_CC) + " -shared -fPIC -O1 -std=gnu11 -fvisibility=hidden -w -ffile-prefix-map=" +
                   std::string(STOPFUZZ_SOURCE_DIR) + "/= -I " + quote(STOPFUZZ_SOURCE_DIR) + " -I " +
                   quote(std::string(STOPFUZZ_SOURCE_DIR) + "/shim/include") + " " + STOPFUZZ_SANITIZE_FLAGS + " " +
                   quote(c_file.string()) + " -o " + quote(so.string());
  if (run(cc, &out) != 0) {
    *error = "compiling " + c_file.string() + ": " + first_line(out);
    return nullptr;
  }
  // 4. Load. The machine API resolves against this executable (exported).
  void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *error = dlerror();
    return nullptr;
  }
  const auto* rev = static_cast<const sf_revision*>(dlsym(h, symbol_of(name).c_str()));
  if (!rev) {
    *error = so.string() + " has no " + symbol_of(name);
    return nullptr;
  }
  register_revision(rev);
  return rev;
}

}  // namespace sf
