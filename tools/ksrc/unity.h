// unity.h - the unity C file of a kernel-source revision: the stop-path items
// of the tree's files (and the declarations they need from its headers)
// with #line directives to the real files, the hand-written callers
// (core/common) and the revision glue.
//
// Spec: design.md §1 (kernel-source mode), §5 (revisions); stop-path.md
// §12.4, §12.6; issue 9 (an extractor that follows the tree).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/ksrc/scanner.h"
#include "tools/ksrc/tree.h"

namespace sf::ksrc {

struct UnityInput {
  std::string tree;                    // as given, for the header comment and errors
  std::vector<std::string> patches;    // the patch files applied, for the header comment
  std::string name;                    // the revision name ("src:linux-6.12")
  const TreeFiles* files = nullptr;    // the tree's headers, for declarations it does not define
  Source smp;                          // arch/arm64/kernel/smp.c
  std::optional<Source> cpu;           // kernel/cpu.c, if it defines set_cpu_online()
  std::optional<Source> sdei;          // the SDEI NMI driver, if the tree has one
  std::vector<std::string> mutations;  // ids of the mutation hooks seeded
  // The compile check (and the header look-ups it drives); none if cc is "".
  std::string cc, repo;
  std::vector<std::string> cflags;
};

struct Unity {
  std::string text;
  std::vector<std::string> smp_names;     // the items taken from smp.c
  std::vector<std::string> header_names;  // "name (header:line)" of the declarations taken from headers
};

// Writes the unity file to `out` and, with a compiler, checks that it
// compiles, taking what the tree's files use but do not define from its
// headers until it does. Fails with one line naming what the tree lacks,
// what the shim lacks, or what could not be taken and why; a file that does
// not compile is removed.
Unity generate_unity(const UnityInput& in, const std::string& out);

// sf_rev_<name with non-identifier characters as '_'>.
std::string make_symbol(const std::string& name);

}  // namespace sf::ksrc
