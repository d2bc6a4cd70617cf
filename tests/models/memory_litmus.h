// memory_litmus.h - tiny hand-built programs on the machine, explored over every short tape.
//
// Spec: docs/memory_model.md (each rule M1-M12 gets its own test), issue 11.
// A litmus revision stands in for the kernel: its boot registers SDEI event
// 0 with the test's handler, its IPI handler is the test's, and it owns no
// stop path. CPU programs are C++ lambdas calling the shim's C entry points
// (sf_store, sf_load, sf_barrier, ...) on the shared words below. outcomes()
// runs the programs under every tape of a given length and alphabet (the
// tape answers the schedule and every memory decision) and collects the
// registers each execution ends with.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "harness/tape.h"
#include "models/machine.h"

namespace sf::test::litmus {

inline const sf_site kSite = {"tests/models/litmus", "litmus", 1};

// Shared memory of the litmus programs (static: not on any CPU's stack).
inline volatile long x, y, z;
inline volatile int counter;         // an atomic_t's counter
inline volatile unsigned long bits;  // a bitmap word
// Per-CPU result registers, -1 when not written.
inline std::array<long, 4> reg;
// What the SDEI event-0 handler and the IPI handler of the litmus revision do.
inline std::function<void(int cpu)> on_sdei, on_ipi;

inline void W(volatile long* p, long v) { sf_store(&kSite, p, sizeof *p, static_cast<unsigned long>(v)); }
inline long R(volatile long* p) { return static_cast<long>(sf_load(&kSite, p, sizeof *p)); }
inline void B(int kind) { sf_barrier(&kSite, kind); }
inline int cpu() { return sf_smp_processor_id(); }

namespace detail {
inline unsigned long online_mask[1];
inline int num_online;
inline int sdei_callback(unsigned int, struct pt_regs*, void*) {
  if (on_sdei) on_sdei(cpu());
  return 0;
}
inline void reset() {
  x = 0;
  y = 0;
  z = 0;
  counter = 0;
  bits = 0;
  reg.fill(-1);
}
inline void boot() {
  sf_sdei_event_register(&kSite, 0, sdei_callback, nullptr);
  sf_sdei_event_enable(&kSite, 0);
}
inline int ipi_kind(int) { return SF_IPI_OTHER; }
inline void handle_ipi(int) {
  if (on_ipi) on_ipi(cpu());
}
inline void set_cpu_online(unsigned int, bool) {}
inline int sdei_entry(unsigned int event, struct pt_regs* regs) {
  void* arg = nullptr;
  sdei_event_callback* cb = sf_sdei_registered_callback(&arg);
  if (cb) cb(event, regs, arg);
  return SF_SDEI_EXIT_COMPLETE;
}
inline bool never() { return false; }
}  // namespace detail

inline sf_revision make_revision() {
  sf_revision r{};
  r.name = "litmus";
  r.summary = "memory-model tests";
  r.nr_ipi = 1;
  r.reset = detail::reset;
  r.boot = detail::boot;
  r.ipi_kind = detail::ipi_kind;
  r.handle_ipi = detail::handle_ipi;
  r.set_cpu_online = detail::set_cpu_online;
  r.sdei_entry = detail::sdei_entry;
  r.crash_stop_set = detail::never;
  r.sdei_nmi_available = detail::never;
  r.online_mask = detail::online_mask;
  r.num_online = &detail::num_online;
  return r;
}

// Programs run one after the other (CPU 0 first, then 1, ...): the tape then
// answers only the memory model's decisions, so an outcome that needs a
// reordering cannot come from an interleaving.
class InOrder final : public Scheduler {
 public:
  int preempt(int, const int*, int) override { return -1; }
  int pick(int, const int* runnable, int) override { return runnable[0]; }
};

using Program = std::function<void(int cpu)>;
using Outcome = std::array<long, 4>;

// Runs the programs once under `tape`; returns the registers.
inline Outcome run_once(const std::vector<Program>& progs, const std::vector<uint8_t>& tape, MemoryModel model,
                        Trace* trace_out = nullptr, Scheduler* scheduler = nullptr) {
  static Machine m;
  static const sf_revision rev = make_revision();
  InOrder in_order;
  MachineConfig cfg;
  cfg.ncpus = static_cast<int>(progs.size());
  cfg.memory = model;
  std::vector<CpuProgram> cps;
  for (const Program& p : progs)
    cps.emplace_back([p](Machine& mm, int c) {
      p(c);
      (void)mm;
    });
  Tape t(tape.data(), tape.size());
  Trace trace;
  m.run(&rev, cfg, &t, cps, (1u << cfg.ncpus) - 1, nullptr, trace_out ? trace_out : &trace, nullptr,
        scheduler ? scheduler : &in_order);
  return reg;
}

// Every outcome over all tapes of length `len` with bytes 0..max_value.
inline std::set<Outcome> outcomes(const std::vector<Program>& progs, size_t len, uint8_t max_value,
                                  MemoryModel model = MemoryModel::kArm64, Scheduler* scheduler = nullptr) {
  std::set<Outcome> out;
  std::vector<uint8_t> tape(len, 0);
  for (;;) {
    out.insert(run_once(progs, tape, model, nullptr, scheduler));
    size_t i = 0;
    while (i < len && tape[i] == max_value) tape[i++] = 0;
    if (i == len) break;
    ++tape[i];
  }
  return out;
}

inline Outcome regs(long r0, long r1 = -1, long r2 = -1, long r3 = -1) { return {r0, r1, r2, r3}; }

inline std::string show(const std::set<Outcome>& s) {
  std::string o;
  for (const Outcome& x : s) {
    o += "(";
    for (size_t i = 0; i < x.size(); ++i) o += (i ? "," : "") + std::to_string(x[i]);
    o += ") ";
  }
  return o;
}

}  // namespace sf::test::litmus
