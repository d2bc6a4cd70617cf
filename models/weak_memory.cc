// weak_memory.cc - the arm64 operational memory model (docs/memory_model.md).
//
// Spec: docs/memory_model.md rules M1-M12 (cited where each is implemented),
// stop-path.md §6, §12.3. See weak_memory.h for the representation.
#include "models/weak_memory.h"

#include <algorithm>
#include <cstring>

#include "models/rmw.h"
#include "stopfuzz/machine_api.h"

namespace sf {
namespace {

bool overlaps(uintptr_t a, int an, uintptr_t b, int bn) { return a < b + bn && b < a + an; }

unsigned long to_value(const uint8_t* bytes, int size) {
  unsigned long v = 0;
  std::memcpy(&v, bytes, static_cast<size_t>(size));
  return v;
}

}  // namespace

void WeakMemory::reset(int ncpus, ChoiceSource* choices) {
  ncpus_ = ncpus;
  choices_ = choices;
  for (CpuView& v : cpus_) {
    v.buf.clear();
    v.buf.reserve(kBufferSize + 1);
    v.coh.clear();
    v.epoch = v.fence_epoch = 0;
    v.floor = v.fenced_visible = v.release_visible = 0;
  }
  ts_ = 0;
  npending_ = 0;
}

uint64_t WeakMemory::coh_floor(const CpuView& v, uintptr_t a) const {
  for (const auto& [addr, t] : v.coh)
    if (addr == a) return t;
  return 0;
}

void WeakMemory::set_coh(CpuView& v, uintptr_t a, uint64_t t) {
  for (auto& [addr, old] : v.coh)
    if (addr == a) {
      old = std::max(old, t);
      return;
    }
  v.coh.emplace_back(a, t);
}

bool WeakMemory::own_pending(int cpu, uintptr_t a, int size) const {
  for (const Entry& e : cpus_[cpu].buf)
    if (overlaps(a, size, e.addr, e.size)) return true;
  return false;
}

// M1, M3: memory holds the newest bytes; another CPU's buffered bytes are
// replaced by what its OLDEST entry for them overwrote (what is visible).
void WeakMemory::visible(int cpu, uintptr_t a, int size, uint8_t* out) const {
  std::memcpy(out, reinterpret_cast<const void*>(a), static_cast<size_t>(size));
  for (int o = 0; o < ncpus_; ++o) {
    if (o == cpu) continue;
    const std::vector<Entry>& buf = cpus_[o].buf;
    // Newest first, so the oldest entry's bytes are written last and win.
    for (size_t k = buf.size(); k-- > 0;) {
      const Entry& e = buf[k];
      if (!overlaps(a, size, e.addr, e.size)) continue;
      for (int b = 0; b < size; ++b) {
        const uintptr_t at = a + static_cast<uintptr_t>(b);
        if (at >= e.addr && at < e.addr + e.size) out[b] = e.old[at - e.addr];
      }
    }
  }
}

void WeakMemory::log_visible(int cpu, uintptr_t a, int size, const uint8_t* before) {
  Logged& l = log_[ts_ % kLogSize];
  l.ts = ++ts_;
  l.addr = a;
  l.size = static_cast<uint8_t>(size);
  std::memcpy(l.before, before, static_cast<size_t>(size));
  set_coh(cpus_[cpu], a, ts_);  // M4: a CPU never reads older than its own visible store
}

// M2: an entry may drain on its own once no earlier entry of an older epoch
// (a DMB ISHST between them) and no earlier entry to an overlapping address
// (coherence) is left.
bool WeakMemory::drainable(const CpuView& v, size_t i) const {
  const Entry& e = v.buf[i];
  for (size_t j = 0; j < i; ++j)
    if (v.buf[j].epoch < e.epoch || overlaps(v.buf[j].addr, v.buf[j].size, e.addr, e.size)) return false;
  return true;
}

void WeakMemory::drain_one(int cpu, size_t i) {
  CpuView& v = cpus_[cpu];
  const Entry e = v.buf[i];
  v.buf.erase(v.buf.begin() + static_cast<long>(i));
  --npending_;
  log_visible(cpu, e.addr, e.size, e.old);
  if (e.epoch < v.fence_epoch) v.fenced_visible = ts_;
  if (e.release) v.release_visible = ts_;
}

void WeakMemory::drain_entry(int cpu, size_t i) {
  CpuView& v = cpus_[cpu];
  // Backwards closure of what must precede entry i; then those in program order.
  std::array<bool, kBufferSize + 1> need{};
  need[i] = true;
  uint32_t max_epoch = v.buf[i].epoch;
  for (size_t j = i; j-- > 0;) {
    bool n = v.buf[j].epoch < max_epoch;
    for (size_t k = j + 1; k <= i && !n; ++k)
      n = need[k] && overlaps(v.buf[j].addr, v.buf[j].size, v.buf[k].addr, v.buf[k].size);
    need[j] = n;
  }
  size_t removed = 0;
  for (size_t j = 0; j <= i; ++j)
    if (need[j]) drain_one(cpu, j - removed++);
}

void WeakMemory::drain_overlapping_others(int cpu, uintptr_t a, int size) {
  for (int o = 0; o < ncpus_; ++o) {
    if (o == cpu) continue;
    std::vector<Entry>& buf = cpus_[o].buf;
    for (size_t k = buf.size(); k-- > 0;)
      if (overlaps(a, size, buf[k].addr, buf[k].size)) {
        drain_entry(o, k);  // its overlapping predecessors go with it
        break;
      }
  }
}

// M7 (DMB ISH): stores before it are visible before any later load, and
// that load is satisfied after they became visible (whenever they drained:
// here, or earlier at another CPU's observation).
void WeakMemory::drain_fenced(int cpu) {
  CpuView& v = cpus_[cpu];
  while (!v.buf.empty() && v.buf.front().epoch < v.fence_epoch) drain_one(cpu, 0);
  v.floor = std::max(v.floor, v.fenced_visible);
}

void WeakMemory::add_store(int cpu, uintptr_t a, int size, const uint8_t* old, bool may_buffer, bool release) {
  CpuView& v = cpus_[cpu];
  if (v.buf.size() >= kBufferSize) drain_entry(cpu, 0);  // a full buffer drains its oldest
  Entry e{};
  e.addr = a;
  e.size = static_cast<uint8_t>(size);
  std::memcpy(e.old, old, static_cast<size_t>(size));
  e.epoch = v.epoch;
  e.release = release;
  v.buf.push_back(e);
  ++npending_;
  // M1: choice 0 makes the store visible at once (with whatever must precede it).
  if (!may_buffer || choices_->choose(2, "memory: store stays in the store buffer") == 0)
    drain_entry(cpu, v.buf.size() - 1);
}

// M1: a buffered store drains when it likes; only a load of its bytes by
// another CPU can tell when, so that is where it is decided (0: not yet).
// Draining lazily at the observation covers every eager order: an entry
// drains alone when M2 allows, else with what must precede it.
void WeakMemory::observe(int cpu, uintptr_t a, int size) {
  if (npending_ == 0) return;
  for (int o = 0; o < ncpus_; ++o) {
    if (o == cpu) continue;
    std::vector<Entry>& buf = cpus_[o].buf;
    for (size_t k = 0; k < buf.size(); ++k) {
      if (!overlaps(a, size, buf[k].addr, buf[k].size)) continue;
      if (choices_->choose(2, "memory: another CPU's buffered store is visible now") == 0) break;
      drain_entry(o, k);
      k = static_cast<size_t>(-1);  // the next overlapping entry is now the oldest one left
    }
  }
}

void WeakMemory::complete(int cpu) {
  CpuView& v = cpus_[cpu];
  while (!v.buf.empty()) drain_one(cpu, 0);
}

void WeakMemory::drain_all() {
  for (int c = 0; c < ncpus_; ++c) complete(c);
}

void WeakMemory::time_passes() {
  drain_all();
  for (int c = 0; c < ncpus_; ++c) cpus_[c].floor = ts_;
}

void WeakMemory::full_barrier(int cpu) {
  complete(cpu);
  CpuView& v = cpus_[cpu];
  ++v.epoch;
  v.fence_epoch = v.epoch;
  v.floor = ts_;
}

// M8: exception entry is where the handler's loads start.
void WeakMemory::exception_entry(int cpu) { cpus_[cpu].floor = ts_; }

void WeakMemory::acquire(int cpu) { cpus_[cpu].floor = ts_; }
void WeakMemory::release(int cpu) { complete(cpu); }

// M5: a load returns the newest visible value or, while there is one, a value
// that was visible at some time since the reader's floor (its last DMB
// ISHLD/ISH, acquire or exception entry) and not older than what it already
// read or wrote there (coherence).
unsigned long WeakMemory::load(int cpu, const volatile void* addr, int size) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  drain_fenced(cpu);
  uint8_t bytes[8];
  if (own_pending(cpu, a, size)) {  // M3: forwarding from its own buffer
    std::memcpy(bytes, reinterpret_cast<const void*>(a), static_cast<size_t>(size));
    return to_value(bytes, size);
  }
  observe(cpu, a, size);
  visible(cpu, a, size, bytes);
  CpuView& v = cpus_[cpu];
  const uint64_t lo = std::max(v.floor, coh_floor(v, a));
  // The log entries that may be undone, newest first.
  std::array<const Logged*, kMaxEarly> older{};
  uint32_t m = 0;
  for (uint64_t t = ts_; t > lo && t + kLogSize > ts_ && m < kMaxEarly; --t) {
    const Logged& l = log_[(t - 1) % kLogSize];
    if (overlaps(a, size, l.addr, l.size)) older[m++] = &l;
  }
  const uint32_t k = m == 0 ? 0 : choices_->choose(m + 1, "memory: load satisfied early");
  for (uint32_t j = 0; j < k; ++j) {
    const Logged& l = *older[j];
    for (int b = 0; b < size; ++b) {
      const uintptr_t at = a + static_cast<uintptr_t>(b);
      if (at >= l.addr && at < l.addr + l.size) bytes[b] = l.before[at - l.addr];
    }
  }
  set_coh(v, a, k == 0 ? ts_ : older[k - 1]->ts - 1);
  return to_value(bytes, size);
}

