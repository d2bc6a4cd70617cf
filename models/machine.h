// machine.h - the simulated arm64 SMP machine: CPUs, GIC, SDEI firmware, PSCI, clock.
//
// Spec: design.md §2 (executing one scenario), stop-path.md §1 (actors), §2
// (shared state), §4.11 (firmware), §7 (behaviours and faults), §12.1.2 (the
// pseudo-NMI pre-mask window), §12.3 (print and SMC costs).
//
// Contract for code running on a CPU stack (kernel code, behaviours): hold no
// owning C++ object across a shim call. At the end of an execution blocked
// CPUs are abandoned (fibers) or unwound with longjmp (threads).
#pragma once

#include <array>
#include <csetjmp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/backend.h"
#include "models/choice_source.h"
#include "models/sdei_firmware.h"
#include "models/trace_event.h"
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
};

enum class CpuState : uint8_t {
  kUnstarted,
  kRunnable,
  kRunning,
  kSleeping,  // until wake_at, or an interrupt it can take
  kWaitIrq,   // until an interrupt it can take (WFI, spinning masked, parked)
  kOff,       // PSCI CPU_OFF succeeded: nothing is delivered any more
  kDone,      // its program ended; nothing is delivered any more
};

// One entry into the stop bookkeeping on a CPU (P4-P9, P16).
struct Invocation {
  int cpu = 0;
  int depth = 0;
  int ctx_kind = kCtxTop;
  int ipinr = -1;
  int cause = kCauseOther;
  bool self_stop = false;
  bool crash_at_entry = false;  // crash_stop at context entry (lower bound)
  bool crash_at_first = false;  // crash_stop at first bookkeeping (upper bound)
  bool note = false;
  bool note_regs_null = false;
  bool online_cleared = false;
  bool acked = false;  // online bit cleared or crash counter decremented
  bool pe_masked = false;
  bool daif_masked = false;
  bool parked = false;
  bool cpu_off = false;
  bool returned = false;  // its context returned to the interrupted code
  uint64_t t_start = 0;
};

struct Context {
  int kind = kCtxTop;
  int ipinr = -1;
  int cause = kCauseOther;
  bool saved_daif_i = false;
  bool saved_pmr = false;
  bool crash_at_entry = false;
  bool requester = false;  // issued an entry-point mark: not a stop
  bool self_stop = false;
  int invocation = -1;
  pt_regs regs{};  // the interrupted context, handed to handlers
};

struct Cpu {
  int id = 0;
  CpuState state = CpuState::kUnstarted;
  uint64_t wake_at = 0;
  bool daif_i = false;       // PSTATE.I (and D, A, F) set
  bool pmr_masked = false;   // ICC_PMR_EL1 masks normal-priority IRQs
  uint32_t pending_ipi = 0;  // bit per IPI number
  int sdei_cause = kCauseOther;
  int depth = 0;
  std::array<Context, 12> ctx{};
  const sf_site* site = nullptr;
  bool in_smp_stop = false;    // between smp_send_stop() enter..exit
  bool in_crash_stop = false;  // between crash_smp_send_stop() enter..exit
  bool in_backtrace = false;
  volatile int* waiting_lock = nullptr;
  std::jmp_buf top;
};

class Machine;

// Oracles see every event as it is emitted, with the machine to query.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_event(Machine& m, const TraceEvent& e) = 0;
};

using CpuProgram = std::function<void(Machine&, int cpu)>;

class Machine {
 public:
  Machine();
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Runs one execution to its end. programs[i] is CPU i's top-level code; CPU
  // 0 first runs rev->boot(). online[i]: CPU i is in cpu_online_mask at boot.
  void run(const sf_revision* rev, const MachineConfig& cfg, ChoiceSource* choices,
           const std::vector<CpuProgram>& programs, uint32_t online_at_boot, Observer* observer, Trace* trace,
           const sf_panic_config* panic_cfg);

