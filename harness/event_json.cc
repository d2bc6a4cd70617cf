// event_json.cc - a trace as JSON lines through nlohmann-json (design §7, issue 14).
#include "harness/event_json.h"

#include <nlohmann/json.hpp>

namespace sf {

void print_events_json(std::ostream& os, const Trace& t, bool sites) {
  for (const TraceEvent& e : t.events) {
    nlohmann::ordered_json j;
    j["t_us"] = e.t_us;
    j["cpu"] = static_cast<int>(e.cpu);
    j["depth"] = static_cast<int>(e.depth);
    j["event"] = ev_name(e.type);
    const EventInfo& info = event_info(e.type);
    for (int k = 0; k < 3; ++k)
      if (info.fields[k].type != FieldType::kNone) j[info.fields[k].name] = e.field[k];
    j["label"] = event_label(t, e);
    if (sites && e.site && e.site->line > 0) {
      j["site"] = std::string(e.site->file) + ":" + std::to_string(e.site->line);
      j["func"] = e.site->func;
    }
    // Kernel text is ASCII; anything else is replaced, never thrown.
    os << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

}  // namespace sf
