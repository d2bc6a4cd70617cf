// cli_common.cc - option groups, input files and revision lookup shared by the subcommands.
#include "cli/cli_common.h"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "cli/shell.h"
#include "harness/mutations.h"
#include "harness/revisions.h"
#include "harness/stop/run.h"

namespace sf {

int cli_error(const std::string& msg) {
  fprintf(stderr, "stopfuzz: %s\n", msg.c_str());
  return kExitError;
}

CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& v) {
        char* end = nullptr;
        errno = 0;
        const double d = strtod(v.c_str(), &end);
        return errno || end == v.c_str() || *end || !(d >= 0) ? "'" + v + "' is not a number >= 0" : std::string();
      },
      "NUMBER>=0");
}

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& v) {
        char* end = nullptr;
        errno = 0;
        const unsigned long long n = strtoull(v.c_str(), &end, 10);
        return errno || end == v.c_str() || *end || v[0] == '-' || n < 1 ? "'" + v + "' is not a whole number >= 1"
                                                                         : std::string();
      },
      "N>=1");
}

void add_backend_option(CLI::App* cmd, BackendKind* backend) {
  cmd->add_option_function<std::string>(
         "--backend",
         [backend](const std::string& v) { *backend = v == "threads" ? BackendKind::kThreads : BackendKind::kFibers; },
         "fibers (default) or threads: identical traces")
      ->check(CLI::IsMember({"fibers", "threads"}))
      ->option_text("fibers|threads");
}

void add_memory_option(CLI::App* cmd, MemoryModel* memory) {
  std::vector<std::string> names;
  for (int i = 0; i < static_cast<int>(MemoryModel::kCount); ++i)
    names.emplace_back(memory_model_name(static_cast<MemoryModel>(i)));
  cmd->add_option_function<std::string>(
         "--memory", [memory](const std::string& v) { memory_model_from_name(v, memory); },
         std::string("memory model, default ") + memory_model_name(MemoryModel::kSc) + " (docs/memory_model.md)")
      ->check(CLI::IsMember(names))
      ->option_text(memory_model_choices());
}

void add_kernel_tree_options(CLI::App* cmd, KernelTreeOptions* k) {
  // The footer says what the revision carries (<ver>'s known findings).
  const char* group = "Kernel tree (its real stop path, built and loaded now)";
  cmd->add_option("--kernel-tree", k->tree, "directory or linux-source-*.tar.xz: revision src:<ver>+tree")
      ->group(group)
      ->option_text("PATH");
  cmd->add_option("--kernel-patch", k->patch, "a diff (patch -p1) applied first: src:<ver>+patch")
      ->group(group)
      ->option_text("FILE");
  cmd->add_option("--kernel-name", k->name, "name the loaded revision")->group(group)->option_text("NAME");
  cmd->add_option("--kernel-work", k->work_dir, "where it is built (default out/ksrc)")
      ->group(group)
      ->option_text("DIR");
}

int load_tree_if_any(const KernelTreeOptions& k, std::string* rev_name, bool* loaded) {
  *loaded = false;
  if (k.tree.empty()) {
    if (!k.patch.empty() || !k.name.empty() || !k.work_dir.empty())
      return cli_error("--kernel-patch, --kernel-name and --kernel-work need --kernel-tree");
    return 0;
  }
  fprintf(stderr, "stopfuzz: building the stop path of %s%s%s ...\n", k.tree.c_str(), k.patch.empty() ? "" : " with ",
          k.patch.c_str());
  std::string err;
  const sf_revision* rev = load_kernel_tree(k, &err);
  if (!rev) return cli_error(err);
  fprintf(stderr, "stopfuzz: loaded revision %s\n", rev->name);
  *rev_name = rev->name;
  *loaded = true;
  return 0;
}

std::string kernel_tree_replay_args(const KernelTreeOptions& k) {
  if (k.tree.empty()) return "";
  std::string s = " --kernel-tree " + shell_quote(k.tree);
  if (!k.patch.empty()) s += " --kernel-patch " + shell_quote(k.patch);
  if (!k.name.empty()) s += " --kernel-name " + shell_quote(k.name);
  if (!k.work_dir.empty()) s += " --kernel-work " + shell_quote(k.work_dir);
  return s;
}

const sf_revision* revision_or_error(const std::string& name) {
  const sf_revision* r = find_revision(name);
  if (!r) {
    std::string known;
    for (const sf_revision* x : all_revisions()) known += std::string(known.empty() ? "" : ", ") + x->name;
    cli_error("unknown revision '" + name + "' (known: " + known + ")");
  }
  return r;
}

bool mutation_known(const std::string& id) { return id.empty() || find_mutation(id) != nullptr; }

bool read_input(const std::string& path, std::vector<uint8_t>* out, std::string* err) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = path + ": is a directory";
    return false;
  }
  if (st.st_size > static_cast<off_t>(kMaxInputSize)) {
    *err = path + ": " + std::to_string(st.st_size) + " bytes, over the input size limit of " +
           std::to_string(kMaxInputSize);
    return false;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(f), {});
  if (f.bad()) {
    *err = path + ": read error";
    return false;
  }
  return true;
}

}  // namespace sf