void WeakMemory::store(int cpu, volatile void* addr, int size, unsigned long val) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  drain_overlapping_others(cpu, a, size);  // M4: coherence
  uint8_t old[8];
  std::memcpy(old, const_cast<const void*>(addr), static_cast<size_t>(size));
  std::memcpy(const_cast<void*>(addr), &val, static_cast<size_t>(size));
  add_store(cpu, a, size, old, true);
}

// M9: test_and_* are fully ordered; set_bit/clear_bit are relaxed RMWs (the
// read is of the coherence-latest value, the write may stay buffered).
bool WeakMemory::bitop(int cpu, int op, unsigned long nr, volatile unsigned long* addr) {
  volatile unsigned long* w = addr + nr / 64;
  const unsigned long bit = 1UL << (nr % 64);
  if (op == SF_BIT_TEST) return (load(cpu, w, sizeof *w) & bit) != 0;
  const bool full = op == SF_BIT_TEST_AND_SET || op == SF_BIT_TEST_AND_CLEAR;
  if (full) full_barrier(cpu);
  drain_fenced(cpu);
  const uintptr_t a = reinterpret_cast<uintptr_t>(w);
  drain_overlapping_others(cpu, a, sizeof *w);
  const unsigned long cur = *w;
  const bool old = (cur & bit) != 0;
  const unsigned long now = (op == SF_BIT_SET || op == SF_BIT_TEST_AND_SET) ? (cur | bit) : (cur & ~bit);
  uint8_t before[8];
  std::memcpy(before, &cur, sizeof cur);
  *w = now;
  add_store(cpu, a, sizeof *w, before, !full);
  if (full) full_barrier(cpu);
  return old;
}