  // ---- facts for oracles and behaviours ------------------------------------
  static Machine* current() { return current_; }
  const sf_revision* rev() const { return rev_; }
  const MachineConfig& config() const { return cfg_; }
  const Cpu& cpu(int i) const { return cpus_[i]; }
  int current_cpu() const { return cur_; }
  uint64_t now_us() const { return now_; }
  uint64_t steps() const { return steps_; }
  EndReason end_reason() const { return end_reason_; }
  const SdeiFirmware& firmware() const { return fw_; }
  const std::vector<Invocation>& invocations() const { return invocations_; }
  uint32_t online_mask() const;
  bool stop_started() const { return stop_started_; }
  int ipi_kind(int ipinr) const;
  const Trace& trace() const { return *trace_; }

  // Stops the execution from an oracle (a violation that must abort).
  void stop_execution(EndReason why);

  // ---- behaviour API (C++ code on a CPU stack) ------------------------------
  // A yield point: interrupts this CPU can take are delivered, and the
  // scheduler may switch CPUs. Inline fast path when nothing can happen.
  void yield_point(const sf_site* s) {
    Cpu& c = cpus_[cur_];
    if (++steps_ <= cfg_.max_steps && !booting_ && c.pending_ipi == 0 && !fw_.sgi_pending(cur_) &&
        (runnable_mask_ & ~(1u << cur_)) == 0) {
      c.site = s;
      return;
    }
    yield_slow(s);
  }
  void sleep_us(uint64_t us);        // interruptible busy-wait
  [[noreturn]] void wait_forever();  // WFI/spin with current masks
  void set_masks(bool daif_i, bool pmr);
  void mark_online(int cpu, bool online);  // through the revision's set_cpu_online
  void enter_foreign_sdei_dispatch();      // a stuck GHES-like handler
  void emit_text(Ev type, int a, int b, const char* text);
  uint32_t choose(uint32_t n, const char* label) { return choices_->choose(n, label); }

