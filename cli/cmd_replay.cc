// cmd_replay.cc - `stopfuzz replay`: inputs or repro strings, as timelines, JSON, Chrome traces or HTML.
//
// Spec: design.md §7 (one-line repro, per-CPU timeline, machine-readable
// forms from the same trace). Exit status: 1 if any replay violates a
// property that is not a known finding.
#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/input_files.h"
#include "harness/cex_litmus.h"
#include "harness/repro.h"
#include "harness/revisions.h"
#include "harness/stop/chrome_trace.h"
#include "harness/stop/html_view.h"
#include "harness/stop/properties.h"
#include "harness/stop/report.h"
#include "harness/stop/report_json.h"
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
  std::string trace;   // Chrome trace-event JSON
  std::string html;    // a self-contained page
  std::string litmus;  // the counterexample as a C litmus test
  TimelineArgs timeline;
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;
  KernelTreeOptions tree;
};

// Writes `render` to `path`; false after a one-line message.
bool write_file(const std::string& path, const std::function<void(std::ostream&)>& render) {
  std::ofstream f(path, std::ios::binary);
  if (f) render(f);
  f.flush();
  if (!f) {
    cli_error("cannot write " + path + ": " + strerror(errno));
    return false;
  }
  return true;
}

// The counterexample of a replay as a litmus test (harness/cex_litmus.h):
// the violation, or else the first finding (a known one is a counterexample
// too).
bool litmus_of(const RunResult& res, const std::string& repro, std::string* text, std::string* why) {
  const Finding* f = res.violation();
  if (!f && !res.findings.empty()) f = &res.findings.front();
  if (!f) {
    *why = "the replay shows no finding";
    return false;
  }
  const std::string id = property_info(f->property).id;
  CexLitmusInput in;
  in.trace = &res.trace;
  in.violation_event = f->event;
  in.name =
      "stopfuzz-" + res.revision + (res.mutation.empty() ? "" : "-" + res.mutation) + "-" + id + "-" + f->signature;
  for (char& c : in.name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '+' && c != '.') c = '-';
  in.about = {"A counterexample of stopfuzz, --memory " + std::string(memory_model_name(res.scenario.machine.memory)) +
                  ": revision " + res.revision + (res.mutation.empty() ? "" : ", mutation " + res.mutation) + ".",
              "Finding: " + id + " [" + f->signature + "] " + f->message, "Replay: " + repro};
  return cex_litmus(in, text, why);
}

int run_replay(ReplayArgs& a) {
  if (a.files.empty() && a.repros.empty()) return cli_error("replay needs FILE... or --repro STRING");
  if ((!a.trace.empty() || !a.html.empty() || !a.litmus.empty()) && a.files.size() + a.repros.size() != 1)
    return cli_error("--trace, --html and --litmus write one input's picture: give one FILE or one --repro");
  const TimelineOptions topt = timeline_options(a.timeline);
  std::string rev_name = a.revision.empty() ? "final" : a.revision;
  bool loaded = false;
  if (const int rc = check_known_findings_of(a.tree)) return rc;
  if (const int rc = load_tree_if_any(a.tree, a.revision, &rev_name, &loaded)) return rc;
  const bool rev_given = loaded || !a.revision.empty();
  // Read everything first: a bad file or string is an error before any output.
  struct Job {
    std::string name;
    Repro r;
    const sf_revision* rev = nullptr;
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
    jobs.push_back(std::move(j));
  }
  for (Job& j : jobs) {
    if (!find_revision(j.r.revision) && j.r.revision.rfind("src:", 0) == 0 && !loaded)
      return cli_error("unknown revision '" + j.r.revision +
                       "': a kernel-source revision; replay it with --kernel-tree PATH (and --kernel-patch FILE) "
                       "as printed with the repro");
    j.rev = revision_or_error(j.r.revision);
    if (!j.rev) return kExitError;
    if (const int rc = mutation_or_error(j.r.mutation, j.r.revision)) return rc;
    // A repro from another build of the code under test may replay differently.
    const std::string here = revision_build(j.rev);
    if (!j.r.build.empty() && !here.empty() && j.r.build != here)
      fprintf(stderr,
              "stopfuzz: warning: the repro was made with build %s of revision %s, this is build %s "
              "(its sources changed): the replay may differ\n",
              j.r.build.c_str(), j.rev->name, here.c_str());
    j.r.build = here;
  }
  int rc = kExitClean;
  RunResult res;
  for (Job& j : jobs) {
    RunOptions ro;
    ro.rev = j.rev;
    ro.mutation = j.r.mutation;
    ro.backend = a.backend;
    ro.memory = a.memory;
    j.r.memory = memory_model_name(a.memory);
    ro.record_choices = a.choices;
    ro.record_memory = !a.litmus.empty();
    ro.known_findings_of = a.tree.known_findings_of;
    run_one(j.r.tape.data(), j.r.tape.size(), ro, &res);
    const std::string repro = repro_command(j.r) + kernel_tree_replay_args(a.tree);
    if (!a.litmus.empty()) {
      std::string text, why;
      if (!litmus_of(res, repro, &text, &why)) return cli_error("--litmus: " + why);
      if (!write_file(a.litmus, [&](std::ostream& os) { os << text; })) return kExitError;
    }
    if (!a.trace.empty() && !write_file(a.trace, [&](std::ostream& os) { write_chrome_trace(os, res); }))
      return kExitError;
    if (!a.html.empty() && !write_file(a.html, [&](std::ostream& os) { write_html_view(os, res, repro); }))
      return kExitError;
    if (a.json) {
      print_json(std::cout, res, topt.sites);
    } else {
      if (jobs.size() > 1) std::cout << "==> " << j.name << " <==\n";
      print_timeline(std::cout, res, topt);
      if (a.choices) {
        std::cout << "decisions:\n";
        for (const Tape::Decision& d : res.choices)
          std::cout << "  @" << d.offset << " " << d.label << " = " << d.value << " of " << d.n << "\n";
      }
      if (res.violation()) std::cout << "repro: " << repro << "\n";
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
  cmd->add_option("--trace", args->trace, "also write a Chrome trace (Perfetto, chrome://tracing) to FILE")
      ->option_text("FILE");
  cmd->add_option("--html", args->html, "also write a self-contained HTML view to FILE")->option_text("FILE");
  cmd->add_option("--litmus", args->litmus, "also write the ordering violation as a C litmus test (herd7, LKMM)")
      ->option_text("FILE");
  add_timeline_options(cmd, &args->timeline);
  cmd->add_flag("--choices", args->choices, "print every decision read from the tape");
  add_backend_option(cmd, &args->backend);
  add_memory_option(cmd, &args->memory);
  add_kernel_tree_options(cmd, &args->tree);
  cmd->callback([args, rc] { *rc = run_replay(*args); });
}

}  // namespace sf
