// cmd_minimize.cc - `stopfuzz minimize`: shrink violating inputs to a fixed point, keeping the finding.
//
// Spec: issue 14 ("minimize on the spot"): the same property and signature,
// the sizes (bytes, CPUs, events, timeline lines and width) before and
// after, the minimized input saved beside the original (FILE.min, or under
// --out), and the line that replays it. --finding keeps a named finding,
// known ones too (a known bug's input made short enough to post). Exit status: 0 every input
// minimized, 2 an input shows no violation or cannot be read or written.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/counterexample.h"
#include "cli/input_files.h"
#include "harness/repro.h"
#include "harness/revisions.h"

namespace sf {
namespace {

struct MinimizeArgs {
  std::vector<std::string> files;
  std::string revision;
  std::string mutation;
  std::string out_dir;
  std::string finding;  // "P7 null-regs": keep this one, known or not
  uint64_t budget = kDefaultMinimizeBudget;
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;  // a weak-memory finding shrinks under the model it showed in
  KernelTreeOptions tree;
};

int run_minimize(MinimizeArgs& a) {
  namespace fs = std::filesystem;
  std::string rev_name = a.revision.empty() ? "final" : a.revision;
  bool loaded = false;
  if (const int rc = load_tree_if_any(a.tree, a.revision, &rev_name, &loaded)) return rc;
  const sf_revision* rev = revision_or_error(rev_name);
  if (!rev) return kExitError;
  if (const int rc = mutation_or_error(a.mutation, rev->name)) return rc;
  std::vector<std::vector<uint8_t>> inputs(a.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    std::string err;
    if (!read_input(a.files[i], &inputs[i], &err)) return cli_error("cannot minimize " + err);
  }
  if (!a.out_dir.empty()) {
    std::error_code ec;
    fs::create_directories(a.out_dir, ec);
    if (ec) return cli_error(a.out_dir + ": " + ec.message());
  }
  RunOptions ro;
  ro.rev = rev;
  ro.mutation = a.mutation;
  ro.backend = a.backend;
  ro.memory = a.memory;
  int rc = kExitClean;
  for (size_t i = 0; i < a.files.size(); ++i) {
    const std::string& file = a.files[i];
    Counterexample c;
    if (!shrink_counterexample(inputs[i], ro, a.budget, &c, a.finding)) {
      const std::string seen = findings_of(inputs[i], ro);
      // A weak-memory finding does not show under sc: name the model it needs.
      std::string other;
      if (seen.empty())
        for (int m = 0; m < static_cast<int>(MemoryModel::kCount) && other.empty(); ++m) {
          RunOptions alt = ro;
          alt.memory = static_cast<MemoryModel>(m);
          if (alt.memory == a.memory) continue;
          const std::string there = findings_of(inputs[i], alt);
          if (!there.empty())
            other = " (under --memory " + std::string(memory_model_name(alt.memory)) + " it shows " + there + ")";
        }
      rc = cli_error(file + ": " + (a.finding.empty() ? "no violation" : "no finding " + a.finding) + " on revision " +
                     rev->name + (a.mutation.empty() ? "" : " with mutation " + a.mutation) + " under memory model " +
                     memory_model_name(a.memory) +
                     (seen.empty() ? "" : " (it shows " + seen + "; pick one with --finding)") + other +
                     ", nothing to minimize");
      continue;
    }
    const std::string out = a.out_dir.empty()
                                ? file + ".min"
                                : (fs::path(a.out_dir) / (fs::path(file).filename().string() + ".min")).string();
    std::string err;
    if (!write_bytes(out, c.minimized, &err)) return cli_error(err);
    const Repro rep{rev->name, a.mutation, c.minimized, revision_build(rev), memory_model_name(a.memory)};
    printf("%s: %s\n  before: %s\n  after:  %s\n  %llu executions%s; saved %s\n  replay: %s%s\n", file.c_str(),
           c.key.c_str(), describe(c.before).c_str(), describe(c.after).c_str(),
           static_cast<unsigned long long>(c.execs),
           c.fixed_point ? ", fixed point" : ", budget spent (not a fixed point)", out.c_str(),
           repro_command(rep).c_str(), kernel_tree_replay_args(a.tree).c_str());
  }
  return rc;
}

}  // namespace

void add_minimize_command(CLI::App& app, int* rc) {
  auto args = std::make_shared<MinimizeArgs>();
  CLI::App* cmd =
      app.add_subcommand("minimize", "shrink violating inputs, keeping property and signature (exit 0: all shrank)");
  cmd->add_option("files", args->files, "violating inputs (any engine's crash files)")
      ->required()
      ->option_text("FILE...");
  cmd->add_option("--revision", args->revision, "code under test (default final)")->option_text("NAME");
  cmd->add_option("--mutation", args->mutation, "seed a catalogued mutation into the revision")->option_text("ID");
  cmd->add_option("--budget", args->budget, "executions per input at most (default 100000)")
      ->check(positive())
      ->option_text("N");
  cmd->add_option("--finding", args->finding, "keep this finding, known or not (default the violation)")
      ->option_text("'P7 null-regs'");
  cmd->add_option("--out", args->out_dir, "write DIR/<name>.min (default: FILE.min beside FILE)")->option_text("DIR");
  add_backend_option(cmd, &args->backend);
  add_memory_option(cmd, &args->memory);
  add_kernel_tree_options(cmd, &args->tree);
  cmd->callback([args, rc] { *rc = run_minimize(*args); });
}

}  // namespace sf
