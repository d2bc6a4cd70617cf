// counterexample.cc - shrinking and saving violating inputs (issue 14).
#include "cli/counterexample.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness/stop/properties.h"
#include "harness/stop/stop_search.h"

namespace sf {
namespace {

// Sizes are measured as a terminal of the default width shows the timeline.
CounterexampleSize size_of(const std::vector<uint8_t>& tape, const RunOptions& ro, RunResult* r) {
  run_one(tape.data(), tape.size(), ro, r);
  TimelineOptions opt;
  opt.sites = false;
  return measure(*r, tape.size(), opt);
}

}  // namespace

bool shrink_counterexample(const std::vector<uint8_t>& tape, const RunOptions& ro, uint64_t budget, Counterexample* out,
                           const std::string& key) {
  RunResult r;
  out->original = tape;
  out->before = size_of(tape, ro, &r);
  const Finding* v = r.violation();
  if (!key.empty()) {
    v = nullptr;
    for (const Finding& f : r.findings)
      if (finding_key(f) == key) v = &f;
  }
  if (!v) return false;
  out->key = finding_key(*v);
  out->property = property_info(v->property).id;
  out->minimized = tape;
  out->execs = 0;
  out->fixed_point = false;
  if (budget > 0) {
    MinimizeResult m;
    minimize_finding(tape, ro, out->key, budget, &m, !key.empty());
    out->minimized = m.tape;
    out->execs = m.execs;
    out->fixed_point = m.fixed_point;
  }
  out->after = size_of(out->minimized, ro, &r);
  return true;
}

std::string findings_of(const std::vector<uint8_t>& tape, const RunOptions& ro) {
  RunResult r;
  run_one(tape.data(), tape.size(), ro, &r);
  std::string s;
  for (const Finding& f : r.findings) {
    const std::string k = finding_key(f) + (f.known ? " (known)" : "");
    if (s.find(k) == std::string::npos) s += (s.empty() ? "" : ", ") + k;
  }
  return s;
}

std::string shrink_summary(const Counterexample& c) {
  return describe(c.before) + " -> " + describe(c.after) + " (" + std::to_string(c.execs) + " executions" +
         (c.fixed_point ? ", fixed point)" : ", budget spent)");
}

bool write_bytes(const std::string& path, const std::vector<uint8_t>& data, std::string* err) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  f.flush();
  if (!f) {
    *err = "cannot write " + path + ": " + strerror(errno);
    return false;
  }
  return true;
}

}  // namespace sf
