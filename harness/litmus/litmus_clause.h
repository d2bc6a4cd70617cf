// litmus_clause.h - the propositions of a litmus test's `exists`/`filter` clause, and their value on a final state.
//
// Spec: issue 11; herd7's condition syntax as the kernel's litmus tests use
// it: atoms `N:reg=value` and `var=value` (also `!=`), `/\`, `\/`, `~`,
// parentheses, `true`, `false`. A value is an integer or a variable's name
// (its address: a pointer register that points at it).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sf::litmus {

// A register of a process (proc >= 0) or a shared variable (proc == -1).
struct Location {
  int proc = -1;
  std::string name;
  bool operator==(const Location& o) const { return proc == o.proc && name == o.name; }
  std::string text() const { return proc < 0 ? name : std::to_string(proc) + ":" + name; }
};

struct Cond {
  enum Kind { kTrue, kFalse, kEq, kNe, kNot, kAnd, kOr } kind = kTrue;
  Location loc;                // kEq, kNe
  std::string value;           // kEq, kNe: a number or a variable's name
  std::unique_ptr<Cond> a, b;  // kNot (a), kAnd, kOr
};

// Parses one proposition from text[*pos...]; false with a reason in *error.
bool parse_cond(const std::string& text, size_t* pos, std::unique_ptr<Cond>* out, std::string* error);

// Every location the proposition mentions, in order of first mention, added to *out.
void cond_locations(const Cond& c, std::vector<Location>* out);

// `value_of(loc)` is the location's final value, `value_of_name(name, &v)`
// turns a value written in the clause into a number (false: unknown name).
using LocationValue = std::function<long(const Location&)>;
using NamedValue = std::function<bool(const std::string&, long*)>;
bool eval_cond(const Cond& c, const LocationValue& value_of, const NamedValue& value_of_name);

}  // namespace sf::litmus
