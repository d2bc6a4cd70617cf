// machine.cc - scheduler, interrupt delivery, firmware calls and time of the machine.
//
// Spec: design.md §2 (baton at yield points, interrupts as nested calls,
// noreturn paths, virtual time), stop-path.md §4.11 (SDEI), §7 (faults),
// §12.1.2 (IRQ entry with pseudo-NMI leaves DAIF.I clear), §12.3 (costs).
#include "models/machine.h"

#include <cstdlib>
#include <cstring>

namespace sf {
namespace {

// The IRQ-entry yield point: the window between exception entry and the
// handler's own masking in which pseudo-NMIs (and SDEI) may nest (§12.1.2).
const sf_site kIrqEntrySite = {"arch/arm64/kernel/entry-common.c", "el1_interrupt", 0};
const sf_site kPsciSite = {"arch/arm64/kernel/psci.c", "cpu_psci_cpu_die", 0};

enum Bookkeeping { kBkNote, kBkNoteNull, kBkOnline, kBkAck, kBkPeMask, kBkDaif, kBkPark, kBkCpuOff };

}  // namespace

Machine* Machine::current_ = nullptr;

}  // namespace sf

extern "C" struct sf_fast_path sf_fast = {};

namespace sf {

void Machine::update_solo() {
  if (cur_ < 0 || booting_ || ended_ || stop_requested_) {
    sf_fast.solo = 0;
    return;
  }
  const Cpu& c = cpus_[cur_];
  sf_fast.cpu = cur_;
  const bool solo =
      (runnable_mask_ & ~(1u << cur_)) == 0 && c.pending_ipi == 0 && !fw_.sgi_pending(cur_) && steps_ < cfg_.max_steps;
  if (solo) {
    uint64_t h = next_event_time();
    if (h > cfg_.max_time_us + 1) h = cfg_.max_time_us + 1;
    sf_fast.horizon = h;
  }
  sf_fast.solo = solo ? 1 : 0;
}

Machine::Machine() = default;
Machine::~Machine() = default;

int Machine::ipi_kind(int ipinr) const {
  if (!rev_ || ipinr < 0 || ipinr >= rev_->nr_ipi) return SF_IPI_OTHER;
  return rev_->ipi_kind(ipinr);
}

uint32_t Machine::online_mask() const { return rev_ ? static_cast<uint32_t>(rev_->online_mask[0] & 0xff) : 0; }

void Machine::run(const sf_revision* rev, const MachineConfig& cfg, ChoiceSource* choices,
                  const std::vector<CpuProgram>& programs, uint32_t online_at_boot, Observer* observer, Trace* trace,
                  const sf_panic_config* panic_cfg) {
  current_ = this;
  rev_ = rev;
  cfg_ = cfg;
  if (cfg_.ncpus < 1) cfg_.ncpus = 1;
  if (cfg_.ncpus > kMaxCpus) cfg_.ncpus = kMaxCpus;
  if (cfg_.max_depth > static_cast<int>(cpus_[0].ctx.size()) - 1)
    cfg_.max_depth = static_cast<int>(cpus_[0].ctx.size()) - 1;
  choices_ = choices;
  observer_ = observer;
  trace_ = trace;
  programs_ = &programs;
  trace_->clear();
  invocations_.clear();
  timed_.clear();
  next_dirty_ = true;
  now_ = 0;
  sf_fast.solo = 0;
  sf_fast.online_count = rev->num_online;
  sf_fast.online_mask = rev->online_mask;
  for (int& r : sf_fast.counter_read) r = -1;
  steps_ = 0;
  ended_ = halting_ = stop_requested_ = stop_started_ = false;
  end_reason_ = EndReason::kQuiescent;
  sdei_cb_ = nullptr;
  sdei_arg_ = nullptr;
  fw_.reset(cfg_.ncpus, cfg_.sdei);

  if (cfg_.backend == BackendKind::kFibers && fiber_backend_available()) {
    if (!fibers_) fibers_ = make_fiber_backend();
    backend_ = fibers_.get();
  } else {
    if (!threads_) threads_ = make_thread_backend();
    backend_ = threads_.get();
  }

  rev_->reset();
  if (panic_cfg) rev_->configure(panic_cfg);
  rev_->online_mask[0] = online_at_boot & ((1u << cfg_.ncpus) - 1);
  *rev_->num_online = __builtin_popcount(static_cast<unsigned>(rev_->online_mask[0]));
  nmi_ipis_ = 0;
  for (int i = 0; i < rev_->nr_ipi && i < 32; ++i)
    if (cfg_.pseudo_nmi && rev_->ipi_is_nmi && rev_->ipi_is_nmi(i)) nmi_ipis_ |= 1u << i;

  for (int i = 0; i < kMaxCpus; ++i) {
    // Every field, so nothing of an earlier execution leaks into this one
    // (a CPU left waiting on a spinlock once kept its waiting_lock).
    cpus_[i] = Cpu{};
    cpus_[i].id = i;
    started_[i] = finished_[i] = false;
  }
  for (int i = 0; i < cfg_.ncpus; ++i) {
    const CpuInitial& init = cfg_.initial[i];
    Cpu& c = cpus_[i];
    c.daif_i = init.daif_i;
    c.pmr_masked = init.pmr_masked;
    if (init.pe_masked) fw_.pe_mask(i);
    if (init.in_foreign_sdei) {
      fw_.push_foreign_dispatch(i);
      c.depth = 1;
      c.ctx[1] = Context{};
      c.ctx[1].kind = kCtxSdei;
      c.ctx[1].saved_daif_i = false;
      c.daif_i = true;
    }
    entries_[i] = [this, i] { cpu_main(i); };
    backend_->prepare(i, &entries_[i]);
  }
  cur_ = 0;
  sf_fast.cpu = 0;
  runnable_mask_ = 0;
  set_state(cpus_[0], CpuState::kRunning);
  booting_ = true;
  emit(Ev::kBoot, cfg_.ncpus, cfg_.pseudo_nmi, static_cast<int>(cfg_.sdei.mode));
  backend_->run_from_driver(0);

  // The execution has ended. Threads blocked mid-execution unwind to their
  // top level (longjmp in after_resume); fibers are simply re-made next time.
  if (backend_ == threads_.get()) {
    halting_ = true;
    for (int i = 0; i < cfg_.ncpus; ++i) {
      if (!started_[i] || finished_[i]) continue;
      cur_ = i;
      sf_fast.cpu = i;
      backend_->run_from_driver(i);
    }
  }
  cur_ = -1;
  sf_fast.solo = 0;
  current_ = nullptr;
}

void Machine::cpu_main(int id) {
  Cpu& c = cpus_[id];
  started_[id] = true;
  if (setjmp(c.top) == 0) {
    if (id == 0) {
      rev_->boot();
      fw_.end_of_boot();
      booting_ = false;
      for (int i = 1; i < cfg_.ncpus; ++i) set_state(cpus_[i], CpuState::kRunnable);
    }
    (*programs_)[id](*this, id);
    block(CpuState::kDone, 0);
    std::abort();  // kDone is never scheduled again
  }
  finished_[id] = true;
  backend_->finish(id);
}

void Machine::after_resume() {
  if (halting_) std::longjmp(cpus_[cur_].top, 1);
}

void Machine::end_execution(EndReason why) {
  if (!ended_) {
    ended_ = true;
    end_reason_ = why;
    emit(Ev::kEnd, static_cast<int>(why));
  }
  backend_->to_driver(cur_);
  after_resume();
  std::abort();
}

void Machine::stop_execution(EndReason why) {
  stop_requested_ = true;
  stop_reason_ = why;
}

void Machine::emit(Ev type, int a, int b, int c, const sf_site* site) { record(type, a, b, c, site, nullptr); }

void Machine::emit_text(Ev type, int a, int b, const char* text) { record(type, a, b, 0, nullptr, text); }

void Machine::record(Ev type, int a, int b, int c, const sf_site* site, const char* text) {
  TraceEvent e{};
  e.t_us = now_;
  e.cpu = static_cast<int8_t>(cur_);
  e.depth = cur_ >= 0 ? static_cast<uint8_t>(cpus_[cur_].depth) : 0;
  e.type = type;
  e.a = a;
  e.b = b;
  e.c = c;
  e.site = site ? site : (cur_ >= 0 ? cpus_[cur_].site : nullptr);
  e.text_off = static_cast<uint32_t>(trace_->text.size());
  if (text) {
    const size_t len = strlen(text);
    trace_->text.append(text, len);
    e.text_len = static_cast<uint32_t>(len);
  }
  trace_->events.push_back(e);
  if (observer_) observer_->on_event(*this, trace_->events.back());
  if (stop_requested_ && !ended_) {
    stop_requested_ = false;
    end_execution(stop_reason_);
  }
}

// ---- scheduling -------------------------------------------------------------

void Machine::switch_to(int pick) {
  sf_fast.solo = 0;  // recomputed by the next shim entry point that returns
  int prev = cur_;
  set_state(cpus_[pick], CpuState::kRunning);
  cur_ = pick;
  sf_fast.cpu = pick;
  backend_->switch_cpu(prev, pick);
  after_resume();
}

void Machine::yield_slow(const sf_site* s) {
  Cpu& c = cpus_[cur_];
  c.site = s;
  if (steps_ > cfg_.max_steps) end_execution(EndReason::kStepLimit);
  if (booting_) return;
  deliver_pending(c);
  if ((runnable_mask_ & ~(1u << cur_)) == 0) return;  // fast path: nobody else can run
  int others[kMaxCpus];
  int n = 0;
  for (int k = 1; k < cfg_.ncpus; ++k) {
    int i = (cur_ + k) % cfg_.ncpus;
    if (cpus_[i].state == CpuState::kRunnable) others[n++] = i;
  }
  if (n == 0) return;
  uint32_t pick = choices_->choose(static_cast<uint32_t>(n) + 1, "preempt");
  if (pick == 0) return;
  set_state(c, CpuState::kRunnable);
  switch_to(others[pick - 1]);
  deliver_pending(cpus_[cur_]);
}

void Machine::block(CpuState st, uint64_t wake_at) {
  Cpu& c = cpus_[cur_];
  if ((st == CpuState::kSleeping || st == CpuState::kWaitIrq) && can_take(c)) return;
  if (st == CpuState::kSleeping && now_ >= wake_at) return;
  c.wake_at = wake_at;
  set_state(c, st);
  reschedule_blocked();
}

void Machine::reschedule_blocked() {
  sf_fast.solo = 0;
  const int self = cur_;
  for (;;) {
    int list[kMaxCpus];
    int n = 0;
    for (int k = 1; k <= cfg_.ncpus; ++k) {
      int i = (self + k) % cfg_.ncpus;
      if (cpus_[i].state == CpuState::kRunnable) list[n++] = i;
    }
    if (n > 0) {
      int pick = list[choices_->choose(static_cast<uint32_t>(n), "pick")];
      if (pick == self) {
        set_state(cpus_[self], CpuState::kRunning);
        return;
      }
      switch_to(pick);
      return;
    }
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < cfg_.ncpus; ++i)
      if (cpus_[i].state == CpuState::kSleeping && cpus_[i].wake_at < t) t = cpus_[i].wake_at;
    for (const TimedRaise& r : timed_)
      if (r.at < t) t = r.at;
    if (t == UINT64_MAX) end_execution(EndReason::kQuiescent);
    if (t > cfg_.max_time_us) end_execution(EndReason::kTimeLimit);
    if (t > now_) now_ = t;
    fire_timers_at_now();
  }
}

