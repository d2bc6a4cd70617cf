// error.h - the one error kind of the kernel-source tools: a one-line reason.
//
// Spec: design.md §1 (kernel-source mode), issue 9 ("errors that name the
// cause, one line each"). The library throws; the tools print the message
// once with the "stopfuzz: " prefix and exit 1, so no layer adds a second
// prefix.
#pragma once

#include <stdexcept>
#include <string>

namespace sf::ksrc {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws Error(msg): msg is one line without the "stopfuzz: " prefix.
[[noreturn]] inline void fail(const std::string& msg) { throw Error(msg); }

}  // namespace sf::ksrc
