// weak_memory.h - the arm64 operational memory model: store buffers, early loads, DMB and DSB.
//
// Spec: docs/memory_model.md (the rules, one by one, and why), stop-path.md
// §6 and §12.3 (the ordering facts it must honour), issue 11. Selected with
// MachineConfig::memory = MemoryModel::kArm64; models/memory.h is the
// sequentially consistent model it replaces.
//
// Representation. Kernel memory always holds the NEWEST value of every byte
// (the writer's own view, so plain C accesses and the writer's forwarding
// need nothing). A store that is not yet visible to the other CPUs is an
// entry in its CPU's buffer that remembers the bytes it overwrote: another
// CPU reading those bytes sees the remembered ones. At most one CPU has
// entries for a given byte (a store or RMW to it drains the others' first),
// so coherence per address holds. An entry becomes visible to every other
// CPU at once (other-multi-copy atomicity) when it drains, and is then logged
// with the bytes it replaced, which is how a load "satisfied early" returns
// an older value: it undoes the newest log entries back to the reader's floor.
//
// Every freedom is a decision read from the ChoiceSource, and choice 0 is
// always the sequentially consistent one (store visible at once, drain
// everything, load the newest value, firmware DSB), so a zero or exhausted
// tape gives exactly the sc behaviour.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/choice_source.h"
#include "models/limits.h"

namespace sf {

class WeakMemory {
 public:
  void reset(int ncpus, ChoiceSource* choices);

  // The accesses, as models/memory.h; `shared` false for the running CPU's
  // own stack (private: never buffered, no decisions).
  unsigned long load(int cpu, const volatile void* addr, int size);
  void store(int cpu, volatile void* addr, int size, unsigned long val);
  bool bitop(int cpu, int op, unsigned long nr, volatile unsigned long* addr);
  int atomic(int cpu, int op, volatile int* addr, int val);
  int cmpxchg(int cpu, volatile int* addr, int old, int new_val);
  void barrier(int cpu, int kind);
  // smp_load_acquire() (LDAR): a load that later loads are not satisfied
  // before, and that is not satisfied before an earlier STLR of its CPU is
  // visible (M13). smp_store_release() (STLR): a store that drains only
  // after every earlier store of its CPU (M13).
  unsigned long load_acquire(int cpu, const volatile void* addr, int size);
  void store_release(int cpu, volatile void* addr, int size, unsigned long val);
  // enum sf_rmw_op with enum sf_order on a 4- or 8-byte word (M14); returns the old value.
  long rmw(int cpu, int op, int order, volatile void* addr, int size, long a, long b);

  // Every buffered store of `cpu` becomes visible (DSB; the GIC driver's
  // barrier before an SGI; a firmware DSB).
  void complete(int cpu);
  void drain_all();
  // Virtual time passes: every buffer drains and no CPU's later load is
  // satisfied before now (a store buffer empties, and a load is satisfied,
  // within nanoseconds; the clock moves in microseconds).
  void time_passes();
  // Exception entry on `cpu`: its later loads are not satisfied before it.
  void exception_entry(int cpu);
  // A lock acquired / about to be released by the machine's spinlock.
  void acquire(int cpu);
  void release(int cpu);

  bool pending(int cpu) const { return !cpus_[cpu].buf.empty(); }
  // Whether `cpu` still has a buffered store to [addr, addr+size).
  bool buffered(int cpu, const volatile void* addr, int size) const {
    return own_pending(cpu, reinterpret_cast<uintptr_t>(addr), size);
  }
  bool quiet() const { return npending_ == 0; }
  uint64_t now() const { return ts_; }

 private:
  struct Entry {
    uintptr_t addr;
    uint8_t size;
    uint8_t old[8];  // the bytes the other CPUs still see
    uint32_t epoch;  // stores of a later epoch drain after this one
    bool release;    // an STLR: a later LDAR of its CPU waits for it
  };
  struct Logged {
    uint64_t ts;
    uintptr_t addr;
    uint8_t size;
    uint8_t before[8];
  };
  struct CpuView {
    std::vector<Entry> buf;    // program order
    uint32_t epoch = 0;        // bumped by DMB ISHST / DMB ISH / release
    uint32_t fence_epoch = 0;  // a later load first drains entries older than this (DMB ISH)
    uint64_t floor = 0;        // loads are not satisfied before this time (DMB ISHLD, exception entry)
    uint64_t fenced_visible = 0;   // when the last store before the last DMB ISH became visible
    uint64_t release_visible = 0;  // when the last STLR became visible
    std::vector<std::pair<uintptr_t, uint64_t>> coh;  // per address: not older than this (CoRR, own writes)
  };
  static constexpr size_t kBufferSize = 8;
  static constexpr size_t kLogSize = 32;
  static constexpr uint32_t kMaxEarly = 2;  // versions older than the newest a load may return

  uint64_t coh_floor(const CpuView& v, uintptr_t a) const;
  void set_coh(CpuView& v, uintptr_t a, uint64_t t);
  // Bytes [a, a+size) as `cpu` sees them now (others' buffered bytes overlaid).
  void visible(int cpu, uintptr_t a, int size, uint8_t* out) const;
  bool own_pending(int cpu, uintptr_t a, int size) const;
  // Makes entry i of `cpu` visible, with every entry that must precede it.
  void drain_entry(int cpu, size_t i);
  void drain_one(int cpu, size_t i);  // entry i has no predecessor left
  void drain_overlapping_others(int cpu, uintptr_t a, int size);
  void drain_fenced(int cpu);
  // A load of [a, a+size) by `cpu`: other CPUs' buffered stores to it may
  // have become visible (one decision per overlapping entry, oldest first).
  void observe(int cpu, uintptr_t a, int size);  // entries before the last DMB ISH, before a load
  void log_visible(int cpu, uintptr_t a, int size, const uint8_t* before);
  // A store of `size` bytes already written to memory (`old` what it replaced).
  void add_store(int cpu, uintptr_t a, int size, const uint8_t* old, bool may_buffer, bool release = false);
  void full_barrier(int cpu);
  bool drainable(const CpuView& v, size_t i) const;

  int ncpus_ = 0;
  ChoiceSource* choices_ = nullptr;
  std::array<CpuView, kMaxCpus> cpus_;
  std::array<Logged, kLogSize> log_{};
  uint64_t ts_ = 0;  // visible writes so far
  size_t npending_ = 0;
};

}  // namespace sf
