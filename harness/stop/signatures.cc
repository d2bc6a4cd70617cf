// signatures.cc - the finding signature catalogue as data (design §4).
#include "harness/stop/signatures.h"

namespace sf {
namespace {

constexpr SignatureInfo kSignatures[] = {
#define SF_SIGNATURE(prop, id, name, what) {Property::prop, name, what},
#include "harness/stop/signatures.def"
#undef SF_SIGNATURE
};

}  // namespace

const SignatureInfo& signature_info(Signature s) { return kSignatures[static_cast<size_t>(s)]; }

bool signature_from_name(Property p, const std::string& name, Signature* out) {
  for (size_t i = 0; i < kSignatureCount; ++i) {
    if (kSignatures[i].property == p && name == kSignatures[i].name) {
      *out = static_cast<Signature>(i);
      return true;
    }
  }
  return false;
}

}  // namespace sf
