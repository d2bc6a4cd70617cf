// rules.cc - mutation rewrite rules: parsing, token matching, rewriting.
#include "tools/ksrc/rules.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>
#include <set>
#include <sstream>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

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

std::vector<CataloguedMutation> load_catalogue(const fs::path& mutations_def) {
  std::vector<CataloguedMutation> out;
  static const std::regex kEntry(R"re(^\s*SF_MUTATION\(\s*"([^"]+)"\s*,\s*"([^"]+)")re");
  for (const std::string& l : split_lines(read_file(mutations_def))) {
    std::smatch m;
    if (std::regex_search(l, m, kEntry)) out.push_back({m[1], m[2]});
  }
  if (out.empty()) fail(mutations_def.string() + " catalogues no mutation");
  return out;
}

void check_catalogued(const std::vector<Rule>& rules, const std::vector<CataloguedMutation>& catalogue,
                      const std::string& rules_file) {
  for (const Rule& r : rules) {
    bool found = false;
    for (const CataloguedMutation& m : catalogue) found |= m.id == r.id;
    if (!found)
      fail(rules_file + ":" + std::to_string(r.line) + ": mutation rule " + r.id +
           " names no mutation of harness/stop/mutations.def");
  }
}

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

namespace {

// A rule that does not fit this tree's code (as opposed to a malformed rule):
// fatal in apply_rules(), the mutation left out in apply_rules_lenient().
struct RuleMiss : Error {
  RuleMiss(const std::string& id, const std::string& reason, bool hint)
      : Error(reason + (hint ? " (the code changed: update tools/ksrc/mutation_rules.def or mark the rule optional)" : "")),
        id(id),
        reason(reason) {}
  std::string id, reason;
};

[[noreturn]] void miss(const Rule& r, const std::string& reason, bool hint = true) {
  throw RuleMiss(r.id, reason, hint);
}

}  // namespace

std::vector<std::string> apply_rules(const std::vector<Source*>& files, const std::vector<Rule>& rules,
                                     const std::string& key, const std::string& where) {
  std::vector<std::string> applied;
  for (const Rule& r : rules) {
    std::istringstream keys(r.revisions);
    bool mine = false;
    for (std::string v; keys >> v;) mine |= v == key;
    if (!mine) continue;
    // The one definition of the function among the files.
    Source* src = nullptr;
    const Item* fn = nullptr;
    int fns = 0;
    for (Source* f : files)
      for (const Item& it : f->scan.items)
        if (it.is_func && it.name == r.function) {
          src = f;
          fn = &it;
          ++fns;
        }
    const std::string what = "mutation rule " + r.id + " (" + (src ? src->path + " " : std::string()) + r.function +
                             "(), pattern '" + r.pattern + "')";
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
    if (fns != 1) {
      if (r.flags == "optional") continue;
      miss(r, what + ": " + (fns ? "several definitions of " : "no function ") + r.function + " in " + where);
    }
    std::string body;
    for (int l = fn->first_line; l <= fn->last_line; ++l) body += src->lines[l - 1] + "\n";
    const std::vector<Tok> toks = tokenize(body, false);
    std::vector<size_t> hits;
    for (size_t s = 0; s + pat.size() <= toks.size(); ++s) {
      size_t k = 0;
      while (k < pat.size() && toks[s + k].text == pat[k]) ++k;
      if (k == pat.size()) hits.push_back(s);
    }
    if (hits.size() != 1) {
      if (r.flags == "optional") continue;
      miss(r, what + ": " + (hits.empty() ? "no match" : std::to_string(hits.size()) + " matches") + " in " + where);
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
      miss(r, what + ": the rewritten text spans a preprocessor line", false);
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
    // The hooks an earlier rule seeded inside the region keep their tags.
    std::string kept;
    static const std::regex kTag(R"(/\* STOPFUZZ: mutation [^*]* \*/ )");
    for (auto it = std::sregex_iterator(region.begin(), region.end(), kTag); it != std::sregex_iterator(); ++it)
      kept += it->str();
    rep = "/* STOPFUZZ: mutation " + r.id + " */ " + kept + rep;
    rep += std::string(static_cast<size_t>(nl(region) - nl(rep)), '\n');
    body = body.substr(0, rb) + rep + body.substr(re);
    std::vector<std::string> nlines = split_lines(body);
    if (static_cast<int>(nlines.size()) != fn->last_line - fn->first_line + 1) miss(r, what + ": line count changed", false);
    for (int l = fn->first_line; l <= fn->last_line; ++l) src->lines[l - 1] = nlines[l - fn->first_line];
    if (std::find(applied.begin(), applied.end(), r.id) == applied.end()) applied.push_back(r.id);
  }
  return applied;
}

std::vector<std::string> apply_rules_lenient(const std::vector<Source*>& files, const std::vector<Rule>& rules,
                                             const std::string& key, const std::string& where,
                                             std::vector<SkippedMutation>* skipped) {
  // A mutation is seeded whole or not at all: on a miss the files go back to
  // how they were, the mutation's rules are dropped and the rest applied again
  // (a later rule may name a hook the dropped mutation would have seeded).
  std::vector<std::vector<std::string>> pristine;
  for (const Source* f : files) pristine.push_back(f->lines);
  std::vector<Rule> todo = rules;
  for (;;) {
    try {
      return apply_rules(files, todo, key, where);
    } catch (const RuleMiss& m) {
      for (size_t k = 0; k < files.size(); ++k) files[k]->lines = pristine[k];
      skipped->push_back({m.id, m.reason});
      todo.erase(std::remove_if(todo.begin(), todo.end(), [&](const Rule& r) { return r.id == m.id; }), todo.end());
    }
  }
}

}  // namespace sf::ksrc
