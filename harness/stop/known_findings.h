// known_findings.h - per-revision known findings and the matcher (design §4).
//
// Spec: stop-path.md §12.1 (the real code's violations). Catalogue in
// known_findings.def, by signature (signatures.def).
#pragma once

#include <string>
#include <vector>

#include "harness/stop/properties.h"
#include "harness/stop/signatures.h"

namespace sf {

struct KnownFinding {
  const char* revision;
  Signature sig;
  const char* why;
  const char* spec;

  Property property() const { return signature_info(sig).property; }
  const char* signature() const { return signature_info(sig).name; }
};

const std::vector<KnownFinding>& known_findings();
// The revision whose known findings `revision` carries: a kernel-source build
// of a tree ("src:linux-6.12") and a tree loaded at run time, patched or not
// ("src:linux-6.12+patch"), carry those of the kernel they are ("linux-6.12"),
// so a pre-merge run reports only what a change adds.
std::string known_findings_revision(const std::string& revision);
// The names that carry a list (SF_KNOWN rows' revisions and SF_KNOWN_LIST_OF
// aliases), sorted; and whether `revision` (src: and +suffix allowed) is one.
std::vector<std::string> known_findings_lists();
bool has_known_findings_list(const std::string& revision);
// The matcher: is `sig` a known finding of `revision`?
bool is_known_finding(const std::string& revision, Signature sig);

}  // namespace sf