void Machine::fire_timers_at_now() {
  for (int i = 0; i < cfg_.ncpus; ++i)
    if (cpus_[i].state == CpuState::kSleeping && cpus_[i].wake_at <= now_) set_state(cpus_[i], CpuState::kRunnable);
  for (size_t k = 0; k < timed_.size();) {
    if (timed_[k].at <= now_) {
      TimedRaise r = timed_[k];
      timed_.erase(timed_.begin() + static_cast<long>(k));
      next_dirty_ = true;
      fw_.raise_sgi(r.target);
      cpus_[r.target].sdei_cause = r.cause;
      int saved = cur_;
      cur_ = r.target;  // attribute the raise to the target's column
      emit(Ev::kSdeiRaise, r.target, 0, r.cause, nullptr);
      cur_ = saved;
      wake_if_deliverable(cpus_[r.target]);
    } else {
      ++k;
    }
  }
}

bool Machine::can_take(const Cpu& c) const {
  if (c.state == CpuState::kOff || c.state == CpuState::kDone) return false;
  if (fw_.sgi_pending(c.id) && fw_.outstanding(c.id) == 0) return true;
  for (uint32_t p = c.pending_ipi; p; p &= p - 1) {
    int i = __builtin_ctz(p);
    if (nmi_ipi(i) ? !c.daif_i : (!c.daif_i && !c.pmr_masked)) return true;
  }
  return false;
}

