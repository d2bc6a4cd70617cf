// litmus_test.h - one C litmus test of the kernel's format, parsed: variables, processes, clause.
//
// Spec: issue 11 (`stopfuzz litmus`), tools/memory-model/Documentation/
// litmus-tests.txt of the kernel (the format herd7 reads: a "C name" line,
// a header comment with "Result:", the initial state `{ ... }`, processes
// `P0(int *x, ...) { ... }`, then `locations [...]`, `filter (...)` and one
// `exists`/`~exists`/`forall` clause). The process bodies are kept as text:
// they are kernel C, compiled against the shim (harness/litmus/litmus_image.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/litmus/litmus_clause.h"

namespace sf::litmus {

// A shared variable: the processes' pointer parameters and the init block.
struct Var {
  std::string name;
  std::string type;  // C type of the variable itself: "int", "atomic_t", "spinlock_t", "int *"
  std::string init;  // initial value as written ("" = zero): a number, ATOMIC_INIT(n), &y or y
};

struct Process {
  int id = 0;
  std::string params;  // the parameter list as written
  std::string body;    // between the braces
  int line = 0;        // of the body's first line, in the file
};

enum class Quantifier { kExists, kNotExists, kForall };

struct Test {
  std::string name;
  std::string path;
  std::string result;  // the header's "Result:" word ("" when none): Sometimes, Never, Always, DEADLOCK, ...
  std::vector<Var> vars;
  std::vector<Process> procs;
  std::vector<Location> locations;  // `locations [...]`: shown, not judged
  std::unique_ptr<Cond> filter;     // nullptr: every state
  Quantifier quantifier = Quantifier::kExists;
  std::unique_ptr<Cond> cond;
  // Set by the parser for what it recognises but the mode does not take
  // (register initial values): the test is out of scope, with this reason.
  std::string unsupported;
};

// Parses `text` (the file's contents); false with a one-line reason in *error.
bool parse_test(const std::string& text, const std::string& path, Test* out, std::string* error);

// The index of variable `name` in t.vars, -1 if none.
int var_index(const Test& t, const std::string& name);

}  // namespace sf::litmus
