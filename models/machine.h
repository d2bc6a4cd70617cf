// machine.h - the simulated arm64 SMP machine: CPUs, GIC, SDEI firmware, PSCI, clock, memory.
//
// Spec: design.md §2 (executing one scenario; typed events; the machine
// knows no property), stop-path.md §1 (actors), §2 (shared state), §4.11
// (firmware), §7 (behaviours and faults), §12.1.2 (the pseudo-NMI pre-mask
// window), §12.3 (print and SMC costs).
//
// The machine is split along its seams, one file each: machine.cc (running
// an execution, the baton, the scheduler and virtual time), machine_irq.cc
// (GIC delivery, exception entry and return, IRQ masks), machine_memory.cc
// (loads, stores, atomics, barriers: models/memory.h), machine_firmware.cc
// (SMC calls: SDEI and PSCI), machine_kernel.cc (console, crash notes,
// parking, marks, spinlocks). The pure parts are their own classes: Clock,
// Gic, Memory, SdeiFirmware and the Scheduler policy.
//
// Contract for code running on a CPU stack (kernel code, behaviours): hold no
// owning C++ object across a shim call. At the end of an execution blocked
// CPUs are abandoned (fibers) or unwound with longjmp (threads).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/backend.h"
#include "models/choice_source.h"
#include "models/clock.h"
#include "models/cpu.h"
#include "models/gic.h"
#include "models/memory.h"
#include "models/memory_model.h"
#include "models/scheduler.h"
#include "models/sdei_firmware.h"
#include "models/trace.h"
#include "models/weak_memory.h"
#include "stopfuzz/revision.h"

namespace sf {

struct CpuFaults {
  bool has_cpu_die = true;     // PSCI enable method (false: spin-table)
  int cpu_off_result = 0;      // 0: CPU_OFF succeeds; else errno (DENIED)
  uint64_t sdei_delay_us = 0;  // SGI raised this long after SIGNAL succeeds
};

// What a CPU is doing when the execution starts (set before anything runs, so
// a target's masks never race with the first IPI).
struct CpuInitial {
  bool daif_i = false;
  bool pmr_masked = false;
  bool pe_masked = false;        // SDEI PE_MASK already issued
  bool in_foreign_sdei = false;  // inside another event's outstanding dispatch
};

struct MachineConfig {
  int ncpus = 2;
  bool pseudo_nmi = false;  // system_uses_irq_prio_masking()
  SdeiFaults sdei;
  std::array<CpuFaults, kMaxCpus> cpu{};
  std::array<CpuInitial, kMaxCpus> initial{};
  uint64_t printk_cost_us = 0;  // console cost charged per printk (§12.3)
  uint64_t smc_cost_us = 0;     // per SMC (SIGNAL, PE_MASK, ...) (§12.3)
  uint64_t max_steps = 300000;  // harness bound on yield points
  uint64_t max_time_us = 40'000'000;
  int max_depth = 8;  // harness bound on interrupt nesting
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;  // docs/memory_model.md
  std::string mutation;                   // catalogued mutation active in this execution ("" none)
  // Record every marked access and barrier as MemLoad/MemStore/MemBarrier
  // events (the litmus emitter's input; off: the trace is as always).
  bool record_memory = false;
  // The solo fast path (machine_api.h): inline reads take the newest value,
  // i.e. choice 0 of every memory decision. Off for an exhaustive
  // exploration of the memory model (stopfuzz litmus).
  bool solo_fast_path = true;
};

// Sees every event as it is recorded (the properties live behind this).
class Observer {
 public:
  virtual ~Observer() = default;
  // Returning false ends the execution right after this event (a violation
  // that must abort), with EndReason::kViolation.
  virtual bool on_event(const TraceEvent& e) = 0;
};

class Machine;
using CpuProgram = std::function<void(Machine&, int cpu)>;

class Machine {
 public:
  Machine();
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Runs one execution to its end. programs[i] is CPU i's top-level code; CPU
  // 0 first runs rev->boot(). Bit i of online_at_boot: CPU i is in
  // cpu_online_mask at boot. `scheduler` decides who runs (default: every
  // decision read from `choices`); `choices` answers every other decision.
  void run(const sf_revision* rev, const MachineConfig& cfg, ChoiceSource* choices,
           const std::vector<CpuProgram>& programs, uint32_t online_at_boot, Observer* observer, Trace* trace,
           const sf_panic_config* panic_cfg, Scheduler* scheduler = nullptr);

  // The machine running on this thread's CPUs: the C shim's entry points
  // (models/shim_api.cc) reach it through this, the one pointer the C
  // boundary forces (set for the duration of run()).
  static Machine* current() { return current_; }

