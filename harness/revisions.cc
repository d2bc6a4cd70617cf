// revisions.cc - the revision registry (design §5).
#include "harness/revisions.h"

extern "C" {
#define SF_REVISION(sym) extern const sf_revision sym;
#include "harness/revisions.def"
#undef SF_REVISION
}

namespace sf {
namespace {
std::vector<const sf_revision*>& registry() {
  static std::vector<const sf_revision*> r = {
#define SF_REVISION(sym) &sym,
#include "harness/revisions.def"
#undef SF_REVISION
  };
  return r;
}
}  // namespace

const std::vector<const sf_revision*>& all_revisions() { return registry(); }

void register_revision(const sf_revision* rev) {
  for (const sf_revision* r : registry())
    if (std::string(r->name) == rev->name) return;
  registry().push_back(rev);
}

const sf_revision* find_revision(const std::string& name) {
  for (const sf_revision* r : registry())
    if (name == r->name) return r;
  return nullptr;
}

}  // namespace sf
