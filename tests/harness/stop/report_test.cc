// report_test.cc - the timeline fits its width, wraps instead of cutting, marks the violation; JSON lines parse.
//
// Spec: issue 14 ("a timeline that fits": a width, columns only for the
// CPUs that took part, cells that wrap instead of cutting, the violating
// event marked, colour; "JSON through a library": the --json schema of
// README "JSON lines", --no-sites honoured). Over the seed corpus and
// generated inputs of 2 to 8 CPUs, with and without a mutation that makes
// violations.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "harness/stop/mutations.h"
#include "harness/revisions.h"
#include "harness/stop/properties.h"
#include "harness/stop/report.h"
#include "harness/stop/report_json.h"

namespace sf {
namespace {

// The seeds, then inputs whose first byte asks for every CPU count.
std::vector<std::vector<uint8_t>> inputs() {
  std::vector<std::vector<uint8_t>> out;
  for (const auto& e : std::filesystem::directory_iterator(STOPFUZZ_SOURCE_DIR "/corpus/final")) {
    if (e.path().filename() == "README.md") continue;
    std::ifstream f(e.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  std::mt19937_64 rng(14);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> in(1 + rng() % 200);
    for (uint8_t& b : in) b = rng() % 3 ? static_cast<uint8_t>(rng()) : 0;
    in[0] = static_cast<uint8_t>(i % 7);  // ncpus = 2 + i % 7
    out.push_back(std::move(in));
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

// Every word of `label` appears, in order, in `text`: wrapping moves words to
// the next line of the same cell and cuts only a word longer than the
// narrowest cell (13 columns of text, less the nesting marks), whose first 8
// characters stay together.
bool words_in_order(const std::string& text, const std::string& label) {
  size_t at = 0;
  std::istringstream w(label);
  for (std::string word; w >> word;) {
    word = word.substr(0, 8);
    at = text.find(word, at);
    if (at == std::string::npos) return false;
    at += word.size();
  }
  return true;
}

struct Case {
  const char* revision;
  const char* mutation;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.revision << (*c.mutation ? " + " : "") << c.mutation; }

class Report : public ::testing::TestWithParam<Case> {};

TEST_P(Report, TimelineFitsWrapsAndMarks) {
  RunOptions ro;
  ro.rev = find_revision(GetParam().revision);
  ASSERT_NE(ro.rev, nullptr);
  ro.mutation = GetParam().mutation;
  RunResult r;
  size_t violations = 0, narrower = 0;
  for (const auto& in : inputs()) {
    run_one(in.data(), in.size(), ro, &r);
    for (int width : {60, 80, 100, 132}) {
      for (bool sites : {false, true}) {
        TimelineOptions opt;
        opt.width = width;
        opt.sites = sites;
        std::ostringstream os;
        print_timeline(os, r, opt);
        const std::string text = os.str();
        const std::vector<std::string> lines = lines_of(text);
        for (const std::string& l : lines) {
          ASSERT_LE(display_width(l), static_cast<size_t>(width)) << "width " << width << ":\n" << text;
          ASSERT_EQ(l.find('~'), std::string::npos) << l;
        }
        for (const TraceEvent& e : r.trace.events)
          if (ev_observable(e.type) && e.type != Ev::kBoot)
            ASSERT_TRUE(words_in_order(text, event_label(r.trace, e))) << event_label(r.trace, e) << "\n" << text;
        // Columns: exactly the CPUs with an event, unless all are asked for.
        const std::vector<int> cpus = timeline_cpus(r.trace, r.scenario.machine.ncpus, opt);
        std::set<int> with_event;
        for (const TraceEvent& e : r.trace.events)
          if (ev_observable(e.type) && e.type != Ev::kBoot) with_event.insert(e.cpu < 0 ? 0 : e.cpu);
        if (!with_event.empty()) EXPECT_EQ(std::set<int>(cpus.begin(), cpus.end()), with_event);
        narrower += cpus.size() < static_cast<size_t>(r.scenario.machine.ncpus);
        // The violating event's row, and only such a row, starts with '!'.
        size_t marked = 0;
        for (const std::string& l : lines) marked += !l.empty() && l[0] == '!';
        const Finding* v = r.violation();
        EXPECT_EQ(marked > 0, v != nullptr) << text;
        if (v && width == 100 && !sites) ++violations;
      }
    }
    TimelineOptions all;
    all.all_cpus = true;
    EXPECT_EQ(timeline_cpus(r.trace, r.scenario.machine.ncpus, all).size(),
              static_cast<size_t>(r.scenario.machine.ncpus));
  }
  if (*GetParam().mutation) EXPECT_GT(violations, 0u) << "the mutation should make some input violate";
  EXPECT_GT(narrower, 0u) << "no input left a CPU without events: the column choice is untested";
}

INSTANTIATE_TEST_SUITE_P(Revisions, Report,
                         ::testing::Values(Case{"final", ""}, Case{"linux-6.12", "note-after-ack"}, Case{"v3", ""}),
                         [](const auto& info) {
                           std::string n = std::string(info.param.revision) + "_" + info.param.mutation;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// One run of revision final.
RunResult run_final(const std::vector<uint8_t>& in) {
  RunOptions ro;
  ro.rev = find_revision("final");
  RunResult r;
  run_one(in.data(), in.size(), ro, &r);
  return r;
}

TEST(Report, ColourOnlyWhenAskedAndNotCountedInWidth) {
  const RunResult r = run_final({6, 1, 0, 1});  // 8 CPUs
  TimelineOptions opt;
  opt.width = 80;
  std::ostringstream plain, colour;
  print_timeline(plain, r, opt);
  opt.color = true;
  print_timeline(colour, r, opt);
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_NE(colour.str().find("\x1b["), std::string::npos);
  for (const std::string& l : lines_of(colour.str())) EXPECT_LE(display_width(l), 80u) << l;
  // Without the escapes the two are the same text.
  std::string stripped;
  const std::string c = colour.str();
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\x1b') {
      while (c[i] != 'm') ++i;
      continue;
    }
    stripped += c[i];
  }
  EXPECT_EQ(stripped, plain.str());
}

// Width 0: cells as wide as the widest label, nothing wraps (the golden
// digests' form): one line per event.
TEST(Report, WidthZeroNeverWraps) {
  const RunResult r = run_final({6, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3});
  TimelineOptions opt;
  opt.width = 0;
  opt.sites = false;
  std::ostringstream os;
  print_timeline(os, r, opt);
  size_t rows = 0;
  for (const std::string& l : lines_of(os.str())) rows += l.size() > 11 && l[7] == '.' && l[11] == ' ';
  size_t shown = 0;
  for (const TraceEvent& e : r.trace.events) shown += ev_observable(e.type) && e.type != Ev::kBoot;
  EXPECT_EQ(rows, shown) << os.str();
}

// --json: one object per line, the schema of README "JSON lines"; sites off drops site and func.
TEST(Report, JsonLinesFollowTheSchema) {
  RunOptions ro;
  ro.rev = find_revision("linux-6.12");
  ro.mutation = "note-after-ack";
  RunResult r;
  size_t findings = 0;
  for (const auto& in : inputs()) {
    run_one(in.data(), in.size(), ro, &r);
    for (bool sites : {true, false}) {
      std::ostringstream os;
      print_json(os, r, sites);
      size_t events = 0, with_site = 0;
      for (const std::string& l : lines_of(os.str())) {
        const nlohmann::json j = nlohmann::json::parse(l);  // throws (fails) on bad JSON
        if (j.contains("finding")) {
          ++findings;
          for (const char* k : {"finding", "signature", "known", "cpu", "t_us", "event", "message"})
            EXPECT_TRUE(j.contains(k)) << k << " in " << l;
          EXPECT_LT(j["event"].get<size_t>(), r.trace.events.size());
          continue;
        }
        for (const char* k : {"t_us", "cpu", "depth", "event", "label"}) EXPECT_TRUE(j.contains(k)) << k << " in " << l;
        const TraceEvent& e = r.trace.events[events++];
        EXPECT_EQ(j["event"], ev_name(e.type));
        EXPECT_EQ(j["label"], event_label(r.trace, e));
        with_site += j.contains("site");
        EXPECT_EQ(j.contains("site"), j.contains("func"));
      }
      EXPECT_EQ(events, r.trace.events.size());
      if (sites)
        EXPECT_GT(with_site, 0u);
      else
        EXPECT_EQ(with_site, 0u);
    }
  }
  EXPECT_GT(findings, 0u);
}

}  // namespace
}  // namespace sf
