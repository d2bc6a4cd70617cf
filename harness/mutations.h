// mutations.h - the mutation catalogue (design §5).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/stop/properties.h"

namespace sf {

struct Mutation {
  const char* id;
  const char* revision;
  Property property;  // the property that must catch it
  const char* what;
  const char* source;
};

const std::vector<Mutation>& mutations();
const Mutation* find_mutation(const std::string& id);
const std::vector<std::pair<std::string, std::string>>& mutation_catalogue_for_cli();

}  // namespace sf
