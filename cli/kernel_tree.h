// kernel_tree.h - kernel-source mode at run time: `--kernel-tree PATH [--kernel-patch PATH]...`.
//
// Spec: design.md §1 (kernel-source mode), issue "Kernel-source mode" (the
// command accepts a kernel tree and a patch as the code under test). The
// tree is extracted by the ksrc_extract tool that sits next to this binary,
// compiled against the shim into a shared object, loaded and registered,
// so a developer checks a patch without reconfiguring the build.
#pragma once

#include <string>
#include <vector>

#include "stopfuzz/revision.h"

namespace sf {

// Where a tree is extracted and built unless --kernel-work says otherwise.
inline constexpr const char* kDefaultKernelWork = "out/ksrc";

struct KernelTreeOptions {
  std::string tree;      // directory or linux-source-*.tar.xz
  // The series applied in order: each a diff (patch -p1), a git format-patch
  // mail, an mbox of several (as git am and b4 take them) or a directory of
  // them (taken in name order).
  std::vector<std::string> patches;
  std::string name;      // revision name; default src:<version><suffix>
  std::string suffix;    // default "+tree", or "+patch" with patches
  std::string work_dir;  // where the extraction and the shared object go
  // Whose known-findings list judges the findings ("" = the revision's own:
  // src:<version>'s for a tree). Not a tree option as such, but it travels
  // with one: a developer's tree named otherwise says which list applies.
  std::string known_findings_of;
};

// Returns the loaded revision, or nullptr with a one-line reason in *error.
// The revision carries the catalogued mutations whose rules
// (tools/ksrc/mutation_rules.def) fit its code, as a build-time tree does;
// a patch may change the code a rule needs, and that mutation is left out.
const sf_revision* load_kernel_tree(const KernelTreeOptions& opt, std::string* error);

// Why loading left mutation `id` out of `revision` ("" if it did not).
std::string mutation_left_out(const std::string& revision, const std::string& id);

}  // namespace sf
