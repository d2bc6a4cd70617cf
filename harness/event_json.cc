// event_json.cc - a trace as JSON lines through nlohmann-json (design §7, issue 14).
#include "harness/event_json.h"

#include <array>
#include <string>
#include <vector>

#include "harness/json_line.h"

namespace sf {
namespace {

// Where the value of a key comes from (kEvent: the event's name, the same
// for every event of a type, is serialised with its key once).
enum class Source : uint8_t { kTime, kCpu, kDepth, kEvent, kField0, kField1, kField2, kLabel, kSite, kFunc };

struct Slot {
  std::string key;  // json_key()'s text; for kEvent the whole member
  Source source;
};

// The keys of one event type's line, in print order: the object as
// nlohmann::ordered_json builds it when assigned key by key in the schema's
// order (a field named like an earlier key, Online's "cpu", overwrites that
// key's value in its place), each value naming its source.
std::vector<Slot> layout(Ev type, bool site) {
  nlohmann::ordered_json j;
  j["t_us"] = Source::kTime;
  j["cpu"] = Source::kCpu;
  j["depth"] = Source::kDepth;
  j["event"] = Source::kEvent;
  const EventInfo& info = event_info(type);
  for (int k = 0; k < 3; ++k)
    if (info.fields[k].type != FieldType::kNone)
      j[info.fields[k].name] = static_cast<Source>(static_cast<int>(Source::kField0) + k);
  j["label"] = Source::kLabel;
  if (site) {
    j["site"] = Source::kSite;
    j["func"] = Source::kFunc;
  }
  std::vector<Slot> slots;
  for (const auto& [name, source] : j.items()) {
    slots.push_back({json_key(name), source.get<Source>()});
    if (slots.back().source == Source::kEvent)
      slots.back().key += nlohmann::ordered_json(ev_name(type)).dump(-1, ' ', false, kJsonErrorHandler);
  }
  return slots;
}

// layout() of every event type, without and with the site.
using Layouts = std::array<std::array<std::vector<Slot>, 2>, static_cast<size_t>(Ev::kCount)>;
const Layouts& layouts() {
  static const Layouts kLayouts = [] {
    Layouts l;
    for (size_t i = 0; i < l.size(); ++i)
      for (int site = 0; site < 2; ++site) l[i][site] = layout(static_cast<Ev>(i), site != 0);
    return l;
  }();
  return kLayouts;
}

}  // namespace

void print_events_json(std::ostream& os, const Trace& t, bool sites) {
  const Layouts& all = layouts();
  JsonLineWriter w(os);
  std::string site;
  for (const TraceEvent& e : t.events) {
    const bool has_site = sites && e.site && e.site->line > 0;
    w.begin();
    for (const Slot& s : all[static_cast<size_t>(e.type)][has_site]) {
      w.key(s.key);
      switch (s.source) {
        case Source::kTime: w.value(uint64_t{e.t_us}); break;
        case Source::kCpu: w.value(int64_t{e.cpu}); break;
        case Source::kDepth: w.value(int64_t{e.depth}); break;
        case Source::kEvent: break;
        case Source::kField0:
        case Source::kField1:
        case Source::kField2:
          w.value(int64_t{e.field[static_cast<int>(s.source) - static_cast<int>(Source::kField0)]});
          break;
        case Source::kLabel: w.value(std::string_view(event_label(t, e))); break;
        case Source::kSite:
          site.assign(e.site->file);
          site += ':';
          site += std::to_string(e.site->line);
          w.value(std::string_view(site));
          break;
        case Source::kFunc: w.value(std::string_view(e.site->func)); break;
      }
    }
    w.end();
  }
}

}  // namespace sf
