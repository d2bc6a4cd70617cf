// cex_litmus_test.cc - the counterexample-to-litmus emitter on the seed review's ordering violations.
//
// Spec: issue 11 ("from a counterexample to a litmus test"), harness/
// cex_litmus.h, docs/memory_model.md ("From a counterexample to a litmus
// test"). The counterexamples are found here by the same bounded exploration
// as the seed questions (harness/stop/decision_explore.h), then replayed with
// the memory events recorded; the litmus test is read back with a small
// structural reader of the kernel's C litmus format (processes, their
// parameters and registers, the exists clause), since the project has no
// litmus reader of its own yet.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "harness/cex_litmus.h"
#include "harness/revisions.h"
#include "harness/stop/decision_explore.h"
#include "harness/timeline.h"
#include "tests/harness/directed.h"
#include "tests/harness/weak_scenarios.h"

namespace sf::test {
namespace {

// The first execution of the bounded exploration that violates `prop`,
// replayed with its memory recorded.
RunResult counterexample(const Scenario& s, RunOptions o, const std::string& prop, int k) {
  const Exploration e = explore(s, o, k, memory_or_firmware);
  std::vector<uint8_t> tape;  // may be empty: every decision 0
  bool found = false;
  for (const auto& [v, t] : e.witness)
    if (v.rfind(prop + " ", 0) == 0 || v.find(", " + prop + " ") != std::string::npos) {
      tape = t;
      found = true;
    }
  EXPECT_TRUE(found) << describe(e);
  o.record_memory = true;
  RunResult r;
  run_scenario(s, tape.data(), tape.size(), o, &r);
  return r;
}

std::string litmus_of(const RunResult& r, std::string* why = nullptr) {
  const Finding* f = r.violation();
  EXPECT_NE(f, nullptr);
  CexLitmusInput in;
  in.trace = &r.trace;
  in.violation_event = f ? f->event : 0;
  in.name = "stopfuzz-test";
  in.about = {"a test"};
  std::string out, reason;
  if (!cex_litmus(in, &out, &reason)) {
    if (why) *why = reason;
    return "";
  }
  return out;
}

// The kernel's C litmus format, as far as these tests need it.
struct Litmus {
  std::string name;
  std::string init;
  struct Process {
    std::vector<std::string> params;
    std::vector<std::string> body;  // statements, comments stripped
  };
  std::vector<Process> procs;
  std::string exists;
};

// C comments, and the OCaml-style comment block that opens a line ("(*"
// inside a line is READ_ONCE(*x)).
std::string strip_comments(std::string s) {
  for (size_t a; (a = s.find("/*")) != std::string::npos;) s.erase(a, s.find("*/", a) + 2 - a);
  for (size_t a; (a = s.find("\n(*")) != std::string::npos;) s.erase(a + 1, s.find("*)", a) + 1 - a);
  return s;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\n"), b = s.find_last_not_of(" \t\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool parse(const std::string& text, Litmus* out, std::string* err) {
  if (text.rfind("C ", 0) != 0) return *err = "no 'C name' line", false;
  out->name = trim(text.substr(2, text.find('\n') - 2));
  const std::string s = strip_comments(text.substr(text.find('\n')));
  size_t at = s.find('{');
  if (at == std::string::npos) return *err = "no initial state", false;
  size_t close = s.find('}', at);
  out->init = trim(s.substr(at + 1, close - at - 1));
  at = close + 1;
  static const std::regex kProc(R"(^\s*P(\d+)\(([^)]*)\)\s*\{)");
  for (int n = 0;; ++n) {
    std::smatch m;
    const std::string rest = s.substr(at);
    if (!std::regex_search(rest, m, kProc) || m[1].str() != std::to_string(n)) break;
    Litmus::Process p;
    std::stringstream params(m[2].str());
    for (std::string one; std::getline(params, one, ',');) p.params.push_back(trim(one));
    const size_t body = at + m.position(0) + m.length(0), end = s.find("\n}", body);
    if (end == std::string::npos) return *err = "P" + std::to_string(n) + " is not closed", false;
    std::stringstream b(s.substr(body, end - body));
    for (std::string st; std::getline(b, st, ';');)
      if (!trim(st).empty()) p.body.push_back(trim(st));
    out->procs.push_back(p);
    at = end + 2;
  }
  const size_t ex = s.find("exists", at);
  if (out->procs.empty()) return *err = "no process", false;
  if (ex == std::string::npos) return *err = "no exists clause", false;
  out->exists = trim(s.substr(ex));
  return true;
}

// Issue 11's example: v4's counterexample (P10: the target read the stale
// sdei_nmi_stopping and took the backtrace branch) becomes the
// message-passing shape with the signal as the flag and no barrier on the
// writer's side (v4's smp_wmb() is a DMB: it orders nothing against the SMC).
TEST(CexLitmus, V4P10IsMessagePassingWithoutAWriterBarrier) {
  const RunResult r = counterexample(stop_scenario(), arm64("v4"), "P10", 2);
  const std::string text = litmus_of(r);
  ASSERT_FALSE(text.empty());
  std::cout << text;
  Litmus l;
  std::string err;
  ASSERT_TRUE(parse(text, &l, &err)) << err << "\n" << text;
  EXPECT_EQ(l.name, "stopfuzz-test");
  EXPECT_NE(text.find("Result: Sometimes"), std::string::npos);
  EXPECT_EQ(l.init, "");  // everything starts at 0
  ASSERT_EQ(l.procs.size(), 2u) << text;
  const std::vector<std::string> params = {"int *sdei_nmi_stopping", "int *sdei_event0_sgi"};
  EXPECT_EQ(l.procs[0].params, params);
  EXPECT_EQ(l.procs[1].params, params);
  EXPECT_EQ(l.procs[0].body,
            (std::vector<std::string>{"WRITE_ONCE(*sdei_nmi_stopping, 1)", "WRITE_ONCE(*sdei_event0_sgi, 1)"}));
  EXPECT_EQ(l.procs[1].body, (std::vector<std::string>{"int r0", "int r1", "r0 = READ_ONCE(*sdei_event0_sgi)",
                                                       "smp_rmb()", "r1 = READ_ONCE(*sdei_nmi_stopping)"}));
  EXPECT_EQ(l.exists, "exists (1:r0=1 /\\ 1:r1=0)");
  // The DMB is named where it was, and why it is not a barrier here.
  EXPECT_NE(text.find("/* smp_wmb() at core/v4/arm_sdei_nmi.c:"), std::string::npos) << text;
  EXPECT_NE(text.find("a DMB, which orders no store against the signal"), std::string::npos) << text;
  EXPECT_NE(text.find("sdei_nmi_stop_cpus()"), std::string::npos) << text;
  EXPECT_NE(text.find("sdei_nmi_handler()"), std::string::npos) << text;
}

// The same on final with mutation dmb-before-signal (the merged code with
// v4's barrier): the accesses come from that trace, not from a template.
TEST(CexLitmus, DmbBeforeSignalNamesFinalsSites) {
  const RunResult r = counterexample(stop_scenario(), arm64("final", "dmb-before-signal"), "P10", 2);
  const std::string text = litmus_of(r);
  Litmus l;
  std::string err;
  ASSERT_TRUE(parse(text, &l, &err)) << err << "\n" << text;
  ASSERT_EQ(l.procs.size(), 2u);
  EXPECT_EQ(l.procs[0].body.front(), "WRITE_ONCE(*sdei_nmi_stopping, 1)");
  EXPECT_NE(text.find("core/final/arm_sdei_nmi.c:"), std::string::npos) << text;
  EXPECT_EQ(text.find("core/v4/"), std::string::npos) << text;
  EXPECT_EQ(l.exists, "exists (1:r0=1 /\\ 1:r1=0)");
}

// v1's backtrace raise path (P12): the object is a bit of backtrace_mask,
// written by cpumask_copy() and read by cpumask_test_cpu() in the handler.
TEST(CexLitmus, V1P12ReadsAStaleBacktraceMaskBit) {
  const RunResult r = counterexample(backtrace_scenario(), arm64("v1"), "P12", 3);
  const std::string text = litmus_of(r);
  Litmus l;
  std::string err;
  ASSERT_TRUE(parse(text, &l, &err)) << err << "\n" << text;
  std::cout << text;
  ASSERT_EQ(l.procs.size(), 2u);
  ASSERT_EQ(l.procs[0].params.size(), 2u);
  EXPECT_EQ(l.procs[0].params[0], "int *backtrace_mask_bit1") << text;
  EXPECT_EQ(l.procs[0].body.front(), "WRITE_ONCE(*backtrace_mask_bit1, 1)");
  // The write that set the bit (the mask's copy), not the later clearing of
  // the requester's own bit in the same word.
  EXPECT_NE(text.find("nmi_trigger_cpumask_backtrace()"), std::string::npos) << text;
  EXPECT_EQ(l.procs[0].body.back(), "WRITE_ONCE(*sdei_event0_sgi, 1)");
  EXPECT_EQ(l.procs[0].body.size(), 2u) << text;  // no barrier before v1's signal
  EXPECT_EQ(l.procs[1].body.back(), "r1 = READ_ONCE(*backtrace_mask_bit1)");
  EXPECT_EQ(l.exists, "exists (1:r0=1 /\\ 1:r1=0)");
}

// Recording the accesses changes no verdict and no observable event.
TEST(CexLitmus, RecordingMemoryChangesNothingObservable) {
  for (const char* rev : {"v4", "final"}) {
    const Exploration e = explore(stop_scenario(), arm64(rev), 2, memory_or_firmware);
    for (const auto& [v, tape] : e.witness) {
      RunOptions o = arm64(rev);
      RunResult plain, recorded;
      run_scenario(stop_scenario(), tape.data(), tape.size(), o, &plain);
      o.record_memory = true;
      run_scenario(stop_scenario(), tape.data(), tape.size(), o, &recorded);
      EXPECT_EQ(observable_trace(plain.trace), observable_trace(recorded.trace)) << rev << " " << v;
      EXPECT_EQ(exploration_verdict(plain), exploration_verdict(recorded)) << rev << " " << v;
      EXPECT_GT(recorded.trace.events.size(), plain.trace.events.size());
    }
  }
}

// A violation that is not one of ordering has no litmus test, and says why:
// the SDEI stop branch returning instead of parking (P9) with every memory
// decision at its sc choice.
TEST(CexLitmus, NoStaleLoadNoLitmus) {
  const RunResult r = counterexample(stop_scenario(), arm64("final", "sdei-stop-returns"), "P9", 0);
  std::string why;
  EXPECT_EQ(litmus_of(r, &why), "");
  EXPECT_NE(why.find("not an ordering violation"), std::string::npos) << why;
}

}  // namespace
}  // namespace sf::test