void Machine::wake_if_deliverable(Cpu& c) {
  if ((c.state == CpuState::kSleeping || c.state == CpuState::kWaitIrq) && can_take(c))
    set_state(c, CpuState::kRunnable);
}

void Machine::deliver_pending(Cpu& c) {
  while (deliver_one(c)) {
  }
}

bool Machine::deliver_one(Cpu& c) {
  if (!can_take(c)) return false;
  if (c.depth + 1 >= cfg_.max_depth) end_execution(EndReason::kDepthLimit);
  if (fw_.sgi_pending(c.id)) {
    switch (fw_.take_sgi(c.id)) {
      case SdeiFirmware::Take::kDispatch: take_sdei(c); return true;
      case SdeiFirmware::Take::kDropMasked: emit(Ev::kSdeiDrop, 1, 0, c.sdei_cause); return true;
      case SdeiFirmware::Take::kDropUnregistered: emit(Ev::kSdeiDrop, 2, 0, c.sdei_cause); return true;
      case SdeiFirmware::Take::kNothing:
      case SdeiFirmware::Take::kBlocked: break;
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t p = c.pending_ipi; p; p &= p - 1) {
      int i = __builtin_ctz(p);
      bool nmi = nmi_ipi(i);
      if (pass == 0 && nmi && !c.daif_i) {
        take_ipi(c, i, true);
        return true;
      }
      if (pass == 1 && !nmi && !c.daif_i && !c.pmr_masked) {
        take_ipi(c, i, false);
        return true;
      }
    }
  }
  return false;
}

