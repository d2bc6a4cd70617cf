// patch.h - applying a developer's patch to the files taken from a tree.
//
// Spec: design.md §1 ("run their patch through the harness before posting
// it"). patch(1) does the work; a failure is one line naming the hunk.
#pragma once

#include <filesystem>

namespace sf::ksrc {

// Applies a unified diff with patch -p1 (no fuzz) inside dir.
void apply_patch(const std::filesystem::path& patch, const std::filesystem::path& dir);

}  // namespace sf::ksrc
