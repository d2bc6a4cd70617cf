// cmd_litmus.cc - `stopfuzz litmus FILE...`: the kernel's C litmus tests against the memory model.
//
// Spec: issue 11 (a litmus mode: each test's processes compiled against the
// shim and run as the machine's CPUs, every schedule and reordering
// explored, the verdict compared with the file's Result: line),
// docs/memory_model.md, harness/litmus/. Exit status: 0 every test in scope
// agrees, 1 some differ (a difference listed in litmus_catalogue.def is
// printed with its reason, and still counts), 2 a usage or parse error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "harness/litmus/litmus_check.h"
#include "harness/litmus/litmus_codegen.h"

namespace sf {
namespace {

struct LitmusArgs {
  std::vector<std::string> files;
  MemoryModel memory = MemoryModel::kArm64;
  std::string tape;
  uint64_t max_executions = 2'000'000;
  bool states = false;
};

void print_exploration(const litmus::FileResult& r, bool all_states) {
  const litmus::Exploration& ex = r.ex;
  printf("  %zu states, %llu executions%s, at most %zu decisions%s\n", ex.states.size(),
         static_cast<unsigned long long>(ex.executions), ex.exhaustive ? " (every path)" : " (bound reached)",
         ex.max_decisions,
         ex.incomplete ? (", " + std::to_string(ex.incomplete) + " hit a harness bound").c_str() : "");
  if (ex.satisfying > 0)
    printf("  witness: %s (tape %s, %zu decisions; replay: stopfuzz litmus %s --tape %s)\n",
           litmus::show_state(r.test, *r.image, ex.observed, ex.witness_state).c_str(),
           litmus::tape_hex(ex.witness_tape).c_str(), ex.witness_decisions.size(), r.path.c_str(),
           litmus::tape_hex(ex.witness_tape).c_str());
  if (all_states)
    for (const auto& [state, n] : ex.states)
      printf("    %s  (%llu)\n", litmus::show_state(r.test, *r.image, ex.observed, state).c_str(),
             static_cast<unsigned long long>(n));
}

int run_replay_tape(const LitmusArgs& a) {
  if (a.files.size() != 1) return cli_error("--tape replays one execution of one FILE");
  std::vector<uint8_t> tape;
  if (!litmus::parse_tape_hex(a.tape, &tape)) return cli_error("--tape wants hex digits, two per byte");
  litmus::ExploreOptions opt;
  opt.memory = a.memory;
  litmus::FileResult r = litmus::check_file(a.files[0], opt);
  if (r.status == litmus::Status::kError) return cli_error(r.reason);
  if (r.status == litmus::Status::kOutOfScope) {
    printf("%s: out of scope: %s\n", r.test.name.c_str(), r.reason.c_str());
    return kExitClean;
  }
  std::vector<litmus::Decision> ds;
  std::vector<long> state;
  std::string err;
  if (!litmus::replay(r.test, *r.image, opt, tape, &ds, &state, &err)) return cli_error(err);
  printf("%s, --memory %s, tape %s\n", r.test.name.c_str(), memory_model_name(a.memory), a.tape.c_str());
  for (size_t i = 0; i < ds.size(); ++i) printf("  #%zu %s: %u of %u\n", i, ds[i].label, ds[i].value, ds[i].n);
  printf("final: %s\n", litmus::show_state(r.test, *r.image, r.ex.observed, state).c_str());
  return kExitClean;
}

int run_litmus(const LitmusArgs& a) {
  if (!a.tape.empty()) return run_replay_tape(a);
  litmus::ExploreOptions opt;
  opt.memory = a.memory;
  opt.max_executions = a.max_executions;
  int agree = 0, differ = 0, justified = 0, out = 0, errors = 0;
  for (const std::string& path : a.files) {
    litmus::FileResult r = litmus::check_file(path, opt);
    const char* name = r.test.name.empty() ? path.c_str() : r.test.name.c_str();
    switch (r.status) {
      case litmus::Status::kError:
        ++errors;
        cli_error(r.reason);
        continue;
      case litmus::Status::kOutOfScope:
        ++out;
        printf("%s: out of scope: %s\n", name, r.reason.c_str());
        continue;
      case litmus::Status::kAgrees:
        ++agree;
        printf("%s: %s, agrees with LKMM (Result: %s)\n", name, r.ex.verdict, r.test.result.c_str());
        break;
      case litmus::Status::kDiffers:
        ++differ;
        justified += r.justified != nullptr;
        printf("%s: %s, DIFFERS from LKMM (Result: %s)%s%s\n", name, r.ex.verdict, r.test.result.c_str(),
               r.justified ? "; justified: " : "", r.justified ? r.justified->reason : "");
        break;
    }
    print_exploration(r, a.states);
  }
  printf(
      "litmus: %d agree, %d differ (%d on the justified-difference list), %d out of scope, %d errors "
      "(--memory %s)\n",
      agree, differ, justified, out, errors, memory_model_name(a.memory));
  if (errors) return kExitError;
  return differ ? kExitViolation : kExitClean;
}

}  // namespace

void add_litmus_command(CLI::App& app, int* rc) {
  auto a = std::make_shared<LitmusArgs>();
  CLI::App* cmd =
      app.add_subcommand("litmus", "run the kernel's C litmus tests on the memory model, compare with LKMM");
  cmd->add_option("files", a->files, "C litmus tests (the kernel's tools/memory-model/litmus-tests)")
      ->required()
      ->option_text("FILE...");
  add_memory_option(cmd, &a->memory);
  cmd->get_option("--memory")->description("memory model, default arm64 (docs/memory_model.md)");
  cmd->add_option("--tape", a->tape, "replay one execution of one FILE (a witness's tape)")
      ->option_text("HEX");
  cmd->add_option("--max-executions", a->max_executions, "executions per test at most (default 2000000)")
      ->check(positive())
      ->option_text("N");
  cmd->add_flag("--states", a->states, "print every final state and its count");
  cmd->callback([a, rc] { *rc = run_litmus(*a); });
}

}  // namespace sf
