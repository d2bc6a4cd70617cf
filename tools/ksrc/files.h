// files.h - file, line and shell helpers of the kernel-source tools.
//
// Spec: design.md §1 (kernel source is read into the build directory only).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sf::ksrc {

// The whole file; fails naming it if it cannot be read.
std::string read_file(const std::filesystem::path& p);
// Writes only when the content changes (keeps the build incremental).
void write_if_changed(const std::filesystem::path& p, const std::string& text);
// Lines without their '\n' (a last line without one is kept).
std::vector<std::string> split_lines(const std::string& text);
// 'text' quoted for /bin/sh.
std::string shell_quote(const std::string& s);
// Runs a shell command; returns its exit status and combined output.
int run(const std::string& cmd, std::string* output);

}  // namespace sf::ksrc
