// directed.h - helpers for directed tests: hand-built scenarios, trace queries, schedule search.
//
// Spec: stop-path.md §7.1, §7.5, §12.1 (the scenarios); design.md §3 (the
// tape after the scenario is the schedule: at each yield point with other
// runnable CPUs, choose(n+1) where 0 = keep running).
//
// Hand-built scenarios bypass draw_scenario(), which is where the machine's
// initial masks are derived from the behaviours. make_scenario() mirrors that
// mapping (harness/stop/scenario.cc) so a directed scenario starts in the same
// state a drawn one would: if the mapping there changes, change it here too.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/search.h"
#include "harness/stop/report.h"
#include "harness/stop/run.h"
#include "harness/stop/signatures.h"

namespace sf::test {

// Sets machine.initial[] of every target from its behaviour, as draw_scenario() does.
inline void apply_initial_masks(Scenario& s) { apply_initial_state(s); }

// A scenario with CPU 0 as the requester and targets[i] as CPU i+1. Plain
// panic (no crash kernel), working firmware, no costs, PSCI everywhere.
inline Scenario make_scenario(std::initializer_list<Behaviour> targets, bool pseudo_nmi = false,
                              SdeiMode sdei = SdeiMode::kPresent) {
  Scenario s;
  s.machine.ncpus = 1 + static_cast<int>(targets.size());
  s.machine.pseudo_nmi = pseudo_nmi;
  s.machine.sdei.mode = sdei;
  int i = 1;
  for (Behaviour b : targets) s.behaviour[i++] = b;
  apply_initial_masks(s);
  return s;
}

inline RunResult run(const Scenario& s, const std::vector<uint8_t>& schedule = {},
                     BackendKind backend = BackendKind::kFibers) {
  RunOptions opt;
  opt.backend = backend;
  RunResult r;
  run_scenario(s, schedule.data(), schedule.size(), opt, &r);
  return r;
}

inline std::string timeline(const RunResult& r) {
  std::ostringstream os;
  TimelineOptions opt;
  opt.sites = false;
  print_timeline(os, r, opt);
  return os.str();
}

using EventPred = std::function<bool(const TraceEvent&)>;

// The fields of an event as its catalogue view (events.def); a wrong kind
// fails the test and reads as zeros.
template <class E>
E view(const TraceEvent& e) {
  const std::optional<E> x = as<E>(e);
  EXPECT_TRUE(x.has_value()) << "event " << ev_name(e.type) << " is not a " << ev_name(E::kType);
  return x.value_or(E{});
}

// The catalogue signature of (property, name); fails the test if there is none.
inline Signature sig_of(Property p, const std::string& name) {
  Signature s = Signature::kCount;
  EXPECT_TRUE(signature_from_name(p, name, &s)) << property_info(p).id << " has no signature " << name;
  return s;
}

inline std::vector<TraceEvent> events(const RunResult& r, const EventPred& p) {
  std::vector<TraceEvent> out;
  for (const TraceEvent& e : r.trace.events)
    if (p(e)) out.push_back(e);
  return out;
}
inline size_t count(const RunResult& r, const EventPred& p) { return events(r, p).size(); }
inline size_t count(const RunResult& r, int cpu, Ev type) {
  return count(r, [&](const TraceEvent& e) { return e.cpu == cpu && e.type == type; });
}
inline size_t count_mark(const RunResult& r, int cpu, int mark) {
  return count(
      r, [&](const TraceEvent& e) { return e.cpu == cpu && e.type == Ev::kMark && view<ev::Mark>(e).mark == mark; });
}
// Index of the first event matching p, or -1.
inline long first(const RunResult& r, const EventPred& p) {
  for (size_t i = 0; i < r.trace.events.size(); ++i)
    if (p(r.trace.events[i])) return static_cast<long>(i);
  return -1;
}
inline const TraceEvent* first_mark(const RunResult& r, int cpu, int mark) {
  long i = first(
      r, [&](const TraceEvent& e) { return e.cpu == cpu && e.type == Ev::kMark && view<ev::Mark>(e).mark == mark; });
  return i < 0 ? nullptr : &r.trace.events[static_cast<size_t>(i)];
}
// IPI sends of a given kind (enum sf_ipi_kind) by cpu.
inline std::vector<TraceEvent> ipi_sends(const RunResult& r, int cpu, int kind) {
  return events(r, [&](const TraceEvent& e) {
    return e.cpu == cpu && e.type == Ev::kIpiSend && view<ev::IpiSend>(e).kind == kind;
  });
}
inline bool printed(const RunResult& r, int cpu, Ev type, const std::string& needle) {
  for (const TraceEvent& e : r.trace.events)
    if (e.cpu == cpu && e.type == type && r.trace.text_of(e).find(needle) != std::string_view::npos) return true;
  return false;
}
inline const Finding* finding(const RunResult& r, Property p, const std::string& sig) {
  for (const Finding& f : r.findings)
    if (f.property == p && f.signature == sig) return &f;
  return nullptr;
}
inline bool online_at_end(const RunResult& r, int cpu) {
  bool on = ((r.scenario.online_at_boot() >> cpu) & 1) != 0;
  for (const TraceEvent& e : r.trace.events)
    if (e.type == Ev::kOnline && view<ev::Online>(e).cpu == cpu) on = view<ev::Online>(e).online != 0;
  return on;
}
// Duration of the first stop call on cpu (smp_send_stop(), or
// crash_smp_send_stop() on the crash path, which calls smp_send_stop()
// directly without the marker wrapper), in virtual microseconds; -1 if none.
inline long stop_duration_us(const RunResult& r, int cpu) {
  const TraceEvent* in = first_mark(r, cpu, SF_MARK_SMP_SEND_STOP_ENTER);
  const TraceEvent* out = first_mark(r, cpu, SF_MARK_SMP_SEND_STOP_EXIT);
  if (!in) {
    in = first_mark(r, cpu, SF_MARK_CRASH_STOP_ENTER);
    out = first_mark(r, cpu, SF_MARK_CRASH_STOP_EXIT);
  }
  if (!in || !out) return -1;
  return static_cast<long>(out->t_us - in->t_us);
}

// Bounded-preemption search over the schedule (harness/search.h
// enumerate_sparse()): the first tape of `len` bytes with at most
// `max_nonzero` non-zero bytes, valued 1..max_value, for which pred holds.
// Deterministic and bounded by max_runs executions.
inline std::optional<std::vector<uint8_t>> search_schedule(const Scenario& s,
                                                           const std::function<bool(const RunResult&)>& pred,
                                                           size_t len, int max_nonzero, uint8_t max_value,
                                                           size_t max_runs = 40000) {
  std::optional<std::vector<uint8_t>> found;
  enumerate_sparse(len, max_nonzero, max_value, max_runs, [&](const std::vector<uint8_t>& tape) {
    if (!pred(run(s, tape))) return false;
    found = tape;
    return true;
  });
  return found;
}

inline std::string hex(const std::vector<uint8_t>& v) {
  std::string s;
  char b[4];
  for (uint8_t x : v) {
    snprintf(b, sizeof b, "%02x", x);
    s += b;
  }
  return s;
}

}  // namespace sf::test
