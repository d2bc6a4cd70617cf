// cmd_check.cc - `stopfuzz check --base B --candidate C`: what a change adds (NEW), fixes (FIXED), keeps (UNCHANGED).
//
// Spec: issue 10; design.md §7. Each side is a revision (--base NAME,
// --base-mutation ID) or a kernel tree built now (--base-kernel-tree PATH,
// --base-kernel-patch FILE), likewise --candidate-*. Exit status: 0 nothing
// new, 1 something new, 2 usage, I/O or build error, 3 nothing new but
// --max-seconds stopped the check before its execution budget. --jobs N
// runs each phase's units on N worker processes (harness/stop/check.h).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/input_files.h"
#include "harness/repro.h"
#include "harness/stop/check.h"
#include "harness/stop/check_report.h"

namespace sf {
namespace {

struct SideArgs {
  std::string revision;
  std::string mutation;
  KernelTreeOptions tree;
};

struct CheckArgs {
  SideArgs base, candidate;
  std::string kernel_work = "out/ksrc";
  std::vector<std::string> strategies;
  uint64_t execs = 0;  // 0: the mix's own budgets
  std::vector<std::string> corpus_dirs;
  std::string junit, sarif;
  bool quiet = false;
  CheckOptions opt;
};

// The side's revision: a kernel tree built into <work>/<side>, or a name.
int resolve_side(SideArgs& a, const std::string& which, const std::string& work, CheckSide* out) {
  if (!a.tree.tree.empty()) {
    if (!a.revision.empty()) return cli_error("--" + which + " and --" + which + "-kernel-tree exclude each other");
    a.tree.work_dir = work + "/" + which;
    // Both sides may be the same kernel version: the base's default name
    // says it is the base (src:<version>+base), and both replay lines name
    // the revision they replay.
    if (which == "base") a.tree.suffix = a.tree.patches.empty() ? "+base" : "+base-patch";
    bool loaded = false;
    if (const int rc = load_tree_if_any(a.tree, "", &a.revision, &loaded)) return rc;  // checked above
    a.tree.name = a.revision;
    out->replay_extra = kernel_tree_replay_args(a.tree);
  } else if (!a.tree.patches.empty() || !a.tree.name.empty()) {
    return cli_error("--" + which + "-kernel-patch and --" + which + "-kernel-name need --" + which + "-kernel-tree");
  }
  if (a.revision.empty())
    return cli_error("no " + which + ": give --" + which + " NAME or --" + which + "-kernel-tree PATH");
  out->rev = revision_or_error(a.revision);
  if (!out->rev) return kExitError;
  if (const int rc = mutation_or_error(a.mutation, out->rev->name)) return rc;
  out->mutation = a.mutation;
  return 0;
}

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& body) {
  std::ofstream f(path);
  if (!f) return false;
  body(f);
  return static_cast<bool>(f);
}

int run_check_command(CheckArgs& a) {
  CheckOptions& opt = a.opt;
  if (const int rc = resolve_side(a.base, "base", a.kernel_work, &opt.base)) return rc;
  if (const int rc = resolve_side(a.candidate, "candidate", a.kernel_work, &opt.candidate)) return rc;
  // Replay lines of both sides name the memory model when it is not sc.
  opt.base.replay_extra += memory_replay_args(memory_model_name(opt.memory));
  opt.candidate.replay_extra += memory_replay_args(memory_model_name(opt.memory));
  // The mix: the default, or the strategies named, with --execs shared out
  // in the default's proportions (named strategies: equally).
  const std::vector<StrategyBudgetEntry> def = default_check_mix();
  if (a.strategies.empty()) {
    opt.mix = def;
  } else {
    for (const std::string& name : a.strategies) {
      CheckStrategy s;
      if (!strategy_from_name(name, &s)) {
        std::string known;
        for (const CheckStrategyInfo& i : check_strategies()) known += std::string(known.empty() ? "" : ", ") + i.name;
        return cli_error("unknown strategy '" + name + "' (known: " + known + ")");
      }
      opt.mix.push_back({s, 0});
    }
    for (StrategyBudgetEntry& m : opt.mix) m.execs = a.execs ? a.execs / opt.mix.size() : 20000;
  }
  if (a.execs && a.strategies.empty()) {
    uint64_t total = 0;
    for (const StrategyBudgetEntry& m : def) total += m.execs;
    for (StrategyBudgetEntry& m : opt.mix) m.execs = std::max<uint64_t>(1, a.execs * m.execs / total);
  }
  if (a.corpus_dirs.empty()) {
    const std::string def_dir = std::string(STOPFUZZ_SOURCE_DIR) + "/corpus/final";
    std::error_code ec;
    if (std::filesystem::is_directory(def_dir, ec)) a.corpus_dirs.push_back(def_dir);
  }
  if (const int rc = load_corpus_dirs(a.corpus_dirs, &opt.seeds)) return rc;
  if (!a.quiet) opt.progress = [](const std::string& s) { fprintf(stderr, "stopfuzz: check: %s\n", s.c_str()); };

  const auto t0 = std::chrono::steady_clock::now();
  CheckResult res;
  run_check(opt, &res);
  if (!res.error.empty()) return cli_error("check: " + res.error);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print_check_text(std::cout, opt, res);
  std::cout.flush();
  if (!a.quiet) fprintf(stderr, "stopfuzz: check took %.1f s\n", secs);
  if (!a.junit.empty() && !write_file(a.junit, [&](std::ostream& o) { print_check_junit(o, opt, res); }))
    return cli_error(a.junit + ": cannot write the JUnit report");
  if (!a.sarif.empty() && !write_file(a.sarif, [&](std::ostream& o) { print_check_sarif(o, opt, res); }))
    return cli_error(a.sarif + ": cannot write the SARIF report");
  if (res.count(CheckClass::kNew)) return kExitViolation;
  return res.stopped_early ? kExitIncomplete : kExitClean;
}

void add_side_options(CLI::App* cmd, const std::string& which, SideArgs* s) {
  const std::string group = which == "base" ? "Base (the reference)" : "Candidate (the change)";
  cmd->add_option("--" + which, s->revision, "revision name (see `stopfuzz list revisions`)")
      ->group(group)
      ->option_text("NAME");
  cmd->add_option("--" + which + "-mutation", s->mutation, "seed a catalogued mutation into it")
      ->group(group)
      ->option_text("ID");
  cmd->add_option("--" + which + "-kernel-tree", s->tree.tree, "a kernel tree built now (directory or tarball)")
      ->group(group)
      ->option_text("PATH");
  cmd->add_option("--" + which + "-kernel-patch", s->tree.patches,
                  "diff, mail, mbox or directory applied to that tree first (repeatable, in order)")
      ->group(group)
      ->option_text("PATH")
      ->allow_extra_args(false);
  cmd->add_option("--" + which + "-kernel-name", s->tree.name, "name of its revision")
      ->group(group)
      ->option_text("NAME");
}

}  // namespace

