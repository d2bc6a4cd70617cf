// oracle.h - the online and end-of-run checks of properties P1-P16.
//
// Spec: stop-path.md §8 narrowed by §12.1 (P7 per target, P12 without
// masked PEs, P1/P2 for the winner only); design.md §4. The oracle sees the
// trace as it is emitted plus the machine's invocation records; it never
// changes the execution except to stop it on a violation that must abort.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/known_findings.h"
#include "harness/stop/properties.h"
#include "harness/stop/scenario.h"
#include "models/machine.h"

namespace sf {

struct Finding {
  Property property;
  std::string signature;  // short shape, e.g. "sdei-in-irq"
  std::string message;
  bool known = false;
  size_t event = 0;  // index of the trace event that exposed it
  int cpu = -1;
  uint64_t t_us = 0;
};

class StopOracle final : public Observer {
 public:
  StopOracle(const Scenario& s, std::string revision, std::vector<Finding>* out)
      : s_(s), revision_(std::move(revision)), out_(out) {}
  void on_event(Machine& m, const TraceEvent& e) override;
  // Checks that need the whole execution (run after the machine stopped).
  void on_end(Machine& m);

  // Whether the scenario is inside P5's scope (single requester, reachable
  // targets, cooperative firmware): computed once from the scenario.
  static bool cooperative(const Scenario& s, const sf_revision* rev, int cpu);

 private:
  struct Call {
    bool open = false;
    int depth = 0;
    bool crash = false;
    bool first_crash = false;
    uint64_t t0 = 0;
    uint32_t others_at_entry = 0;
    int others_count_at_entry = 0;  // num_other_online_cpus() at entry (the counter)
    bool sent = false;
    bool rung1 = false, rung2 = false, rung3 = false;
    int printks = 0, smcs = 0;
    int64_t last_rung_ev = -1;
    int64_t snapshot_ev = -1;
    uint32_t snapshot = 0;
    uint32_t rung3_snapshot = 0;
    uint32_t rung3_targets = 0;
    bool pe_mask = false;
    bool abort_called = false;
  };

  void report(Machine& m, const TraceEvent& e, Property p, const char* sig, const std::string& msg);
  void new_invocation(Machine& m, const TraceEvent& e, size_t index);
  void open_call(Machine& m, const TraceEvent& e, bool crash);
  void close_call(Machine& m, const TraceEvent& e, bool crash);
  void rung(Machine& m, const TraceEvent& e, Call& c, int which, uint32_t targets);
  int invocation_at(const Machine& m, const TraceEvent& e) const;
  int others_seen(const Machine& m, int cpu) const;

  const Scenario& s_;
  std::string revision_;
  std::vector<Finding>* out_;
  size_t seen_invocations_ = 0;
  size_t event_index_ = 0;
  std::array<Call, kMaxCpus> call_{};
  std::array<int, kMaxCpus> invocations_on_{};
  std::array<int, kMaxCpus> first_inv_{};
  std::array<bool, kMaxCpus> acked_{};
  std::array<int, kMaxCpus> ack_inv_{};
  std::array<int, kMaxCpus> notes_{};
  std::array<bool, kMaxCpus> self_stopped_{};
  std::array<bool, kMaxCpus> sdei_stopped_{};
  std::array<std::array<bool, 16>, kMaxCpus> stop_started_at_dispatch_{};
  int winner_ = -1;
  int crash_calls_ = 0;
};

}  // namespace sf
