// report.cc - timeline and JSON of a stop-path execution (design §7).
#include "harness/stop/report.h"

#include "harness/stop/properties.h"

namespace sf {

void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt) {
  os << "revision " << r.revision;
  if (!r.mutation.empty()) os << ", mutation " << r.mutation;
  // sc (the default) is not named, so sc timelines read as they always did.
  if (r.scenario.machine.memory != MemoryModel::kSc) os << ", memory " << memory_model_name(r.scenario.machine.memory);
  os << "\nscenario: " << r.scenario.describe() << "\n\n";
  size_t fi = 0;
  print_columns(os, r.trace, r.scenario.machine.ncpus, opt, [&](std::ostream& out, size_t k) {
    while (fi < r.findings.size() && r.findings[fi].event <= k) {
      const Finding& f = r.findings[fi++];
      out << "  !! " << property_info(f.property).id << " " << property_info(f.property).name << " [" << f.signature
          << "]" << (f.known ? " (known)" : "") << ": " << f.message << "\n";
    }
  });
  for (; fi < r.findings.size(); ++fi) {
    const Finding& f = r.findings[fi];
    os << "  !! " << property_info(f.property).id << " [" << f.signature << "]" << (f.known ? " (known)" : "") << ": "
       << f.message << "\n";
  }
  os << "\nend: " << end_reason_name(r.end) << ", " << r.trace.events.size() << " events, tape " << r.consumed
     << " bytes / " << r.decisions << " decisions\n";
  const Finding* v = r.violation();
  if (v)
    os << "verdict: VIOLATION " << property_info(v->property).id << " [" << v->signature << "]\n";
  else
    os << "verdict: clean" << (r.known_count() ? " (" + std::to_string(r.known_count()) + " known finding(s))" : "")
       << "\n";
}

void print_json(std::ostream& os, const RunResult& r) {
  print_events_json(os, r.trace);
  for (const Finding& f : r.findings)
    os << "{\"finding\":\"" << property_info(f.property).id << "\",\"signature\":\"" << json_escape(f.signature)
       << "\",\"known\":" << (f.known ? "true" : "false") << ",\"cpu\":" << f.cpu << ",\"t_us\":" << f.t_us
       << ",\"message\":\"" << json_escape(f.message) << "\"}\n";
}

}  // namespace sf