void add_check_command(CLI::App& app, int* rc) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "what a change adds (NEW), fixes (FIXED) and keeps (UNCHANGED): both sides, the same budget");
  add_side_options(cmd, "base", &a->base);
  add_side_options(cmd, "candidate", &a->candidate);
  cmd->add_option("--kernel-work", a->kernel_work, "where kernel trees are built (default out/ksrc)")
      ->option_text("DIR");
  std::string names;
  for (const CheckStrategyInfo& i : check_strategies()) names += std::string(names.empty() ? "" : "|") + i.name;
  cmd->add_option("--strategy", a->strategies, "only these strategies (repeatable; default coverage, pct, exhaustive)")
      ->option_text(names)
      ->allow_extra_args(false);
  cmd->add_option("--execs", a->execs, "executions per side, shared among the strategies (default 1000000)")
      ->check(positive())
      ->option_text("N");
  cmd->add_option("--max-seconds", a->opt.max_seconds, "stop early after this long (then exit 3 if nothing new)")
      ->check(non_negative())
      ->option_text("N");
  cmd->add_option("--jobs", a->opt.jobs, "worker processes (default 1); the report is the same for every N")
      ->check(positive())
      ->option_text("N");
  cmd->add_option("--seed", a->opt.seed, "random seed of every strategy (default 1)")->option_text("N");
  cmd->add_option("--corpus", a->corpus_dirs, "seed inputs and scenarios (repeatable; default corpus/final)")
      ->option_text("DIR")
      ->allow_extra_args(false);
  cmd->add_option("--pct-depth", a->opt.pct_depth, "PCT bug depth d (default 2)")->check(positive())->option_text("D");
  cmd->add_option("--bound", a->opt.bound, "exhaustive: deviations from the default schedule (default 2)")
      ->check(CLI::Range(0, 16))
      ->option_text("P");
  cmd->add_flag("--no-por{false}", a->opt.por,
                "exhaustive: no partial-order reduction (every preemption before a local step too)");
  cmd->add_option("--confirm-execs", a->opt.confirm_execs, "targeted search per one-sided finding (default 3000)")
      ->option_text("N");
  cmd->add_option("--minimize-execs", a->opt.minimize_execs, "per NEW or FIXED finding (default 3000)")
      ->option_text("N");
  cmd->add_option("--junit", a->junit, "write a JUnit XML report (one testcase per property)")->option_text("FILE");
  cmd->add_option("--sarif", a->sarif, "write a SARIF 2.1.0 report (one result per NEW finding)")->option_text("FILE");
  add_backend_option(cmd, &a->opt.backend);
  add_memory_option(cmd, &a->opt.memory);
  cmd->add_flag("--quiet", a->quiet, "no progress lines on stderr");
  cmd->footer(
      "Exit status: 0 nothing new, 1 something new, 2 usage, I/O or build error, 3 nothing new but\n"
      "--max-seconds stopped the check before its execution budget.");
  cmd->callback([a, rc] { *rc = run_check_command(*a); });
}

}  // namespace sf
