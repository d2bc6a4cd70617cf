// minimize.cc - deterministic input minimizer (design §3, §7).
#include "harness/minimize.h"

namespace sf {

void minimize(const std::vector<uint8_t>& tape, const KeepsFn& keeps, uint64_t max_execs, MinimizeResult* out) {
  out->tape = tape;
  out->execs = 0;
  std::vector<uint8_t>& t = out->tape;
  auto keep = [&](const std::vector<uint8_t>& cand) {
    if (out->execs >= max_execs) return false;
    ++out->execs;
    if (!keeps(cand)) return false;
    t = cand;
    return true;
  };
  bool changed = true;
  while (changed && out->execs < max_execs) {
    changed = false;
    // 1. Truncate: the shortest prefix that still fires (an exhausted tape answers 0).
    for (size_t step = t.size() / 2; step >= 1; step /= 2) {
      while (t.size() >= step && keep(std::vector<uint8_t>(t.begin(), t.end() - static_cast<long>(step))))
        changed = true;
      if (step == 1) break;
    }
    // 2. Remove chunks, largest first.
    for (size_t chunk = 16; chunk >= 1; chunk /= 2) {
      for (size_t at = 0; at + chunk <= t.size();) {
        std::vector<uint8_t> c = t;
        c.erase(c.begin() + static_cast<long>(at), c.begin() + static_cast<long>(at + chunk));
        if (keep(c))
          changed = true;
        else
          at += chunk;
      }
    }
    // 3. Zero bytes, then lower the survivors (0 is always the simplest choice).
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == 0) continue;
      std::vector<uint8_t> c = t;
      c[i] = 0;
      if (keep(c)) {
        changed = true;
        continue;
      }
      for (uint8_t v : {uint8_t(1), uint8_t(2), uint8_t(t[i] / 2)}) {
        if (v >= t[i]) continue;
        c[i] = v;
        if (keep(c)) {
          changed = true;
          break;
        }
      }
    }
  }
  out->fixed_point = !changed && out->execs < max_execs;
  // Trailing zero bytes read the same as an exhausted tape: drop them.
  while (!t.empty() && t.back() == 0) t.pop_back();
}

}  // namespace sf
