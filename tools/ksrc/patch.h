// patch.h - a developer's patch series applied to the files taken from a tree.
//
// Spec: design.md §1 ("run their patch through the harness before posting
// it"); issue 9 (a series: several files in order, a directory of git
// format-patch files, an mbox as git am and b4 take it). patch(1) applies
// each file of each patch; a failure is one line naming the patch (its
// subject), the file and the hunk.
#pragma once

#include <string>
#include <vector>

#include "tools/ksrc/tree.h"

namespace sf::ksrc {

struct Patch {
  std::string subject;  // the mail's Subject ("[PATCH 2/3] arm64: ..."), or the file name of a plain diff
  std::string source;   // the file it came from
  std::string diff;     // from the first "diff --git" / "--- " line to the end of the mail
};

// The patches of `paths`, in order. Each path is a plain unified diff, a
// git format-patch mail, an mbox of several mails (a cover letter without a
// diff is skipped), or a directory whose *.patch / *.diff / *.mbox files are
// taken in name order (git format-patch numbers them).
std::vector<Patch> read_series(const std::vector<std::string>& paths);

// Applies the series in order to the working copy of `files`. Only files the
// extractor reads (in_scope) are patched; the others are reported in
// `notes` ("...: ignored"). Fails with one line on a hunk that does not apply.
void apply_series(const std::vector<Patch>& series, TreeFiles& files, std::vector<std::string>* notes);

// Is rel a file the extractor reads (a member or under a header directory)?
bool in_scope(const std::string& rel);

}  // namespace sf::ksrc
