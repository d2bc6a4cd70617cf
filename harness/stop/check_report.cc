// check_report.cc - text, JUnit and SARIF renderings of a check (issue 10; design §7).
#include "harness/stop/check_report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "harness/markup_escape.h"
#include "harness/timeline.h"

namespace sf {
namespace {

uint64_t budget_per_side(const CheckOptions& opt) {
  uint64_t n = 0;
  for (const StrategyBudgetEntry& m : opt.mix.empty() ? default_check_mix() : opt.mix) n += m.execs;
  return n;
}

void print_side_counts(std::ostream& os, const CheckResult& r, const std::string& key) {
  const auto b = r.base.findings.find(key), c = r.candidate.findings.find(key);
  const auto one = [](const std::map<std::string, SideFinding>::const_iterator& it, bool present) {
    if (!present) return std::string("not seen");
    const SideFinding& f = it->second;
    if (f.by_confirmation) return std::string("seen by the targeted search");
    return std::to_string(f.count) + " execution(s), first at #" + std::to_string(f.first_exec) + " by " + f.strategy;
  };
  os << "    base: " << one(b, b != r.base.findings.end()) << "; candidate: " << one(c, c != r.candidate.findings.end())
     << "\n";
}

}  // namespace

std::string side_name(const CheckSide& s) {
  return std::string(s.rev->name) + (s.mutation.empty() ? "" : " + mutation " + s.mutation);
}

void print_check_text(std::ostream& os, const CheckOptions& opt, const CheckResult& r) {
  os << "stopfuzz check: base " << side_name(opt.base) << ", candidate " << side_name(opt.candidate) << "\n";
  os << "budget: " << budget_per_side(opt) << " executions per side (";
  bool first = true;
  for (const StrategyBudgetEntry& m : opt.mix.empty() ? default_check_mix() : opt.mix) {
    os << (first ? "" : ", ") << strategy_info(m.strategy).name << " " << m.execs;
    first = false;
  }
  os << "), seed " << opt.seed << ", " << opt.seeds.size() << " seed input(s); every finding observed, "
     << "no known-findings list\n";
  for (int side = 0; side < 2; ++side) {
    const SideResult& s = side == 0 ? r.base : r.candidate;
    os << (side == 0 ? "base:      " : "candidate: ") << s.execs << " executions, " << s.findings.size()
       << " distinct finding(s)\n";
  }
  os << "strategies (candidate side):\n";
  for (const StrategyReport& rep : r.candidate.strategies) {
    os << "  " << strategy_info(rep.strategy).name << ": " << rep.execs << " executions"
       << (rep.stopped_early ? " (stopped early by --max-seconds)" : "") << "\n";
    for (const std::string& n : rep.notes) os << "    " << n << "\n";
  }
  os << "confirmation: " << r.confirm_execs
     << " executions of targeted search for one-sided findings; minimizing: " << r.minimize_execs << " executions\n";
  for (CheckClass cls : {CheckClass::kNew, CheckClass::kFixed, CheckClass::kUnchanged}) {
    os << "\n" << check_class_name(cls) << " (" << r.count(cls) << ")\n";
    for (const CheckEntry& e : r.entries) {
      if (e.cls != cls) continue;
      os << "  " << e.key << "  (" << property_info(e.property).name << ")\n";
      print_side_counts(os, r, e.key);
      if (cls == CheckClass::kUnchanged) continue;
      os << "    " << e.message << "\n";
      os << "    minimized input: " << e.tape.size() << " bytes (found as " << e.found_size << ")\n";
      if (cls == CheckClass::kNew) {
        os << "    candidate timeline at the violation:\n";
        std::string line;
        for (char c : e.excerpt) {
          if (c != '\n') {
            line += c;
            continue;
          }
          os << "      " << line << "\n";
          line.clear();
        }
      }
      os << "    " << (cls == CheckClass::kNew ? "base" : "candidate") << " on this tape: " << e.other_verdict << "\n";
      os << "    replay candidate: " << e.replay_candidate << "\n";
      os << "    replay base:      " << e.replay_base << "\n";
    }
  }
  os << "\nresult: " << r.count(CheckClass::kNew) << " new, " << r.count(CheckClass::kFixed) << " fixed, "
     << r.count(CheckClass::kUnchanged) << " unchanged";
  if (r.stopped_early) os << "; INCOMPLETE: --max-seconds " << opt.max_seconds << " stopped it before its budget";
  os << "\n";
}

void print_check_junit(std::ostream& os, const CheckOptions& opt, const CheckResult& r) {
  size_t failed = 0;
  for (size_t p = 0; p < kPropertyCount; ++p) {
    bool any = false;
    for (const CheckEntry& e : r.entries) any |= e.cls == CheckClass::kNew && e.property == static_cast<Property>(p);
    failed += any ? 1 : 0;
  }
  const std::string suite = "stopfuzz check " + side_name(opt.base) + " -> " + side_name(opt.candidate);
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"stopfuzz check\" tests=\"" << kPropertyCount << "\" failures=\"" << failed << "\">\n";
  os << "  <testsuite name=\"" << markup_escape(suite) << "\" tests=\"" << kPropertyCount << "\" failures=\"" << failed
     << "\" errors=\"0\" skipped=\"0\">\n";
  for (size_t p = 0; p < kPropertyCount; ++p) {
    const PropertyInfo& info = property_info(static_cast<Property>(p));
    os << "    <testcase classname=\"stopfuzz.check\" name=\"" << info.id << " " << markup_escape(info.name) << "\"";
    bool open = false;
    for (const CheckEntry& e : r.entries) {
      if (e.cls != CheckClass::kNew || e.property != static_cast<Property>(p)) continue;
      if (!open) os << ">\n";
      open = true;
      os << "      <failure type=\"NEW\" message=\"" << markup_escape(e.key + ": " + e.message) << "\">"
         << markup_escape(e.excerpt + "base on this tape: " + e.other_verdict +
                          "\nreplay candidate: " + e.replay_candidate + "\nreplay base: " + e.replay_base)
         << "</failure>\n";
    }
    os << (open ? "    </testcase>\n" : "/>\n");
  }
  os << "  </testsuite>\n</testsuites>\n";
}

void print_check_sarif(std::ostream& os, const CheckOptions& opt, const CheckResult& r) {
  using nlohmann::json;
  json rules = json::array();
  for (size_t p = 0; p < kPropertyCount; ++p) {
    const PropertyInfo& info = property_info(static_cast<Property>(p));
    rules.push_back({{"id", info.id}, {"name", info.name}, {"shortDescription", {{"text", info.summary}}}});
  }
  json results = json::array();
  for (const CheckEntry& e : r.entries) {
    if (e.cls != CheckClass::kNew) continue;
    const std::string text = "NEW " + e.key + ": " + e.message + " (base on this tape: " + e.other_verdict +
                             "). Replay: " + e.replay_candidate;
    json locations = json::array();
    if (!e.site_file.empty() && e.site_line > 0)
      locations.push_back(
          {{"physicalLocation",
            {{"artifactLocation", {{"uri", e.site_file}}}, {"region", {{"startLine", e.site_line}}}}},
           {"logicalLocations", json::array({{{"name", e.site_func}, {"kind", "function"}}})}});
    results.push_back({{"ruleId", property_info(e.property).id},
                       {"ruleIndex", static_cast<int>(e.property)},
                       {"level", "error"},
                       {"message", {{"text", text}}},
                       {"partialFingerprints", {{"stopfuzzFinding", e.key}}},
                       {"locations", locations}});
  }
  const json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array({{{"tool", {{"driver", {{"name", "stopfuzz"}, {"rules", rules}}}}},
                     {"properties",
                      {{"base", side_name(opt.base)},
                       {"candidate", side_name(opt.candidate)},
                       {"complete", !r.stopped_early}}},
                     {"results", results}}})}};
  os << sarif.dump(2) << "\n";
}

}  // namespace sf
