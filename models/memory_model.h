// memory_model.h - which memory model a machine runs with (catalogue: memory_models.def).
//
// Spec: design.md §6, issue 11, docs/memory_model.md. sc is models/memory.h,
// arm64 is models/weak_memory.h.
#pragma once

#include <cstdint>
#include <string>

namespace sf {

enum class MemoryModel : uint8_t {
#define SF_MEMORY_MODEL(id, name, summary) id,
#include "models/memory_models.def"
#undef SF_MEMORY_MODEL
  kCount
};

const char* memory_model_name(MemoryModel m);
// Returns false for a name that is not in the catalogue.
bool memory_model_from_name(const std::string& name, MemoryModel* out);
// "sc|arm64": the choices, for usage lines and error messages.
std::string memory_model_choices();

}  // namespace sf