// M9: atomic_read is a load, atomic_set a store, atomic_add/inc/dec relaxed
// RMWs, *_return fully ordered.
int WeakMemory::atomic(int cpu, int op, volatile int* addr, int val) {
  switch (op) {
    case SF_ATOMIC_READ: return static_cast<int>(load(cpu, addr, sizeof *addr));
    case SF_ATOMIC_SET: store(cpu, addr, sizeof *addr, static_cast<unsigned int>(val)); return val;
    default: break;
  }
  const bool full = op == SF_ATOMIC_ADD_RETURN;
  if (op != SF_ATOMIC_ADD && !full) return 0;
  if (full) full_barrier(cpu);
  drain_fenced(cpu);
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  drain_overlapping_others(cpu, a, sizeof *addr);
  const int cur = *addr;
  uint8_t before[8];
  std::memcpy(before, &cur, sizeof cur);
  *addr = cur + val;
  add_store(cpu, a, sizeof *addr, before, !full);
  if (full) full_barrier(cpu);
  return cur + val;
}

int WeakMemory::cmpxchg(int cpu, volatile int* addr, int old, int new_val) {
  full_barrier(cpu);
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  drain_overlapping_others(cpu, a, sizeof *addr);
  const int cur = *addr;
  if (cur == old) {
    uint8_t before[8];
    std::memcpy(before, &cur, sizeof cur);
    *addr = new_val;
    add_store(cpu, a, sizeof *addr, before, false);
  }
  full_barrier(cpu);
  return cur;
}

