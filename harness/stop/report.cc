// report.cc - timeline and JSON of a stop-path execution (design §7, issue 14).
#include "harness/stop/report.h"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "harness/stop/properties.h"

namespace sf {
namespace {

// "P7 notes-only-on-crash-path [null-regs] (known): message", wrapped under "  !! ".
void print_finding(std::ostream& os, const Finding& f, const TimelineOptions& opt) {
  const PropertyInfo& p = property_info(f.property);
  const std::string text =
      std::string(p.id) + " " + p.name + " [" + f.signature + "]" + (f.known ? " (known)" : "") + ": " + f.message;
  const size_t width = opt.width <= 0 ? SIZE_MAX / 2 : static_cast<size_t>(std::max(opt.width, 20));
  const char* colour = f.known ? "33" : "1;31";
  bool first = true;
  for (const std::string& l : wrap_text(text, width - 5, 2)) {
    os << "  " << (first ? paint(opt, colour, "!! ") : "   ") << paint(opt, colour, l) << "\n";
    first = false;
  }
}

}  // namespace

void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt) {
  // sc (the default) is not named, so sc timelines read as they always did.
  const std::string memory = r.scenario.machine.memory != MemoryModel::kSc
                                 ? std::string(", memory ") + memory_model_name(r.scenario.machine.memory)
                                 : std::string();
  os << paint(opt, "1", "revision " + r.revision + (r.mutation.empty() ? "" : ", mutation " + r.mutation) + memory)
     << "\n";
  const size_t width = opt.width <= 0 ? SIZE_MAX / 2 : static_cast<size_t>(std::max(opt.width, 20));
  bool first = true;
  for (const std::string& subject : r.scenario.narrate()) {
    const std::string lead = first ? "scenario: " : "  ";
    const std::vector<std::string> lines = wrap_text(subject, width - lead.size(), 2);
    for (size_t i = 0; i < lines.size(); ++i) os << (i ? std::string(lead.size(), ' ') : lead) << lines[i] << "\n";
    first = false;
  }
  const std::vector<int> shown = timeline_cpus(r.trace, r.scenario.machine.ncpus, opt);
  if (static_cast<int>(shown.size()) < r.scenario.machine.ncpus) {
    std::string idle;
    for (int c = 0, s = 0; c < r.scenario.machine.ncpus; ++c) {
      if (s < static_cast<int>(shown.size()) && shown[static_cast<size_t>(s)] == c) {
        ++s;
        continue;
      }
      idle += (idle.empty() ? "cpu" : ", cpu") + std::to_string(c);
    }
    for (const std::string& l : wrap_text("(" + idle + ": no event, no column; --all-cpus shows them)", width - 2, 1))
      os << "  " << l << "\n";
  }
  os << "\n";
  ColumnHooks hooks;
  hooks.mark = [&](size_t k) {
    RowMark m = RowMark::kNone;
    for (const Finding& f : r.findings)
      if (f.event == k) m = f.known && m != RowMark::kViolation ? RowMark::kKnown : RowMark::kViolation;
    return m;
  };
  size_t fi = 0;
  hooks.after_event = [&](std::ostream& out, size_t k) {
    while (fi < r.findings.size() && r.findings[fi].event <= k) print_finding(out, r.findings[fi++], opt);
  };
  print_columns(os, r.trace, r.scenario.machine.ncpus, opt, hooks);
  for (; fi < r.findings.size(); ++fi) print_finding(os, r.findings[fi], opt);
  os << "\n";
  for (const std::string& l : wrap_text(
           std::string("end: ") + end_reason_name(r.end) + ", " + std::to_string(r.trace.events.size()) +
               " events, tape " + std::to_string(r.consumed) + " bytes / " + std::to_string(r.decisions) + " decisions",
           width, 2))
    os << l << "\n";
  const Finding* v = r.violation();
  if (v)
    os << paint(opt, "1;31",
                "verdict: VIOLATION " + std::string(property_info(v->property).id) + " [" + v->signature + "]")
       << "\n";
  else
    os << "verdict: clean" << (r.known_count() ? " (" + std::to_string(r.known_count()) + " known finding(s))" : "")
       << "\n";
}

CounterexampleSize measure(const RunResult& r, size_t input_bytes, const TimelineOptions& opt) {
  CounterexampleSize s;
  s.bytes = input_bytes;
  s.cpus = r.scenario.machine.ncpus;
  s.events = r.trace.events.size();
  std::ostringstream os;
  print_timeline(os, r, opt);
  std::istringstream in(os.str());
  for (std::string line; std::getline(in, line);) {
    ++s.lines;
    s.widest = std::max(s.widest, display_width(line));
  }
  return s;
}

std::string describe(const CounterexampleSize& s) {
  return std::to_string(s.bytes) + " bytes, " + std::to_string(s.cpus) + " CPUs, " + std::to_string(s.events) +
         " events, " + std::to_string(s.lines) + " lines up to " + std::to_string(s.widest) + " columns";
}

}  // namespace sf
