// memory.h - shared memory as the CPUs see it: loads, stores, atomics, bitops, barriers.
//
// Spec: design.md §6 (start sequentially consistent; every shared access and
// barrier routed here so a weak model slots in without touching core/),
// stop-path.md §6 and §12.3 (the ordering facts a weak model must honour).
// This is the sequentially consistent model: every access acts on memory at
// once and a barrier orders nothing that is not already ordered. Each call
// names the CPU making the access, which a weak model needs (its store
// buffer, its view). Scheduling (yield points) is the machine's business.
#pragma once

#include <cstdint>

namespace sf {

class Memory {
 public:
  unsigned long load(int cpu, const volatile void* addr, int size);
  void store(int cpu, volatile void* addr, int size, unsigned long val);
  // enum sf_access_op on bit `nr` of the bitmap at addr; returns the old bit.
  bool bitop(int cpu, int op, unsigned long nr, volatile unsigned long* addr);
  // enum sf_atomic_op; returns the value read (READ) or the new value.
  int atomic(int cpu, int op, volatile int* addr, int val);
  // Returns the old value; stores new_val if it equalled old.
  int cmpxchg(int cpu, volatile int* addr, int old, int new_val);
  // enum sf_rmw_op on the 4- or 8-byte word at addr; returns the old value.
  long rmw(int cpu, int op, volatile void* addr, int size, long a, long b);
  void bitmap_copy(int cpu, unsigned long* dst, const volatile unsigned long* src, unsigned nbits);
  // enum sf_barrier_kind.
  void barrier(int cpu, int kind);
};

}  // namespace sf
