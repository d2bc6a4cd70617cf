// rules.h - mutation rewrite rules (tools/ksrc/mutation_rules.def): catalogued
// mutations seeded as sf_mutation() hooks into the compiled copy of kernel C.
//
// Spec: design.md §5 (mutations seeded at build time by one rule mechanism).
// The rule format is described at the top of mutation_rules.def.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tools/ksrc/scanner.h"

namespace sf::ksrc {

struct Rule {
  std::string id, revisions, function, pattern, rewrite, flags;
  int line = 0;  // in the rules file
};

// Parses the SF_KSRC_RULE(...) lines of a rules file (six string literals).
std::vector<Rule> load_rules(const std::filesystem::path& file);

// A catalogued mutation (harness/stop/mutations.def): its id and the revision it
// was written for.
struct CataloguedMutation {
  std::string id, revision;
};
std::vector<CataloguedMutation> load_catalogue(const std::filesystem::path& mutations_def);
// Fails (one line naming the rules file and line) if a rule names no
// catalogued mutation.
void check_catalogued(const std::vector<Rule>& rules, const std::vector<CataloguedMutation>& catalogue,
                      const std::string& rules_file);

struct Tok {
  std::string text;
  size_t begin = 0, end = 0;  // offsets in the scanned text
};

// C tokens of text (comments, whitespace and preprocessor lines skipped);
// with markers, "@[" and "]@" are tokens of their own.
std::vector<Tok> tokenize(const std::string& t, bool markers);

// Applies the rules keyed `key` (a hand-written revision's name, or a tree's
// kernel version "linux-6.12") to the functions of `files` (each rule's
// function is defined in exactly one of them); line numbers are kept.
// `where` names the revision or tree in errors. Returns the ids applied, in
// order, each once (a mutation may take several rules).
std::vector<std::string> apply_rules(const std::vector<Source*>& files, const std::vector<Rule>& rules,
                                     const std::string& key, const std::string& where);

// The same for a tree under test at run time (`stopfuzz --kernel-tree`): a
// mutation whose rules do not fit the tree's code (a patch changed it) is
// left out whole, with the reason, instead of failing the extraction. A
// malformed rule still fails.
struct SkippedMutation {
  std::string id, reason;
};
std::vector<std::string> apply_rules_lenient(const std::vector<Source*>& files, const std::vector<Rule>& rules,
                                             const std::string& key, const std::string& where,
                                             std::vector<SkippedMutation>* skipped);

}  // namespace sf::ksrc
