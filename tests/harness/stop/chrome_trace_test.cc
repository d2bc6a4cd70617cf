// chrome_trace_test.cc - the Chrome trace is valid trace-event JSON: required fields, balanced slices, connected flows.
//
// Spec: issue 14 ("Perfetto / Chrome trace"; "the Chrome-trace file
// validated against the trace-event format (required fields, balanced
// begin/end, flows that connect)"); the Trace Event Format's JSON object
// form. Over the seeds and generated inputs of several revisions, with a
// mutation for violations: every event has name/ph/pid/tid (and ts, except
// metadata); per track, each E closes the innermost open B of the same name
// at a time not before it, and nothing stays open; each flow id has one
// start and one finish, the finish not before the start, the start on the
// sender's track at a zero-length send slice and the finish at a B on the
// target's track at the same time; one track per CPU is named.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "harness/revisions.h"
#include "harness/stop/chrome_trace.h"

namespace sf {
namespace {

using nlohmann::json;

struct Stats {
  size_t slices = 0, flows = 0, instants = 0, violations = 0, runs = 0;
};

void check_trace(const RunResult& r, Stats* st) {
  std::ostringstream os;
  write_chrome_trace(os, r);
  const json doc = json::parse(os.str());
  ASSERT_TRUE(doc.contains("traceEvents"));
  const json& evs = doc["traceEvents"];
  ASSERT_TRUE(evs.is_array());
  std::map<int, std::vector<std::pair<std::string, uint64_t>>> open;  // tid -> B stack
  std::map<int, std::vector<std::pair<uint64_t, std::string>>> begins, sends;
  std::map<long, std::vector<json>> flows;
  std::map<int, std::string> names;
  for (const json& e : evs) {
    for (const char* k : {"name", "ph", "pid", "tid"}) ASSERT_TRUE(e.contains(k)) << k << " in " << e.dump();
    const std::string ph = e["ph"];
    const int tid = e["tid"];
    if (ph == "M") {
      if (e["name"] == "thread_name") names[tid] = e["args"]["name"];
      continue;
    }
    ASSERT_TRUE(e.contains("ts")) << e.dump();
    const uint64_t ts = e["ts"];
    if (ph == "B") {
      open[tid].emplace_back(e["name"], ts);
      begins[tid].emplace_back(ts, e["name"]);
      ++st->slices;
    } else if (ph == "E") {
      ASSERT_FALSE(open[tid].empty()) << "E without B: " << e.dump();
      EXPECT_EQ(open[tid].back().first, e["name"].get<std::string>());
      EXPECT_GE(ts, open[tid].back().second);
      open[tid].pop_back();
    } else if (ph == "X") {
      ASSERT_TRUE(e.contains("dur")) << e.dump();
      sends[tid].emplace_back(ts, e["name"]);
    } else if (ph == "s" || ph == "f") {
      ASSERT_TRUE(e.contains("id") && e.contains("cat")) << e.dump();
      flows[e["id"].get<long>()].push_back(e);
    } else if (ph == "i") {
      ASSERT_TRUE(e.contains("s")) << e.dump();
      ++st->instants;
      st->violations += e["cat"] == "violation";
    } else {
      ASSERT_EQ(ph, "C") << e.dump();
      ASSERT_TRUE(e.contains("args"));
    }
  }
  for (const auto& [tid, stack] : open) EXPECT_TRUE(stack.empty()) << "track " << tid << " leaves slices open";
  for (const auto& [id, pair] : flows) {
    ASSERT_EQ(pair.size(), 2u) << "flow " << id;
    const json& s = pair[0]["ph"] == "s" ? pair[0] : pair[1];
    const json& f = pair[0]["ph"] == "f" ? pair[0] : pair[1];
    ASSERT_EQ(s["ph"], "s");
    ASSERT_EQ(f["ph"], "f");
    EXPECT_GE(f["ts"].get<uint64_t>(), s["ts"].get<uint64_t>());
    EXPECT_EQ(f["bp"], "e");
    const auto at = [](const std::vector<std::pair<uint64_t, std::string>>& v, uint64_t ts) {
      for (const auto& x : v)
        if (x.first == ts) return true;
      return false;
    };
    EXPECT_TRUE(at(sends[s["tid"].get<int>()], s["ts"])) << "flow start not on a send: " << s.dump();
    EXPECT_TRUE(at(begins[f["tid"].get<int>()], f["ts"])) << "flow end not at a slice begin: " << f.dump();
    ++st->flows;
  }
  for (int c = 0; c < r.scenario.machine.ncpus; ++c) EXPECT_EQ(names[c], "cpu" + std::to_string(c));
  if (r.violation()) EXPECT_GT(st->violations, 0u);
  ++st->runs;
}

TEST(ChromeTrace, ValidAcrossRevisionsAndInputs) {
  Stats st;
  std::mt19937_64 rng(6);
  for (const char* rev : {"final", "v3", "linux-6.12"}) {
    for (const char* mutation : {"", "note-after-ack"}) {
      RunOptions ro;
      ro.rev = find_revision(rev);
      ASSERT_NE(ro.rev, nullptr) << rev;
      ro.mutation = mutation;
      if (*mutation && std::string(rev) == "v3") continue;
      RunResult r;
      for (int i = 0; i < 200; ++i) {
        std::vector<uint8_t> in(rng() % 300);
        for (uint8_t& b : in) b = rng() % 2 ? static_cast<uint8_t>(rng()) : 0;
        run_one(in.data(), in.size(), ro, &r);
        check_trace(r, &st);
        if (HasFatalFailure()) return;
      }
    }
  }
  // The checks above had something to check.
  EXPECT_GT(st.slices, 1000u);
  EXPECT_GT(st.flows, 500u);
  EXPECT_GT(st.instants, 1000u);
  EXPECT_GT(st.violations, 0u);
}

}  // namespace
}  // namespace sf
