// rmw.h - what a read-modify-write of stopfuzz/ordering.h writes, given the value it read.
//
// Spec: issue 11 (the litmus mode's xchg/cmpxchg/atomic_* on the memory
// models), docs/memory_model.md M9. Shared by the sequentially consistent
// model (models/memory.h) and the arm64 one (models/weak_memory.h), so the
// two differ only in ordering, never in the values.
#pragma once

#include <cstdint>
#include <cstring>

#include "stopfuzz/machine_api.h"

namespace sf {

// The value of a 4- or 8-byte word as the C code sees it (an int is sign-extended).
inline long rmw_word(const uint8_t* bytes, int size) {
  if (size == 4) {
    int32_t v;
    std::memcpy(&v, bytes, 4);
    return v;
  }
  int64_t v;
  std::memcpy(&v, bytes, 8);
  return static_cast<long>(v);
}

// enum sf_rmw_op applied to `old`: false when the operation does not write
// (a failed cmpxchg, add_unless at the excluded value), else *out is the new value.
inline bool rmw_apply(int op, long old, long a, long b, long* out) {
  const unsigned long u = static_cast<unsigned long>(old), ua = static_cast<unsigned long>(a);
  switch (op) {
    case SF_RMW_XCHG: *out = a; return true;
    case SF_RMW_CMPXCHG: *out = b; return old == a;
    case SF_RMW_ADD: *out = static_cast<long>(u + ua); return true;
    case SF_RMW_AND: *out = static_cast<long>(u & ua); return true;
    case SF_RMW_OR: *out = static_cast<long>(u | ua); return true;
    case SF_RMW_XOR: *out = static_cast<long>(u ^ ua); return true;
    case SF_RMW_ANDNOT: *out = static_cast<long>(u & ~ua); return true;
    case SF_RMW_ADD_UNLESS: *out = static_cast<long>(u + ua); return old != b;
    default: return false;
  }
}

}  // namespace sf
