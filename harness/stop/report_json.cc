// report_json.cc - a stop-path execution as JSON lines (design §7, issue 14).
#include "harness/stop/report_json.h"

#include <array>
#include <string>

#include "harness/event_json.h"
#include "harness/json_line.h"
#include "harness/stop/properties.h"

namespace sf {

void print_json(std::ostream& os, const RunResult& r, bool sites) {
  print_events_json(os, r.trace, sites);
  if (r.findings.empty()) return;
  static const std::array<std::string, 7> kKeys = {json_key("finding"), json_key("signature"), json_key("known"),
                                                   json_key("cpu"),     json_key("t_us"),      json_key("event"),
                                                   json_key("message")};
  JsonLineWriter w(os);
  for (const Finding& f : r.findings) {
    w.begin();
    w.key(kKeys[0]);
    w.value(std::string_view(property_info(f.property).id));
    w.key(kKeys[1]);
    w.value(std::string_view(f.signature));
    w.key(kKeys[2]);
    w.value(f.known);
    w.key(kKeys[3]);
    w.value(int64_t{f.cpu});
    w.key(kKeys[4]);
    w.value(uint64_t{f.t_us});
    w.key(kKeys[5]);
    w.value(uint64_t{f.event});
    w.key(kKeys[6]);
    w.value(std::string_view(f.message));
    w.end();
  }
}

}  // namespace sf
