// tree.h - the files the extractor takes from a kernel tree (a directory or a
// linux-source-*.tar.xz), and the tree's kernel version.
//
// Spec: design.md §1 (kernel-source mode; Debian ships trees as tarballs).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sf::ksrc {

extern const char* const kSmp;      // arch/arm64/kernel/smp.c
extern const char* const kCpu;      // kernel/cpu.c
extern const char* const kSdeiNew;  // drivers/firmware/arm_sdei_nmi.c (the merged series)
extern const char* const kSdeiOld;  // drivers/firmware/sdei_nmi.c (the author's base)

// Copies the needed files of the tree into dir (tarball: tar -xJf of just
// those members; a stamp skips the slow decompression when unchanged).
void fetch_tree(const std::filesystem::path& tree, const std::filesystem::path& dir);

// "linux-<VERSION>.<PATCHLEVEL>" from dir/Makefile, else from the tree's
// file name (linux-source-6.12.tar.xz), else "".
std::string tree_version(const std::filesystem::path& dir, const std::string& tree);

}  // namespace sf::ksrc
