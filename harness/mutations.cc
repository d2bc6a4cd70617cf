// mutations.cc - the mutation catalogue (design §5).
#include "harness/mutations.h"

namespace sf {

const std::vector<Mutation>& mutations() {
  static const std::vector<Mutation> m = {
#define SF_MUTATION(id, rev, prop, what, source) {id, rev, Property::prop, what, source},
#include "harness/mutations.def"
#undef SF_MUTATION
  };
  return m;
}

const Mutation* find_mutation(const std::string& id) {
  for (const Mutation& m : mutations())
    if (id == m.id) return &m;
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli() {
  static const std::vector<std::pair<std::string, std::string>> v = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Mutation& m : mutations())
      out.emplace_back(m.id, std::string(m.revision) + ", " + property_info(m.property).id + ": " + m.what);
    return out;
  }();
  return v;
}

}  // namespace sf
