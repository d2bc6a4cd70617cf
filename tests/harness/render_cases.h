// render_cases.h - what the rendering tests render: real executions and a hand-made hostile trace.
//
// Spec: design.md §7 (timeline and JSON from one trace), §8.2 (byte-identical
// traces). The writers of the timeline and of the JSON lines are compared
// with the straightforward code they replaced (kept in their tests as the
// reference) on the seed corpus, the regression tapes, generated inputs of
// 2 to 8 CPUs, and a trace no kernel writes: texts and sites carrying
// quotes, backslashes, control characters, ANSI escapes and invalid UTF-8,
// extreme numbers, every event type at several depths and CPUs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/revisions.h"
#include "harness/stop/run.h"
#include "models/trace.h"

namespace sf::test {

// The seed corpus, the regression tapes, then `generated` inputs whose first
// byte asks for every CPU count (2 + i % 7), half of them mostly zeros.
inline std::vector<std::vector<uint8_t>> rendering_inputs(size_t generated) {
  std::vector<std::vector<uint8_t>> out;
  for (const char* dir : {STOPFUZZ_SOURCE_DIR "/corpus/final", STOPFUZZ_SOURCE_DIR "/corpus/regressions"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() != ".txt" && e.path().filename() != "README.md")
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::ifstream f(p, std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
  }
  std::mt19937_64 rng(20261201);
  for (size_t i = 0; i < generated; ++i) {
    std::vector<uint8_t> in(1 + rng() % 300);
    const bool sparse = i & 1;
    for (uint8_t& b : in) b = sparse && rng() % 5 ? 0 : static_cast<uint8_t>(rng());
    in[0] = static_cast<uint8_t>(i % 7);
    out.push_back(std::move(in));
  }
  return out;
}

// Runs every input on `revision` (with `mutation`, "" for none) and hands
// each execution and the input's index to `check`, until it returns false.
// A revision this build lacks is a failure.
template <class Check>
void for_each_execution(const char* revision, const char* mutation, const std::vector<std::vector<uint8_t>>& inputs,
                        Check check) {
  RunOptions ro;
  ro.rev = find_revision(revision);
  ASSERT_NE(ro.rev, nullptr) << revision;
  ro.mutation = mutation;
  RunResult r;
  for (size_t i = 0; i < inputs.size(); ++i) {
    run_one(inputs[i].data(), inputs[i].size(), ro, &r);
    if (!check(r, i)) return;
  }
}

// Texts no kernel prints but a trace may carry (a fuzz input reaches printk
// text through kernel-source revisions, a patch through sites).
inline const std::vector<std::string>& hostile_texts() {
  static const std::vector<std::string> kTexts = {
      "",
      "plain ASCII text",
      "quote \" and backslash \\ and slash /",
      std::string("control \x01\x02\x1f tab\t newline\n return\r nul ") + '\0' + " del \x7f",
      "ansi \x1b[31mred\x1b[0m and an unterminated \x1b[",
      "invalid \xff\xfe bytes",
      "truncated two-byte \xc3",
      "truncated three-byte \xe2\x82",
      "overlong \xc0\xaf and surrogate \xed\xa0\x80 and past U+10FFFF \xf4\x90\x80\x80",
      "valid UTF-8: \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
      "   leading and trailing blanks   ",
      "averyveryveryverylongwordthatnocellholds_averyveryveryverylongwordthatnocellholds and more",
      "many     spaces      between         words that wrap across several lines of a narrow cell",
      "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac multi-byte run",
  };
  return kTexts;
}

// A field value for `type`: the extremes for numbers, small values for the
// enumerations (their names are looked up).
inline int32_t hostile_field(FieldType type, size_t i) {
  static const int32_t kInts[] = {0, -1, 1, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  switch (type) {
    case FieldType::kInt:
    case FieldType::kBool:
    case FieldType::kSdeiMode: return kInts[i % 5];
    case FieldType::kCpuMask: return static_cast<int32_t>(i * 0x9e3779b9u);
    default: return static_cast<int32_t>(i % 2);
  }
}

// A trace of `ncpus` CPUs: every event type with every hostile text, at
// depths 0 to 3, CPUs -1 (the machine) to ncpus, times up to 2^64 - 1, with
// no site, a site of line 0, and sites whose file and function are hostile.
inline Trace hostile_trace(int ncpus) {
  // The sites' texts live as long as the sites (a deque keeps them in place);
  // LeakSanitizer sees them reachable.
  static std::deque<std::string> texts;
  static std::vector<sf_site> sites = [] {
    std::vector<sf_site> s;
    for (const std::string& t : hostile_texts()) {
      const char* file = texts.emplace_back(t).c_str();
      const char* func = texts.emplace_back("fn_" + t).c_str();
      s.push_back({file, func, static_cast<int>(s.size()) + 1});
    }
    s.push_back({"arch/arm64/kernel/smp.c", "smp_send_stop", 0});
    return s;
  }();
  static const uint64_t kTimes[] = {0, 999, 1000, 123456789, 999999999999ULL, std::numeric_limits<uint64_t>::max()};
  Trace t;
  size_t i = 0;
  for (size_t type = 0; type < static_cast<size_t>(Ev::kCount); ++type) {
    for (const std::string& text : hostile_texts()) {
      TraceEvent e{};
      e.t_us = kTimes[i % 6];
      e.cpu = static_cast<int8_t>(static_cast<int>(i % static_cast<size_t>(ncpus + 2)) - 1);
      e.depth = static_cast<uint8_t>(i % 4);
      e.type = static_cast<Ev>(type);
      const EventInfo& info = event_info(e.type);
      for (int k = 0; k < 3; ++k) e.field[k] = hostile_field(info.fields[k].type, i + static_cast<size_t>(k));
      e.site = i % 3 == 0 ? nullptr : &sites[i % sites.size()];
      e.text_off = static_cast<uint32_t>(t.text.size());
      e.text_len = static_cast<uint32_t>(text.size());
      t.text += text;
      t.events.push_back(e);
      ++i;
    }
  }
  return t;
}

}  // namespace sf::test
