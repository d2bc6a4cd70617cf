// gic.cc - IPI delivery rules (spec §1, §4.4; design §2).
#include "models/gic.h"

namespace sf {

bool Gic::any_deliverable(int cpu, bool daif_i, bool pmr) const {
  for (uint32_t p = pending_[cpu]; p; p &= p - 1)
    if (can_take(__builtin_ctz(p), daif_i, pmr)) return true;
  return false;
}

int Gic::next(int cpu, bool daif_i, bool pmr, bool* as_nmi) const {
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t p = pending_[cpu]; p; p &= p - 1) {
      const int i = __builtin_ctz(p);
      const bool nmi = is_nmi(i);
      if (pass == 0 && nmi && !daif_i) {
        *as_nmi = true;
        return i;
      }
      if (pass == 1 && !nmi && !daif_i && !pmr) {
        *as_nmi = false;
        return i;
      }
    }
  }
  return -1;
}

}  // namespace sf
