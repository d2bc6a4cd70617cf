// memory_model.cc - names of the memory models (memory_models.def).
#include "models/memory_model.h"

namespace sf {
namespace {

struct Info {
  const char* name;
  const char* summary;
};
constexpr Info kInfo[] = {
#define SF_MEMORY_MODEL(id, name, summary) {name, summary},
#include "models/memory_models.def"
#undef SF_MEMORY_MODEL
};

}  // namespace

const char* memory_model_name(MemoryModel m) { return kInfo[static_cast<int>(m)].name; }

bool memory_model_from_name(const std::string& name, MemoryModel* out) {
  for (int i = 0; i < static_cast<int>(MemoryModel::kCount); ++i)
    if (name == kInfo[i].name) {
      *out = static_cast<MemoryModel>(i);
      return true;
    }
  return false;
}

std::string memory_model_choices() {
  std::string s;
  for (const Info& i : kInfo) s += (s.empty() ? "" : "|") + std::string(i.name);
  return s;
}

}  // namespace sf
