// diagnostics.h - the compiler's errors on a unity file, read as what the
// tree needs: the names it uses that nothing declares, and one-line reasons.
//
// Spec: issue 9 ("errors that name the cause, one line each, with symbol,
// file and line").
#pragma once

#include <string>
#include <vector>

namespace sf::ksrc {

// A name the compiler found undeclared (an identifier, a function, a type).
struct Undeclared {
  std::string name;
  std::string where;      // "file:line" as the #line directives name it
  bool function = false;  // called as a function
};

// Every undeclared name of a clang diagnostic output, in order, each once.
std::vector<Undeclared> undeclared_names(const std::string& diag);

// Fails with the first error of the output as one line: a symbol the shim
// lacks, a member, an incomplete type, or the message as is.
[[noreturn]] void explain_compile_error(const std::string& diag);

}  // namespace sf::ksrc
