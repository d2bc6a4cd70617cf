// ksrc_extract.cc - kernel-source mode: extract the arm64 stop path of a kernel
// tree into one unity C file that compiles against the shim (design §1).
//
// Spec: design.md §1 "Kernel-source mode"; stop-path.md §12.4, §12.6.
// Reads arch/arm64/kernel/smp.c (the stop-path functions, by name, plus the
// file-scope declarations they use), kernel/cpu.c (set_cpu_online) and, when
// present, drivers/firmware/arm_sdei_nmi.c or sdei_nmi.c (whole) from a tree
// (a directory or a linux-source-*.tar.xz), optionally applies a patch,
// optionally seeds the mutation hooks of a rules file (--rules, normally
// tools/ksrc/mutation_rules.def: token-level rewrites guarded by
// sf_mutation("<id>"), line numbers kept), and writes a unity file whose
// chunks carry #line directives naming the real files. Kernel source is only
// ever copied into the build directory.
//
// Every failure is one line on stderr starting with "stopfuzz:" (the CMake
// step turns it into a one-line configure error); exit status 1.
//
// usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR
//                     [--name NAME | --name-suffix S] [--patch FILE] [--rules FILE] [--cc CC [--cflag F]...]
//                     [--cmake-out FILE] [--verbose]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& msg) {
  std::cerr << "stopfuzz: " << msg << "\n";
  std::exit(1);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes only when the content changes (keeps the build incremental).
void write_if_changed(const fs::path& p, const std::string& text) {
  if (fs::exists(p)) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (ss.str() == text) return;
  }
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) fail("cannot write " + p.string());
}

std::string shell_quote(const std::string& s) {
  std::string r = "'";
  for (char c : s) {
    if (c == '\'')
      r += "'\\''";
    else
      r += c;
  }
  return r + "'";
}

