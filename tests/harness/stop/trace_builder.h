// trace_builder.h - hand-built event sequences for the property unit tests.
//
// Spec: design.md §4 (properties read one typed event stream), the
// architecture issue ("each property with unit tests on hand-built event
// sequences"). A TraceBuilder feeds the stop oracle the events a test
// writes, one call per event, with a probe whose kernel state (crash_stop,
// the online counter) the test sets: no machine, no kernel code runs.
// Events go to the CPU's current depth; entering an IRQ or SDEI dispatch
// goes one deeper, completing it one back. The revision is "unit-test",
// which has no known findings: every finding is a violation.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "harness/stop/oracle.h"
#include "harness/stop/signatures.h"

namespace sf::test {

class FakeProbe final : public KernelProbe {
 public:
  bool crash = false;
  bool sdei = true;
  uint32_t backtrace = 0;
  int count = 0;
  std::array<int, kMaxCpus> read;
  std::array<int, kMaxCpus> writes{};

  FakeProbe() { read.fill(-1); }
  bool crash_stop() const override { return crash; }
  bool sdei_nmi_available() const override { return sdei; }
  uint32_t backtrace_mask() const override { return backtrace; }
  int online_count() const override { return count; }
  int online_count_read(int cpu) const override { return read[cpu]; }
  int online_count_writes(int cpu) const override { return writes[cpu]; }
};

class TraceBuilder {
 public:
  // `ncpus` CPUs, all online and responsive; CPU 0 is the requester.
  explicit TraceBuilder(int ncpus = 2) {
    scenario.machine.ncpus = ncpus;
    for (int i = 1; i < ncpus; ++i) scenario.behaviour[i] = Behaviour::kResponsive;
    apply_initial_state(scenario);
    probe.count = ncpus;
  }

  Scenario scenario;  // change before the first event
  FakeProbe probe;    // change at any time: the oracle reads it at each event

  // The revision's features (SF_FEAT_*; default: the merged series'), before the first event.
  void set_features(unsigned int features) { rev_.features = features; }

  TraceBuilder& at_ms(uint64_t ms) {
    now_ = ms * 1000;
    return *this;
  }

  // ---- events, in the order the machine would record them ----
  TraceBuilder& mark(int cpu, int mark, int arg = 0) { return add(cpu, ev::Mark{mark, arg}); }
  TraceBuilder& enter_irq(int cpu, int kind, bool nmi = false) {
    ++depth_[cpu];
    return add(cpu, ev::IrqEnter{kind, nmi ? 1 : 0, kind});
  }
  TraceBuilder& exit_irq(int cpu, int kind, bool nmi = false) {
    add(cpu, ev::IrqExit{kind, nmi ? 1 : 0, kind});
    --depth_[cpu];
    return *this;
  }
  TraceBuilder& enter_sdei(int cpu, int cause) {
    ++depth_[cpu];
    return add(cpu, ev::SdeiDispatch{cause});
  }
  TraceBuilder& complete_sdei(int cpu, int err = 0) {
    add(cpu, ev::SdeiComplete{SF_SDEI_EXIT_COMPLETE, err});
    --depth_[cpu];
    return *this;
  }
  TraceBuilder& send_ipi(int cpu, uint32_t targets, int kind) {
    return add(cpu, ev::IpiSend{static_cast<int>(targets), kind, kind});
  }
  TraceBuilder& signal(int cpu, int target, int cause = kCauseStop, int err = 0) {
    return add(cpu, ev::SdeiSignal{target, err, cause});
  }
  TraceBuilder& snapshot(int cpu, uint32_t mask) { return add(cpu, ev::Snapshot{static_cast<int>(mask)}); }
  // The CPU reads num_online_cpus() (as the machine keeps it for the probe).
  TraceBuilder& read_count(int cpu) {
    probe.read[cpu] = probe.count;
    return *this;
  }
  TraceBuilder& daif_mask(int cpu) { return add(cpu, ev::DaifMask{}); }
  TraceBuilder& note(int cpu, int regs_kind) { return add(cpu, ev::CrashNote{regs_kind, 0}); }
  // set_cpu_online(cpu, false): the bit, then (unless `decrement` is false)
  // the counter.
  TraceBuilder& offline(int cpu, bool decrement = true) {
    add(cpu, ev::Online{cpu, 0});
    if (decrement) {
      --probe.count;
      ++probe.writes[cpu];
    }
    return *this;
  }
  // set_cpu_online(cpu, true) of a CPU coming online: the bit, then (unless
  // `increment` is false) the counter; increment_count() does it later.
  TraceBuilder& online(int cpu, bool increment = true) {
    add(cpu, ev::Online{cpu, 1});
    if (increment) increment_count(cpu);
    return *this;
  }
  TraceBuilder& increment_count(int cpu) {
    ++probe.count;
    ++probe.writes[cpu];
    return *this;
  }
  // linux-6.1: the decrement of waiting_for_crash_ipi, `left` after it.
  TraceBuilder& crash_ack(int cpu, int left) { return add(cpu, ev::CrashAck{left}); }
  TraceBuilder& pe_mask(int cpu, int err = 0) { return add(cpu, ev::PeMask{err}); }
  TraceBuilder& park(int cpu) { return add(cpu, ev::Park{}); }
  TraceBuilder& cpu_off(int cpu, int result = 0, int outstanding = 0) {
    return add(cpu, ev::CpuOff{result, outstanding});
  }
  TraceBuilder& abort_sdei(int cpu, int err = 0) { return add(cpu, ev::SdeiAbort{err}); }
  TraceBuilder& printk(int cpu) { return add(cpu, ev::Printk{}); }