Context& Machine::push_ctx(Cpu& c, int kind) {
  const Context& parent = c.ctx[c.depth];
  ++c.depth;
  Context& x = c.ctx[c.depth];
  x = Context{};
  x.kind = kind;
  x.saved_daif_i = c.daif_i;
  x.saved_pmr = c.pmr_masked;
  x.regs.sf_ctx_kind = parent.kind;
  x.regs.sf_ctx_depth = c.depth - 1;
  x.regs.sf_site = c.site;
  x.regs.sf_irqs_masked = (c.daif_i || c.pmr_masked) ? 1 : 0;
  x.crash_at_entry = rev_->crash_stop_set ? rev_->crash_stop_set() : false;
  return x;
}

void Machine::pop_ctx(Cpu& c, Context& x) {
  if (x.invocation >= 0) invocations_[static_cast<size_t>(x.invocation)].returned = true;
  c.daif_i = x.saved_daif_i;
  c.pmr_masked = x.saved_pmr;
  --c.depth;
}

void Machine::take_ipi(Cpu& c, int ipinr, bool nmi) {
  c.pending_ipi &= ~(1u << ipinr);
  Context& x = push_ctx(c, nmi ? kCtxNmi : kCtxIrq);
  x.ipinr = ipinr;
  int kind = ipi_kind(ipinr);
  if (kind == SF_IPI_CRASH_STOP) x.crash_at_entry = true;
  if (nmi) {
    c.daif_i = true;
  } else if (cfg_.pseudo_nmi) {
    // GICv3 with priority masking: the IRQ path masks through PMR and runs
    // the handler with DAIF.I clear so pseudo-NMIs can preempt it.
    c.pmr_masked = true;
    c.daif_i = false;
  } else {
    c.daif_i = true;
  }
  emit(Ev::kIrqEnter, ipinr, nmi ? 1 : 0, kind);
  yield_point(&kIrqEntrySite);
  rev_->handle_ipi(ipinr);
  emit(Ev::kIrqExit, ipinr, nmi ? 1 : 0, kind);
  pop_ctx(c, x);
}

