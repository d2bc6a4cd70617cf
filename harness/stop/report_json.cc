// report_json.cc - a stop-path execution as JSON lines (design §7, issue 14).
#include "harness/stop/report_json.h"

#include <nlohmann/json.hpp>

#include "harness/event_json.h"
#include "harness/stop/properties.h"

namespace sf {

void print_json(std::ostream& os, const RunResult& r, bool sites) {
  print_events_json(os, r.trace, sites);
  for (const Finding& f : r.findings) {
    nlohmann::ordered_json j;
    j["finding"] = property_info(f.property).id;
    j["signature"] = f.signature;
    j["known"] = f.known;
    j["cpu"] = f.cpu;
    j["t_us"] = f.t_us;
    j["event"] = f.event;
    j["message"] = f.message;
    os << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

}  // namespace sf
