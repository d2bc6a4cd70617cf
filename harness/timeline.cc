// timeline.cc - a trace in per-CPU columns, as JSON lines, and its observable projection (design §7).
#include "harness/timeline.h"

#include <cstdio>

namespace sf {
namespace {}  // namespace

std::string json_escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
      continue;
    }
    o += c;
  }
  return o;
}

namespace {

std::string time_str(uint64_t us) {
  char buf[32];
  snprintf(buf, sizeof buf, "%6llu.%03llu", static_cast<unsigned long long>(us / 1000),
           static_cast<unsigned long long>(us % 1000));
  return buf;
}

}  // namespace

void print_columns(std::ostream& os, const Trace& t, int ncpus, const TimelineOptions& opt,
                   const std::function<void(std::ostream&, size_t)>& after_event) {
  const int width = 34;
  std::string head = "   time ms ";
  for (int i = 0; i < ncpus; ++i) {
    std::string col = "| cpu" + std::to_string(i);
    col.resize(width, ' ');
    head += col;
  }
  os << head << "\n";
  for (size_t k = 0; k < t.events.size(); ++k) {
    const TraceEvent& e = t.events[k];
    if (!opt.details && !ev_observable(e.type)) continue;
    if (e.type == Ev::kBoot) continue;
    std::string row = time_str(e.t_us) + " ";
    std::string label = std::string(e.depth, '>') + (e.depth ? " " : "") + event_label(t, e);
    const int col = e.cpu < 0 ? 0 : e.cpu;
    for (int i = 0; i < ncpus; ++i) {
      std::string cell = "| ";
      if (i == col) cell += label;
      if (static_cast<int>(cell.size()) < width)
        cell.resize(width, ' ');
      else if (i != col || i + 1 < ncpus)
        cell = cell.substr(0, width - 1) + "~";
      row += cell;
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    if (opt.sites && e.site && e.site->line > 0)
      row += "   " + std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func;
    os << row << "\n";
    if (after_event) after_event(os, k);
  }
}

void print_events_json(std::ostream& os, const Trace& t) {
  for (const TraceEvent& e : t.events) {
    os << "{\"t_us\":" << e.t_us << ",\"cpu\":" << static_cast<int>(e.cpu) << ",\"depth\":" << static_cast<int>(e.depth)
       << ",\"event\":\"" << ev_name(e.type) << "\"";
    const EventInfo& info = event_info(e.type);
    for (int k = 0; k < 3; ++k)
      if (info.fields[k].type != FieldType::kNone) os << ",\"" << info.fields[k].name << "\":" << e.field[k];
    os << ",\"label\":\"" << json_escape(event_label(t, e)) << "\"";
    if (e.site && e.site->line > 0)
      os << ",\"site\":\"" << json_escape(e.site->file) << ":" << e.site->line << "\",\"func\":\""
         << json_escape(e.site->func) << "\"";
    os << "}\n";
  }
}

std::string observable_trace(const Trace& t) {
  std::string out;
  char buf[96];
  for (const TraceEvent& e : t.events) {
    if (!ev_observable(e.type)) continue;
    snprintf(buf, sizeof buf, "%llu %d %d %s %d %d %d ", static_cast<unsigned long long>(e.t_us), e.cpu, e.depth,
             ev_name(e.type), e.field[0], e.field[1], e.field[2]);
    out += buf;
    out += t.text_of(e);
    out += '\n';
  }
  return out;
}

}  // namespace sf
