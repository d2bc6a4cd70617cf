// signatures.h - the finding signature catalogue (signatures.def).
//
// Spec: design.md §4 (findings are keyed by property and signature).
#pragma once

#include <string>

#include "harness/stop/properties.h"

namespace sf {

enum class Signature : int {
#define SF_SIGNATURE(prop, id, name, what) id,
#include "harness/stop/signatures.def"
#undef SF_SIGNATURE
  kCount
};

struct SignatureInfo {
  Property property;
  const char* name;  // "sdei-in-irq"
  const char* what;
};

const SignatureInfo& signature_info(Signature s);
constexpr size_t kSignatureCount = static_cast<size_t>(Signature::kCount);
// By property and name; false if the catalogue has no such entry.
bool signature_from_name(Property p, const std::string& name, Signature* out);

}  // namespace sf
