// machine_memory.cc - shared accesses as yield points, through the memory model.
//
// Spec: design.md §2 (shared loads/stores, atomics and barriers are yield
// points), §6 (the memory model behind them: models/memory.h). The accesses
// to the revision's cpu_online_mask and online counter are also recorded:
// a change of the mask is an event, and the counter value each CPU last read
// is kept (Machine::online_count_read()).
#include "models/machine.h"

namespace sf {

unsigned long Machine::load(const sf_site* s, const volatile void* addr, int size) {
  yield_point(s);
  return mem_.load(cur_, addr, size);
}

void Machine::store(const sf_site* s, volatile void* addr, int size, unsigned long val) {
  yield_point(s);
  mem_.store(cur_, addr, size, val);
}

int Machine::bitop(const sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  yield_point(s);
  const bool old = mem_.bitop(cur_, op, nr, addr);
  if (op != SF_BIT_TEST && is_online_mask(addr)) {
    const bool now_set = (addr[nr / 64] >> (nr % 64)) & 1;
    if (now_set != old) emit(ev::Online{static_cast<int>(nr), now_set ? 1 : 0});
  }
  return old ? 1 : 0;
}

int Machine::atomic(const sf_site* s, int op, volatile int* addr, int val) {
  yield_point(s);
  const int r = mem_.atomic(cur_, op, addr, val);
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
  yield_point(s);
  return mem_.cmpxchg(cur_, addr, old, new_val);
}

void Machine::bitmap_copy(const sf_site* s, unsigned long* dst, const volatile unsigned long* src, unsigned nbits) {
  yield_point(s);
  mem_.bitmap_copy(cur_, dst, src, nbits);
  if (is_online_mask(src)) emit(ev::Snapshot{static_cast<int>(dst[0] & 0xff)});
}

void Machine::barrier(const sf_site* s, int kind) {
  yield_point(s);
  mem_.barrier(cur_, kind);
}

}  // namespace sf