void Machine::take_sdei(Cpu& c) {
  Context& x = push_ctx(c, kCtxSdei);
  x.cause = c.sdei_cause;
  // EL3 enters the EL1 handler with all exceptions masked (§4.11 item 5).
  c.daif_i = true;
  emit(Ev::kSdeiDispatch, x.cause);
  int exit = rev_->sdei_entry(0, &x.regs);
  int err = exit == SF_SDEI_EXIT_COMPLETE ? fw_.event_complete(c.id) : fw_.event_complete_and_resume(c.id);
  emit(Ev::kSdeiComplete, exit, err);
  pop_ctx(c, x);
}

Invocation* Machine::invocation_of(Cpu& c) {
  Context& x = c.ctx[c.depth];
  if (x.requester) return nullptr;
  if (x.kind == kCtxTop && !x.self_stop) return nullptr;
  if (x.invocation < 0) {
    Invocation inv;
    inv.cpu = c.id;
    inv.depth = c.depth;
    inv.ctx_kind = x.kind;
    inv.ipinr = x.ipinr;
    inv.cause = x.cause;
    inv.self_stop = x.self_stop;
    inv.crash_at_entry = x.kind == kCtxTop ? (rev_->crash_stop_set && rev_->crash_stop_set()) : x.crash_at_entry;
    inv.crash_at_first = rev_->crash_stop_set && rev_->crash_stop_set();
    if (x.kind != kCtxTop && x.crash_at_entry) inv.crash_at_first = true;
    inv.t_start = now_;
    invocations_.push_back(inv);
    x.invocation = static_cast<int>(invocations_.size()) - 1;
  }
  return &invocations_[static_cast<size_t>(x.invocation)];
}

void Machine::bookkeeping(Cpu& c, int what) {
  Invocation* inv = invocation_of(c);
  if (!inv) return;
  switch (what) {
    case kBkNote: inv->note = true; break;
    case kBkNoteNull:
      inv->note = true;
      inv->note_regs_null = true;
      break;
    case kBkOnline:
      inv->online_cleared = true;
      inv->acked = true;
      break;
    case kBkAck: inv->acked = true; break;
    case kBkPeMask: inv->pe_masked = true; break;
    case kBkDaif: inv->daif_masked = true; break;
    case kBkPark: inv->parked = true; break;
    case kBkCpuOff: inv->cpu_off = true; break;
  }
}

void Machine::charge(uint64_t us) {
  if (us > 0) sleep_us(us);
}

// ---- behaviour API ----------------------------------------------------------

void Machine::sleep_us(uint64_t us) {
  const uint64_t until = now_ + us;
  // Fast path (same result as the loop below): nobody else can run, no
  // interrupt for this CPU, and nothing is scheduled before `until`, so time
  // simply moves on. Ties at `until` take the general path (they may need a
  // scheduling decision).
  if ((runnable_mask_ & ~(1u << cur_)) == 0 && until <= cfg_.max_time_us && !can_take(cpus_[cur_]) &&
      next_event_time() > until) {
    // (this CPU is running, so next_event_time() only sees the others)
    now_ = until;
    return;
  }
  while (now_ < until) {
    block(CpuState::kSleeping, until);
    deliver_pending(cpus_[cur_]);
  }
}

uint64_t Machine::next_event_time() {
  if (next_dirty_) {
    uint64_t next = UINT64_MAX;
    for (int i = 0; i < cfg_.ncpus; ++i)
      if (cpus_[i].state == CpuState::kSleeping && cpus_[i].wake_at < next) next = cpus_[i].wake_at;
    for (const TimedRaise& r : timed_)
      if (r.at < next) next = r.at;
    next_event_ = next;
    next_dirty_ = false;
  }
  return next_event_;
}

void Machine::wait_forever() {
  for (;;) {
    block(CpuState::kWaitIrq, 0);
    deliver_pending(cpus_[cur_]);
  }
}