  // ---- the shim (models/shim_api.cc forwards here) --------------------------
  unsigned long load(const sf_site* s, const volatile void* addr, int size);
  void store(const sf_site* s, volatile void* addr, int size, unsigned long val);
  int bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr);
  int atomic(const sf_site* s, int op, volatile int* addr, int val);
  int cmpxchg(const sf_site* s, volatile int* addr, int old, int new_val);
  void bitmap_copy(const sf_site* s, unsigned long* dst, const volatile unsigned long* src, unsigned nbits);
  void barrier(const sf_site* s, int kind);
  void irq(const sf_site* s, int op);
  unsigned long irq_save(const sf_site* s);
  void irq_restore(const sf_site* s, unsigned long flags);
  bool irqs_disabled() const;
  pt_regs* get_irq_regs();
  void udelay(const sf_site* s, unsigned long units);
  void ipi_send_mask(const sf_site* s, int ipinr, uint32_t mask);
  void printk(const sf_site* s, const char* text);
  void crash_save_cpu(const sf_site* s, pt_regs* regs, int cpu);
  [[noreturn]] void cpu_park_loop(const sf_site* s);
  void psci_cpu_off(const sf_site* s);
  bool psci_has_cpu_die(int cpu) const { return cfg_.cpu[cpu].has_cpu_die; }
  [[noreturn]] void bug(const sf_site* s);
  void warn(const sf_site* s, const char* what);
  int sdei_call(const sf_site* s, int call, int event);
  int sdei_register(const sf_site* s, int event, sdei_event_callback* cb, void* arg);
  int sdei_signal(const sf_site* s, int event, unsigned long mpidr);
  int sdei_pe_mask(const sf_site* s, bool mask);
  int sdei_handler_abort(const sf_site* s);
  int sdei_platform_reset(const sf_site* s);
  bool sdei_is_present() const { return fw_.is_present(); }
  void mark(const sf_site* s, int mark, long arg);
  void spin_lock(const sf_site* s, volatile int* lock);
  void spin_unlock(const sf_site* s, volatile int* lock);
  // Recomputes the solo fast path (machine_api.h) for the running CPU; every
  // shim entry point calls it just before returning to kernel code.
  void update_solo();
  int counter_read(int cpu) const { return sf_fast.counter_read[cpu]; }
  sdei_event_callback* sdei_callback() const { return sdei_cb_; }
  void* sdei_callback_arg() const { return sdei_arg_; }

 private:
  void cpu_main(int id);
  void yield_slow(const sf_site* s);
  static Machine* current_;
  [[noreturn]] void end_execution(EndReason why);
  void after_resume();
  void switch_to(int pick);
  // Every state change goes through here so runnable_mask_ stays exact.
  void set_state(Cpu& c, CpuState st) {
    c.state = st;
    next_dirty_ = true;
    if (st == CpuState::kRunnable)
      runnable_mask_ |= 1u << c.id;
    else
      runnable_mask_ &= ~(1u << c.id);
  }
  void block(CpuState st, uint64_t wake_at);
  void reschedule_blocked();
  void fire_timers_at_now();
  bool can_take(const Cpu& c) const;
  void wake_if_deliverable(Cpu& c);
  bool deliver_one(Cpu& c);
  void deliver_pending(Cpu& c);
  void take_ipi(Cpu& c, int ipinr, bool nmi);
  void take_sdei(Cpu& c);
  Context& push_ctx(Cpu& c, int kind);
  void pop_ctx(Cpu& c, Context& x);
  void bookkeeping(Cpu& c, int what);
  Invocation* invocation_of(Cpu& c);
  void emit(Ev type, int a = 0, int b = 0, int c = 0, const sf_site* site = nullptr);
  // Appends one event (text copied into the trace's pool) and lets the
  // observer see it; ends the execution if the observer asked to.
  void record(Ev type, int a, int b, int c, const sf_site* site, const char* text);
  void charge(uint64_t us);
  bool nmi_ipi(int ipinr) const { return ipinr >= 0 && ipinr < 32 && ((nmi_ipis_ >> ipinr) & 1); }
  int cause_of(const Cpu& c) const;
  bool is_online_mask(const volatile void* addr) const;

  const sf_revision* rev_ = nullptr;
  MachineConfig cfg_;
  ChoiceSource* choices_ = nullptr;
  Observer* observer_ = nullptr;
  Trace* trace_ = nullptr;
  std::unique_ptr<Backend> threads_;
  std::unique_ptr<Backend> fibers_;
  Backend* backend_ = nullptr;
  std::array<Cpu, kMaxCpus> cpus_;
  std::array<std::function<void()>, kMaxCpus> entries_;
  const std::vector<CpuProgram>* programs_ = nullptr;
  SdeiFirmware fw_;
  sdei_event_callback* sdei_cb_ = nullptr;
  void* sdei_arg_ = nullptr;
  struct TimedRaise {
    uint64_t at;
    int target;
    int cause;
  };
  std::vector<TimedRaise> timed_;
  std::vector<Invocation> invocations_;
  uint32_t nmi_ipis_ = 0;
  uint32_t runnable_mask_ = 0;  // CPUs in CpuState::kRunnable
  // Earliest wake-up of a sleeping CPU or timed SGI raise (cache).
  bool next_dirty_ = true;
  uint64_t next_event_ = UINT64_MAX;
  uint64_t next_event_time();
  int cur_ = -1;
  unsigned long long& now_ = sf_fast.now;  // the clock lives in the fast-path block
  uint64_t steps_ = 0;
  bool ended_ = false;
  bool halting_ = false;
  bool stop_requested_ = false;
  EndReason stop_reason_ = EndReason::kViolation;
  std::array<bool, kMaxCpus> started_{};
  std::array<bool, kMaxCpus> finished_{};
  bool booting_ = false;
  bool stop_started_ = false;
  EndReason end_reason_ = EndReason::kQuiescent;
};

}  // namespace sf
