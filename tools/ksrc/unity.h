// unity.h - the unity C file of a kernel-source revision: the stop-path items
// of the tree's files with #line directives to the real files, the
// hand-written callers (core/common) and the revision glue.
//
// Spec: design.md §1 (kernel-source mode), §5 (revisions); stop-path.md
// §12.4, §12.6.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/ksrc/scanner.h"

namespace sf::ksrc {

struct UnityInput {
  std::string tree;                    // as given, for the header comment and errors
  std::string patch;                   // "" or the patch applied
  std::string name;                    // the revision name ("src:linux-6.12")
  Source smp;                          // arch/arm64/kernel/smp.c
  std::optional<Source> cpu;           // kernel/cpu.c, if it defines set_cpu_online()
  std::optional<Source> sdei;          // the SDEI NMI driver, if the tree has one
  std::vector<std::string> mutations;  // ids of the mutation hooks seeded
};

struct Unity {
  std::string text;
  std::vector<std::string> smp_names;  // the items taken from smp.c
};

// The unity file; fails naming what the tree lacks.
Unity generate_unity(const UnityInput& in);

// sf_rev_<name with non-identifier characters as '_'>.
std::string make_symbol(const std::string& name);

// Compiles `file` once with -fsyntax-only; on failure removes it and fails
// with the first error as one line (a symbol the shim lacks, with its place).
void check_compiles(const std::string& cc, const std::vector<std::string>& cflags, const std::string& repo,
                    const std::string& file);

}  // namespace sf::ksrc