void Machine::set_masks(bool daif_i, bool pmr) {
  cpus_[cur_].daif_i = daif_i;
  cpus_[cur_].pmr_masked = pmr;
}

void Machine::enter_foreign_sdei_dispatch() {
  Cpu& c = cpus_[cur_];
  fw_.push_foreign_dispatch(c.id);
  push_ctx(c, kCtxSdei);
  c.daif_i = true;
}

void Machine::mark_online(int cpu, bool online) {
  static const sf_site site = {"kernel/cpu.c", "notify_cpu_starting", 0};
  cpus_[cur_].site = &site;
  if (online) fw_.cpu_online_callback(cpu);
  // set_cpu_online() of the revision under test, so its counter is right.
  rev_->set_cpu_online(static_cast<unsigned>(cpu), online);
}

// ---- the shim ---------------------------------------------------------------

bool Machine::is_online_mask(const volatile void* addr) const {
  return rev_ && addr == static_cast<const volatile void*>(rev_->online_mask);
}

int Machine::cause_of(const Cpu& c) const {
  if (c.in_smp_stop || c.in_crash_stop) return kCauseStop;
  if (c.in_backtrace) return kCauseBacktrace;
  return kCauseOther;
}

unsigned long Machine::load(const sf_site* s, const volatile void* addr, int size) {
  yield_point(s);
  unsigned long v = 0;
  std::memcpy(&v, const_cast<const void*>(addr), static_cast<size_t>(size));
  return v;
}

void Machine::store(const sf_site* s, volatile void* addr, int size, unsigned long val) {
  yield_point(s);
  std::memcpy(const_cast<void*>(addr), &val, static_cast<size_t>(size));
}

int Machine::bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  yield_point(s);
  volatile unsigned long* w = addr + nr / 64;
  const unsigned long bit = 1UL << (nr % 64);
  const bool old = (*w & bit) != 0;
  switch (op) {
    case SF_BIT_SET:
    case SF_BIT_TEST_AND_SET: *w = *w | bit; break;
    case SF_BIT_CLEAR:
    case SF_BIT_TEST_AND_CLEAR: *w = *w & ~bit; break;
    default: break;
  }
  if (op != SF_BIT_TEST && is_online_mask(addr)) {
    const bool now_set = (*w & bit) != 0;
    if (now_set != old) {
      if (!now_set && static_cast<int>(nr) == cur_) bookkeeping(cpus_[cur_], kBkOnline);
      emit(Ev::kOnline, static_cast<int>(nr), now_set ? 1 : 0);
    }
  }
  return old ? 1 : 0;
}

int Machine::atomic(const sf_site* s, int op, volatile int* addr, int val) {
  yield_point(s);
  int r = 0;
  switch (op) {
    case SF_ATOMIC_READ: r = *addr; break;
    case SF_ATOMIC_SET:
      *addr = val;
      r = val;
      break;
    case SF_ATOMIC_ADD:
    case SF_ATOMIC_ADD_RETURN:
      *addr = *addr + val;
      r = *addr;
      break;
    default: break;
  }
  if (rev_->num_online == addr && op == SF_ATOMIC_READ) sf_fast.counter_read[cur_] = r;
  if (rev_->waiting_for_crash_ipi == addr && val < 0 && (op == SF_ATOMIC_ADD || op == SF_ATOMIC_ADD_RETURN)) {
    bookkeeping(cpus_[cur_], kBkAck);
    emit(Ev::kCrashAck, r);
  }
  return r;
}

int Machine::cmpxchg(const sf_site* s, volatile int* addr, int old, int new_val) {
  yield_point(s);
  int cur = *addr;
  if (cur == old) *addr = new_val;
  return cur;
}

void Machine::bitmap_copy(const sf_site* s, unsigned long* dst, const volatile unsigned long* src, unsigned nbits) {
  yield_point(s);
  unsigned words = (nbits + 63) / 64;
  for (unsigned i = 0; i < words; ++i) dst[i] = src[i];
  if (is_online_mask(src)) {
    emit(Ev::kSnapshot, static_cast<int>(dst[0] & 0xff));
  }
}

