// cli_common.h - what the `stopfuzz` subcommands share: option groups, input files, revisions.
//
// Spec: design.md §7 (one-line repro, one-line errors), §8.4 (options are a
// catalogue: each is declared once, with CLI11, where its command is built;
// --help and the parse errors come from those declarations).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/kernel_tree.h"
#include "harness/timeline.h"
#include "models/backend.h"
#include "models/memory_model.h"
#include "stopfuzz/revision.h"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace sf {

// Exit status of every command (README): 0 clean (known findings allowed),
// 1 a property violation, 2 usage, I/O or build error; `check` only: 3
// nothing new, but --max-seconds stopped it before its budget.
enum ExitCode : int { kExitClean = 0, kExitViolation = 1, kExitError = 2, kExitIncomplete = 3 };

// Prints "stopfuzz: <msg>" (one line) on stderr; returns kExitError. A
// "stopfuzz: " already at the front of msg is not repeated.
int cli_error(const std::string& msg);
// msg without leading "stopfuzz: " prefixes and trailing newlines.
std::string without_prefix(std::string msg);

// A number >= 0 (CLI11's own range check prints the range, not the problem).
CLI::Validator non_negative();
// A whole number >= 1.
CLI::Validator positive();

// --backend fibers|threads.
void add_backend_option(CLI::App* cmd, BackendKind* backend);
// --memory sc|arm64 (models/memory_models.def).
void add_memory_option(CLI::App* cmd, MemoryModel* memory);
// --kernel-tree/--kernel-patch/--kernel-name/--kernel-work/--known-findings-of.
void add_kernel_tree_options(CLI::App* cmd, KernelTreeOptions* k);

// --width/--all-cpus/--color/--no-sites/--details: how a timeline is printed.
struct TimelineArgs {
  int width = -1;  // -1: the terminal's (or $COLUMNS, or the default)
  bool all_cpus = false;
  std::string color = "auto";
  bool no_sites = false;
  bool details = false;
};
void add_timeline_options(CLI::App* cmd, TimelineArgs* t);
// The options for printing to stdout: width from --width, else the
// terminal, else $COLUMNS, else kDefaultTimelineWidth; colour on a terminal
// unless NO_COLOR is set (--color always|never overrides).
TimelineOptions timeline_options(const TimelineArgs& t);

// Builds and loads the kernel tree of `k`, if one was given, and sets
// *rev_name to its revision; *loaded says whether one was. `revision_option`
// is what --revision was given ("" if it was not): naming the code under
// test twice is a usage error, not a silent choice. 0, or kExitError after a
// one-line message.
int load_tree_if_any(const KernelTreeOptions& k, const std::string& revision_option, std::string* rev_name,
                     bool* loaded);
// The words a replay line must repeat to find the same tree and list ("" if none).
std::string kernel_tree_replay_args(const KernelTreeOptions& k);
// 0 if --known-findings-of is unset or names a list; else kExitError after a one-line message.
int check_known_findings_of(const KernelTreeOptions& k);

// The revision named `name`, or nullptr after a one-line message listing the known ones.
const sf_revision* revision_or_error(const std::string& name);
// 0 if `id` is "" or a catalogued mutation seeded into `revision`; else
// kExitError after a one-line message (a mutation the revision does not
// carry would run the unmutated code under the mutation's name).
int mutation_or_error(const std::string& id, const std::string& revision);

}  // namespace sf
