// event_json_test.cc - print_events_json() writes exactly what the straightforward nlohmann-json construction writes.
//
// Spec: design.md §7, §8.2 (byte-identical traces); issue 14 (JSON through
// nlohmann-json; invalid UTF-8 replaced, never thrown). The writer keeps no
// object per event and escapes every key once (harness/json_line.h); the
// reference below is the code it replaced, one ordered_json per event
// dumped with error_handler_t::replace, compared on real executions and on
// a hand-made trace of hostile strings (render_cases.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/event_json.h"
#include "render_cases.h"

namespace sf {
namespace {

// The reference: the writer before it kept its objects.
void reference_events_json(std::ostream& os, const Trace& t, bool sites) {
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
    os << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

std::string product(const Trace& t, bool sites) {
  std::ostringstream os;
  print_events_json(os, t, sites);
  return os.str();
}

std::string reference(const Trace& t, bool sites) {
  std::ostringstream os;
  reference_events_json(os, t, sites);
  return os.str();
}

// Real executions: every revision's seed and regression tapes and generated
// inputs, with and without sites.
TEST(EventJson, SameBytesAsTheReferenceOnExecutions) {
  const std::vector<std::vector<uint8_t>> corpus = test::rendering_inputs(0);
  const std::vector<std::vector<uint8_t>> inputs = test::rendering_inputs(3000);
  const char* const kRevisions[] = {"final", "linux-6.12", "v1"};
  size_t events = 0;
  for (size_t rev = 0; rev < std::size(kRevisions); ++rev) {
    // Every revision replays the corpus; the generated inputs are shared out.
    std::vector<std::vector<uint8_t>> mine = corpus;
    for (size_t i = corpus.size() + rev; i < inputs.size(); i += std::size(kRevisions)) mine.push_back(inputs[i]);
    test::for_each_execution(kRevisions[rev], "", mine, [&](const RunResult& r, size_t i) {
      const bool sites = i % 2;
      events += r.trace.events.size();
      EXPECT_EQ(product(r.trace, sites), reference(r.trace, sites)) << kRevisions[rev] << " input " << i;
      return !HasFailure();
    });
  }
  EXPECT_GT(events, 100000u) << "too few events compared";
}

// Hostile strings in the label (printk text) and in the site's file and
// function, extreme numbers, every event type.
TEST(EventJson, SameBytesAsTheReferenceOnHostileStrings) {
  for (int ncpus : {2, 8}) {
    const Trace t = test::hostile_trace(ncpus);
    for (bool sites : {false, true}) {
      const std::string want = reference(t, sites);
      const std::string got = product(t, sites);
      ASSERT_EQ(got, want) << "sites " << sites;
      // The case covers what it claims: escapes, replacements, sites.
      EXPECT_NE(want.find("\\\""), std::string::npos);
      EXPECT_NE(want.find("\\\\"), std::string::npos);
      EXPECT_NE(want.find("\\u0001"), std::string::npos);
      EXPECT_NE(want.find("\\u0000"), std::string::npos);
      EXPECT_NE(want.find("\xef\xbf\xbd"), std::string::npos) << "no invalid UTF-8 replaced";
      EXPECT_EQ(want.find("\"site\":") != std::string::npos, sites);
    }
  }
}

// A field named like a key before it overwrites that key in its place
// (Online's "cpu" is the CPU coming online, not the one reporting it): the
// reference's order and values, not a second "cpu".
TEST(EventJson, FieldNamedLikeAnEarlierKeyKeepsItsPlace) {
  Trace t;
  TraceEvent e{};
  e.t_us = 7;
  e.cpu = 0;
  e.type = Ev::kOnline;
  e.field[0] = 3;
  e.field[1] = 1;
  t.events.push_back(e);
  const std::string got = product(t, true);
  EXPECT_EQ(got, reference(t, true));
  EXPECT_EQ(got, "{\"t_us\":7,\"cpu\":3,\"depth\":0,\"event\":\"Online\",\"online\":1,\"label\":\"cpu3 online\"}\n");
}

// Stream order: what the caller wrote before and after stays around the lines.
TEST(EventJson, LinesGoBetweenWhatTheCallerWrites) {
  const Trace t = test::hostile_trace(2);
  std::ostringstream os;
  os << "before\n";
  print_events_json(os, t, true);
  os << "after\n";
  EXPECT_EQ(os.str(), "before\n" + reference(t, true) + "after\n");
}

}  // namespace
}  // namespace sf
