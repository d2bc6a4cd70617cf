// properties.h - the property catalogue P1-P16 as data (design §4, §8.4).
//
// Spec: stop-path.md §8, narrowed by §12.1.
#pragma once

#include <cstddef>

namespace sf {

enum class Property : int {
#define SF_PROPERTY(id, name, summary) id,
#include "harness/stop/properties.def"
#undef SF_PROPERTY
  kCount
};

struct PropertyInfo {
  const char* id;    // "P4"
  const char* name;  // "stop-at-most-once"
  const char* summary;
};

const PropertyInfo& property_info(Property p);
constexpr size_t kPropertyCount = static_cast<size_t>(Property::kCount);
// "P4" -> Property::P4; returns false if unknown.
bool property_from_id(const char* id, Property* out);

}  // namespace sf
