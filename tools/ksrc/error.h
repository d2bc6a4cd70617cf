// error.h - the one error kind of the kernel-source tools: a one-line reason.
//
// Spec: design.md §1 (kernel-source mode), issue 9 ("errors that name the
// cause, one line each"). The library throws; the tools print the message
// once with the "stopfuzz: " prefix and exit 1, so no layer adds a second
// prefix.
#pragma once

#include <iostream>
#include <stdexcept>
#include <string>

namespace sf::ksrc {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws Error(msg): msg is one line without the "stopfuzz: " prefix.
[[noreturn]] inline void fail(const std::string& msg) { throw Error(msg); }

// The main() of a tool: runs body, prints a failure as one line
// "stopfuzz: <reason>" on stderr and returns 1.
inline int run_tool(const char* tool, int (*body)(int, char**), int argc, char** argv) {
  try {
    return body(argc, argv);
  } catch (const Error& e) {
    std::cerr << "stopfuzz: " << e.what() << "\n";
  } catch (const std::exception& e) {  // filesystem errors name their path
    std::cerr << "stopfuzz: " << tool << ": " << e.what() << "\n";
  }
  return 1;
}

}  // namespace sf::ksrc
