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

// One file-scope item: a function definition, a declaration, a type or a
// macro (#define).
struct Item {
  std::string name;    // a per-CPU declaration (DEFINE_PER_CPU(type, name)) is named by its variable
  int first_line = 0;  // 1-based, inclusive
  int last_line = 0;
  bool is_func = false;                         // a function definition
  bool is_macro = false;                        // a #define
  bool is_function_macro = false;               // a #define with parameters
  bool is_prototype = false;                    // a function declaration without a body
  std::vector<std::string> enumerators;         // of an enum: its constants are names of the item too
  std::vector<std::vector<std::string>> conds;  // enclosing #if/#elif/#else lines
  std::set<std::string> idents;                 // identifiers used in the item

  bool named(const std::string& n) const;
  // Code rather than a declaration: a function body or a macro with
  // parameters (its behaviour would bypass the shim if taken from a header).
  bool is_code() const { return is_func || is_function_macro; }
};

struct Scan {
  std::vector<Item> items;
  std::vector<std::string> defines;   // file-scope "#define pr_fmt" lines
  std::vector<std::string> includes;  // the targets of #include <...> and "..." lines
};

bool ident_start(char c);
bool ident_char(char c);

// Scans `text` (the contents of `path`, named in errors). Preprocessor
// conditionals are tracked at file scope; every #define at file scope is an
// item (pr_fmt aside, kept in Scan::defines).
Scan scan_file(const std::string& text, const std::string& path);

// A scanned file of a tree.
struct Source {
  std::string path;  // path in the tree
  std::vector<std::string> lines;
  Scan scan;
};

// Reads and scans dir/rel.
Source load(const std::filesystem::path& dir, const std::string& rel);
// Scans text as the file rel.
Source load_text(const std::string& rel, const std::string& text);
bool has_item(const Source& s, const std::string& name, bool func_only = false);
// The items of s with that name (or enumerator), in file order.
std::vector<const Item*> items_named(const Source& s, const std::string& name);
// Does any item use `ident`?
bool mentions(const Source& s, const std::string& ident);

}  // namespace sf::ksrc
