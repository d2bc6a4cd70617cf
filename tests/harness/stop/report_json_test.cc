// report_json_test.cc - print_json()'s finding lines are exactly what the straightforward nlohmann-json construction
// writes.
//
// Spec: design.md §7, §8.2; issue 14 (the --json schema of README "JSON
// lines"; invalid UTF-8 replaced, never thrown). The reference below is the
// code the writer replaced: one ordered_json per finding, dumped with
// error_handler_t::replace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "../render_cases.h"
#include "harness/event_json.h"
#include "harness/stop/properties.h"
#include "harness/stop/report_json.h"

namespace sf {
namespace {

// The reference's finding lines (the events are event_json_test.cc's).
void reference_findings(std::ostream& os, const RunResult& r) {
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

std::string product(const RunResult& r, bool sites) {
  std::ostringstream os;
  print_json(os, r, sites);
  return os.str();
}

std::string reference(const RunResult& r, bool sites) {
  std::ostringstream os;
  print_events_json(os, r.trace, sites);
  reference_findings(os, r);
  return os.str();
}

// Executions with findings: a mutation that violates, and known findings.
TEST(ReportJson, FindingsAsTheReferenceOnExecutions) {
  size_t findings = 0;
  const std::vector<std::vector<uint8_t>> inputs = test::rendering_inputs(1000);
  for (const auto& [revision, mutation] : {std::pair{"linux-6.12", "note-after-ack"}, std::pair{"linux-6.1", ""}}) {
    test::for_each_execution(
        revision, mutation, inputs, [&, revision = revision, mutation = mutation](const RunResult& r, size_t i) {
          const bool sites = i % 2;
          findings += r.findings.size();
          EXPECT_EQ(product(r, sites), reference(r, sites)) << revision << " " << mutation << " input " << i;
          return !HasFailure();
        });
  }
  EXPECT_GT(findings, 100u) << "too few finding lines compared";
}

// Signatures and messages carrying hostile strings, extreme numbers.
TEST(ReportJson, FindingsAsTheReferenceOnHostileStrings) {
  RunResult r;
  r.trace = test::hostile_trace(4);
  size_t i = 0;
  for (const std::string& text : test::hostile_texts()) {
    Finding f;
    f.property = static_cast<Property>(i % kPropertyCount);
    f.signature = text;
    f.message = "message: " + text;
    f.known = i % 2;
    f.event = i % 3 ? i : SIZE_MAX;
    f.cpu = i % 4 ? static_cast<int>(i) : -1;
    f.t_us = i % 5 ? i * 1000 : UINT64_MAX;
    r.findings.push_back(f);
    ++i;
  }
  for (bool sites : {false, true}) {
    const std::string want = reference(r, sites);
    ASSERT_EQ(product(r, sites), want);
    EXPECT_NE(want.find("\"signature\":\"invalid \xef\xbf\xbd\xef\xbf\xbd bytes\""), std::string::npos)
        << "no invalid UTF-8 replaced in a finding";
  }
}

}  // namespace
}  // namespace sf
