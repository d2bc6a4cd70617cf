// headers.cc - declarations read from the tree's own headers.
#include "tools/ksrc/headers.h"

#include <filesystem>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

HeaderIndex::HeaderIndex(const TreeFiles& files, const std::vector<const Source*>& roots) : files_(files) {
  for (const Source* r : roots)
    for (const std::string& inc : r->scan.includes)
      if (auto h = resolve(inc, r->path); h && !queued_[*h]) {
        queued_[*h] = true;
        queue_.push_back(*h);
      }
}

std::optional<std::string> HeaderIndex::resolve(const std::string& include, const std::string& from) const {
  std::vector<std::string> candidates;
  if (include.rfind("asm/", 0) == 0) {
    candidates = {"arch/arm64/include/" + include, "include/asm-generic/" + include.substr(4)};
  } else if (include.rfind("linux/", 0) == 0 || include.rfind("asm-generic/", 0) == 0) {
    candidates = {"include/" + include};
  } else {
    candidates = {(fs::path(from).parent_path() / include).lexically_normal().string()};
  }
  for (const std::string& c : candidates)
    if (files_.exists(c)) return c;
  return std::nullopt;
}

std::optional<HeaderIndex::Found> HeaderIndex::find(const std::string& name) {
  for (size_t k = 0;; ++k) {
    while (k >= scanned_) {  // scan the next header, queueing its includes
      if (scanned_ >= queue_.size()) return std::nullopt;
      const std::string path = queue_[scanned_++];
      auto src = std::make_unique<Source>();
      src->path = path;
      try {
        const std::string text = files_.read(path);
        src->lines = split_lines(text);
        src->scan = scan_file(text, path);
      } catch (const Error&) {
        continue;  // a header the scanner cannot follow: only consulted, never required
      }
      for (const std::string& inc : src->scan.includes)
        if (auto h = resolve(inc, path); h && !queued_[*h]) {
          queued_[*h] = true;
          queue_.push_back(*h);
        }
      sources_[path] = std::move(src);
    }
    auto it = sources_.find(queue_[k]);
    if (it == sources_.end()) continue;
    Found f;
    f.header = it->second.get();
    f.items = items_named(*f.header, name);
    if (!f.items.empty()) return f;
  }
}

}  // namespace sf::ksrc