// Runs a shell command; returns its exit status and combined output.
int run(const std::string& cmd, std::string* output) {
  std::string full = cmd + " 2>&1";
  FILE* f = popen(full.c_str(), "r");
  if (!f) fail("cannot run: " + cmd);
  char buf[4096];
  size_t n;
  std::string out;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = pclose(f);
  if (output) *output = out;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

// ---- the files taken from a tree ---------------------------------------------

const char* const kSmp = "arch/arm64/kernel/smp.c";
const char* const kCpu = "kernel/cpu.c";
const char* const kSdeiNew = "drivers/firmware/arm_sdei_nmi.c";
const char* const kSdeiOld = "drivers/firmware/sdei_nmi.c";
const std::vector<std::string> kMembers = {"Makefile", kSmp, kCpu, kSdeiNew, kSdeiOld};

// Copies the needed files of the tree into dir (tarball: tar -xJf of just
// those members; a stamp skips the slow decompression when unchanged).
void fetch_tree(const fs::path& tree, const fs::path& dir) {
  fs::create_directories(dir);
  if (fs::is_directory(tree)) {
    for (const std::string& m : kMembers) {
      fs::path src = tree / m;
      fs::path dst = dir / m;
      if (!fs::exists(src)) {
        fs::remove(dst);
        continue;
      }
      fs::create_directories(dst.parent_path());
      fs::copy_file(src, dst, fs::copy_options::overwrite_existing);
    }
    return;
  }
  if (!fs::is_regular_file(tree)) fail("kernel tree " + tree.string() + " is neither a directory nor a file");
  std::string stamp = tree.string() + " " + std::to_string(fs::file_size(tree)) + " " +
                      std::to_string(fs::last_write_time(tree).time_since_epoch().count()) + "\n";
  fs::path stamp_file = dir / ".stopfuzz-stamp";
  if (fs::exists(stamp_file) && read_file(stamp_file) == stamp) return;

  std::string first;
  run("tar -tJf " + shell_quote(tree.string()) + " | head -n 1", &first);
  std::string top = first.substr(0, first.find('/'));
  if (top.empty() || top.find('\n') != std::string::npos || top.find(' ') != std::string::npos)
    fail("cannot list " + tree.string() + " with tar -tJf");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string cmd =
      "tar -xJf " + shell_quote(tree.string()) + " -C " + shell_quote(dir.string()) + " --strip-components=1";
  for (const std::string& m : kMembers) cmd += " " + shell_quote(top + "/" + m);
  std::string out;
  run(cmd, &out);  // optional members are "Not found in archive": checked below
  for (const char* m : {"Makefile", kSmp}) {
    if (!fs::exists(dir / m)) fail(tree.string() + " has no " + m + " (tar: " + out.substr(0, out.find('\n')) + ")");
  }
  write_if_changed(stamp_file, stamp);
}

// Applies a unified diff with patch -p1; a failure names the hunk and file.
void apply_patch(const fs::path& patch, const fs::path& dir) {
  std::string out;
  int st = run("patch -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch -r - -d " + shell_quote(dir.string()) +
                   " -i " + shell_quote(fs::absolute(patch).string()),
               &out);
  if (st == 0) return;
  std::string file;
  for (const std::string& l : split_lines(out)) {
    static const std::regex kPatching(R"(^patching file '?([^']*)'?$)");
    static const std::regex kHunk(R"(^Hunk #(\d+) FAILED at (\d+)\.?)");
    std::smatch m;
    if (std::regex_search(l, m, kPatching)) file = m[1];
    if (std::regex_search(l, m, kHunk))
      fail("patch " + patch.string() + ": hunk #" + std::string(m[1]) + " of " + file + " FAILED at line " +
           std::string(m[2]) + " (patch: " + l + ")");
    if (l.find("can't find file") != std::string::npos || l.find("No file to patch") != std::string::npos ||
        l.find("malformed") != std::string::npos || l.find("Only garbage") != std::string::npos)
      fail("patch " + patch.string() + " does not apply: " + l);
  }
  std::string first = out.substr(0, out.find('\n'));
  fail("patch " + patch.string() + " does not apply (patch: " + first + ")");
}

// ---- scanning C at file scope -------------------------------------------------

// One file-scope item: a function definition, a declaration or a type.
struct Item {
  std::string name;
  int first_line = 0;  // 1-based, inclusive
  int last_line = 0;
  bool is_func = false;
  std::vector<std::vector<std::string>> conds;  // enclosing #if/#elif/#else lines
  std::set<std::string> idents;                 // identifiers used in the item
};

struct Scan {
  std::vector<Item> items;
  std::vector<std::string> defines;  // file-scope "#define pr_fmt" lines
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_attribute(const std::string& t) {
  static const std::set<std::string> k = {
      "__ro_after_init", "__read_mostly", "__initdata", "__tracepoint_string",        "__cacheline_aligned",
      "__maybe_unused",  "__initconst",   "__percpu",   "__cacheline_aligned_in_smp", "__always_unused"};
  return k.count(t) != 0;
}

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
  char last_sig = 0;

  auto finish = [&](int end_line) {
    if (!cur) return;
    cur->last_line = end_line;
    if (!named && !head.empty()) {
      while (!head.empty() && is_attribute(head.back())) head.pop_back();
      if (!head.empty()) cur->name = head.back();
    }
    sc.items.push_back(*cur);
    cur.reset();
    head.clear();
    named = false;
  };
  // The name is the last identifier (attributes aside) before the first '(',
  // '[', '=' or ';' at file scope, or the tag before the '{' of a type.
  auto name_at = [&](char punct) {
    if (!cur || named || bd != 0 || pd != 0) return;
    const auto has = [&](const char* kw) { return std::find(head.begin(), head.end(), kw) != head.end(); };
    const bool tagged = has("enum") || has("struct") || has("union");
    if (punct == '{' && !tagged) return;  // a function body: named at its '('
    named = true;
    std::vector<std::string> h = head;
    while (!h.empty() && is_attribute(h.back())) h.pop_back();
    if (!h.empty()) cur->name = h.back();
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

// ---- generation ------------------------------------------------------------------

struct Source {
  std::string path;  // path in the tree
  std::vector<std::string> lines;
  Scan scan;
};

// Emits the chunks of the chosen items in file order, each wrapped in the
// conditional lines that enclose it and preceded by a #line directive.
void emit_items(std::ostringstream& o, const Source& src, const std::vector<const Item*>& items) {
  for (const std::string& d : src.scan.defines) {
    o << "#undef pr_fmt\n" << d << "\n";
  }
  int emitted_to = 0;
  for (const Item* it : items) {
    int first = std::max(it->first_line, emitted_to + 1);
    if (first > it->last_line) continue;
    o << "\n";
    for (const auto& frame : it->conds)
      for (const std::string& d : frame) o << d << "\n";
    o << "#line " << first << " \"" << src.path << "\"\n";
    for (int l = first; l <= it->last_line; ++l) o << src.lines[l - 1] << "\n";
    for (size_t k = 0; k < it->conds.size(); ++k) o << "#endif\n";
    emitted_to = it->last_line;
  }
  if (!src.scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
}

// The items of smp.c that make up the stop path (spec §4, §12.4, §12.6), and every file-scope item of the
// same file they use (transitively): the declarations they depend on.
std::vector<const Item*> select_items(const Source& src, const std::set<std::string>& seeds,
                                      std::vector<std::string>* names, bool closure = true) {
  std::map<std::string, std::vector<const Item*>> by_name;
  for (const Item& it : src.scan.items)
    if (!it.name.empty()) by_name[it.name].push_back(&it);
  std::set<std::string> want;
  std::vector<std::string> todo;
  for (const std::string& s : seeds)
    if (by_name.count(s)) todo.push_back(s);
  while (!todo.empty()) {
    std::string s = todo.back();
    todo.pop_back();
    if (!want.insert(s).second || !closure) continue;
    for (const Item* it : by_name[s])
      for (const std::string& id : it->idents)
        if (id != s && by_name.count(id) && !want.count(id)) todo.push_back(id);
  }
  std::vector<const Item*> out;
  for (const Item& it : src.scan.items)
    if (want.count(it.name)) out.push_back(&it);
  if (names) names->assign(want.begin(), want.end());
  return out;
}

bool has_item(const Source& s, const std::string& name, bool func_only = false) {
  for (const Item& it : s.scan.items)
    if (it.name == name && (!func_only || it.is_func)) return true;
  return false;
}

bool mentions(const Source& s, const std::string& ident) {
  for (const Item& it : s.scan.items)
    if (it.idents.count(ident)) return true;
  return false;
}

Source load(const fs::path& dir, const std::string& rel) {
  Source s;
  s.path = rel;
  std::string text = read_file(dir / rel);
  s.lines = split_lines(text);
  s.scan = scan_file(text, rel);
  return s;
}

// Translates the first compiler error into the one-line diagnostic.
[[noreturn]] void explain_compile_error(const std::string& out) {
  static const std::regex kErr(R"(^(.*?):(\d+):\d+: (?:fatal )?error: (.*)$)");
  for (const std::string& l : split_lines(out)) {
    std::smatch m;
    if (!std::regex_match(l, m, kErr)) continue;
    std::string where = std::string(m[1]) + ":" + std::string(m[2]);
    std::string msg = m[3];
    std::smatch q;
    static const std::regex kSym(
        R"((?:use of undeclared identifier|call to undeclared function|implicit declaration of function|unknown type name|use of undeclared label|undeclared identifier) '([^']+)')");
    static const std::regex kMember(R"(no member named '([^']+)' in '([^']+)')");
    static const std::regex kIncomplete(
        R"((?:incomplete (?:definition of )?type|variable has incomplete type) '([^']+)')");
    if (std::regex_search(msg, q, kSym))
      fail("kernel tree needs '" + std::string(q[1]) + "' (" + where + "), which the shim lacks");
    if (std::regex_search(msg, q, kMember))
      fail("kernel tree needs member '" + std::string(q[1]) + "' of '" + std::string(q[2]) + "' (" + where +
           "), which the shim lacks");
    if (std::regex_search(msg, q, kIncomplete))
      fail("kernel tree needs the definition of '" + std::string(q[1]) + "' (" + where + "), which the shim lacks");
    fail("kernel tree does not compile against the shim: " + where + ": " + msg);
  }
  fail("kernel tree does not compile against the shim: " + out.substr(0, out.find('\n')));
}

// ---- mutation rewrite rules (tools/ksrc/mutation_rules.def) -----------------

struct Rule {
  std::string id, revisions, function, pattern, rewrite, flags;
  int line = 0;  // in the rules file
};

// Parses SF_KSRC_RULE("..", "..", ...) lines: six C string literals.
std::vector<Rule> load_rules(const fs::path& file) {
  std::vector<Rule> rules;
  const std::vector<std::string> lines = split_lines(read_file(file));
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string& l = lines[k];
    size_t p = l.find_first_not_of(" \t");
    if (p == std::string::npos || l.compare(p, 13, "SF_KSRC_RULE(") != 0) continue;
    p += 13;
    std::vector<std::string> f;
    const std::string where = file.string() + ":" + std::to_string(k + 1);
    while (true) {
      while (p < l.size() && (l[p] == ' ' || l[p] == '\t')) ++p;
      if (p >= l.size() || l[p] != '"') fail(where + ": malformed SF_KSRC_RULE (expected a string literal)");
      std::string v;
      for (++p; p < l.size() && l[p] != '"'; ++p) {
        if (l[p] == '\\' && p + 1 < l.size()) ++p;
        v += l[p];
      }
      if (p >= l.size()) fail(where + ": unterminated string in SF_KSRC_RULE");
      ++p;
      f.push_back(v);
      while (p < l.size() && (l[p] == ' ' || l[p] == '\t')) ++p;
      if (p < l.size() && l[p] == ',') {
        ++p;
        continue;
      }
      if (p < l.size() && l[p] == ')') break;
      fail(where + ": malformed SF_KSRC_RULE");
    }
    if (f.size() != 6) fail(where + ": SF_KSRC_RULE takes 6 strings, not " + std::to_string(f.size()));
    if (f[4].find('\n') != std::string::npos) fail(where + ": a rewrite has no line breaks");
    if (!f[5].empty() && f[5] != "optional") fail(where + ": unknown flag '" + f[5] + "'");
    rules.push_back({f[0], f[1], f[2], f[3], f[4], f[5], static_cast<int>(k + 1)});
  }
  return rules;
}

struct Tok {
  std::string text;
  size_t begin = 0, end = 0;  // offsets in the scanned text
};

// C tokens of text (comments, whitespace and preprocessor lines skipped);
// with markers, "@[" and "]@" are tokens of their own.
std::vector<Tok> tokenize(const std::string& t, bool markers) {
  static const char* const kOps[] = {"<<=", ">>=", "...", "->", "++", "--", "&&", "||", "==", "!=", "<=", ">=",
                                     "<<",  ">>",  "+=",  "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##"};
  std::vector<Tok> out;
  size_t i = 0, n = t.size();
  bool line_start = true;
  while (i < n) {
    char c = t[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '#' && line_start && !markers) {
      while (i < n && t[i] != '\n') i += (t[i] == '\\' && i + 1 < n) ? 2 : 1;
      continue;
    }
    line_start = false;
    if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t e = t.find("*/", i + 2);
      i = e == std::string::npos ? n : e + 2;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') ++i;
      continue;
    }
    size_t s = i;
    if (markers && ((c == '@' && i + 1 < n && t[i + 1] == '[') || (c == ']' && i + 1 < n && t[i + 1] == '@'))) {
      i += 2;
    } else if (ident_char(c)) {
      while (i < n && ident_char(t[i])) ++i;
    } else if (c == '"' || c == '\'') {
      for (++i; i < n && t[i] != c; ++i)
        if (t[i] == '\\') ++i;
      ++i;
    } else {
      size_t len = 1;
      for (const char* op : kOps)
        if (t.compare(i, std::strlen(op), op) == 0) {
          len = std::strlen(op);
          break;
        }
      i += len;
    }
    out.push_back({t.substr(s, std::min(i, n) - s), s, std::min(i, n)});
  }
  return out;
}

// Applies the rules for `version` ("linux-6.12") to the functions of src;
// line numbers are kept. Returns the ids applied, in order.
std::vector<std::string> apply_rules(Source& src, const std::vector<Rule>& rules, const std::string& version,
                                     const std::string& tree) {
  std::vector<std::string> applied;
  for (const Rule& r : rules) {
    std::istringstream revs(r.revisions);
    bool mine = false;
    for (std::string v; revs >> v;) mine |= v == version;
    if (!mine) continue;
    const std::string what =
        "mutation rule " + r.id + " (" + src.path + " " + r.function + "(), pattern '" + r.pattern + "')";
    // The pattern and its captures.
    std::vector<std::string> pat;
    std::vector<std::pair<size_t, size_t>> caps;  // token index ranges [a, b)
    for (const Tok& t : tokenize(r.pattern, true)) {
      if (t.text == "@[") {
        caps.push_back({pat.size(), pat.size()});
      } else if (t.text == "]@") {
        if (caps.empty()) fail(what + ": ']@' without '@['");
        caps.back().second = pat.size();
      } else {
        pat.push_back(t.text);
      }
    }
    if (pat.empty() || caps.empty()) fail(what + ": a pattern needs tokens and at least one @[capture]@");
    for (const auto& c : caps)
      if (c.second <= c.first) fail(what + ": an empty or unclosed capture");
    const Item* fn = nullptr;
    int fns = 0;
    for (const Item& it : src.scan.items)
      if (it.is_func && it.name == r.function) {
        fn = &it;
        ++fns;
      }
    if (fns != 1) {
      if (r.flags == "optional") continue;
      fail(what + ": " + (fns ? "several definitions of " : "no function ") + r.function + " in " + tree +
           " (the tree changed: update tools/ksrc/mutation_rules.def or mark the rule optional)");
    }
    std::string body;
    for (int l = fn->first_line; l <= fn->last_line; ++l) body += src.lines[l - 1] + "\n";
    const std::vector<Tok> toks = tokenize(body, false);
    std::vector<size_t> hits;
    for (size_t s = 0; s + pat.size() <= toks.size(); ++s) {
      size_t k = 0;
      while (k < pat.size() && toks[s + k].text == pat[k]) ++k;
      if (k == pat.size()) hits.push_back(s);
    }
    if (hits.size() != 1) {
      if (r.flags == "optional") continue;
      fail(what + ": " + (hits.empty() ? "no match" : std::to_string(hits.size()) + " matches") + " in " + tree +
           " (the tree changed: update tools/ksrc/mutation_rules.def or mark the rule optional)");
    }
    const size_t h = hits[0];
    std::vector<std::string> captured;
    // A capture is its tokens joined by spaces: no comment or line break
    // travels with it (the rewrite may use it twice).
    for (const auto& c : caps) {
      std::string text;
      for (size_t k = c.first; k < c.second; ++k) {
        const std::string& a = k > c.first ? toks[h + k - 1].text : "";
        const std::string& b = toks[h + k].text;
        static const std::set<std::string> kSpaced = {"&&", "||", "=",  "==", "!=", "?", ":", "<",
                                                      ">",  "<=", ">=", "+",  "-",  "|", "{", "}"};
        const bool sp = !a.empty() && ((ident_char(a.back()) && ident_char(b.front())) || a == "," || a == ";" ||
                                       (a == ")" && ident_char(b.front())) || kSpaced.count(a) || kSpaced.count(b));
        text += (sp ? " " : "") + b;
      }
      captured.push_back(text);
    }
    const size_t rb = toks[h + caps.front().first].begin, re = toks[h + caps.back().second - 1].end;
    const std::string region = body.substr(rb, re - rb);
    if (std::regex_search(region, std::regex(R"(\n[ \t]*#)")))
      fail(what + ": the rewritten text spans a preprocessor line");
    std::string rep;
    for (size_t k = 0; k < r.rewrite.size(); ++k) {
      if (r.rewrite[k] == '$' && k + 1 < r.rewrite.size()) {
        char d = r.rewrite[k + 1];
        if (d == 'M') {
          rep += "sf_mutation(\"" + r.id + "\")";
          ++k;
          continue;
        }
        if (d >= '1' && d <= '9') {
          size_t ci = static_cast<size_t>(d - '1');
          if (ci >= captured.size()) fail(what + ": rewrite uses $" + std::string(1, d) + " but has fewer captures");
          rep += captured[ci];
          ++k;
          continue;
        }
      }
      rep += r.rewrite[k];
    }
    const auto nl = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
    rep = "/* STOPFUZZ: mutation " + r.id + " */ " + rep;
    rep += std::string(static_cast<size_t>(nl(region) - nl(rep)), '\n');
    body = body.substr(0, rb) + rep + body.substr(re);
    std::vector<std::string> nlines = split_lines(body);
    if (static_cast<int>(nlines.size()) != fn->last_line - fn->first_line + 1) fail(what + ": line count changed");
    for (int l = fn->first_line; l <= fn->last_line; ++l) src.lines[l - 1] = nlines[l - fn->first_line];
    applied.push_back(r.id);
  }
  return applied;
}

std::string make_symbol(const std::string& name) {
  std::string s = "sf_rev_";
  for (char c : name) s += ident_char(c) ? c : '_';
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string tree, work, out, repo, name, name_suffix, patch, cc, cmake_out, rules_file;
  std::vector<std::string> cflags;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) fail("option " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--tree")
      tree = val();
    else if (a == "--work")
      work = val();
    else if (a == "--out")
      out = val();
    else if (a == "--repo")
      repo = val();
    else if (a == "--name")
      name = val();
    else if (a == "--name-suffix")
      name_suffix = val();
    else if (a == "--patch")
      patch = val();
    else if (a == "--cc")
      cc = val();
    else if (a == "--cflag")
      cflags.push_back(val());
    else if (a == "--cmake-out")
      cmake_out = val();
    else if (a == "--rules")
      rules_file = val();
    else if (a == "--verbose")
      verbose = true;
    else
      fail("ksrc_extract: unknown option " + a);
  }
  if (tree.empty() || work.empty() || out.empty() || repo.empty())
    fail(
        "usage: ksrc_extract --tree PATH --work DIR --out FILE --repo SRCDIR [--name NAME | --name-suffix S] [--patch "
        "FILE] "
        "[--rules FILE] [--cc CC [--cflag F]...] [--cmake-out FILE] [--verbose]");

  // 1. The files, pristine, then a working copy that the patch edits.
  fs::path pristine = fs::path(work) / "pristine";
  fs::path dir = fs::path(work) / "tree";
  fetch_tree(tree, pristine);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(pristine, dir, fs::copy_options::recursive);
  fs::remove(dir / ".stopfuzz-stamp");
  if (!patch.empty()) apply_patch(patch, dir);

  // 2. The version (Makefile VERSION/PATCHLEVEL, else the tarball's name)
  // picks the mutation rules; the name defaults to src:<version>.
  std::string version;
  {
    std::string mk = read_file(dir / "Makefile");
    std::smatch v, p;
    static const std::regex kV(R"((^|\n)VERSION\s*=\s*(\d+))"), kP(R"((^|\n)PATCHLEVEL\s*=\s*(\d+))");
    if (std::regex_search(mk, v, kV) && std::regex_search(mk, p, kP)) {
      version = "linux-" + std::string(v[2]) + "." + std::string(p[2]);
    } else {
      std::smatch t;
      std::string base = fs::path(tree).filename().string();
      static const std::regex kT(R"(linux(?:-source)?-(\d+\.\d+))");
      if (std::regex_search(base, t, kT)) version = "linux-" + std::string(t[1]);
    }
  }
  if (name.empty()) {
    if (version.empty()) fail("cannot tell the kernel version of " + tree);
    name = "src:" + version + name_suffix;
  }
  const std::string symbol = make_symbol(name);
  std::string sect = symbol.substr(7);

  // 3. Scan and select.
  Source smp = load(dir, kSmp);
  // Mutation hooks (design §5), guarded by sf_mutation(): inert unless selected.
  std::vector<std::string> applied;
  if (!rules_file.empty()) {
    const std::vector<Rule> rules = load_rules(rules_file);
    // Every rule names a catalogued mutation (harness/mutations.def).
    const std::string cat = read_file(fs::path(repo) / "harness/mutations.def");
    for (const Rule& r : rules)
      if (cat.find("SF_MUTATION(\"" + r.id + "\"") == std::string::npos)
        fail(rules_file + ":" + std::to_string(r.line) + ": mutation rule " + r.id +
             " names no mutation of harness/mutations.def");
    applied = apply_rules(smp, rules, version, tree);
  }
  const std::set<std::string> seeds = {"ipi_msg_type",
                                       "ipi_desc",
                                       "ipi_types",
                                       "crash_stop",
                                       "cpus_stuck_in_kernel",
                                       "waiting_for_crash_ipi",
                                       "__cpu_try_die",
                                       "local_cpu_stop",
                                       "panic_smp_self_stop",
                                       "ipi_cpu_crash_stop",
                                       "arm64_backtrace_ipi",
                                       "arch_trigger_cpumask_backtrace",
                                       "do_handle_IPI",
                                       "smp_cross_call",
                                       "ipi_should_be_nmi",
                                       "num_other_online_cpus",
                                       "smp_send_stop",
                                       "crash_smp_send_stop",
                                       "smp_crash_stop_failed",
                                       "have_cpu_die",
                                       "cpus_are_stuck_in_kernel",
                                       "arm64_nmi_cpu_stop"};
  for (const char* req :
       {"ipi_msg_type", "ipi_desc", "do_handle_IPI", "smp_cross_call", "smp_send_stop", "panic_smp_self_stop",
        "crash_smp_send_stop", "smp_crash_stop_failed", "cpus_are_stuck_in_kernel"})
    if (!has_item(smp, req)) fail(std::string(kSmp) + " of " + tree + " has no '" + req + "'");
  std::vector<std::string> smp_names;
  std::vector<const Item*> smp_items = select_items(smp, seeds, &smp_names);

  std::optional<Source> cpu;
  if (fs::exists(dir / kCpu)) {
    cpu = load(dir, kCpu);
    if (!has_item(*cpu, "set_cpu_online", true)) cpu.reset();
  }
  std::optional<Source> sdei;
  if (fs::exists(dir / kSdeiNew))
    sdei = load(dir, kSdeiNew);
  else if (fs::exists(dir / kSdeiOld))
    sdei = load(dir, kSdeiOld);

  auto enum_has = [&](const std::string& e) {
    for (const Item& it : smp.scan.items)
      if (it.name == "ipi_msg_type" && it.idents.count(e)) return true;
    return false;
  };
  auto sdei_has = [&](const std::string& n) { return sdei && has_item(*sdei, n); };
  const bool stop_nmi = enum_has("IPI_CPU_STOP_NMI");
  const bool crash_ipi = enum_has("IPI_CPU_CRASH_STOP");
  const bool bt_ipi = enum_has("IPI_CPU_BACKTRACE");
  const bool arch_bt = has_item(smp, "arch_trigger_cpumask_backtrace", true);
  const bool sdei_avail = sdei_has("sdei_nmi_available");
  const bool sdei_stop = sdei_has("sdei_nmi_stop_cpus") || mentions(smp, "sdei_nmi_stop_cpus");
  const bool sdei_bt = sdei_has("sdei_nmi_trigger_cpumask_backtrace");

  // 4. The unity file.
  std::ostringstream o;
  o << "/* Generated by tools/ksrc/ksrc_extract from " << tree << (patch.empty() ? "" : " patched with " + patch)
    << ".\n * Revision " << name << ": the real stop path of the tree, compiled against the shim (design §1).\n";
  if (!applied.empty()) {
    o << " * Mutation hooks (tools/ksrc/mutation_rules.def):";
    for (const std::string& a : applied) o << " " << a;
    o << "\n";
  }
  o << " * Do not edit and never commit: it contains GPL-2.0 kernel source. */\n";
  o << "#pragma clang section bss=\"sf_bss_" << sect << "\" data=\"sf_data_" << sect << "\"\n\n";
  if (sdei || mentions(smp, "sdei_nmi_active"))
    o << "#define STOPFUZZ_SHIM_SDEI_NMI_SERIES 1 /* declarations of the series' headers */\n";
  o << "#include \"core/include/core.h\"\n\n";

  o << "/* ---- hand-written callers (core/common) ---- */\n";
  if (cpu) o << "#define set_cpu_online sf_common_set_cpu_online /* the tree's own is below */\n";
  o << "#include \"core/common/cpu.c\"\n";
  if (cpu) o << "#undef set_cpu_online\n";
  for (const char* f : {"nmi_backtrace.c", "sdei_glue.c", "panic.c", "kexec.c", "reboot.c", "traps.c"})
    o << "#include \"core/common/" << f << "\"\n";
  o << "\n/* ---- " << kSmp << ": ";
  for (const std::string& s : smp_names) o << s << " ";
  o << "---- */\n";
  o << "/* STOPFUZZ: core.h declares panic_smp_self_stop() __noreturn as kernels since\n"
       " * 6.2 do; older trees end it in a call that never returns but is not\n"
       " * declared so (local_cpu_stop() -> cpu_park_loop()). */\n"
       "#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Winvalid-noreturn\"\n";
  emit_items(o, smp, smp_items);
  o << "#pragma clang diagnostic pop\n";
  if (cpu) {
    o << "\n/* ---- " << kCpu << ": set_cpu_online ---- */\n";
    // Only the function: the variables are core/common/cpu.c's (one definition).
    emit_items(o, *cpu, select_items(*cpu, {"set_cpu_online"}, nullptr, false));
  }
  if (sdei) {
    // After smp.c, as the hand-written revisions order them; the series
    // declares what the two files use of each other in headers (the shim).
    o << "\n/* ---- " << sdei->path << " (whole) ---- */\n";
    for (const std::string& d : sdei->scan.defines) o << "#undef pr_fmt\n" << d << "\n";
    o << "#line 1 \"" << sdei->path << "\"\n";
    static const std::regex kInclude(R"(^\s*#\s*include\b.*)");
    for (const std::string& l : sdei->lines) {
      static const std::regex kPrFmt(R"(^\s*#\s*define\s+pr_fmt\b.*)");
      o << (std::regex_match(l, kInclude) || std::regex_match(l, kPrFmt) ? "" : l) << "\n";
    }
    if (!sdei->scan.defines.empty()) o << "#undef pr_fmt\n#define pr_fmt(fmt) fmt\n";
  }
  o << "\n#line 1 \"<stopfuzz-generated>\"\n";
  if (!arch_bt) {
    o << "/* STOPFUZZ: no arch_trigger_cpumask_backtrace() in this tree:\n"
         " * trigger_all_cpu_backtrace() does nothing (returns false). */\n"
         "void arch_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu)\n{\n}\n";
  }
  auto b = [](bool v) { return v ? "1" : "0"; };
  std::string features = "SF_FEAT_KERNEL_SOURCE";
  if (stop_nmi) features += " | SF_FEAT_PSEUDO_NMI_RUNG";
  if (sdei_stop) features += " | SF_FEAT_SDEI_STOP";
  if (sdei_bt) features += " | SF_FEAT_SDEI_BACKTRACE";
  if (arch_bt) features += " | SF_FEAT_IPI_BACKTRACE";
  o << "\n#define SF_REV_SYMBOL\t\t\t" << symbol << "\n";
  o << "#define SF_REV_NAME\t\t\t\"" << name << "\"\n";
  o << "#define SF_REV_SUMMARY\t\t\t\"real stop path of " << fs::path(tree).filename().string()
    << (patch.empty() ? "" : " (patched: " + fs::path(patch).filename().string() + ")") << "\"\n";
  o << "#define SF_REV_FEATURES\t\t\t(" << features << ")\n";
  o << "#define SF_REV_SECTION_DATA\t\tsf_data_" << sect << "\n";
  o << "#define SF_REV_SECTION_BSS\t\tsf_bss_" << sect << "\n";
  o << "#define SF_REV_NR_IPI\t\t\t" << (enum_has("MAX_IPI") ? "MAX_IPI" : "NR_IPI") << "\n";
  o << "#define SF_REV_BOOT()\t\t\t" << (sdei_has("sdei_nmi_init") ? "sdei_nmi_init()" : "do { } while (0)") << "\n";
  o << "#define SF_HAVE_STOP_NMI\t\t" << b(stop_nmi) << "\n";
  o << "#define SF_HAVE_CRASH_STOP_IPI\t\t" << b(crash_ipi) << "\n";
  o << "#define SF_HAVE_BACKTRACE_IPI\t\t" << b(bt_ipi) << "\n";
  o << "#define SF_HAVE_IPI_SHOULD_BE_NMI\t" << b(has_item(smp, "ipi_should_be_nmi", true)) << "\n";
  o << "#define SF_HAVE_CRASH_STOP_FLAG\t\t" << b(has_item(smp, "crash_stop")) << "\n";
  o << "#define SF_HAVE_WAITING_FOR_CRASH_IPI\t" << b(has_item(smp, "waiting_for_crash_ipi")) << "\n";
  o << "#define SF_HAVE_SDEI_NMI\t\t" << b(sdei_avail) << "\n\n";
  o << "#include \"core/revision_glue.h\"\n";
  write_if_changed(out, o.str());

  // 5. One compile, one line: a symbol the shim lacks is named with its place.
  if (!cc.empty()) {
    std::string cmd = shell_quote(cc) + " -fsyntax-only -ferror-limit=1 -fno-caret-diagnostics -std=gnu11" +
                      " -Werror=implicit-function-declaration -Werror=implicit-int -Werror=int-conversion" +
                      " -Werror=incompatible-pointer-types -I " + shell_quote(repo) + " -I " +
                      shell_quote(repo + "/shim/include");
    for (const std::string& f : cflags) cmd += " " + shell_quote(f);
    cmd += " " + shell_quote(out);
    std::string diag;
    if (run(cmd, &diag) != 0) {
      fs::remove(out);  // a later build must not pick up a file that does not compile
      explain_compile_error(diag);
    }
  }
  if (!cmake_out.empty()) {
    std::ostringstream c;
    c << "set(KSRC_NAME \"" << name << "\")\nset(KSRC_SYMBOL \"" << symbol << "\")\nset(KSRC_TARGET \""
      << symbol.substr(7) << "\")\nset(KSRC_MUTATIONS \"";
    for (size_t k = 0; k < applied.size(); ++k) c << (k ? ";" : "") << applied[k];
    c << "\")\n";
    write_if_changed(cmake_out, c.str());
  }
  if (verbose) {
    std::cout << name << " (" << symbol << "): " << kSmp << ":";
    for (const std::string& s : smp_names) std::cout << " " << s;
    std::cout << (cpu ? "; kernel/cpu.c: set_cpu_online" : "; set_cpu_online from core/common/cpu.c")
              << (sdei ? "; " + sdei->path : "");
    if (!applied.empty()) {
      std::cout << "; mutation hooks:";
      for (const std::string& a : applied) std::cout << " " << a;
    }
    std::cout << "\n";
  }
  return 0;
}