  // ---- facts ---------------------------------------------------------------
  const sf_revision* rev() const { return rev_; }
  const MachineConfig& config() const { return cfg_; }
  const Cpu& cpu(int i) const { return cpus_[i]; }
  int current_cpu() const { return cur_; }
  uint64_t now_us() const { return clock_.now(); }
  uint64_t steps() const { return steps_; }
  EndReason end_reason() const { return end_reason_; }
  const SdeiFirmware& firmware() const { return fw_; }
  // The last value CPU `cpu` read from the revision's online counter
  // (num_online_cpus()), -1 if none: what the code under test saw, which a
  // later store may no longer match.
  int online_count_read(int cpu) const { return sf_fast.counter_read[cpu]; }
  // How many times CPU `cpu` wrote the online counter in this execution.
  int online_count_writes(int cpu) const { return online_count_writes_[cpu]; }

  // ---- behaviour API (C++ code on a CPU stack) ------------------------------
  // A yield point: interrupts this CPU can take are delivered, and the
  // scheduler may switch CPUs. Inline fast path when nothing can happen
  // (an interrupt pending but masked here is nothing: yield_slow would not
  // deliver it either).
  void yield_point(const sf_site* s) {
    Cpu& c = cpus_[cur_];
    if (++steps_ <= cfg_.max_steps && !booting_ && (runnable_mask_ & ~(1u << cur_)) == 0 &&
        ((gic_.pending(cur_) == 0 && !fw_.sgi_pending(cur_)) || !can_take(c))) {
      c.site = s;
      return;
    }
    yield_slow(s);
  }
  // A yield point before an operation that touches only this CPU's own
  // state (cpu_relax(), a barrier under sc, an access to its own stack):
  // said to a policy that wants step hints (partial-order reduction).
  void yield_point_local(const sf_site* s) {
    next_local_ = true;
    yield_point(s);
    next_local_ = false;
  }
  void sleep_us(uint64_t us);        // interruptible busy-wait
  [[noreturn]] void wait_forever();  // WFI/spin with current masks
  void set_masks(bool daif_i, bool pmr);
  void mark_online(int cpu, bool online);  // through the revision's set_cpu_online
  void enter_foreign_sdei_dispatch();      // a stuck GHES-like handler
  uint32_t choose(uint32_t n, const char* label) { return choices_->choose(n, label); }

  // Records an event of the catalogue on the running CPU.
  template <class E>
  void emit(const E& x, const sf_site* site = nullptr) {
    const auto& [f1, f2, f3] = x;  // the view's fields, in catalogue order
    record(E::kType, {f1, f2, f3}, site, nullptr);
  }
  // An event whose payload is text (Printk, Warn).
  template <class E>
  void emit_text(const char* text) {
    record(E::kType, {0, 0, 0}, nullptr, text);
  }

  // ---- the shim (models/shim_api.cc forwards here) --------------------------
  // machine_memory.cc
  unsigned long load(const sf_site* s, const volatile void* addr, int size);
  void store(const sf_site* s, volatile void* addr, int size, unsigned long val);
  int bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr);
  int atomic(const sf_site* s, int op, volatile int* addr, int val);
  int cmpxchg(const sf_site* s, volatile int* addr, int old, int new_val);
  void bitmap_copy(const sf_site* s, unsigned long* dst, const volatile unsigned long* src, unsigned nbits);
  void barrier(const sf_site* s, int kind);
  unsigned long load_acquire(const sf_site* s, const volatile void* addr, int size);
  void store_release(const sf_site* s, volatile void* addr, int size, unsigned long val);
  long rmw(const sf_site* s, int op, int order, volatile void* addr, int size, long a, long b);
  // machine_irq.cc
  void irq(const sf_site* s, int op);
  unsigned long irq_save(const sf_site* s);
  void irq_restore(const sf_site* s, unsigned long flags);
  bool irqs_disabled() const;
  bool in_interrupt() const { return cpus_[cur_].depth > 0; }
  pt_regs* get_irq_regs();
  void ipi_send_mask(const sf_site* s, int ipinr, uint32_t mask);
  // machine_firmware.cc
  int sdei_call(const sf_site* s, int call, int event);
  int sdei_register(const sf_site* s, int event, sdei_event_callback* cb, void* arg);
  int sdei_signal(const sf_site* s, int event, unsigned long mpidr);
  int sdei_pe_mask(const sf_site* s, bool mask);
  int sdei_handler_abort(const sf_site* s);
  int sdei_platform_reset(const sf_site* s);
  bool sdei_is_present() const { return fw_.is_present(); }
  sdei_event_callback* sdei_callback() const { return sdei_cb_; }
  void* sdei_callback_arg() const { return sdei_arg_; }
  void psci_cpu_off(const sf_site* s);
  bool psci_has_cpu_die(int cpu) const { return cfg_.cpu[cpu].has_cpu_die; }
  // machine_kernel.cc
  void udelay(const sf_site* s, unsigned long units);
  void printk(const sf_site* s, const char* text);
  void warn(const sf_site* s, const char* what);
  [[noreturn]] void bug(const sf_site* s);
  void crash_save_cpu(const sf_site* s, pt_regs* regs, int cpu);
  [[noreturn]] void cpu_park_loop(const sf_site* s);
  void mark(const sf_site* s, int mark, long arg);
  void spin_lock(const sf_site* s, volatile int* lock);
  void spin_unlock(const sf_site* s, volatile int* lock);
  const std::string& mutation() const { return cfg_.mutation; }
  // Recomputes the solo fast path (machine_api.h) for the running CPU; every
  // shim entry point calls it just before returning to kernel code.
  void update_solo();

