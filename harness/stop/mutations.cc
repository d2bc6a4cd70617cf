// mutations.cc - the mutation catalogue (design §5).
#include "harness/stop/mutations.h"

#include <cstdio>
#include <cstdlib>

namespace sf {

const std::vector<Mutation>& mutations() {
  static const std::vector<Mutation> m = {
#define SF_MUTATION(id, rev, prop, what, source, memory, equivalent) \
  {id, rev, Property::prop, what, source, MemoryModel::memory, equivalent},
#include "harness/stop/mutations.def"
#undef SF_MUTATION
  };
  return m;
}

const Mutation* find_mutation(const std::string& id) {
  for (const Mutation& m : mutations())
    if (id == m.id) return &m;
  return nullptr;
}

namespace {

std::vector<MutationTarget>& targets() {
  static std::vector<MutationTarget> v = [] {
    // The (mutation, revision) pairs of the rules applied at build time
    // (cmake/revisions.cmake): hand-written revisions, then kernel trees.
    const std::vector<std::pair<const char*, const char*>> seeded = {
#define SF_MUTATION_TARGET(id, rev) {id, rev},
#include STOPFUZZ_MUTATION_TARGETS_HAND
#include STOPFUZZ_MUTATION_TARGETS_KSRC
#undef SF_MUTATION_TARGET
    };
    for (const auto& [id, rev] : seeded)
      if (!find_mutation(id)) {  // the build checks this; a stale list says so at once
        fprintf(stderr, "stopfuzz: mutation %s seeded into %s is not catalogued (harness/stop/mutations.def)\n", id,
                rev);
        std::abort();
      }
    // Each mutation on the revision it was written for first, then the others.
    std::vector<MutationTarget> out;
    for (const Mutation& m : mutations())
      for (const auto& [id, rev] : seeded)
        if (id == std::string(m.id) && rev == std::string(m.revision)) out.push_back({&m, rev});
    for (const auto& [id, rev] : seeded)
      if (rev != std::string(find_mutation(id)->revision)) out.push_back({find_mutation(id), rev});
    return out;
  }();
  return v;
}

}  // namespace

const std::vector<MutationTarget>& mutation_targets() { return targets(); }

void add_mutation_targets(const std::string& revision, const std::vector<std::string>& ids) {
  for (const std::string& id : ids)
    if (const Mutation* m = find_mutation(id))
      if (!mutation_seeded_into(id, revision)) targets().push_back({m, revision});
}

std::vector<std::string> mutation_revisions(const std::string& id) {
  std::vector<std::string> out;
  for (const MutationTarget& t : mutation_targets())
    if (id == t.mutation->id) out.push_back(t.revision);
  return out;
}

bool mutation_seeded_into(const std::string& id, const std::string& revision) {
  if (id.empty()) return true;
  for (const MutationTarget& t : mutation_targets())
    if (id == t.mutation->id && revision == t.revision) return true;
  return false;
}

const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli() {
  static const std::vector<std::pair<std::string, std::string>> v = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Mutation& m : mutations()) {
      std::string also;
      for (const std::string& r : mutation_revisions(m.id))
        if (r != m.revision) also += (also.empty() ? " (also " : ", ") + r;
      if (!also.empty()) also += ")";
      const std::string memory =
          m.memory == MemoryModel::kSc ? "" : std::string(" (--memory ") + memory_model_name(m.memory) + ")";
      out.emplace_back(m.id, std::string(m.revision) + also + ", " + property_info(m.property).id +
                                 (m.equivalent ? " left alone" : "") + memory + ": " + m.what);
    }
    return out;
  }();
  return v;
}

}  // namespace sf
