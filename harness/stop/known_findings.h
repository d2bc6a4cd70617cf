// known_findings.h - per-revision known findings (design §4).
//
// Spec: stop-path.md §12.1. Catalogue in known_findings.def (issue 4 adds
// the other revisions' lists to the same file).
#pragma once

#include <string>
#include <vector>

#include "harness/stop/properties.h"

namespace sf {

struct KnownFinding {
  const char* revision;
  Property property;
  const char* signature;
  const char* why;
  const char* spec;
};

const std::vector<KnownFinding>& known_findings();
// Is (revision, property, signature) a known finding of the revision?
bool is_known_finding(const std::string& revision, Property p, const std::string& signature);

}  // namespace sf
