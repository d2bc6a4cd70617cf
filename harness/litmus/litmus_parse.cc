// litmus_parse.cc - reading a C litmus test of the kernel's format (litmus_test.h).
//
// Spec: issue 11; the kernel's tools/memory-model/Documentation/litmus-tests.txt.
#include <cctype>
#include <cstring>

#include "harness/litmus/litmus_test.h"

namespace sf::litmus {
namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Reader {
  const std::string& s;
  size_t p = 0;
  std::string* error;

  int line_at(size_t at) const {
    int n = 1;
    for (size_t i = 0; i < at && i < s.size(); ++i) n += s[i] == '\n';
    return n;
  }
  bool fail(const std::string& what) {
    *error = "line " + std::to_string(line_at(p)) + ": " + what;
    return false;
  }
  // Whitespace and comments: herd's (* ... *) and, between processes, C's.
  void skip(bool c_comments) {
    for (;;) {
      while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
      const char* close = nullptr;
      if (s.compare(p, 2, "(*") == 0)
        close = "*)";
      else if (c_comments && s.compare(p, 2, "/*") == 0)
        close = "*/";
      else if (c_comments && s.compare(p, 2, "//") == 0)
        close = "\n";
      if (!close) return;
      const size_t end = s.find(close, p + 2);
      p = end == std::string::npos ? s.size() : end + std::strlen(close);
    }
  }
  // From s[p] == open to just past its matching close, skipping C comments
  // and literals; the text between is returned in *inner.
  bool balanced(char open, char close, std::string* inner) {
    if (p >= s.size() || s[p] != open) return fail(std::string("expected '") + open + "'");
    const size_t start = ++p;
    int depth = 1;
    while (p < s.size()) {
      const char c = s[p];
      if (s.compare(p, 2, "//") == 0) {
        const size_t e = s.find('\n', p);
        p = e == std::string::npos ? s.size() : e;
        continue;
      }
      if (s.compare(p, 2, "/*") == 0) {
        const size_t e = s.find("*/", p + 2);
        p = e == std::string::npos ? s.size() : e + 2;
        continue;
      }
      if (c == '"' || c == '\'') {
        for (++p; p < s.size() && s[p] != c; ++p)
          if (s[p] == '\\') ++p;
        ++p;
        continue;
      }
      if (c == open) ++depth;
      if (c == close && --depth == 0) {
        *inner = s.substr(start, p - start);
        ++p;
        return true;
      }
      ++p;
    }
    return fail(std::string("no matching '") + close + "'");
  }
  bool keyword(const char* w) {
    const size_t n = std::strlen(w);
    if (s.compare(p, n, w) != 0 || (p + n < s.size() && is_ident(s[p + n]))) return false;
    p += n;
    return true;
  }
};

// "int *y" -> type "int *", name "y"; "p" -> "", "p".
void split_decl(const std::string& decl, std::string* type, std::string* name) {
  const std::string d = trim(decl);
  size_t e = d.size();
  size_t b = e;
  while (b > 0 && is_ident(d[b - 1])) --b;
  *name = d.substr(b, e - b);
  *type = trim(d.substr(0, b));
}

Var* find_or_add(Test* t, const std::string& name) {
  for (Var& v : t->vars)
    if (v.name == name) return &v;
  t->vars.push_back(Var{name, "", ""});
  return &t->vars.back();
}

bool parse_params(const std::string& params, Test* t, std::string* error) {
  size_t b = 0;
  while (b <= params.size()) {
    size_t e = params.find(',', b);
    if (e == std::string::npos) e = params.size();
    const std::string one = trim(params.substr(b, e - b));
    b = e + 1;
    if (one.empty()) continue;
    std::string type, name;
    split_decl(one, &type, &name);
    if (name.empty() || type.empty() || type.back() != '*') {
      *error = "parameter '" + one + "' is not a pointer to a shared variable";
      return false;
    }
    type = trim(type.substr(0, type.size() - 1));
    Var* v = find_or_add(t, name);
    if (v->type.empty()) v->type = type;
  }
  return true;
}

bool parse_init(const std::string& block, Test* t) {
  size_t b = 0;
  while (b < block.size()) {
    size_t e = block.find(';', b);
    if (e == std::string::npos) e = block.size();
    const std::string item = trim(block.substr(b, e - b));
    b = e + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string lhs = trim(item.substr(0, eq));
    if (lhs.find(':') != std::string::npos) {
      t->unsupported = "initial values of registers ('" + item + "') are not supported";
      continue;
    }
    std::string type, name;
    split_decl(lhs, &type, &name);
    if (name.empty()) continue;
    Var* v = find_or_add(t, name);
    if (!type.empty()) v->type = type;
    if (eq != std::string::npos) v->init = trim(item.substr(eq + 1));
  }
  return true;
}

bool parse_locations(const std::string& inner, Test* t, std::string* error) {
  size_t b = 0;
  while (b < inner.size()) {
    size_t e = inner.find(';', b);
    if (e == std::string::npos) e = inner.size();
    const std::string one = trim(inner.substr(b, e - b));
    b = e + 1;
    if (one.empty()) continue;
    Location l;
    const size_t colon = one.find(':');
    if (colon != std::string::npos) {
      l.proc = std::atoi(one.substr(0, colon).c_str());
      l.name = trim(one.substr(colon + 1));
    } else {
      l.name = one;
    }
    if (l.name.empty()) {
      *error = "bad location '" + one + "'";
      return false;
    }
    t->locations.push_back(l);
  }
  return true;
}

}  // namespace

