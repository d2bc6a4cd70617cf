// litmus_codegen.cc - the C unit of a litmus test, and the scope check (litmus_codegen.h).
//
// Spec: issue 11; litmus_primitives.def (what a process may call).
#include "harness/litmus/litmus_codegen.h"

#include <cctype>
#include <cstring>
#include <set>

#include "models/limits.h"

namespace sf::litmus {
namespace {

struct OutOfScopePrimitive {
  const char* name;
  const char* reason;
};
constexpr const char* kPrimitives[] = {
#define SF_LITMUS_PRIMITIVE(name) #name,
#define SF_LITMUS_OUT_OF_SCOPE_PRIMITIVE(name, reason)
#include "harness/litmus/litmus_primitives.def"
#undef SF_LITMUS_PRIMITIVE
#undef SF_LITMUS_OUT_OF_SCOPE_PRIMITIVE
};
constexpr OutOfScopePrimitive kOutOfScope[] = {
#define SF_LITMUS_PRIMITIVE(name)
#define SF_LITMUS_OUT_OF_SCOPE_PRIMITIVE(name, reason) {#name, reason},
#include "harness/litmus/litmus_primitives.def"
#undef SF_LITMUS_PRIMITIVE
#undef SF_LITMUS_OUT_OF_SCOPE_PRIMITIVE
};
constexpr const char* kKeywords[] = {"if", "while", "for", "switch", "return", "sizeof", "do", "else"};

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The body without comments, string and character literals.
std::string code_only(const std::string& s) {
  std::string o;
  for (size_t p = 0; p < s.size();) {
    if (s.compare(p, 2, "//") == 0) {
      const size_t e = s.find('\n', p);
      p = e == std::string::npos ? s.size() : e;
    } else if (s.compare(p, 2, "/*") == 0) {
      const size_t e = s.find("*/", p + 2);
      p = e == std::string::npos ? s.size() : e + 2;
      o += ' ';
    } else {
      o += s[p++];
    }
  }
  return o;
}

// Every identifier followed by '(' (a call or a function-like macro).
std::vector<std::string> calls(const std::string& body) {
  const std::string s = code_only(body);
  std::vector<std::string> out;
  for (size_t p = 0; p < s.size();) {
    if (!is_ident(s[p]) || (p > 0 && is_ident(s[p - 1]))) {
      ++p;
      continue;
    }
    size_t e = p;
    while (e < s.size() && is_ident(s[e])) ++e;
    size_t q = e;
    while (q < s.size() && std::isspace(static_cast<unsigned char>(s[q]))) ++q;
    if (q < s.size() && s[q] == '(' && !std::isdigit(static_cast<unsigned char>(s[p])))
      out.push_back(s.substr(p, e - p));
    p = e;
  }
  return out;
}

bool starts_with_scalar_type(const std::string& line, size_t* after) {
  static const char* const types[] = {"unsigned", "signed", "int", "long", "short", "char", "bool", "u8",
                                      "u16",      "u32",    "u64", "s8",   "s16",   "s32",  "s64",  "uintptr_t"};
  size_t p = 0;
  while (p < line.size() && std::isspace(static_cast<unsigned char>(line[p]))) ++p;
  bool any = false;
  for (;;) {
    size_t e = p;
    while (e < line.size() && is_ident(line[e])) ++e;
    const std::string w = line.substr(p, e - p);
    bool is_type = false;
    for (const char* t : types) is_type |= w == t;
    if (!is_type) break;
    any = true;
    p = e;
    while (p < line.size() && std::isspace(static_cast<unsigned char>(line[p]))) ++p;
  }
  *after = p;
  return any;
}

// A declaration line of registers: "int r0;" "int r1, r2;" "int *r0;".
// Scalars without an initializer start at 0; *pointer is set for "int *r".
std::string zero_registers(const std::string& body, bool* pointer) {
  std::string out;
  size_t b = 0;
  while (b < body.size()) {
    size_t e = body.find('\n', b);
    if (e == std::string::npos) e = body.size();
    std::string line = body.substr(b, e - b);
    b = e + 1;
    size_t after = 0;
    if (starts_with_scalar_type(line, &after) && after < line.size()) {
      if (line[after] == '*') *pointer = true;
      const size_t semi = line.find(';', after);
      const std::string decls = semi == std::string::npos ? "" : line.substr(after, semi - after);
      if (!decls.empty() && decls.find_first_of("=()*[") == std::string::npos) {
        std::string rewritten;
        size_t p = 0;
        while (p <= decls.size()) {
          size_t c = decls.find(',', p);
          if (c == std::string::npos) c = decls.size();
          rewritten += (rewritten.empty() ? "" : ", ") + decls.substr(p, c - p) + " = 0";
          p = c + 1;
        }
        line = line.substr(0, after) + rewritten + line.substr(semi);
      }
    }
    out += line + '\n';
  }
  return out;
}

std::string var_type(const Var& v) { return v.type.empty() ? "int" : v.type; }
std::string cname(const std::string& var) { return "sf_lv_" + var; }

// What a variable's initial value is as C, "" for zero.
std::string init_value(const Test& t, const Var& v) {
  std::string s = v.init;
  if (s.rfind("ATOMIC_INIT(", 0) == 0 && s.back() == ')') s = s.substr(12, s.size() - 13);
  if (s.empty()) return "";
  const std::string name = s[0] == '&' ? s.substr(1) : s;
  if (var_index(t, name) >= 0) return "(" + var_type(v) + ")" + cname(name);
  return s;
}

}  // namespace

std::string out_of_scope_reason(const Test& t) {
  if (!t.unsupported.empty()) return t.unsupported;
  if (t.result != "Sometimes" && t.result != "Never" && t.result != "Always")
    return "expected result '" + t.result + "' is not Sometimes, Always or Never";
  if (t.procs.size() > static_cast<size_t>(kMaxCpus))
    return std::to_string(t.procs.size()) + " processes: the machine has at most " + std::to_string(kMaxCpus) + " CPUs";
  for (const Process& p : t.procs) {
    for (const std::string& c : calls(p.body)) {
      bool known = false;
      for (const char* k : kKeywords) known |= c == k;
      for (const char* k : kPrimitives) known |= c == k;
      if (known) continue;
      for (const OutOfScopePrimitive& o : kOutOfScope)
        if (c == o.name) return "P" + std::to_string(p.id) + " calls " + c + "(): " + o.reason;
      return "P" + std::to_string(p.id) + " calls " + c + "(), a primitive the shim does not map";
    }
    bool pointer = false;
    zero_registers(p.body, &pointer);
    if (pointer)
      return "P" + std::to_string(p.id) +
             " has a pointer register: an address dependency, which the model does not track (it has no "
             "dependencies: loads are never satisfied late, so only load->load order via an address is missing)";
  }
  for (const Var& v : t.vars) {
    const std::string ty = var_type(v);
    if (ty != "int" && ty != "long" && ty != "atomic_t" && ty != "spinlock_t" && ty.back() != '*')
      return "shared variable " + v.name + " of type '" + ty + "' is not supported";
  }
  return "";
}

std::vector<Location> observed_locations(const Test& t) {
  std::vector<Location> out;
  if (t.cond) cond_locations(*t.cond, &out);
  if (t.filter) cond_locations(*t.filter, &out);
  for (const Location& l : t.locations) {
    bool seen = false;
    for (const Location& o : out) seen |= o == l;
    if (!seen) out.push_back(l);
  }
  return out;
}

std::string generate_c(const Test& t, const std::vector<Location>& observed) {
  std::string c = "/* Generated by stopfuzz litmus from " + t.name + ": the processes over the shim. */\n";
  c += "#include \"stopfuzz/ordering.h\"\n\n";
  // The variables live in a block the host allocates (litmus_image.h): in
  // the shared object's own data they could lie next to a CPU's stack, which
  // the machine would take for that CPU's private memory (M11).
  for (const Var& v : t.vars) c += "static " + var_type(v) + " *" + cname(v.name) + ";\n";
  c += "\nvoid sf_litmus_bind(char *block)\n{\n";
  for (size_t i = 0; i < t.vars.size(); ++i)
    c += "\t" + cname(t.vars[i].name) + " = (" + var_type(t.vars[i]) + " *)(block + " +
         std::to_string(i * kVarSlot) + ");\n";
  c += "}\n\nvoid sf_litmus_reset(void)\n{\n";
  for (const Var& v : t.vars) {
    c += "\t__builtin_memset((void *)" + cname(v.name) + ", 0, sizeof(*" + cname(v.name) + "));\n";
    const std::string init = init_value(t, v);
    if (init.empty()) continue;
    const std::string ty = var_type(v);
    const std::string field = ty == "atomic_t" ? ".counter" : ty == "spinlock_t" ? ".locked" : "";
    const std::string lhs = field.empty() ? "*" + cname(v.name) : cname(v.name) + "->" + field.substr(1);
    c += "\t" + lhs + " = " + init + ";\n";
  }
  c += "}\n\nlong sf_litmus_var_value(int i)\n{\n\tswitch (i) {\n";
  for (size_t i = 0; i < t.vars.size(); ++i) {
    const std::string ty = var_type(t.vars[i]);
    const std::string field = ty == "atomic_t" ? ".counter" : ty == "spinlock_t" ? ".locked" : "";
    c += "\tcase " + std::to_string(i) + ": return (long)(*" + cname(t.vars[i].name) + ")" + field + ";\n";
  }
  c += "\t}\n\treturn 0;\n}\n\nlong sf_litmus_var_addr(int i)\n{\n\tswitch (i) {\n";
  for (size_t i = 0; i < t.vars.size(); ++i)
    c += "\tcase " + std::to_string(i) + ": return (long)" + cname(t.vars[i].name) + ";\n";
  c += "\t}\n\treturn 0;\n}\n";
  for (const Process& p : t.procs) {
    bool pointer = false;
    const bool no_params = p.params.find_first_not_of(" \t\n") == std::string::npos;
    c += "\nstatic void P" + std::to_string(p.id) + "(" + (no_params ? "" : p.params + ", ") + "long *sf_regs)\n{\n";
    c += "#line " + std::to_string(p.line) + " \"" + t.path + "\"\n";
    c += zero_registers(p.body, &pointer);
    for (size_t k = 0; k < observed.size(); ++k)
      if (observed[k].proc == p.id) c += "\tsf_regs[" + std::to_string(k) + "] = (long)(" + observed[k].name + ");\n";
    c += "}\n";
  }
  c += "\nvoid sf_litmus_run(int proc, long *regs)\n{\n\tswitch (proc) {\n";
  for (const Process& p : t.procs) {
    c += "\tcase " + std::to_string(p.id) + ": P" + std::to_string(p.id) + "(";
    size_t b = 0;
    const std::string& ps = p.params;
    while (b <= ps.size()) {
      size_t e = ps.find(',', b);
      if (e == std::string::npos) e = ps.size();
      std::string one = ps.substr(b, e - b);
      b = e + 1;
      size_t ne = one.size();
      while (ne > 0 && !is_ident(one[ne - 1])) --ne;
      size_t nb = ne;
      while (nb > 0 && is_ident(one[nb - 1])) --nb;
      if (ne > nb) c += cname(one.substr(nb, ne - nb)) + ", ";
    }
    c += "regs); break;\n";
  }
  c += "\t}\n}\n";
  return c;
}

}  // namespace sf::litmus
