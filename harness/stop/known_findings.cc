// known_findings.cc - the known-findings catalogue (design §4).
#include "harness/stop/known_findings.h"

namespace sf {

const std::vector<KnownFinding>& known_findings() {
  static const std::vector<KnownFinding> k = {
#define SF_KNOWN(rev, prop, sig, why, spec) {rev, Property::prop, sig, why, spec},
#include "harness/stop/known_findings.def"
#undef SF_KNOWN
  };
  return k;
}

bool is_known_finding(const std::string& revision, Property p, const std::string& signature) {
  // Kernel-source builds of a tree carry the known findings of the revision
  // they correspond to ("src:linux-6.12" -> "linux-6.12"), and so does a
  // tree loaded at run time, patched or not ("src:linux-6.12+patch"), so a
  // pre-merge run reports only what the change adds.
  std::string rev = revision;
  if (rev.rfind("src:", 0) == 0) rev = rev.substr(4);
  if (const size_t plus = rev.find('+'); plus != std::string::npos) rev.resize(plus);
  for (const KnownFinding& k : known_findings())
    if (k.property == p && rev == k.revision && signature == k.signature) return true;
  return false;
}

}  // namespace sf
