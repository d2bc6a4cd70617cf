// properties.cc - the property catalogue (design §4).
#include "harness/stop/properties.h"

#include <cstring>

namespace sf {
namespace {
const PropertyInfo kInfo[] = {
#define SF_PROPERTY(id, name, summary) {#id, name, summary},
#include "harness/stop/properties.def"
#undef SF_PROPERTY
};
}  // namespace

const PropertyInfo& property_info(Property p) { return kInfo[static_cast<int>(p)]; }

bool property_from_id(const char* id, Property* out) {
  for (size_t i = 0; i < kPropertyCount; ++i) {
    if (strcmp(kInfo[i].id, id) == 0 || strcmp(kInfo[i].name, id) == 0) {
      *out = static_cast<Property>(i);
      return true;
    }
  }
  return false;
}

}  // namespace sf
