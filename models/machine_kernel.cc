// machine_kernel.cc - the kernel services the shim maps onto the machine:
// delays, the console, crash notes, parking, BUG/WARN, marks and spinlocks.
//
// Spec: design.md §2 (virtual time: udelay is a sleep of virtual time;
// noreturn paths block their CPU), stop-path.md §4.6 step 7 (park loop),
// §12.3 (console time per printk). Marks (marks.def) record what the
// hand-written callers are doing; their activities give later IPIs and SDEI
// signals their cause.
#include <cstdlib>

#include "models/machine.h"

namespace sf {
namespace {

struct MarkEffects {
  unsigned begins;
  unsigned ends;
  int effect;
};
constexpr MarkEffects kMarkEffects[] = {
#define SF_MARK_DEF(id, label, args, begins, ends, effect) {begins, ends, effect},
#include "stopfuzz/marks.def"
#undef SF_MARK_DEF
};

}  // namespace

void Machine::udelay(const sf_site* s, unsigned long units) {
  yield_point(s);
  sleep_us(static_cast<uint64_t>(units) * 1000);
}

void Machine::printk(const sf_site* s, const char* text) {
  yield_point(s);
  emit_text<ev::Printk>(text);
  charge(cfg_.printk_cost_us);
}

void Machine::warn(const sf_site* s, const char* what) {
  yield_point(s);
  emit_text<ev::Warn>(what);
}

void Machine::bug(const sf_site* s) {
  yield_point(s);
  emit(ev::Bug{});
  block(CpuState::kDone, 0);
  std::abort();
}

void Machine::crash_save_cpu(const sf_site* s, pt_regs* regs, int /*cpu*/) {
  yield_point(s);
  emit(ev::CrashNote{regs ? regs->sf_ctx_kind : -1, regs ? regs->sf_ctx_depth : -1});
}

void Machine::cpu_park_loop(const sf_site* s) {
  yield_point(s);
  emit(ev::Park{});
  wait_forever();
}

void Machine::mark(const sf_site* s, int mark, long arg) {
  Cpu& c = cpus_[cur_];
  if (s) c.site = s;
  const MarkEffects& fx = mark >= 0 && mark < SF_MARK_COUNT ? kMarkEffects[mark] : MarkEffects{0, 0, SF_MARK_FX_NONE};
  c.activities |= fx.begins;
  emit(ev::Mark{mark, static_cast<int>(arg)});
  c.activities &= ~fx.ends;
  switch (fx.effect) {
    case SF_MARK_FX_SPIN: wait_forever();
    case SF_MARK_FX_RESET: end_execution(EndReason::kReset);
    case SF_MARK_FX_KEXEC: end_execution(EndReason::kKexec);
    default: break;
  }
}

void Machine::spin_lock(const sf_site* s, volatile int* lock) {
  yield_point(s);
  while (*lock) {
    // Spinning with the current masks: block until the holder releases it or
    // an interrupt this CPU can take arrives (taken, then spin again).
    Cpu& c = cpus_[cur_];
    c.waiting_lock = lock;
    block(CpuState::kWaitIrq, 0);
    c.waiting_lock = nullptr;
    deliver_pending(c);
  }
  *lock = 1;
  if (weak_) wmem_.acquire(cur_);  // spin_lock() is an acquire (M9)
}

void Machine::spin_unlock(const sf_site* s, volatile int* lock) {
  yield_point(s);
  if (weak_) wmem_.release(cur_);  // spin_unlock() is a release (M9)
  *lock = 0;
  for (int i = 0; i < cfg_.ncpus; ++i)
    if (cpus_[i].waiting_lock == lock && cpus_[i].state == CpuState::kWaitIrq) set_state(cpus_[i], CpuState::kRunnable);
}

}  // namespace sf