void Machine::barrier(const sf_site* s, int /*kind*/) {
  // Sequentially consistent memory: a barrier is only a yield point. A weak
  // model (design §6) slots in here.
  yield_point(s);
}

void Machine::irq(const sf_site* s, int op) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  switch (op) {
    case SF_IRQ_DISABLE:
      if (cfg_.pseudo_nmi)
        c.pmr_masked = true;
      else
        c.daif_i = true;
      emit(Ev::kIrqOff);
      break;
    case SF_IRQ_ENABLE:
      if (cfg_.pseudo_nmi)
        c.pmr_masked = false;
      else
        c.daif_i = false;
      emit(Ev::kIrqOn);
      break;
    case SF_DAIF_MASK:
      c.daif_i = true;
      if (cfg_.pseudo_nmi) c.pmr_masked = true;
      bookkeeping(c, kBkDaif);
      emit(Ev::kDaifMask);
      break;
  }
}

unsigned long Machine::irq_save(const sf_site* s) {
  Cpu& c = cpus_[cur_];
  unsigned long flags = (c.daif_i ? 1UL : 0UL) | (c.pmr_masked ? 2UL : 0UL);
  irq(s, SF_IRQ_DISABLE);
  return flags;
}

void Machine::irq_restore(const sf_site* s, unsigned long flags) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  c.daif_i = (flags & 1) != 0;
  c.pmr_masked = (flags & 2) != 0;
}

bool Machine::irqs_disabled() const {
  const Cpu& c = cpus_[cur_];
  return c.daif_i || c.pmr_masked;
}

pt_regs* Machine::get_irq_regs() {
  Cpu& c = cpus_[cur_];
  for (int d = c.depth; d > 0; --d)
    if (c.ctx[d].kind == kCtxIrq || c.ctx[d].kind == kCtxNmi) return &c.ctx[d].regs;
  return nullptr;
}

void Machine::udelay(const sf_site* s, unsigned long units) {
  yield_point(s);
  sleep_us(static_cast<uint64_t>(units) * 1000);
}

void Machine::ipi_send_mask(const sf_site* s, int ipinr, uint32_t mask) {
  yield_point(s);
  mask &= (1u << cfg_.ncpus) - 1;
  emit(Ev::kIpiSend, static_cast<int>(mask), ipinr, ipi_kind(ipinr));
  if (ipinr < 0 || ipinr >= 32) return;
  for (uint32_t m = mask; m; m &= m - 1) {
    Cpu& t = cpus_[__builtin_ctz(m)];
    t.pending_ipi |= 1u << ipinr;
    wake_if_deliverable(t);
  }
}

void Machine::printk(const sf_site* s, const char* text) {
  yield_point(s);
  emit_text(Ev::kPrintk, 0, 0, text);
  charge(cfg_.printk_cost_us);
}

void Machine::crash_save_cpu(const sf_site* s, pt_regs* regs, int /*cpu*/) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  bookkeeping(c, regs ? kBkNote : kBkNoteNull);
  emit(Ev::kCrashNote, regs ? regs->sf_ctx_kind : -1, regs ? regs->sf_ctx_depth : -1);
}

void Machine::cpu_park_loop(const sf_site* s) {
  yield_point(s);
  bookkeeping(cpus_[cur_], kBkPark);
  emit(Ev::kPark);
  wait_forever();
}

void Machine::psci_cpu_off(const sf_site* s) {
  yield_point(s ? s : &kPsciSite);
  Cpu& c = cpus_[cur_];
  const int result = cfg_.cpu[c.id].cpu_off_result;
  bookkeeping(c, kBkCpuOff);
  emit(Ev::kCpuOff, result, fw_.outstanding(c.id));
  charge(cfg_.smc_cost_us);
  if (result == 0) {
    block(CpuState::kOff, 0);
    std::abort();  // kOff is never scheduled again
  }
}

void Machine::bug(const sf_site* s) {
  yield_point(s);
  emit(Ev::kBug);
  block(CpuState::kDone, 0);
  std::abort();
}

void Machine::warn(const sf_site* s, const char* what) {
  yield_point(s);
  emit_text(Ev::kWarn, 0, 0, what);
}

