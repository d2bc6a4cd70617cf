// check_report_test.cc - the JUnit file parses, and the SARIF file has SARIF 2.1.0's required structure.
//
// Spec: issue 10 (--junit: one testcase per property, a failure per NEW
// finding; --sarif: SARIF 2.1.0, one result per NEW finding at the kernel
// file and line, message with property, signature and replay command).
// The SARIF checks follow the required members of the OASIS SARIF 2.1.0
// schema (sarifLog: version, runs; run: tool; tool: driver; driver: name;
// result: message with text; region: startLine >= 1; ruleIndex into rules).
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/revisions.h"
#include "harness/stop/check.h"
#include "harness/stop/check_report.h"
#include "tests/mutations/seed_tapes.h"

namespace sf {
namespace {

struct Checked {
  CheckOptions opt;
  CheckResult res;
};

// final against final + a mutation: NEW findings to report.
const Checked& mutated() {
  static const Checked c = [] {
    Checked x;
    x.opt.base.rev = find_revision("final");
    x.opt.candidate.rev = find_revision("final");
    x.opt.candidate.mutation = "note-after-ack";
    x.opt.mix = {{CheckStrategy::kCoverage, 5000}};
    int i = 0;
    for (auto& t : test::mutation_seeds("note-after-ack")) x.opt.seeds.push_back({"s" + std::to_string(i++), t});
    x.opt.minimize_execs = 500;
    x.opt.confirm_execs = 500;
    run_check(x.opt, &x.res);
    return x;
  }();
  return c;
}

std::string attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

std::vector<xmlNode*> children(xmlNode* n, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && std::string(reinterpret_cast<const char*>(c->name)) == name) out.push_back(c);
  return out;
}

TEST(CheckReport, JunitParsesOneTestcasePerPropertyAndAFailurePerNewFinding) {
  const Checked& c = mutated();
  ASSERT_GT(c.res.count(CheckClass::kNew), 0u);
  std::ostringstream os;
  print_check_junit(os, c.opt, c.res);
  const std::string xml = os.str();
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr, XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr) << xml;
  xmlNode* root = xmlDocGetRootElement(doc);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "testsuites");
  const std::vector<xmlNode*> suites = children(root, "testsuite");
  ASSERT_EQ(suites.size(), 1u);
  const std::vector<xmlNode*> cases = children(suites[0], "testcase");
  EXPECT_EQ(cases.size(), kPropertyCount);
  EXPECT_EQ(attr(suites[0], "tests"), std::to_string(kPropertyCount));
  size_t failures = 0, failed_cases = 0;
  for (xmlNode* tc : cases) {
    const auto f = children(tc, "failure");
    failures += f.size();
    failed_cases += f.empty() ? 0 : 1;
    for (xmlNode* x : f) {
      // The failure names the property of its testcase and carries the replay line.
      EXPECT_EQ(attr(x, "message").substr(0, attr(tc, "name").find(' ')),
                attr(tc, "name").substr(0, attr(tc, "name").find(' ')));
      xmlChar* body = xmlNodeGetContent(x);
      EXPECT_NE(std::string(reinterpret_cast<const char*>(body)).find("stopfuzz replay --repro sf1:"),
                std::string::npos);
      xmlFree(body);
    }
  }
  EXPECT_EQ(failures, c.res.count(CheckClass::kNew));
  EXPECT_EQ(attr(suites[0], "failures"), std::to_string(failed_cases));
  xmlFreeDoc(doc);
}

TEST(CheckReport, SarifHasTheRequiredStructureOf210) {
  const Checked& c = mutated();
  std::ostringstream os;
  print_check_sarif(os, c.opt, c.res);
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(os.str())) << os.str();
  EXPECT_EQ(j.at("version"), "2.1.0");
  ASSERT_TRUE(j.at("runs").is_array());
  ASSERT_EQ(j["runs"].size(), 1u);
  const auto& run = j["runs"][0];
  const auto& driver = run.at("tool").at("driver");
  EXPECT_EQ(driver.at("name"), "stopfuzz");
  const auto& rules = driver.at("rules");
  ASSERT_EQ(rules.size(), kPropertyCount);
  for (const auto& r : rules) EXPECT_TRUE(r.at("id").is_string());
  const auto& results = run.at("results");
  ASSERT_EQ(results.size(), c.res.count(CheckClass::kNew));
  for (const auto& r : results) {
    const std::string text = r.at("message").at("text");
    const std::string rule = r.at("ruleId");
    EXPECT_EQ(rules.at(r.at("ruleIndex").get<size_t>()).at("id"), rule);
    EXPECT_EQ(text.find("NEW " + rule + " "), 0u) << text;
    EXPECT_NE(text.find("stopfuzz replay --repro sf1:final:note-after-ack:"), std::string::npos) << text;
    EXPECT_TRUE(r.at("level") == "error");
    ASSERT_EQ(r.at("locations").size(), 1u) << "a NEW finding has a kernel file and line";
    const auto& pl = r["locations"][0].at("physicalLocation");
    EXPECT_NE(pl.at("artifactLocation").at("uri").get<std::string>().find(".c"), std::string::npos);
    EXPECT_GE(pl.at("region").at("startLine").get<int>(), 1);
  }
}

TEST(CheckReport, NothingNewIsAnEmptyResultListAndNoFailure) {
  Checked c;
  c.opt.base.rev = c.opt.candidate.rev = find_revision("final");
  c.opt.mix = {{CheckStrategy::kCoverage, 200}};
  run_check(c.opt, &c.res);
  std::ostringstream s, x;
  print_check_sarif(s, c.opt, c.res);
  EXPECT_TRUE(nlohmann::json::parse(s.str())["runs"][0]["results"].empty());
  print_check_junit(x, c.opt, c.res);
  EXPECT_EQ(x.str().find("<failure"), std::string::npos);
}

}  // namespace
}  // namespace sf