// M6, M7: DMB ISHST orders stores against stores, DMB ISHLD loads against
// later accesses, DMB ISH both and stores against later loads; none of them
// waits for anything. M10: a DSB completes the earlier stores.
void WeakMemory::barrier(int cpu, int kind) {
  CpuView& v = cpus_[cpu];
  switch (kind) {
    case SF_BARRIER_WMB: ++v.epoch; break;
    case SF_BARRIER_RMB: v.floor = ts_; break;
    case SF_BARRIER_MB:
      ++v.epoch;
      v.fence_epoch = v.epoch;
      v.floor = ts_;
      break;
    case SF_BARRIER_DSB_ISHST: complete(cpu); break;
    case SF_BARRIER_DSB_ISH:
    case SF_BARRIER_DSB_SY:
      complete(cpu);
      v.floor = ts_;
      break;
    default: break;  // ISB: a context synchronisation event, no memory ordering
  }
}

}  // namespace sf

namespace sf {

// M13: LDAR. An earlier STLR of this CPU is visible first (RCsc: arm64's
// LDAR is not satisfied before an earlier STLR); later loads are not
// satisfied before the time this one was (its coherence point for the address).
unsigned long WeakMemory::load_acquire(int cpu, const volatile void* addr, int size) {
  CpuView& v = cpus_[cpu];
  for (size_t i = v.buf.size(); i-- > 0;)
    if (v.buf[i].release) {
      drain_entry(cpu, i);
      break;
    }
  v.floor = std::max(v.floor, v.release_visible);
  const unsigned long val = load(cpu, addr, size);
  v.floor = std::max(v.floor, coh_floor(v, reinterpret_cast<uintptr_t>(addr)));
  return val;
}

// M13: STLR. Every earlier store drains before it (a new epoch, as DMB
// ISHST); earlier loads are already satisfied (loads are never satisfied
// late, docs "Not modelled"). Later stores may drain before it.
void WeakMemory::store_release(int cpu, volatile void* addr, int size, unsigned long val) {
  ++cpus_[cpu].epoch;
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  drain_overlapping_others(cpu, a, size);  // M4
  uint8_t old[8];
  std::memcpy(old, const_cast<const void*>(addr), static_cast<size_t>(size));
  std::memcpy(const_cast<void*>(addr), &val, static_cast<size_t>(size));
  add_store(cpu, a, size, old, true, true);
}

// M14: a read-modify-write reads the coherence-latest value (the other
// CPUs' buffered stores to it drain first). Fully ordered and writing: as
// M9's value-returning atomics. Release: an STLR write. Acquire: later loads
// are not satisfied before it. Relaxed, or an operation that does not write
// (a failed cmpxchg, add_unless at the excluded value): no ordering at all,
// as arm64's LL/SC sequences that branch past the barriers.
long WeakMemory::rmw(int cpu, int op, int order, volatile void* addr, int size, long a, long b) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(addr);
  drain_fenced(cpu);
  drain_overlapping_others(cpu, at, size);
  uint8_t before[8];
  std::memcpy(before, const_cast<const void*>(addr), static_cast<size_t>(size));
  const long old = rmw_word(before, size);
  long now = 0;
  CpuView& v = cpus_[cpu];
  set_coh(v, at, ts_);
  if (!rmw_apply(op, old, a, b, &now)) {
    if (order == SF_ORDER_ACQUIRE) v.floor = ts_;
    return old;
  }
  const bool full = order == SF_ORDER_FULL;
  if (full) full_barrier(cpu);
  if (order == SF_ORDER_RELEASE) ++v.epoch;
  std::memcpy(const_cast<void*>(addr), &now, static_cast<size_t>(size));
  add_store(cpu, at, size, before, !full, order == SF_ORDER_RELEASE);
  if (full) full_barrier(cpu);
  if (order == SF_ORDER_ACQUIRE) v.floor = ts_;
  return old;
}

}  // namespace sf
