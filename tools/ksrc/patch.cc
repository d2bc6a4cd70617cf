// patch.cc - applying a developer's patch to the files taken from a tree.
#include "tools/ksrc/patch.h"

#include <regex>
#include <string>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

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

}  // namespace sf::ksrc
