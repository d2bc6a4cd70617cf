// machine_memory.cc - shared accesses as yield points, through the memory model.
//
// Spec: design.md §2 (shared loads/stores, atomics and barriers are yield
// points), §6 (the memory model behind them: models/memory.h, sequentially
// consistent, or models/weak_memory.h, arm64, per MachineConfig::memory;
// docs/memory_model.md). The accesses to the revision's cpu_online_mask and
// online counter are also recorded: a change of the mask is an event, and
// the counter value each CPU last read is kept (Machine::online_count_read()).
#include <cstdint>
#include <cstring>
#include <string>

#include "models/machine.h"
#include "models/symbols.h"

namespace sf {
// The running CPU's own stack (a cpumask_var_t, a local copy) is private:
// no other CPU can see it, so the arm64 model leaves it alone (rule M11 of
// docs/memory_model.md). The bounds are the backend's, exactly: a window
// above the current frame would also take in whatever the allocator or the
// loader put above the stack (a kernel tree's revision loaded at run time).
bool Machine::on_own_stack(const volatile void* addr) const {
  if (cur_ < 0) return false;
  uintptr_t lo = 0;
  size_t size = 0;
  backend_->own_stack(cur_, &lo, &size);
  return reinterpret_cast<uintptr_t>(addr) - lo < size;
}

bool Machine::weak_for(const volatile void* addr) { return weak_ && !on_own_stack(addr); }

// MachineConfig::record_memory: the access as an event naming its object.
// Private stack accesses are nobody else's business (M11) and are left out.
void Machine::record_access(Ev type, const volatile void* addr, long value, int bit, bool flag) {
  if (on_own_stack(addr)) return;
  const std::string name = symbol_of(addr);
  record(type, {static_cast<int32_t>(value), bit, flag ? 1 : 0}, nullptr, name.empty() ? "?" : name.c_str());
}

// Memory holds the newest bytes (weak_memory.h): a load that returned
// something else was satisfied from an older, still visible value (stale).
unsigned long Machine::newest(const volatile void* addr, int size) {
  unsigned long v = 0;
  std::memcpy(&v, const_cast<const void*>(addr), static_cast<size_t>(size));
  return v;
}

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
  const unsigned long v = weak_for(addr) ? wmem_.load(cur_, addr, size) : mem_.load(cur_, addr, size);
  if (cfg_.record_memory) record_access(Ev::kMemLoad, addr, static_cast<long>(v), -1, v != newest(addr, size));
  return v;
}

void Machine::store(const sf_site* s, volatile void* addr, int size, unsigned long val) {
  yield_before_access(s, addr);
  if (weak_for(addr))
    wmem_.store(cur_, addr, size, val);
  else
    mem_.store(cur_, addr, size, val);
  if (cfg_.record_memory)
    record_access(Ev::kMemStore, addr, static_cast<long>(val), -1, weak_ && wmem_.buffered(cur_, addr, size));
}

int Machine::bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  yield_before_access(s, addr);
  const bool old = weak_for(addr) ? wmem_.bitop(cur_, op, nr, addr) : mem_.bitop(cur_, op, nr, addr);
  if (cfg_.record_memory) {
    volatile unsigned long* w = addr + nr / 64;
    const int bit = static_cast<int>(nr % 64);
    if (op == SF_BIT_TEST)
      record_access(Ev::kMemLoad, w, old ? 1 : 0, bit, old != (((*w) >> bit) & 1));
    else
      record_access(Ev::kMemStore, w, static_cast<long>(*w), bit, weak_ && wmem_.buffered(cur_, w, sizeof *w));
  }
  if (op != SF_BIT_TEST && is_online_mask(addr)) {
    const bool now_set = (addr[nr / 64] >> (nr % 64)) & 1;
    if (now_set != old) emit(ev::Online{static_cast<int>(nr), now_set ? 1 : 0});
  }
  return old ? 1 : 0;
}

int Machine::atomic(const sf_site* s, int op, volatile int* addr, int val) {
  yield_before_access(s, addr);
  const int r = weak_for(addr) ? wmem_.atomic(cur_, op, addr, val) : mem_.atomic(cur_, op, addr, val);
  if (cfg_.record_memory) {
    if (op == SF_ATOMIC_READ)
      record_access(Ev::kMemLoad, addr, r, -1, r != *addr);
    else
      record_access(Ev::kMemStore, addr, *addr, -1, weak_ && wmem_.buffered(cur_, addr, sizeof *addr));
  }
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
  const int r = weak_for(addr) ? wmem_.cmpxchg(cur_, addr, old, new_val) : mem_.cmpxchg(cur_, addr, old, new_val);
  if (cfg_.record_memory) record_access(Ev::kMemStore, addr, *addr, -1, false);
  return r;
}

unsigned long Machine::load_acquire(const sf_site* s, const volatile void* addr, int size) {
  yield_before_access(s, addr);
  if (weak_for(addr)) return wmem_.load_acquire(cur_, addr, size);
  return mem_.load(cur_, addr, size);
}

void Machine::store_release(const sf_site* s, volatile void* addr, int size, unsigned long val) {
  yield_before_access(s, addr);
  if (weak_for(addr))
    wmem_.store_release(cur_, addr, size, val);
  else
    mem_.store(cur_, addr, size, val);
}

long Machine::rmw(const sf_site* s, int op, int order, volatile void* addr, int size, long a, long b) {
  yield_before_access(s, addr);
  if (weak_for(addr)) return wmem_.rmw(cur_, op, order, addr, size, a, b);
  return mem_.rmw(cur_, op, addr, size, a, b);
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
      if (cfg_.record_memory) record_access(Ev::kMemLoad, src + i, static_cast<long>(v), -1, v != src[i]);
      if (on_own_stack(dst + i))
        dst[i] = v;
      else
        wmem_.store(cur_, dst + i, sizeof *dst, v);
      if (cfg_.record_memory)
        record_access(Ev::kMemStore, dst + i, static_cast<long>(v), -1, wmem_.buffered(cur_, dst + i, sizeof *dst));
    }
  } else {
    mem_.bitmap_copy(cur_, dst, src, nbits);
    if (cfg_.record_memory)
      for (unsigned i = 0; i < (nbits + 63) / 64; ++i)
        record_access(Ev::kMemStore, dst + i, static_cast<long>(dst[i]), -1, false);
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
  if (cfg_.record_memory) record(Ev::kMemBarrier, {kind, 0, 0}, nullptr, barrier_name(kind));
}

}  // namespace sf