int Machine::sdei_call(const sf_site* s, int call, int event) {
  yield_point(s);
  int err = 0;
  if (call == 1) err = fw_.event_enable(event);
  if (call == 2) err = fw_.event_unregister(event);
  emit(Ev::kSdeiCall, call, err);
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_register(const sf_site* s, int event, sdei_event_callback* cb, void* arg) {
  yield_point(s);
  int err = fw_.event_register(event);
  if (err == 0) {
    sdei_cb_ = cb;
    sdei_arg_ = arg;
  }
  emit(Ev::kSdeiCall, 0, err);
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_signal(const sf_site* s, int event, unsigned long mpidr) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  const int target = mpidr < static_cast<unsigned long>(kMaxCpus) ? static_cast<int>(mpidr) : -1;
  const int err = fw_.event_signal(c.id, event, target);
  const int cause = cause_of(c);
  emit(Ev::kSdeiSignal, target, err, cause);
  if (err == 0) {
    const uint64_t delay = cfg_.cpu[target].sdei_delay_us;
    if (delay == 0) {
      fw_.raise_sgi(target);
      cpus_[target].sdei_cause = cause;
      wake_if_deliverable(cpus_[target]);
    } else {
      timed_.push_back({now_ + delay, target, cause});
      next_dirty_ = true;
    }
  }
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_pe_mask(const sf_site* s, bool mask) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  const int err = mask ? fw_.pe_mask(c.id) : fw_.pe_unmask(c.id);
  if (mask) bookkeeping(c, kBkPeMask);
  emit(mask ? Ev::kPeMask : Ev::kPeUnmask, err);
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_handler_abort(const sf_site* s) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  const int err = fw_.event_complete_and_resume(c.id);
  emit(Ev::kSdeiAbort, err);
  return err;
}

int Machine::sdei_platform_reset(const sf_site* s) {
  yield_point(s);
  const int err = fw_.is_present() ? 0 : kEIO;
  fw_.platform_reset();
  emit(Ev::kSdeiCall, 3, err);
  charge(cfg_.smc_cost_us);
  return err;
}

void Machine::mark(const sf_site* s, int mark, long arg) {
  Cpu& c = cpus_[cur_];
  if (s) c.site = s;
  Context& x = c.ctx[c.depth];
  switch (mark) {
    case SF_MARK_SMP_SEND_STOP_ENTER:
      c.in_smp_stop = true;
      stop_started_ = true;
      x.requester = true;
      break;
    case SF_MARK_CRASH_STOP_ENTER:
      c.in_crash_stop = true;
      stop_started_ = true;
      x.requester = true;
      break;
    case SF_MARK_BACKTRACE_ENTER:
      c.in_backtrace = true;
      x.requester = true;
      break;
    case SF_MARK_BACKTRACE_EXIT: c.in_backtrace = false; break;
    case SF_MARK_PANIC_ENTER:
    case SF_MARK_DIE_ENTER:
    case SF_MARK_REBOOT_ENTER: x.requester = true; break;
    case SF_MARK_SELF_STOP:
      x.requester = false;
      x.self_stop = true;
      break;
    default: break;
  }
  emit(Ev::kMark, mark, static_cast<int>(arg));
  // The role ends after the oracles have seen the exit mark.
  if (mark == SF_MARK_SMP_SEND_STOP_EXIT) c.in_smp_stop = false;
  if (mark == SF_MARK_CRASH_STOP_EXIT) c.in_crash_stop = false;
  if (mark == SF_MARK_SPIN_FOREVER) wait_forever();
  if (mark == SF_MARK_MACHINE_RESET) end_execution(EndReason::kReset);
  if (mark == SF_MARK_KEXEC_CAPTURE) end_execution(EndReason::kKexec);
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
}

void Machine::spin_unlock(const sf_site* s, volatile int* lock) {
  yield_point(s);
  *lock = 0;
  for (int i = 0; i < cfg_.ncpus; ++i)
    if (cpus_[i].waiting_lock == lock && cpus_[i].state == CpuState::kWaitIrq) set_state(cpus_[i], CpuState::kRunnable);
}

}  // namespace sf
