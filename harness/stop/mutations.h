// mutations.h - the mutation catalogue (design §5).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/stop/properties.h"
#include "models/memory_model.h"

namespace sf {

struct Mutation {
  const char* id;
  const char* revision;  // the revision it was written for
  Property property;     // the property that must catch it
  const char* what;
  const char* source;
  MemoryModel memory;  // the model under which `property` catches it
  bool equivalent;     // must change no verdict (mutations.def)
};

const std::vector<Mutation>& mutations();
const Mutation* find_mutation(const std::string& id);
const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli();

// Every (mutation, revision) pair of this build that carries the mutation's
// hook, as the rules of tools/ksrc/mutation_rules.def seeded them at build
// time: each mutation on the revision it was written for (catalogue order),
// then the other hand-written revisions, then the kernel-source ones.
struct MutationTarget {
  const Mutation* mutation;
  std::string revision;
};
const std::vector<MutationTarget>& mutation_targets();
// The revisions carrying mutation `id` (empty if unknown).
std::vector<std::string> mutation_revisions(const std::string& id);
// Whether running `revision` with mutation `id` runs the mutated code: `id`
// is "" or was seeded into `revision` at build time. Any other pair runs the
// unmutated code, since no hook of `id` is there to fire.
bool mutation_seeded_into(const std::string& id, const std::string& revision);
// A revision built at run time (`--kernel-tree`) carries the mutations its
// extraction seeded (ids not catalogued are ignored; the extractor checks
// them against the catalogue). Called before any run, like
// register_revision().
void add_mutation_targets(const std::string& revision, const std::vector<std::string>& ids);

}  // namespace sf
