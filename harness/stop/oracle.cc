// oracle.cc - running the properties on every event (spec §8, §12.1; design §4).
#include "harness/stop/oracle.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "harness/stop/known_findings.h"
#include "harness/stop/property_check.h"

namespace sf {
namespace {

using CheckFn = void (*)(const Check&);
constexpr CheckFn kChecks[] = {
#define SF_PROPERTY(id, name, summary) check_##id,
#include "harness/stop/properties.def"
#undef SF_PROPERTY
};

}  // namespace

std::string fmt(const char* f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

const char* invocation_kind(const Invocation& inv) {
  if (inv.self_stop) return "self";
  return ctx_kind_name(inv.ctx_kind);
}

StopOracle::StopOracle(const Scenario& s, const sf_revision* rev, std::string revision, const KernelProbe& probe,
                       std::vector<Finding>* out, bool observe_all)
    : s_(s),
      rev_(rev),
      revision_(std::move(revision)),
      observe_all_(observe_all),
      probe_(probe),
      out_(out),
      recorder_(s, probe) {}

bool StopOracle::add(std::vector<Report>& reports, size_t event, int cpu, uint64_t t_us) {
  // Catalogue order (signatures.def): the order the checks of one event
  // have always been reported in.
  std::stable_sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) { return a.sig < b.sig; });
  bool go_on = true;
  for (Report& r : reports) {
    bool seen = false;
    for (const Finding& f : *out_) seen |= f.sig == r.sig;  // once per execution
    if (seen) continue;
    Finding f;
    f.sig = r.sig;
    f.property = signature_info(r.sig).property;
    f.signature = signature_info(r.sig).name;
    f.message = std::move(r.message);
    f.known = observe_all_ || is_known_finding(revision_, r.sig);
    f.event = event;
    f.cpu = r.cpu >= 0 ? r.cpu : cpu;
    f.t_us = t_us;
    out_->push_back(std::move(f));
    if (!out_->back().known) go_on = false;
  }
  reports.clear();
  return go_on;
}

bool StopOracle::on_event(const TraceEvent& e) {
  const Step& step = recorder_.on_event(e);
  if (e.cpu < 0) return true;
  const Check c{e, step, recorder_.records(), s_, rev_, probe_, &reports_};
  for (CheckFn check : kChecks) check(c);
  return reports_.empty() || add(reports_, step.index, e.cpu, e.t_us);
}

void StopOracle::on_end(EndReason why, uint64_t now_us, size_t events) {
  if (why != EndReason::kQuiescent) return;
  const EndCheck c{recorder_.records(), &reports_};
  end_P1(c);
  if (!reports_.empty()) add(reports_, events ? events - 1 : 0, -1, now_us);
}

}  // namespace sf