int var_index(const Test& t, const std::string& name) {
  for (size_t i = 0; i < t.vars.size(); ++i)
    if (t.vars[i].name == name) return static_cast<int>(i);
  return -1;
}

bool parse_test(const std::string& text, const std::string& path, Test* t, std::string* error) {
  Reader r{text, 0, error};
  t->path = path;
  r.skip(false);
  if (!r.keyword("C")) return r.fail("not a C litmus test (the first line is not 'C <name>')");
  const size_t eol = text.find('\n', r.p);
  t->name = trim(text.substr(r.p, eol == std::string::npos ? std::string::npos : eol - r.p));
  if (t->name.empty()) return r.fail("the test has no name");
  r.p = eol == std::string::npos ? text.size() : eol;

  // The header: comments (with the Result: line) and an optional doc string.
  for (;;) {
    while (r.p < text.size() && std::isspace(static_cast<unsigned char>(text[r.p]))) ++r.p;
    if (text.compare(r.p, 2, "(*") == 0) {
      const size_t end = text.find("*)", r.p + 2);
      const std::string comment = text.substr(r.p, end == std::string::npos ? std::string::npos : end - r.p);
      const size_t res = comment.find("Result:");
      if (res != std::string::npos && t->result.empty()) {
        size_t b = res + 7;
        while (b < comment.size() && std::isspace(static_cast<unsigned char>(comment[b]))) ++b;
        size_t e = b;
        while (e < comment.size() && is_ident(comment[e])) ++e;
        t->result = comment.substr(b, e - b);
      }
      r.p = end == std::string::npos ? text.size() : end + 2;
      continue;
    }
    if (r.p < text.size() && text[r.p] == '"') {
      const size_t end = text.find('"', r.p + 1);
      r.p = end == std::string::npos ? text.size() : end + 1;
      continue;
    }
    break;
  }
  std::string inner;
  if (r.p < text.size() && text[r.p] == '{') {
    if (!r.balanced('{', '}', &inner)) return false;
    parse_init(inner, t);
  }

  // The processes.
  for (;;) {
    r.skip(true);
    if (r.p >= text.size() || text[r.p] != 'P' || r.p + 1 >= text.size() ||
        !std::isdigit(static_cast<unsigned char>(text[r.p + 1])))
      break;
    Process proc;
    proc.id = std::atoi(text.c_str() + r.p + 1);
    if (proc.id != static_cast<int>(t->procs.size()))
      return r.fail("process P" + std::to_string(proc.id) + " out of order");
    ++r.p;
    while (r.p < text.size() && std::isdigit(static_cast<unsigned char>(text[r.p]))) ++r.p;
    r.skip(true);
    if (!r.balanced('(', ')', &proc.params)) return false;
    std::string perr;
    if (!parse_params(proc.params, t, &perr)) return r.fail(perr);
    r.skip(true);
    proc.line = r.line_at(r.p);
    if (!r.balanced('{', '}', &proc.body)) return false;
    t->procs.push_back(std::move(proc));
  }
  if (t->procs.empty()) return r.fail("no process P0(...) { ... }");

  // locations, filter and the clause.
  bool have_clause = false;
  while (true) {
    r.skip(false);
    if (r.p >= text.size()) break;
    if (r.keyword("locations")) {
      r.skip(false);
      if (!r.balanced('[', ']', &inner)) return false;
      std::string lerr;
      if (!parse_locations(inner, t, &lerr)) return r.fail(lerr);
      continue;
    }
    std::unique_ptr<Cond>* target = nullptr;
    if (r.keyword("filter")) {
      target = &t->filter;
    } else if (!have_clause && r.keyword("exists")) {
      t->quantifier = Quantifier::kExists;
      target = &t->cond;
    } else if (!have_clause && text[r.p] == '~') {
      ++r.p;
      r.skip(false);
      if (!r.keyword("exists")) return r.fail("expected 'exists' after '~'");
      t->quantifier = Quantifier::kNotExists;
      target = &t->cond;
    } else if (!have_clause && r.keyword("forall")) {
      t->quantifier = Quantifier::kForall;
      target = &t->cond;
    } else {
      return r.fail("unexpected text after the processes");
    }
    if (target == &t->cond) have_clause = true;
    std::string cerr;
    if (!parse_cond(text, &r.p, target, &cerr)) return r.fail(cerr);
  }
  if (!have_clause) return r.fail("no exists, ~exists or forall clause");
  return true;
}

}  // namespace sf::litmus
