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
#include "models/backend.h"
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

// Prints "stopfuzz: <msg>" (one line) on stderr; returns kExitError.
int cli_error(const std::string& msg);

// A number >= 0 (CLI11's own range check prints the range, not the problem).
CLI::Validator non_negative();
// A whole number >= 1.
CLI::Validator positive();

// --backend fibers|threads.
void add_backend_option(CLI::App* cmd, BackendKind* backend);
// --kernel-tree/--kernel-patch/--kernel-name/--kernel-work.
void add_kernel_tree_options(CLI::App* cmd, KernelTreeOptions* k);

// Builds and loads the kernel tree of `k`, if one was given, and sets
// *rev_name to its revision; *loaded says whether one was. 0, or kExitError
// after a one-line message.
int load_tree_if_any(const KernelTreeOptions& k, std::string* rev_name, bool* loaded);
// The words a replay line must repeat to find the same tree ("" if none).
std::string kernel_tree_replay_args(const KernelTreeOptions& k);

// The revision named `name`, or nullptr after a one-line message listing the known ones.
const sf_revision* revision_or_error(const std::string& name);
// Whether `id` is "" or a catalogued mutation.
bool mutation_known(const std::string& id);
// Reads an input file (at most kMaxInputSize bytes); false with a one-line reason.
bool read_input(const std::string& path, std::vector<uint8_t>* out, std::string* err);

}  // namespace sf
