// bounded_search.cc - depth-first enumeration of bounded schedules (issue 10).
#include "harness/bounded_search.h"

namespace sf {

bool redundant_preemption(const std::vector<SchedulePoint>& points, size_t i) {
  if (i + 1 >= points.size()) return false;
  const SchedulePoint& p = points[i];
  const SchedulePoint& q = points[i + 1];
  if (!p.preempt || p.taken != 0 || !p.hinted || !p.hint.local || !q.preempt || !q.hinted) return false;
  return q.hint.cpu == p.hint.cpu && q.hint.depth == p.hint.depth && q.hint.runnable == p.hint.runnable &&
         q.hint.events == p.hint.events && q.hint.now_us == p.hint.now_us && q.options == p.options;
}

void explore_bounded(const ScriptRun& run, int bound, uint64_t max_execs, BoundedStats* out, bool por) {
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
        if (por && redundant_preemption(points, i)) {
          // Counted once: this run is the only one that backtracks past
          // point i with its default taken (later runs share the prefix
          // only up to a shallower point, or take a non-default here).
          out->pruned += points[i].options - 1;
          continue;
        }
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
