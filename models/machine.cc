// machine.cc - running an execution: the baton, scheduling decisions and virtual time.
//
// Spec: design.md §2 (baton at yield points, noreturn paths, virtual time),
// §3 (the scheduler policy decides; nothing else is consulted). The other
// seams of the machine are in machine_irq.cc, machine_memory.cc,
// machine_firmware.cc and machine_kernel.cc (machine.h).
#include "models/machine.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sf {

Machine* Machine::current_ = nullptr;

}  // namespace sf

extern "C" struct sf_fast_path sf_fast = {};

namespace sf {

Machine::Machine() = default;
Machine::~Machine() = default;

void Machine::update_solo() {
  if (cur_ < 0 || booting_ || ended_ || stop_requested_) {
    sf_fast.solo = 0;
    return;
  }
  sf_fast.cpu = cur_;
  // Solo: nobody else can run and nothing can be delivered here before the
  // horizon (machine_api.h). An interrupt pending but masked on this CPU
  // does not end it: only this CPU's own masks or SDEI state can make it
  // deliverable, and every call that changes them comes back here first.
  // It only makes the inline accesses record what a yield point records.
  int solo = SF_SOLO_OFF;
  // Under arm64 a buffered store makes the inline reads wrong for the other
  // CPUs' bytes: no fast path until every buffer has drained.
  if (cfg_.solo_fast_path && (runnable_mask_ & ~(1u << cur_)) == 0 && steps_ < cfg_.max_steps &&
      (!weak_ || wmem_.quiet())) {
    if (gic_.pending(cur_) == 0 && !fw_.sgi_pending(cur_))
      solo = SF_SOLO_PLAIN;
    else if (!can_take(cpus_[cur_]))
      solo = SF_SOLO_TRACKED;
  } else if (steps_ < cfg_.max_steps && !weak_ && !can_take(cpus_[cur_])) {
    // COUNTED (machine_api.h): others can run, but yield_slow would deliver
    // nothing and the tape policy's preempt() would read a decision that is
    // fixed at 0 (keep running), only counting it. (Not under arm64: a
    // load there may draw from the tape.)
    if (size_t* count = fixed_answers()) {
      sf_fast.decisions = count;
      sf_fast.horizon = 0;  // no inline delays: a delay blocks and switches
      sf_fast.site = &cpus_[cur_].site;
      sf_fast.solo = SF_SOLO_COUNTED;
      return;
    }
  }
  if (solo != SF_SOLO_OFF) {
    uint64_t h = clock_.next_event();
    if (h > cfg_.max_time_us + 1) h = cfg_.max_time_us + 1;
    sf_fast.horizon = h;
    sf_fast.site = &cpus_[cur_].site;
  }
  sf_fast.solo = solo;
}

void Machine::run(const sf_revision* rev, const MachineConfig& cfg, ChoiceSource* choices,
                  const std::vector<CpuProgram>& programs, uint32_t online_at_boot, Observer* observer, Trace* trace,
                  const sf_panic_config* panic_cfg, Scheduler* scheduler) {
  current_ = this;
  rev_ = rev;
  cfg_ = cfg;
  if (cfg_.ncpus < 1) cfg_.ncpus = 1;
  if (cfg_.ncpus > kMaxCpus) cfg_.ncpus = kMaxCpus;
  if (cfg_.max_depth > kMaxDepth - 1) cfg_.max_depth = kMaxDepth - 1;
  choices_ = choices;
  if (scheduler) {
    sched_ = scheduler;
  } else {
    tape_sched_ = std::make_unique<TapeScheduler>(choices);
    sched_ = tape_sched_.get();
  }
  sched_->new_execution();
  fixed_answers_ = nullptr;
  hints_ = sched_->wants_step_hints();
  next_local_ = false;
  observer_ = observer;
  trace_ = trace;
  programs_ = &programs;
  trace_->clear();
  clock_.reset();
  // The fast path's horizon too: a stale one from the previous execution
  // would not change what runs (solo is off) but would change which branch
  // of sf_fast_delay() says so — coverage that varies between executions of
  // the same input (AFL++ stability).
  sf_fast.solo = 0;
  sf_fast.horizon = 0;
  sf_fast.online_count = rev->num_online;
  sf_fast.online_mask = rev->online_mask;
  for (int& r : sf_fast.counter_read) r = -1;
  snprintf(sf_fast.mutation, sizeof sf_fast.mutation, "%s", cfg_.mutation.c_str());
  steps_ = 0;
  sf_fast.max_steps = cfg_.max_steps;
  ended_ = halting_ = stop_requested_ = false;
  end_reason_ = EndReason::kQuiescent;
  sdei_cb_ = nullptr;
  sdei_arg_ = nullptr;
  fw_.reset(cfg_.ncpus, cfg_.sdei);
  weak_ = cfg_.memory == MemoryModel::kArm64;
  wmem_.reset(cfg_.ncpus, choices_);

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
  uint32_t nmi_ipis = 0;
  for (int i = 0; i < rev_->nr_ipi && i < 32; ++i)
    if (cfg_.pseudo_nmi && rev_->ipi_is_nmi && rev_->ipi_is_nmi(i)) nmi_ipis |= 1u << i;
  gic_.reset(nmi_ipis);

  for (int i = 0; i < kMaxCpus; ++i) {
    // Every field, so nothing of an earlier execution leaks into this one
    // (a CPU left waiting on a spinlock once kept its waiting_lock).
    cpus_[i] = Cpu{};
    cpus_[i].id = i;
    started_[i] = finished_[i] = false;
    online_count_writes_[i] = 0;
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
  emit(ev::Boot{cfg_.ncpus, cfg_.pseudo_nmi, static_cast<int>(cfg_.sdei.mode)});
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
  sf_fast.mutation[0] = 0;
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
    emit(ev::End{static_cast<int>(why)});
  }
  backend_->to_driver(cur_);
  after_resume();
  std::abort();
}

void Machine::record(Ev type, std::array<int32_t, 3> f, const sf_site* site, const char* text) {
  TraceEvent e{};
  e.t_us = clock_.now();
  e.cpu = static_cast<int8_t>(cur_);
  e.depth = cur_ >= 0 ? static_cast<uint8_t>(cpus_[cur_].depth) : 0;
  e.type = type;
  e.field[0] = f[0];
  e.field[1] = f[1];
  e.field[2] = f[2];
  e.site = site ? site : (cur_ >= 0 ? cpus_[cur_].site : nullptr);
  e.text_off = static_cast<uint32_t>(trace_->text.size());
  if (text) {
    const size_t len = strlen(text);
    trace_->text.append(text, len);
    e.text_len = static_cast<uint32_t>(len);
  }
  trace_->events.push_back(e);
  if (observer_ && !observer_->on_event(trace_->events.back())) stop_requested_ = true;
  if (stop_requested_ && !ended_) {
    stop_requested_ = false;
    end_execution(EndReason::kViolation);
  }
}

void Machine::charge(uint64_t us) {
  if (us > 0) sleep_us(us);
}

// ---- scheduling -------------------------------------------------------------

void Machine::set_state(Cpu& c, CpuState st, uint64_t wake_at) {
  if (c.state == CpuState::kSleeping) clock_.unsleep(c.id);
  c.state = st;
  if (st == CpuState::kSleeping) {
    c.wake_at = wake_at;
    clock_.sleep(c.id, wake_at);
  }
  if (st == CpuState::kRunnable)
    runnable_mask_ |= 1u << c.id;
  else
    runnable_mask_ &= ~(1u << c.id);
}

void Machine::switch_to(int pick) {
  sf_fast.solo = 0;  // recomputed by the next shim entry point that returns
  int prev = cur_;
  set_state(cpus_[pick], CpuState::kRunning);
  cur_ = pick;
  sf_fast.cpu = pick;
  backend_->switch_cpu(prev, pick);
  after_resume();
}

namespace {

// The CPUs of `mask` in rotation order after `self` (self+1, self+2, ...,
// self itself last if in the mask): the order the scheduler's lists are in.
// Bit arithmetic rather than (self + k) % ncpus: a division per CPU per
// scheduling decision was most of what a tick of two polling CPUs cost.
int rotation_order(uint32_t mask, int self, int* out) {
  int n = 0;
  const uint32_t upto_self = (2u << self) - 1;
  for (uint32_t m = mask & ~upto_self; m; m &= m - 1) out[n++] = __builtin_ctz(m);
  for (uint32_t m = mask & upto_self; m; m &= m - 1) out[n++] = __builtin_ctz(m);
  return n;
}

}  // namespace

void Machine::yield_slow(const sf_site* s) {
  Cpu& c = cpus_[cur_];
  c.site = s;
  // About this yield's own operation: an interrupt handler delivered below
  // yields with its own operations.
  const bool local = next_local_;
  next_local_ = false;
  if (steps_ > cfg_.max_steps) end_execution(EndReason::kStepLimit);
  if (booting_) return;
  deliver_pending(c);
  if ((runnable_mask_ & ~(1u << cur_)) == 0) return;  // fast path: nobody else can run
  if (size_t* count = fixed_answers()) {
    ++*count;  // what TapeScheduler::preempt() reads: choose(n + 1) == 0, keep running
    return;
  }
  int others[kMaxCpus];
  const int n = rotation_order(runnable_mask_ & ~(1u << cur_), cur_, others);
  if (n == 0) return;
  if (hints_) {
    StepHint h;
    h.local = local;
    h.cpu = cur_;
    h.depth = c.depth;
    h.events = trace_->events.size();
    h.now_us = clock_.now();
    h.runnable = runnable_mask_ & ~(1u << cur_);
    sched_->step_hint(h);
  }
  const int pick = sched_->preempt(cur_, others, n);
  if (pick < 0) return;
  set_state(c, CpuState::kRunnable);
  switch_to(pick);
  deliver_pending(cpus_[cur_]);
}

void Machine::block(CpuState st, uint64_t wake_at) {
  Cpu& c = cpus_[cur_];
  if ((st == CpuState::kSleeping || st == CpuState::kWaitIrq) && can_take(c)) return;
  if (st == CpuState::kSleeping && clock_.now() >= wake_at) return;
  set_state(c, st, wake_at);
  reschedule_blocked();
}

int Machine::pick_runnable(const int* list, int n) {
  if (size_t* count = fixed_answers()) {
    // What TapeScheduler::pick() reads: choose(n) == 0, counted if n > 1.
    if (n > 1) ++*count;
    return list[0];
  }
  return sched_->pick(cur_, list, n);
}

void Machine::reschedule_blocked() {
  sf_fast.solo = 0;
  const int self = cur_;
  for (;;) {
    int list[kMaxCpus];
    const int n = rotation_order(runnable_mask_, self, list);
    if (n > 0) {
      const int pick = pick_runnable(list, n);
      if (pick == self) {
        set_state(cpus_[self], CpuState::kRunning);
        return;
      }
      switch_to(pick);
      return;
    }
    const uint64_t t = clock_.next_event();
    if (t == UINT64_MAX) end_execution(EndReason::kQuiescent);
    if (t > cfg_.max_time_us) end_execution(EndReason::kTimeLimit);
    if (weak_) wmem_.time_passes();  // time passes: store buffers empty (docs/memory_model.md M12)
    clock_.advance_to(t);
    fire_timers_at_now();
  }
}

void Machine::fire_timers_at_now() {
  for (uint32_t due = clock_.due_sleepers(); due; due &= due - 1)
    set_state(cpus_[__builtin_ctz(due)], CpuState::kRunnable);
  Clock::Raise r;
  while (clock_.pop_due_raise(&r)) {
    fw_.raise_sgi(r.target);
    cpus_[r.target].sdei_cause = r.cause;
    const int saved = cur_;
    cur_ = r.target;  // attribute the raise to the target's column
    emit(ev::SdeiRaise{r.target, 0, r.cause});
    cur_ = saved;
    wake_if_deliverable(cpus_[r.target]);
  }
}

// ---- time and waiting -------------------------------------------------------

void Machine::sleep_us(uint64_t us) {
  const uint64_t until = clock_.now() + us;
  Cpu& c = cpus_[cur_];
  if ((runnable_mask_ & ~(1u << cur_)) == 0 && !can_take(c)) {
    // (this CPU is running, so next_event() only sees the others)
    const uint64_t t = clock_.next_event();
    // Fast path (same result as the loop below): nobody else can run, no
    // interrupt for this CPU, and nothing is scheduled before `until`, so
    // time simply moves on. Ties at `until` take the general path (they may
    // need a scheduling decision).
    if (t > until) {
      if (until <= cfg_.max_time_us) {
        if (weak_) wmem_.time_passes();  // M12
        clock_.advance_to(until);
        return;
      }
    } else if (t < until && t <= cfg_.max_time_us && us > 0) {
      // Handoff (same result as the loop below, in fewer steps): before
      // `until` the first thing that happens is one other CPU's sleep
      // ending at `t`, and nothing else then. The loop would block this
      // CPU, find nobody runnable, move the clock to `t`, wake that CPU and
      // pick it, the only runnable one (pick() among one: no decision read,
      // none counted). Two CPUs polling in turns (a requester and a second
      // requester, a poller and a CPU paying for its printk) pay this once
      // per tick each.
      const int j = clock_.sole_sleeper_due_at(t);
      if (j >= 0) {
        set_state(c, CpuState::kSleeping, until);
        sf_fast.solo = 0;
        if (weak_) wmem_.time_passes();  // M12
        clock_.advance_to(t);
        set_state(cpus_[j], CpuState::kRunnable);
        switch_to(pick_runnable(&j, 1));
        deliver_pending(cpus_[cur_]);
      }
    }
  }
  while (clock_.now() < until) {
    block(CpuState::kSleeping, until);
    deliver_pending(cpus_[cur_]);
  }
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

void Machine::mark_online(int cpu, bool online) {
  static const sf_site site = {"kernel/cpu.c", "notify_cpu_starting", 0};
  cpus_[cur_].site = &site;
  if (online) fw_.cpu_online_callback(cpu);
  // set_cpu_online() of the revision under test, so its counter is right.
  rev_->set_cpu_online(static_cast<unsigned>(cpu), online);
}

}  // namespace sf
