// scanner.cc - the file-scope items of a kernel C file.
#include "tools/ksrc/scanner.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

namespace {

bool is_attribute(const std::string& t) {
  static const std::set<std::string> k = {
      "__ro_after_init", "__read_mostly", "__initdata", "__tracepoint_string",        "__cacheline_aligned",
      "__maybe_unused",  "__initconst",   "__percpu",   "__cacheline_aligned_in_smp", "__always_unused"};
  return k.count(t) != 0;
}

// Identifiers of a macro body, members (after . or ->) left out.
void body_idents(const std::string& body, std::set<std::string>* out) {
  for (size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c == '"' || c == '\'') {
      for (++i; i < body.size() && body[i] != c; ++i)
        if (body[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (!ident_start(c)) {
      ++i;
      continue;
    }
    size_t s = i;
    while (i < body.size() && ident_char(body[i])) ++i;
    size_t j = s;
    while (j > 0 && body[j - 1] == ' ') --j;
    const bool member = j > 0 && (body[j - 1] == '.' || (j > 1 && body[j - 1] == '>' && body[j - 2] == '-'));
    if (!member) out->insert(body.substr(s, i - s));
  }
}

// DEFINE_PER_CPU(type, name), DECLARE_COMPLETION(name), ...: a declaration
// made by a macro, named by its last argument.
bool declaring_macro(const std::string& id) { return id.rfind("DEFINE_", 0) == 0 || id.rfind("DECLARE_", 0) == 0; }

}  // namespace

bool Item::named(const std::string& n) const {
  return name == n || std::find(enumerators.begin(), enumerators.end(), n) != enumerators.end();
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Brace matching aware of comments, strings, character literals and
// preprocessor lines; conditionals at file scope are tracked so each item
// can be re-wrapped in the #if/#else lines that enclose it.
Scan scan_file(const std::string& text, const std::string& path) {
  Scan sc;
  std::vector<std::vector<std::string>> cond_stack;
  size_t i = 0, n = text.size();
  int line = 1;
  bool line_start = true;
  int bd = 0, pd = 0;
  std::optional<Item> cur;
  std::vector<std::string> head;  // identifiers before the naming punctuation
  bool named = false;
  bool macro_decl = false;  // named by the last identifier of its argument list
  char named_by = 0;        // the punctuation that named the item
  std::string last_arg;     // ... which is this
  bool in_enum = false;     // inside the braces of an enum: constants follow '{' and ','
  char last_sig = 0;

  auto finish = [&](int end_line) {
    if (!cur) return;
    cur->last_line = end_line;
    cur->is_prototype = named && named_by == '(' && !cur->is_func && !macro_decl;
    if (macro_decl && !last_arg.empty()) {
      cur->name = last_arg;
    } else if (!named && !head.empty()) {
      while (!head.empty() && is_attribute(head.back())) head.pop_back();
      if (!head.empty()) cur->name = head.back();
    }
    sc.items.push_back(*cur);
    cur.reset();
    head.clear();
    named = false;
    named_by = 0;
    macro_decl = false;
    last_arg.clear();
    in_enum = false;
  };
  // The name is the last identifier (attributes aside) before the first '(',
  // '[', '=' or ';' at file scope, or the tag before the '{' of a type.
  auto name_at = [&](char punct) {
    if (!cur || named || bd != 0 || pd != 0) return;
    const auto has = [&](const char* kw) { return std::find(head.begin(), head.end(), kw) != head.end(); };
    const bool tagged = has("enum") || has("struct") || has("union");
    if (punct == '{' && !tagged) return;  // a function body: named at its '('
    named = true;
    named_by = punct;
    std::vector<std::string> h = head;
    while (!h.empty() && is_attribute(h.back())) h.pop_back();
    if (!h.empty()) cur->name = h.back();
    if (punct == '(' && !h.empty() && declaring_macro(h.back())) macro_decl = true;
    if (punct == '{' && has("enum")) in_enum = true;
  };

  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++i;
      continue;
    }
    if (c == '#' && line_start) {
      // A preprocessor line, with backslash continuations.
      std::string d;
      int start_line = line;
      while (i < n && text[i] != '\n') {
        if (text[i] == '\\' && i + 1 < n && text[i + 1] == '\n') {
          d += ' ';
          i += 2;
          ++line;
          continue;
        }
        d += text[i++];
      }
      std::smatch m;
      static const std::regex kDir(R"(^#\s*(\w+)\s*(.*)$)");
      if (bd == 0 && std::regex_match(d, m, kDir)) {
        std::string kw = m[1];
        if (kw == "if" || kw == "ifdef" || kw == "ifndef") {
          cond_stack.push_back({d});
        } else if (kw == "elif" || kw == "else") {
          if (cond_stack.empty()) fail(path + ":" + std::to_string(start_line) + ": #" + kw + " without #if");
          cond_stack.back().push_back(d);
        } else if (kw == "endif") {
          if (cond_stack.empty()) fail(path + ":" + std::to_string(start_line) + ": #endif without #if");
          cond_stack.pop_back();
        } else if (kw == "define" && std::string(m[2]).rfind("pr_fmt", 0) == 0) {
          sc.defines.push_back(d);
        } else if (kw == "define" && !cur) {
          static const std::regex kDefine(R"(^(\w+)(\()?(.*)$)");
          std::smatch dm;
          const std::string rest = m[2];
          if (std::regex_match(rest, dm, kDefine)) {
            Item it;
            it.name = dm[1];
            it.first_line = start_line;
            it.last_line = line;
            it.is_macro = true;
            it.is_function_macro = dm[2].matched;
            it.conds = cond_stack;
            body_idents(dm[3], &it.idents);
            it.idents.erase(it.name);
            sc.items.push_back(std::move(it));
          }
        } else if (kw == "include") {
          static const std::regex kInclude(R"(^[<"]([^>"]+)[>"])");
          std::smatch im;
          const std::string rest = m[2];
          if (std::regex_search(rest, im, kInclude)) sc.includes.push_back(im[1]);
        }
      }
      continue;
    }
    line_start = false;
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(text[i] == '*' && text[i + 1] == '/')) {
        if (text[i] == '\n') ++line;
        ++i;
      }
      i += 2;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (!cur) {
      cur = Item{};
      cur->first_line = line;
      cur->conds = cond_stack;
    }
    if (c == '"' || c == '\'') {
      char q = c;
      ++i;
      while (i < n && text[i] != q) {
        if (text[i] == '\\') ++i;
        if (i < n && text[i] == '\n') ++line;
        ++i;
      }
      ++i;
      last_sig = q;
      continue;
    }
    if (ident_start(c)) {
      size_t s = i;
      while (i < n && ident_char(text[i])) ++i;
      std::string id = text.substr(s, i - s);
      size_t j = s;
      while (j > 0 && std::isspace(static_cast<unsigned char>(text[j - 1]))) --j;
      const bool member = j > 0 && (text[j - 1] == '.' || (j > 1 && text[j - 1] == '>' && text[j - 2] == '-'));
      if (!member) cur->idents.insert(id);
      if (bd == 0 && pd == 0 && !named) head.push_back(id);
      if (macro_decl && bd == 0 && pd == 1) last_arg = id;
      if (in_enum && bd == 1 && pd == 0 && (last_sig == '{' || last_sig == ',')) cur->enumerators.push_back(id);
      last_sig = 'a';
      continue;
    }
    ++i;
    switch (c) {
      case '(':
        name_at('(');
        ++pd;
        break;
      case ')': --pd; break;
      case '[':
      case '=': name_at(c); break;
      case '{':
        if (bd == 0) {
          name_at('{');
          if (last_sig == ')') cur->is_func = true;
        }
        ++bd;
        break;
      case '}':
        if (--bd < 0) fail(path + ":" + std::to_string(line) + ": unbalanced '}'");
        if (bd == 0 && cur->is_func) {
          finish(line);
          last_sig = '}';
          continue;
        }
        break;
      case ';':
        if (bd == 0 && pd == 0) {
          name_at(';');
          finish(line);
          last_sig = ';';
          continue;
        }
        break;
      default: break;
    }
    last_sig = c;
  }
  if (cur) fail(path + ": unterminated declaration at line " + std::to_string(cur->first_line));
  if (!cond_stack.empty()) fail(path + ": unbalanced #if at end of file");
  return sc;
}

bool has_item(const Source& s, const std::string& name, bool func_only) {
  for (const Item& it : s.scan.items)
    if (it.name == name && (!func_only || it.is_func)) return true;
  return false;
}

std::vector<const Item*> items_named(const Source& s, const std::string& name) {
  std::vector<const Item*> out;
  for (const Item& it : s.scan.items)
    if (it.named(name)) out.push_back(&it);
  return out;
}

bool mentions(const Source& s, const std::string& ident) {
  for (const Item& it : s.scan.items)
    if (it.idents.count(ident)) return true;
  return false;
}

Source load(const fs::path& dir, const std::string& rel) { return load_text(rel, read_file(dir / rel)); }

Source load_text(const std::string& rel, const std::string& text) {
  Source s;
  s.path = rel;
  s.lines = split_lines(text);
  s.scan = scan_file(text, rel);
  return s;
}

}  // namespace sf::ksrc
