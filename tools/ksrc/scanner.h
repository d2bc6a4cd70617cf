// scanner.h - the file-scope items of a kernel C file: functions,
// declarations, types, each with its lines, the #if lines around it and the
// identifiers it uses.
//
// Spec: design.md §1 (stop-path functions extracted by name with what they
// use). Brace matching is aware of comments, strings, character literals
// and preprocessor lines; nothing is compiled.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace sf::ksrc {

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

bool ident_start(char c);
bool ident_char(char c);

// Scans `text` (the contents of `path`, named in errors).
Scan scan_file(const std::string& text, const std::string& path);

// A scanned file of a tree.
struct Source {
  std::string path;  // path in the tree
  std::vector<std::string> lines;
  Scan scan;
};

// Reads and scans dir/rel.
Source load(const std::filesystem::path& dir, const std::string& rel);
bool has_item(const Source& s, const std::string& name, bool func_only = false);
// Does any item use `ident`?
bool mentions(const Source& s, const std::string& ident);

}  // namespace sf::ksrc
