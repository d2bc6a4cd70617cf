// kernel_tree.h - kernel-source mode at run time: `--kernel-tree PATH [--kernel-patch FILE]`.
//
// Spec: design.md §1 (kernel-source mode), issue "Kernel-source mode" (the
// command accepts a kernel tree and a patch as the code under test). The
// tree is extracted by the ksrc_extract tool that sits next to this binary,
// compiled against the shim into a shared object, loaded and registered,
// so a developer checks a patch without reconfiguring the build.
#pragma once

#include <string>

#include "stopfuzz/revision.h"

namespace sf {

struct KernelTreeOptions {
  std::string tree;      // directory or linux-source-*.tar.xz
  std::string patch;     // unified diff applied with patch -p1, or ""
  std::string name;      // revision name; default src:<version><suffix>
  std::string suffix;    // default "+tree", or "+patch" with a patch
  std::string work_dir;  // where the extraction and the shared object go
};

// Returns the loaded revision, or nullptr with a one-line reason in *error.
const sf_revision* load_kernel_tree(const KernelTreeOptions& opt, std::string* error);

}  // namespace sf
