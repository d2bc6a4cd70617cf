// litmus_clause.cc - parsing and evaluating the propositions of a litmus clause.
//
// Spec: issue 11; litmus_clause.h (the syntax taken).
#include "harness/litmus/litmus_clause.h"

#include <cctype>
#include <cstdlib>

namespace sf::litmus {
namespace {

struct Parser {
  const std::string& s;
  size_t p;
  std::string* error;

  void skip() {
    for (;;) {
      while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
      if (s.compare(p, 2, "(*") != 0) return;
      const size_t end = s.find("*)", p + 2);
      p = end == std::string::npos ? s.size() : end + 2;
    }
  }
  bool eat(const char* tok) {
    skip();
    const size_t n = std::char_traits<char>::length(tok);
    if (s.compare(p, n, tok) != 0) return false;
    p += n;
    return true;
  }
  bool fail(const std::string& what) {
    *error = what + " at offset " + std::to_string(p) + " of the clause";
    return false;
  }
  std::string word() {
    skip();
    const size_t b = p;
    while (p < s.size() && (std::isalnum(static_cast<unsigned char>(s[p])) || s[p] == '_' || s[p] == '.')) ++p;
    return s.substr(b, p - b);
  }

  bool atom(std::unique_ptr<Cond>* out) {
    auto c = std::make_unique<Cond>();
    std::string w = word();
    if (w.empty()) return fail("expected a location");
    if (w == "true" || w == "false") {
      c->kind = w == "true" ? Cond::kTrue : Cond::kFalse;
      *out = std::move(c);
      return true;
    }
    if (eat(":")) {
      char* end = nullptr;
      const long proc = std::strtol(w.c_str(), &end, 10);
      if (*end != 0 || proc < 0) return fail("bad process number '" + w + "'");
      c->loc.proc = static_cast<int>(proc);
      w = word();
      if (w.empty()) return fail("expected a register");
    }
    c->loc.name = w;
    if (eat("!="))
      c->kind = Cond::kNe;
    else if (eat("="))
      c->kind = Cond::kEq;
    else
      return fail("expected = or != after " + c->loc.text());
    skip();
    std::string v;
    if (eat("-")) v = "-";
    eat("&");
    v += word();
    if (v.empty() || v == "-") return fail("expected a value");
    c->value = v;
    *out = std::move(c);
    return true;
  }
  bool unary(std::unique_ptr<Cond>* out) {
    if (eat("~")) {
      auto c = std::make_unique<Cond>();
      c->kind = Cond::kNot;
      if (!unary(&c->a)) return false;
      *out = std::move(c);
      return true;
    }
    if (eat("(")) {
      if (!disj(out)) return false;
      if (!eat(")")) return fail("expected )");
      return true;
    }
    return atom(out);
  }
  bool binary(std::unique_ptr<Cond>* out, const char* op, Cond::Kind kind,
              bool (Parser::*next)(std::unique_ptr<Cond>*)) {
    if (!(this->*next)(out)) return false;
    while (eat(op)) {
      auto c = std::make_unique<Cond>();
      c->kind = kind;
      c->a = std::move(*out);
      if (!(this->*next)(&c->b)) return false;
      *out = std::move(c);
    }
    return true;
  }
  bool conj(std::unique_ptr<Cond>* out) { return binary(out, "/\\", Cond::kAnd, &Parser::unary); }
  bool disj(std::unique_ptr<Cond>* out) { return binary(out, "\\/", Cond::kOr, &Parser::conj); }
};

}  // namespace

bool parse_cond(const std::string& text, size_t* pos, std::unique_ptr<Cond>* out, std::string* error) {
  Parser ps{text, *pos, error};
  if (!ps.disj(out)) return false;
  ps.skip();
  *pos = ps.p;
  return true;
}

void cond_locations(const Cond& c, std::vector<Location>* out) {
  if (c.kind == Cond::kEq || c.kind == Cond::kNe) {
    for (const Location& l : *out)
      if (l == c.loc) return;
    out->push_back(c.loc);
    return;
  }
  if (c.a) cond_locations(*c.a, out);
  if (c.b) cond_locations(*c.b, out);
}

bool eval_cond(const Cond& c, const LocationValue& value_of, const NamedValue& value_of_name) {
  switch (c.kind) {
    case Cond::kTrue: return true;
    case Cond::kFalse: return false;
    case Cond::kNot: return !eval_cond(*c.a, value_of, value_of_name);
    case Cond::kAnd: return eval_cond(*c.a, value_of, value_of_name) && eval_cond(*c.b, value_of, value_of_name);
    case Cond::kOr: return eval_cond(*c.a, value_of, value_of_name) || eval_cond(*c.b, value_of, value_of_name);
    case Cond::kEq:
    case Cond::kNe: {
      long want = 0;
      if (!value_of_name(c.value, &want)) return false;
      const bool eq = value_of(c.loc) == want;
      return c.kind == Cond::kEq ? eq : !eq;
    }
  }
  return false;
}

}  // namespace sf::litmus
