// headers.h - declarations the extracted files use but do not define, read
// from the tree's own headers (e.g. enum ipi_msg_type, which moved from
// arch/arm64/kernel/smp.c to arch/arm64/include/asm/smp.h in Linux 7.x).
//
// Spec: design.md §1 (the shim is the only source of behaviour); issue 9 ("an
// extractor that follows the tree ... reads what the file does not define
// from the tree's own headers where the stop path needs it"). A header is
// found by following the #include lines of the extracted files, breadth
// first, as arm64 resolves them (<asm/x.h> in arch/arm64/include, then
// include/asm-generic; <linux/x.h> in include/). Only declarations are
// taken: types, enum constants, object-like macros, and prototypes of
// functions the extracted files define. Code (a function body or a macro
// with parameters) is never taken from a header: its behaviour belongs to
// the shim.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/ksrc/scanner.h"
#include "tools/ksrc/tree.h"

namespace sf::ksrc {

class HeaderIndex {
 public:
  // roots: the scanned files whose #include lines start the search.
  HeaderIndex(const TreeFiles& files, const std::vector<const Source*>& roots);

  struct Found {
    const Source* header = nullptr;
    std::vector<const Item*> items;  // every item of that header with the name, in file order
  };
  // The first header, in breadth-first include order, with an item named
  // `name` (or an enum constant of that name); nullopt if none.
  std::optional<Found> find(const std::string& name);

 private:
  std::optional<std::string> resolve(const std::string& include, const std::string& from) const;
  const TreeFiles& files_;
  std::vector<std::string> queue_;  // headers in breadth-first order, scanned lazily
  size_t scanned_ = 0;
  std::map<std::string, std::unique_ptr<Source>> sources_;
  std::map<std::string, bool> queued_;
};

}  // namespace sf::ksrc
