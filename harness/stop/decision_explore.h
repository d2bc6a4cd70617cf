// decision_explore.h - bounded exhaustive exploration of a tape's run-time decisions.
//
// Spec: design.md §7 ("exhaustive with a preemption bound"), issue 11 (the
// seed's questions settled by exhaustive exploration of a bounded scenario,
// not only by a fuzz run), docs/memory_model.md (the decisions of the arm64
// model). Unlike search_schedule() (directed.h), which places non-zero BYTES,
// this walks the DECISIONS an execution actually asks: every tape whose
// decisions are 0 except at most `max_nonzero` of them, each of those taking
// every value 1..n-1, is run exactly once (a decision past the last non-zero
// one is 0, so the execution is determined by the non-zero prefix). Which
// decisions may be non-zero is a label filter: e.g. only the memory model's
// and the firmware's, with the schedule left at "keep running".
// Used by the seed-question tests (tests/harness/seed_questions_test.cc) and
// by tools/make_seeds, which finds the weak-memory seeds' schedules with it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/stop/properties.h"
#include "harness/stop/run.h"

namespace sf {

struct Exploration {
  size_t runs = 0;
  bool complete = true;                                 // false: stopped at max_runs
  std::map<std::string, size_t> verdicts;               // "clean", "P10 stop-taken-as-backtrace", ...
  std::map<std::string, std::vector<uint8_t>> witness;  // first tape of each verdict
};

// The verdict of one execution: its violations that are not known findings
// (property and signature, sorted), or "clean".
inline std::string exploration_verdict(const RunResult& r) {
  std::vector<std::string> v;
  for (const Finding& f : r.findings)
    if (!f.known) v.push_back(std::string(property_info(f.property).id) + " " + f.signature);
  if (v.empty()) return "clean";
  std::sort(v.begin(), v.end());
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

using LabelFilter = std::function<bool(const std::string& label)>;
inline bool memory_or_firmware(const std::string& l) {
  return l.rfind("memory:", 0) == 0 || l.rfind("firmware:", 0) == 0;
}
inline bool any_decision(const std::string&) { return true; }

// Runs one tape (with record_choices) into *r.
using TapeRun = std::function<void(const std::vector<uint8_t>& tape, RunResult* r)>;

// Every tape that extends `start` with decisions 0 except at most
// `max_nonzero` non-zero ones on decisions `branch_on` accepts, depth first;
// `enough` (if set) ends the walk once it returns true for a verdict.
inline Exploration explore_tapes(const TapeRun& run, const std::vector<uint8_t>& start, int max_nonzero,
                                 const LabelFilter& branch_on, size_t max_runs = 200000,
                                 const std::function<bool(const std::string&)>& enough = nullptr) {
  Exploration out;
  RunResult r;
  bool done = false;
  std::function<void(std::vector<uint8_t>, int)> dfs = [&](std::vector<uint8_t> prefix, int nonzero) {
    if (done) return;
    if (out.runs >= max_runs) {
      out.complete = false;
      return;
    }
    run(prefix, &r);
    ++out.runs;
    const std::string v = exploration_verdict(r);
    if (out.verdicts[v]++ == 0) out.witness[v] = prefix;
    if (enough && enough(v)) {
      done = true;
      out.complete = false;
      return;
    }
    if (nonzero == max_nonzero) return;
    // Byte offset of each decision (one byte, two above 256 choices); copied
    // because r is reused by the children.
    struct At {
      size_t offset;
      uint32_t n;
      bool may;
    };
    std::vector<At> at;
    size_t off = 0;
    for (const Tape::Decision& d : r.choices) {
      at.push_back({off, d.n, branch_on(d.label)});
      off += d.n <= 256 ? 1 : 2;
    }
    for (const At& a : at) {
      if (a.offset < prefix.size() || !a.may || a.n > 256) continue;
      for (uint32_t v = 1; v < a.n; ++v) {
        std::vector<uint8_t> child = prefix;
        child.resize(a.offset, 0);
        child.push_back(static_cast<uint8_t>(v));
        dfs(child, nonzero + 1);
      }
    }
  };
  dfs(start, 0);
  return out;
}

// One scenario, the tape holding only its run-time decisions.
inline Exploration explore(const Scenario& s, RunOptions opt, int max_nonzero, const LabelFilter& branch_on,
                           size_t max_runs = 200000) {
  opt.record_choices = true;
  return explore_tapes(
      [&](const std::vector<uint8_t>& tape, RunResult* r) { run_scenario(s, tape.data(), tape.size(), opt, r); }, {},
      max_nonzero, branch_on, max_runs);
}

inline std::string describe(const Exploration& e) {
  std::string s = std::to_string(e.runs) + " executions" + (e.complete ? "" : " (stopped at the bound)") + ":";
  for (const auto& [v, n] : e.verdicts) s += " " + v + " x" + std::to_string(n) + ";";
  return s;
}

}  // namespace sf
