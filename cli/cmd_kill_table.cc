// cmd_kill_table.cc - `stopfuzz kill-table`: how fast each catalogued mutation is found.
//
// Spec: design.md §5 (every mutation found by the property it names).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/kill_table.h"

namespace sf {

void add_kill_table_command(CLI::App& app, int* rc) {
  auto opt = std::make_shared<KillTableOptions>();
  CLI::App* cmd = app.add_subcommand("kill-table", "find each catalogued mutation: executions, seconds, size");
  cmd->add_option("--seeds", opt->seeds, "search seeds 1..N, median and worst (default 5)")
      ->check(positive())
      ->option_text("N");
  cmd->add_option("--budget", opt->budget, "executions per search (default 20000)")
      ->check(positive())
      ->option_text("N");
  cmd->add_option("--minimize-budget", opt->minimize_budget, "executions per minimization (default 4000)")
      ->option_text("N");
  cmd->add_option("--mutation", opt->only, "only this mutation")->option_text("ID");
  cmd->add_option("--revision", opt->revision, "the mutations seeded into NAME, not each on its own")
      ->option_text("NAME");
  cmd->add_option("--corpus", opt->corpus_dirs, "seed inputs (repeatable; default none)")
      ->option_text("DIR")
      ->allow_extra_args(false);
  cmd->add_option("--save", opt->save_dir, "write minimized inputs as DIR/<id>.tape + .txt")->option_text("DIR");
  // A developer's tree (and series): the mutations whose rules fit its code,
  // each found in it or not (README, "Revisions, mutations and the kill table").
  auto tree = std::make_shared<KernelTreeOptions>();
  add_kernel_tree_options(cmd, tree.get());
  cmd->callback([opt, tree, rc] {
    bool loaded = false;
    if ((*rc = check_known_findings_of(*tree)) ||
        (*rc = load_tree_if_any(*tree, opt->revision, &opt->revision, &loaded)))
      return;
    // As `fuzz` takes them: --known-findings-of with or without a tree.
    opt->known_findings_of = tree->known_findings_of;
    opt->replay_extra = kernel_tree_replay_args(*tree);
    // A mutation the loaded code does not carry: say which rule no longer fits.
    if (loaded && !opt->only.empty() && (*rc = mutation_or_error(opt->only, opt->revision))) return;
    *rc = run_kill_table(*opt, stdout);
  });
}

}  // namespace sf
