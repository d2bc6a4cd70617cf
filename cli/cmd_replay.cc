// cmd_replay.cc - `stopfuzz replay`: inputs or repro strings, as timelines or JSON.
//
// Spec: design.md §7 (one-line repro, per-CPU timeline, machine-readable
// forms from the same trace). Exit status: 1 if any replay violates a
// property that is not a known finding.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "harness/repro.h"
#include "harness/stop/report.h"
#include "harness/stop/run.h"

namespace sf {
namespace {

struct ReplayArgs {
  std::vector<std::string> files;
  std::vector<std::string> repros;
  std::string revision;
  std::string mutation;
  bool json = false;
  bool choices = false;
  bool no_sites = false;
  TimelineOptions timeline;
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;
  KernelTreeOptions tree;
};

int run_replay(ReplayArgs& a) {
  if (a.files.empty() && a.repros.empty()) return cli_error("replay needs FILE... or --repro STRING");
  a.timeline.sites = !a.no_sites;
  std::string rev_name = a.revision.empty() ? "final" : a.revision;
  bool loaded = false;
  if (const int rc = load_tree_if_any(a.tree, &rev_name, &loaded)) return rc;
  const bool rev_given = loaded || !a.revision.empty();
  if (!mutation_known(a.mutation)) return cli_error("unknown mutation '" + a.mutation + "'");
  // Read everything first: a bad file or string is an error before any output.
  struct Job {
    std::string name;
    Repro r;
  };
  std::vector<Job> jobs;
  for (const std::string& f : a.files) {
    Job j;
    j.name = f;
    std::string err;
    if (!read_input(f, &j.r.tape, &err)) return cli_error("cannot replay " + err);
    j.r.revision = rev_name;
    j.r.mutation = a.mutation;
    jobs.push_back(std::move(j));
  }
  for (const std::string& s : a.repros) {
    Job j{"repro", {}};
    std::string err;
    if (!decode_repro(s, &j.r, &err)) return cli_error(err);
    if (rev_given) j.r.revision = rev_name;
    if (!a.mutation.empty()) j.r.mutation = a.mutation;
    if (!mutation_known(j.r.mutation)) return cli_error("unknown mutation '" + j.r.mutation + "'");
    jobs.push_back(std::move(j));
  }
  int rc = kExitClean;
  RunResult res;
  for (Job& j : jobs) {
    const sf_revision* rev = revision_or_error(j.r.revision);
    if (!rev) return kExitError;
    RunOptions ro;
    ro.rev = rev;
    ro.mutation = j.r.mutation;
    ro.backend = a.backend;
    ro.memory = a.memory;
    j.r.memory = memory_model_name(a.memory);
    ro.record_choices = a.choices;
    run_one(j.r.tape.data(), j.r.tape.size(), ro, &res);
    if (a.json) {
      print_json(std::cout, res);
    } else {
      if (jobs.size() > 1) std::cout << "==> " << j.name << " <==\n";
      print_timeline(std::cout, res, a.timeline);
      if (a.choices) {
        std::cout << "decisions:\n";
        for (const Tape::Decision& d : res.choices)
          std::cout << "  @" << d.offset << " " << d.label << " = " << d.value << " of " << d.n << "\n";
      }
      if (res.violation()) std::cout << "repro: " << repro_command(j.r) << kernel_tree_replay_args(a.tree) << "\n";
      if (jobs.size() > 1) std::cout << "\n";
    }
    if (res.violation()) rc = kExitViolation;
  }
  return rc;
}

}  // namespace

void add_replay_command(CLI::App& app, int* rc) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand("replay", "replay inputs or repro strings: per-CPU timeline and verdict");
  cmd->add_option("files", args->files, "inputs: any engine's crash files, corpus files")->option_text("FILE...");
  cmd->add_option("--repro", args->repros, "sf1:<revision>:<mutation>:<hex> (repeatable)")
      ->option_text("STRING")
      ->allow_extra_args(false);
  cmd->add_option("--revision", args->revision, "code under test (default final, or the repro's)")->option_text("NAME");
  cmd->add_option("--mutation", args->mutation, "seed a catalogued mutation (default the repro's)")->option_text("ID");
  cmd->add_flag("--json", args->json, "JSON lines (events, then findings), no timeline");
  cmd->add_flag("--no-sites", args->no_sites, "leave out the kernel file:line of each event");
  cmd->add_flag("--details", args->timeline.details, "also non-observable events (snapshots, IRQ masks)");
  cmd->add_flag("--choices", args->choices, "print every decision read from the tape");
  add_backend_option(cmd, &args->backend);
  add_memory_option(cmd, &args->memory);
  add_kernel_tree_options(cmd, &args->tree);
  cmd->callback([args, rc] { *rc = run_replay(*args); });
}

}  // namespace sf
