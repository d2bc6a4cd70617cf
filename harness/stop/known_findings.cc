// known_findings.cc - the known-findings catalogue and its matcher (design §4).
#include "harness/stop/known_findings.h"

#include <set>

namespace sf {
namespace {

constexpr Property kSignatureProperty[] = {
#define SF_SIGNATURE(prop, id, name, what) Property::prop,
#include "harness/stop/signatures.def"
#undef SF_SIGNATURE
};

// Every row's signature belongs to the property the row names.
#define SF_KNOWN_LIST_OF(rev, of, why)
#define SF_KNOWN(rev, prop, sig, why, spec)                                             \
  static_assert(kSignatureProperty[static_cast<int>(Signature::sig)] == Property::prop, \
                "known_findings.def: signature " #sig " is not one of " #prop "'s (signatures.def)");
#include "harness/stop/known_findings.def"
#undef SF_KNOWN

}  // namespace

const std::vector<KnownFinding>& known_findings() {
  static const std::vector<KnownFinding> k = {
#define SF_KNOWN(rev, prop, sig, why, spec) {rev, Signature::sig, why, spec},
#include "harness/stop/known_findings.def"
#undef SF_KNOWN
  };
  return k;
}

std::string known_findings_revision(const std::string& revision) {
  std::string rev = revision;
  if (rev.rfind("src:", 0) == 0) rev = rev.substr(4);
  if (const size_t plus = rev.find('+'); plus != std::string::npos) rev.resize(plus);
#define SF_KNOWN(rev, prop, sig, why, spec)
#undef SF_KNOWN_LIST_OF
#define SF_KNOWN_LIST_OF(alias, of, why) \
  if (rev == alias) return of;
#include "harness/stop/known_findings.def"
#undef SF_KNOWN_LIST_OF
#undef SF_KNOWN
  return rev;
}

std::vector<std::string> known_findings_lists() {
  std::set<std::string> names;
  for (const KnownFinding& k : known_findings()) names.insert(k.revision);
#define SF_KNOWN(rev, prop, sig, why, spec)
#undef SF_KNOWN_LIST_OF
#define SF_KNOWN_LIST_OF(alias, of, why) names.insert(alias);
#include "harness/stop/known_findings.def"
#undef SF_KNOWN_LIST_OF
#undef SF_KNOWN
  return {names.begin(), names.end()};
}

bool has_known_findings_list(const std::string& revision) {
  const std::string rev = known_findings_revision(revision);
  for (const KnownFinding& k : known_findings())
    if (rev == k.revision) return true;
  return false;
}

bool is_known_finding(const std::string& revision, Signature sig) {
  const std::string rev = known_findings_revision(revision);
  for (const KnownFinding& k : known_findings())
    if (k.sig == sig && rev == k.revision) return true;
  return false;
}

}  // namespace sf