  // ---- common sequences ----
  // The requester enters smp_send_stop() (crash_smp_send_stop() if crash).
  TraceBuilder& stop_enter(int cpu, bool crash = false) {
    return mark(cpu, crash ? SF_MARK_CRASH_STOP_ENTER : SF_MARK_SMP_SEND_STOP_ENTER);
  }
  TraceBuilder& stop_exit(int cpu, bool crash = false) {
    return mark(cpu, crash ? SF_MARK_CRASH_STOP_EXIT : SF_MARK_SMP_SEND_STOP_EXIT);
  }
  // Rung 1: snapshot, IPI_CPU_STOP to `targets`.
  TraceBuilder& rung1(int cpu, uint32_t targets) {
    read_count(cpu);
    snapshot(cpu, targets | (1u << cpu));
    return send_ipi(cpu, targets, SF_IPI_STOP);
  }
  // A target takes an IPI stop as the merged code does it: DAIF mask, note
  // if crash (regs of the interrupted task), offline, PE mask, then CPU_OFF
  // on the crash path or park.
  TraceBuilder& ipi_stop(int cpu, int kind = SF_IPI_STOP) {
    enter_irq(cpu, kind, kind == SF_IPI_STOP_NMI);
    daif_mask(cpu);
    if (probe.crash) note(cpu, kCtxTop);
    offline(cpu);
    pe_mask(cpu);
    return probe.crash ? cpu_off(cpu) : park(cpu);
  }

  // The end of the execution.
  void end(EndReason why = EndReason::kQuiescent) { oracle().on_end(why, now_, events_.size()); }

  const std::vector<Finding>& findings() const { return findings_; }
  bool has(Signature s) const {
    for (const Finding& f : findings_)
      if (f.sig == s) return true;
    return false;
  }
  // Findings of property p.
  size_t count(Property p) const {
    size_t n = 0;
    for (const Finding& f : findings_) n += f.property == p;
    return n;
  }
  std::string list() const {
    std::string s;
    for (const Finding& f : findings_)
      s += std::string(property_info(f.property).id) + " " + f.signature + ": " + f.message + "\n";
    return s.empty() ? "(no findings)\n" : s;
  }

 private:
  template <class E>
  TraceBuilder& add(int cpu, const E& x) {
    TraceEvent e{};
    e.t_us = now_;
    e.cpu = static_cast<int8_t>(cpu);
    e.depth = static_cast<uint8_t>(depth_[cpu]);
    e.type = E::kType;
    const auto& [f1, f2, f3] = x;
    e.field[0] = f1;
    e.field[1] = f2;
    e.field[2] = f3;
    events_.push_back(e);
    oracle().on_event(events_.back());
    return *this;
  }
  StopOracle& oracle() {
    if (!oracle_) oracle_ = std::make_unique<StopOracle>(scenario, &rev_, "unit-test", probe, &findings_);
    return *oracle_;
  }

  sf_revision rev_ = [] {
    sf_revision r{};
    r.name = "unit-test";
    r.features = SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_SDEI_STOP | SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE;
    return r;
  }();
  uint64_t now_ = 0;
  std::array<int, kMaxCpus> depth_{};
  std::vector<TraceEvent> events_;
  std::vector<Finding> findings_;
  std::unique_ptr<StopOracle> oracle_;
};

}  // namespace sf::test
