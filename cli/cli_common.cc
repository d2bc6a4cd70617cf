// cli_common.cc - option groups, input files and revision lookup shared by the subcommands.
#include "cli/cli_common.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/shell.h"
#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/mutations.h"
#include "harness/stop/run.h"

namespace sf {

std::string without_prefix(std::string msg) {
  // A reason may come from a tool or library that already said who it is
  // (ksrc_extract prints "stopfuzz: ..."): the prefix is printed once.
  static const std::string kPrefix = "stopfuzz: ";
  while (msg.rfind(kPrefix, 0) == 0) msg.erase(0, kPrefix.size());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.pop_back();
  return msg;
}

int cli_error(const std::string& msg) {
  fprintf(stderr, "stopfuzz: %s\n", without_prefix(msg).c_str());
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
  cmd->add_option("--kernel-patch", k->patches,
                  "diff, mail, mbox or directory, in order (repeatable): src:<ver>+patch")
      ->group(group)
      ->option_text("PATH")
      ->allow_extra_args(false);
  cmd->add_option("--kernel-name", k->name, "name the loaded revision")->group(group)->option_text("NAME");
  cmd->add_option("--kernel-work", k->work_dir, "where it is built (default out/ksrc)")
      ->group(group)
      ->option_text("DIR");
  cmd->add_option("--known-findings-of", k->known_findings_of,
                  "whose known findings are allowed (default the revision's own)")
      ->group(group)
      ->option_text("REV");
}

void add_timeline_options(CLI::App* cmd, TimelineArgs* t) {
  const char* group = "Timeline";
  cmd->add_option("--width", t->width, "columns to fit (default: the terminal's, $COLUMNS or 100; 0: no wrap)")
      ->check(CLI::NonNegativeNumber)
      ->group(group)
      ->option_text("N");
  cmd->add_flag("--all-cpus", t->all_cpus, "a column for every CPU, not only those that took part")->group(group);
  cmd->add_option("--color", t->color, "auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->group(group)
      ->option_text("WHEN");
  cmd->add_flag("--no-sites", t->no_sites, "leave out the kernel file:line of each event (also in --json)")
      ->group(group);
  cmd->add_flag("--details", t->details, "also non-observable events (snapshots, IRQ masks)")->group(group);
}

TimelineOptions timeline_options(const TimelineArgs& t) {
  TimelineOptions o;
  o.sites = !t.no_sites;
  o.details = t.details;
  o.all_cpus = t.all_cpus;
  const bool tty = isatty(STDOUT_FILENO);
  o.width = kDefaultTimelineWidth;
  struct winsize ws {};
  if (t.width >= 0)
    o.width = t.width;
  else if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    o.width = ws.ws_col;
  else if (const char* c = getenv("COLUMNS"); c && atoi(c) > 0)
    o.width = atoi(c);
  const char* no_color = getenv("NO_COLOR");  // no-color.org: set and not empty
  o.color = t.color == "always" || (t.color == "auto" && tty && !(no_color && *no_color));
  return o;
}

int load_tree_if_any(const KernelTreeOptions& k, const std::string& revision_option, std::string* rev_name,
                     bool* loaded) {
  *loaded = false;
  if (!k.tree.empty() && !revision_option.empty())
    return cli_error("--revision and --kernel-tree both name the code under test: give one");
  if (k.tree.empty()) {
    if (!k.patches.empty() || !k.name.empty() || !k.work_dir.empty())
      return cli_error("--kernel-patch, --kernel-name and --kernel-work need --kernel-tree");
    return 0;
  }
  std::string with;
  for (const std::string& p : k.patches) with += (with.empty() ? " with " : ", ") + p;
  fprintf(stderr, "stopfuzz: building the stop path of %s%s ...\n", k.tree.c_str(), with.c_str());
  std::string err;
  const sf_revision* rev = load_kernel_tree(k, &err);
  if (!rev) return cli_error(err);
  fprintf(stderr, "stopfuzz: loaded revision %s\n", rev->name);
  *rev_name = rev->name;
  *loaded = true;
  return 0;
}

std::string kernel_tree_replay_args(const KernelTreeOptions& k) {
  std::string s;
  // Absolute paths: the line works from any directory it is pasted into.
  namespace fs = std::filesystem;
  auto abs = [](const std::string& p) {
    std::error_code ec;
    const fs::path a = fs::absolute(p, ec);
    return shell_quote(ec ? p : a.lexically_normal().string());
  };
  if (!k.tree.empty()) {
    s += " --kernel-tree " + abs(k.tree);
    for (const std::string& p : k.patches) s += " --kernel-patch " + abs(p);
    if (!k.name.empty()) s += " --kernel-name " + shell_quote(k.name);
    s += " --kernel-work " + abs(k.work_dir.empty() ? kDefaultKernelWork : k.work_dir);
  }
  if (!k.known_findings_of.empty()) s += " --known-findings-of " + shell_quote(k.known_findings_of);
  return s;
}

int check_known_findings_of(const KernelTreeOptions& k) {
  if (k.known_findings_of.empty() || has_known_findings_list(k.known_findings_of)) return 0;
  std::string lists;
  for (const std::string& r : known_findings_lists()) lists += (lists.empty() ? "" : ", ") + r;
  return cli_error("--known-findings-of: no known-findings list for '" + k.known_findings_of + "' (lists: " + lists +
                   ")");
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

int mutation_or_error(const std::string& id, const std::string& revision) {
  if (id.empty()) return 0;
  if (!find_mutation(id)) return cli_error("unknown mutation '" + id + "' (see `stopfuzz list mutations`)");
  if (mutation_seeded_into(id, revision)) return 0;
  // A tree loaded at run time (--kernel-tree) whose code no longer fits the
  // mutation's rules (a patch changed it): say which rule and why.
  const std::string why = mutation_left_out(revision, id);
  if (!why.empty()) return cli_error("mutation " + id + " is not seeded into revision " + revision + ": " + why);
  std::string in;
  for (const std::string& r : mutation_revisions(id)) in += (in.empty() ? "" : ", ") + r;
  const bool carries_any = std::any_of(mutation_targets().begin(), mutation_targets().end(),
                                       [&](const MutationTarget& t) { return t.revision == revision; });
  return cli_error("mutation " + id + " is not seeded into revision " + revision + " (it is in " + in + ")" +
                   (carries_any ? "" : "; " + revision + " carries no mutation hooks"));
}

}  // namespace sf
