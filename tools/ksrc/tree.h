// tree.h - the files the extractor reads from a kernel tree (a directory or a
// linux-source-*.tar.xz), the tree's kernel version, and the working copy a
// patch series edits.
//
// Spec: design.md §1 (kernel-source mode; Debian ships trees as tarballs);
// issue 9 (every real tree, a partial checkout, a developer's patch series).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sf::ksrc {

extern const char* const kSmp;      // arch/arm64/kernel/smp.c (required)
extern const char* const kCpu;      // kernel/cpu.c (set_cpu_online)
extern const char* const kSdeiNew;  // drivers/firmware/arm_sdei_nmi.c (the merged series)
extern const char* const kSdeiOld;  // drivers/firmware/sdei_nmi.c (the author's base)

// The source files the extractor takes (Makefile included), and the header
// directories it may read declarations from (headers.h).
const std::vector<std::string>& tree_members();
const std::vector<std::string>& header_dirs();

// A tree's files as the extractor sees them: the pristine tree (the
// directory itself, or the members and header directories of a tarball
// extracted once into the work directory) under an overlay of the files a
// patch changed.
class TreeFiles {
 public:
  TreeFiles(std::filesystem::path base, std::filesystem::path overlay, std::string tree);
  // The overlay copy if the patch series made one, else the pristine file.
  std::filesystem::path path(const std::string& rel) const;
  bool exists(const std::string& rel) const;
  std::string read(const std::string& rel) const;
  // Copies rel from the pristine tree into the overlay (if it is not there
  // yet) and returns the overlay path, for a patch to edit.
  std::filesystem::path edit(const std::string& rel) const;
  // A patch deleted rel: it no longer exists in the tree.
  void remove(const std::string& rel);
  const std::filesystem::path& overlay() const { return overlay_; }
  const std::string& tree() const { return tree_; }  // as the user named it

 private:
  std::filesystem::path base_, overlay_;
  std::string tree_;
  std::vector<std::string> removed_;
};

// The pristine files of `tree` (a tarball is extracted into work/pristine,
// once: a stamp skips the slow decompression when it is unchanged) under an
// empty overlay work/tree. Fails naming the tree if it has no smp.c.
TreeFiles open_tree(const std::filesystem::path& tree, const std::filesystem::path& work);

// "linux-<VERSION>.<PATCHLEVEL>" from the Makefile, else from the tree's
// file name (linux-source-6.12.tar.xz), else "" (a partial checkout).
std::string tree_version(const TreeFiles& files);

}  // namespace sf::ksrc
