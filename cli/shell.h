// shell.h - running the build tools the command drives (kernel-source mode).
//
// Spec: design.md §1 (kernel-source mode at run time). One quoting rule for
// commands the command runs and for the replay lines it prints.
#pragma once

#include <string>

namespace sf {

// `s` as one shell word: unchanged when it is plainly safe, else '...'.
std::string shell_quote(const std::string& s);
// Runs `cmd` through the shell with stderr merged into *out; the exit status.
int run_command(const std::string& cmd, std::string* out);

}  // namespace sf