 private:
  // machine.cc: an execution, the baton, scheduling and time.
  void cpu_main(int id);
  void yield_slow(const sf_site* s);
  [[noreturn]] void end_execution(EndReason why);
  void after_resume();
  void switch_to(int pick);
  // Every state change goes through here so runnable_mask_ and the clock's
  // sleepers stay exact.
  void set_state(Cpu& c, CpuState st, uint64_t wake_at = 0);
  void block(CpuState st, uint64_t wake_at);
  void reschedule_blocked();
  // The scheduler's pick among `list` (rotation order, n >= 1) for the
  // running CPU; the tape's answer 0 when every decision is fixed.
  int pick_runnable(const int* list, int n);
  void fire_timers_at_now();
  // The tape's decision count when the tape policy schedules and every
  // later decision is fixed at 0 and only counted
  // (ChoiceSource::fixed_answer_count()), else nullptr. Once fixed, fixed
  // for the rest of the execution (a tape does not refill), so it is asked
  // until it says so and then remembered.
  size_t* fixed_answers() {
    if (!fixed_answers_ && sched_ == tape_sched_.get()) fixed_answers_ = choices_->fixed_answer_count();
    return fixed_answers_;
  }
  void charge(uint64_t us);
  // Appends one event (text copied into the trace's pool) and lets the
  // observer see it; ends the execution if the observer asks to.
  void record(Ev type, std::array<int32_t, 3> f, const sf_site* site, const char* text);
  // machine_irq.cc: delivery at yield points.
  bool can_take(const Cpu& c) const;
  void wake_if_deliverable(Cpu& c);
  bool deliver_one(Cpu& c);
  void deliver_pending(Cpu& c) {
    while (deliver_one(c)) {
    }
  }
  void take_ipi(Cpu& c, int ipinr, bool nmi);
  void take_sdei(Cpu& c);
  Context& push_ctx(Cpu& c, int kind);
  void pop_ctx(Cpu& c, const Context& x);
  int ipi_kind(int ipinr) const;
  // machine_memory.cc
  bool is_online_mask(const volatile void* addr) const {
    return addr == static_cast<const volatile void*>(rev_->online_mask);
  }
  // The access goes to the arm64 model (false: sc, or the running CPU's
  // private stack, M11).
  bool weak_for(const volatile void* addr);
  bool on_own_stack(const volatile void* addr) const;
  // MachineConfig::record_memory (machine_memory.cc).
  void record_access(Ev type, const volatile void* addr, long value, int bit, bool flag);
  static unsigned long newest(const volatile void* addr, int size);
  void yield_before_access(const sf_site* s, const volatile void* addr);

  static Machine* current_;
  const sf_revision* rev_ = nullptr;
  MachineConfig cfg_;
  ChoiceSource* choices_ = nullptr;
  Scheduler* sched_ = nullptr;
  size_t* fixed_answers_ = nullptr;  // fixed_answers(), per execution
  std::unique_ptr<TapeScheduler> tape_sched_;
  Observer* observer_ = nullptr;
  Trace* trace_ = nullptr;
  std::unique_ptr<Backend> threads_;
  std::unique_ptr<Backend> fibers_;
  Backend* backend_ = nullptr;
  std::array<Cpu, kMaxCpus> cpus_;
  std::array<std::function<void()>, kMaxCpus> entries_;
  const std::vector<CpuProgram>* programs_ = nullptr;
  Clock clock_{sf_fast.now};  // the clock lives in the fast-path block
  Gic gic_;
  Memory mem_;
  WeakMemory wmem_;
  bool weak_ = false;  // cfg_.memory == kArm64: accesses go to wmem_
  SdeiFirmware fw_;
  sdei_event_callback* sdei_cb_ = nullptr;
  void* sdei_arg_ = nullptr;
  uint32_t runnable_mask_ = 0;  // CPUs in CpuState::kRunnable
  int cur_ = -1;
  unsigned long long& steps_{sf_fast.steps};  // counted inline too (SF_SOLO_TRACKED)
  bool ended_ = false;
  bool halting_ = false;
  bool stop_requested_ = false;
  std::array<bool, kMaxCpus> started_{};
  std::array<bool, kMaxCpus> finished_{};
  std::array<int, kMaxCpus> online_count_writes_{};
  bool booting_ = false;
  bool hints_ = false;       // sched_->wants_step_hints(), per execution
  bool next_local_ = false;  // set by yield_point_local() around its yield
  EndReason end_reason_ = EndReason::kQuiescent;
};

}  // namespace sf
