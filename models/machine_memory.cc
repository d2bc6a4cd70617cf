// machine_memory.cc - shared accesses as yield points, through the memory model.
//
// Spec: design.md §2 (shared loads/stores, atomics and barriers are yield
// points), §6 (the memory model behind them: models/memory.h, sequentially
// consistent, or models/weak_memory.h, arm64, per MachineConfig::memory;
// docs/memory_model.md). The accesses to the revision's cpu_online_mask and
// online counter are also recorded: a change of the mask is an event, and
// the counter value each CPU last read is kept (Machine::online_count_read()).
#include <cstdint>

#include "models/machine.h"

namespace sf {
namespace {

// The running CPU's own stack (a cpumask_var_t, a local copy) is private:
// no other CPU can see it, so the arm64 model leaves it alone (rule M11 of
// docs/memory_model.md). Callers' frames lie above this one on the same stack.
constexpr uintptr_t kStackWindow = 256 * 1024;  // the fiber stack size; thread stacks are larger

__attribute__((noinline)) bool on_own_stack(const volatile void* addr) {
  const uintptr_t fp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  return a >= fp && a - fp < kStackWindow;
}

}  // namespace

bool Machine::weak_for(const volatile void* addr) { return weak_ && !on_own_stack(addr); }

// The yield before an access: local (partial-order reduction) when the
// access is to this CPU's own stack, asked only when a policy wants hints.
void Machine::yield_before_access(const sf_site* s, const volatile void* addr) {
  if (hints_ && on_own_stack(addr))
    yield_point_local(s);
  else
    yield_point(s);
}

unsigned long Machine::load(const sf_site* s, const volatile void* addr, int size) {
  yield_before_access(s, addr);
  if (weak_for(addr)) return wmem_.load(cur_, addr, size);
  return mem_.load(cur_, addr, size);
}

void Machine::store(const sf_site* s, volatile void* addr, int size, unsigned long val) {
  yield_before_access(s, addr);
  if (weak_for(addr))
    wmem_.store(cur_, addr, size, val);
  else
    mem_.store(cur_, addr, size, val);
}

int Machine::bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  yield_before_access(s, addr);
  const bool old = weak_for(addr) ? wmem_.bitop(cur_, op, nr, addr) : mem_.bitop(cur_, op, nr, addr);
  if (op != SF_BIT_TEST && is_online_mask(addr)) {
    const bool now_set = (addr[nr / 64] >> (nr % 64)) & 1;
    if (now_set != old) emit(ev::Online{static_cast<int>(nr), now_set ? 1 : 0});
  }
  return old ? 1 : 0;
}

int Machine::atomic(const sf_site* s, int op, volatile int* addr, int val) {
  yield_before_access(s, addr);
  const int r = weak_for(addr) ? wmem_.atomic(cur_, op, addr, val) : mem_.atomic(cur_, op, addr, val);
  if (rev_->num_online == addr) {
    if (op == SF_ATOMIC_READ)
      sf_fast.counter_read[cur_] = r;
    else
      ++online_count_writes_[cur_];
  }
  if (rev_->waiting_for_crash_ipi == addr && val < 0 && (op == SF_ATOMIC_ADD || op == SF_ATOMIC_ADD_RETURN))
    emit(ev::CrashAck{r});
  return r;
}

int Machine::cmpxchg(const sf_site* s, volatile int* addr, int old, int new_val) {
  yield_before_access(s, addr);
  if (weak_for(addr)) return wmem_.cmpxchg(cur_, addr, old, new_val);
  return mem_.cmpxchg(cur_, addr, old, new_val);
}

void Machine::bitmap_copy(const sf_site* s, unsigned long* dst, const volatile unsigned long* src, unsigned nbits) {
  if (hints_ && on_own_stack(dst) && on_own_stack(src))
    yield_point_local(s);
  else
    yield_point(s);
  if (weak_) {
    // One load of each source word, one store of each destination word.
    const unsigned words = (nbits + 63) / 64;
    for (unsigned i = 0; i < words; ++i) {
      const unsigned long v = on_own_stack(src + i) ? src[i] : wmem_.load(cur_, src + i, sizeof *src);
      if (on_own_stack(dst + i))
        dst[i] = v;
      else
        wmem_.store(cur_, dst + i, sizeof *dst, v);
    }
  } else {
    mem_.bitmap_copy(cur_, dst, src, nbits);
  }
  if (is_online_mask(src)) emit(ev::Snapshot{static_cast<int>(dst[0] & 0xff)});
}

void Machine::barrier(const sf_site* s, int kind) {
  // Under sc a barrier orders nothing that is not already ordered: local.
  if (weak_)
    yield_point(s);
  else
    yield_point_local(s);
  if (weak_) {
    wmem_.barrier(cur_, kind);
  } else {
    mem_.barrier(cur_, kind);
  }
}

}  // namespace sf
