// revisions.h - the revisions of the code under test selectable at run time.
//
// Spec: design.md §5. The revisions built in (hand-written, then the
// kernel-source "src:<name>" ones) come from the registry cmake/revisions.cmake
// generates; revisions built at run time are registered.
#pragma once

#include <string>
#include <vector>

#include "stopfuzz/revision.h"

namespace sf {

const std::vector<const sf_revision*>& all_revisions();
// nullptr if no revision has that name.
const sf_revision* find_revision(const std::string& name);
// Registers a revision built elsewhere (kernel-source mode) before first use;
// `build` is its build id (a digest of its source), "" if unknown.
void register_revision(const sf_revision* rev, const std::string& build = "");
// The build id of a revision: a digest of the text of the sources it was
// compiled from (generated at build time: cmake/revision_builds.cmake), ""
// if unknown. Repro strings carry it (harness/repro.h).
std::string revision_build(const sf_revision* rev);

}  // namespace sf
