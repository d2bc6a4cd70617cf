// mutations.cc - the mutation catalogue (design §5).
#include "harness/mutations.h"

#include <cstdio>
#include <cstdlib>

namespace sf {

const std::vector<Mutation>& mutations() {
  static const std::vector<Mutation> m = {
#define SF_MUTATION(id, rev, prop, what, source) {id, rev, Property::prop, what, source},
#define SF_MUTATION_ALSO(id, rev)
#include "harness/mutations.def"
#undef SF_MUTATION_ALSO
#undef SF_MUTATION
  };
  return m;
}

const Mutation* find_mutation(const std::string& id) {
  for (const Mutation& m : mutations())
    if (id == m.id) return &m;
  return nullptr;
}

const std::vector<MutationTarget>& mutation_targets() {
  static const std::vector<MutationTarget> v = [] {
    const std::vector<std::pair<const char*, const char*>> also = {
#define SF_MUTATION(id, rev, prop, what, source)
#define SF_MUTATION_ALSO(id, rev) {id, rev},
#include "harness/mutations.def"
#ifdef STOPFUZZ_KSRC_MUTATIONS
#include STOPFUZZ_KSRC_MUTATIONS
#endif
#undef SF_MUTATION_ALSO
#undef SF_MUTATION
    };
    std::vector<MutationTarget> out;
    for (const Mutation& m : mutations()) out.push_back({&m, m.revision});
    for (const auto& [id, rev] : also) {
      const Mutation* m = find_mutation(id);
      if (!m) {  // a catalogue typo: every binary says so at once
        fprintf(stderr, "stopfuzz: SF_MUTATION_ALSO(\"%s\", \"%s\") names no catalogued mutation\n", id, rev);
        std::abort();
      }
      out.push_back({m, rev});
    }
    return out;
  }();
  return v;
}

std::vector<std::string> mutation_revisions(const std::string& id) {
  std::vector<std::string> out;
  for (const MutationTarget& t : mutation_targets())
    if (id == t.mutation->id) out.push_back(t.revision);
  return out;
}

const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli() {
  static const std::vector<std::pair<std::string, std::string>> v = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Mutation& m : mutations()) {
      std::string also;
      for (const std::string& r : mutation_revisions(m.id))
        if (r != m.revision) also += (also.empty() ? " (also " : ", ") + r;
      if (!also.empty()) also += ")";
      out.emplace_back(m.id, std::string(m.revision) + also + ", " + property_info(m.property).id + ": " + m.what);
    }
    return out;
  }();
  return v;
}

}  // namespace sf
