// bounded_search.cc - depth-first enumeration of bounded schedules (issue 10).
#include "harness/bounded_search.h"

namespace sf {

void explore_bounded(const ScriptRun& run, int bound, uint64_t max_execs, BoundedStats* out) {
  *out = BoundedStats{};
  std::vector<uint32_t> script;
  std::vector<SchedulePoint> points;
  while (out->schedules < max_execs) {
    points.clear();
    if (!run(script, &points)) return;
    ++out->schedules;
    if (points.size() > out->max_points) out->max_points = points.size();
    // Deviations before each point; the deepest point with an untried
    // alternative that still fits the bound is where the next schedule
    // departs (every later decision back to the default).
    std::vector<int> before(points.size() + 1, 0);
    for (size_t i = 0; i < points.size(); ++i) before[i + 1] = before[i] + (points[i].taken != 0 ? 1 : 0);
    size_t at = points.size();
    for (size_t i = points.size(); i-- > 0;) {
      if (points[i].taken + 1 < points[i].options && before[i] + 1 <= bound) {
        at = i;
        break;
      }
    }
    if (at == points.size()) {
      out->exhausted = true;
      return;
    }
    script.resize(at + 1);
    for (size_t i = 0; i < at; ++i) script[i] = points[i].taken;
    script[at] = points[at].taken + 1;
  }
}

}  // namespace sf
