// cmd_fuzz.cc - `stopfuzz fuzz`: a bounded fuzzing campaign with a summary.
//
// Spec: design.md §7; README "Quick start". Exit status: 0 clean, 1 a
// violation that is not a known finding, 2 usage, I/O or build error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/campaign.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "harness/repro.h"
#include "harness/stop/properties.h"

namespace sf {
namespace {

struct FuzzArgs {
  CampaignOptions campaign;
  bool quiet = false;
  int jobs = 1;
  std::string revision;  // "" until given: final, unless a tree is loaded
  KernelTreeOptions tree;
};

int run_fuzz(FuzzArgs& a) {
  CampaignOptions& opt = a.campaign;
  opt.progress = !a.quiet;
  bool loaded = false;
  if (const int rc = check_known_findings_of(a.tree)) return rc;
  if (const int rc = load_tree_if_any(a.tree, a.revision, &a.revision, &loaded)) return rc;
  if (a.revision.empty()) a.revision = "final";
  opt.known_findings_of = a.tree.known_findings_of;
  // The repro names the loaded revision; replaying needs the same tree.
  opt.replay_extra = kernel_tree_replay_args(a.tree) + memory_replay_args(memory_model_name(opt.memory));
  opt.rev = revision_or_error(a.revision);
  if (!opt.rev) return kExitError;
  if (const int rc = mutation_or_error(opt.mutation, opt.rev->name)) return rc;
  fprintf(stderr, "stopfuzz: fuzzing revision %s%s%s (memory %s) for %.0f s%s%s\n", opt.rev->name,
          opt.mutation.empty() ? "" : " with mutation ", opt.mutation.c_str(), memory_model_name(opt.memory),
          opt.seconds, opt.max_execs ? (" or " + std::to_string(opt.max_execs) + " executions").c_str() : "",
          a.jobs > 1 ? (" in " + std::to_string(a.jobs) + " workers").c_str() : "");
  CampaignResult res;
  const int rc = run_campaign_jobs(opt, a.jobs, &res);
  if (rc == kExitError) return rc;
  printf(
      "summary: revision %s%s%s: %llu executions in %.1f s (%.0f/s), corpus %zu, %zu trace edges, "
      "%llu known finding(s), %llu violation(s)\n",
      opt.rev->name, opt.mutation.empty() ? "" : " + ", opt.mutation.c_str(),
      static_cast<unsigned long long>(res.execs), res.seconds, res.execs / (res.seconds > 0 ? res.seconds : 1),
      res.corpus, res.shapes, static_cast<unsigned long long>(res.known),
      static_cast<unsigned long long>(res.violations));
  if (a.jobs > 1) {
    printf("workers: %d:", a.jobs);
    for (size_t w = 0; w < res.worker_execs.size(); ++w)
      printf(" %s%llu", w ? "+ " : "", static_cast<unsigned long long>(res.worker_execs[w]));
    printf(" executions, %llu entries shared\n", static_cast<unsigned long long>(res.own_entries));
  }
  // One line per distinct finding (property + signature), minimized, with its count.
  for (const CampaignFinding& f : res.findings)
    printf("finding %s: %llu execution(s), first after %llu; %s\n  saved %s\n  replay: stopfuzz replay --repro %s%s\n",
           f.key.c_str(), static_cast<unsigned long long>(f.count), static_cast<unsigned long long>(f.first_exec),
           f.summary.c_str(), f.file.c_str(), f.repro.c_str(), opt.replay_extra.c_str());
  // With --jobs the workers' minimized findings stay in their artifacts;
  // the summary names the first violation of all of them.
  if (res.findings.empty() && !res.first_violation_repro.empty())
    printf("first violation: %s after %llu executions\nreplay: stopfuzz replay --repro %s%s\n",
           res.first_violation_property.c_str(), static_cast<unsigned long long>(res.execs_to_first),
           res.first_violation_repro.c_str(), opt.replay_extra.c_str());
  return rc;
}

}  // namespace

void add_fuzz_command(CLI::App& app, int* rc) {
  auto args = std::make_shared<FuzzArgs>();
  CampaignOptions& o = args->campaign;
  CLI::App* cmd = app.add_subcommand("fuzz", "a bounded fuzzing campaign (default 60 s) and its summary");
  cmd->add_option("--revision", args->revision, "code under test (default final)")->option_text("NAME");
  cmd->add_option("--mutation", o.mutation, "seed a catalogued mutation into the revision")->option_text("ID");
  cmd->add_option("--seconds", o.seconds, "time budget (default 60)")->check(non_negative())->option_text("N");
  cmd->add_option("--runs", o.max_execs, "stop after N executions")->check(positive())->option_text("N");
  cmd->add_option("--seed", o.seed, "random seed of the campaign (default 1)")->option_text("N");
  cmd->add_option("--corpus", o.corpus_dirs, "seed inputs (repeatable)")->option_text("DIR")->allow_extra_args(false);
  cmd->add_option("--artifacts", o.artifacts_dir, "where a violating input is saved (default .)")->option_text("DIR");
  cmd->add_option("--jobs", args->jobs, "worker processes, each with its own machine and budget (default 1)")
      ->check(CLI::Range(1, 256))
      ->option_text("N");
  cmd->add_flag("--keep-going", o.keep_going, "count violations instead of stopping at the first");
  cmd->add_option("--finding", o.target, "look for this finding, known or not, instead of violations")
      ->option_text("'P7 null-regs'");
  cmd->add_option("--minimize-budget", o.minimize_budget, "executions to shrink each finding (default 100000; 0: none)")
      ->option_text("N");
  add_backend_option(cmd, &o.backend);
  add_memory_option(cmd, &o.memory);
  cmd->add_flag("--quiet", args->quiet, "no progress on stderr (live on a terminal, every 5 s in a log)");
  add_kernel_tree_options(cmd, &args->tree);
  cmd->callback([args, rc] { *rc = run_fuzz(*args); });
}

}  // namespace sf
