// memory.cc - the sequentially consistent memory model (design §6).
#include "models/memory.h"

#include <cstring>

#include "models/rmw.h"
#include "stopfuzz/machine_api.h"

namespace sf {

unsigned long Memory::load(int /*cpu*/, const volatile void* addr, int size) {
  unsigned long v = 0;
  std::memcpy(&v, const_cast<const void*>(addr), static_cast<size_t>(size));
  return v;
}

void Memory::store(int /*cpu*/, volatile void* addr, int size, unsigned long val) {
  std::memcpy(const_cast<void*>(addr), &val, static_cast<size_t>(size));
}

bool Memory::bitop(int /*cpu*/, int op, unsigned long nr, volatile unsigned long* addr) {
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
  return old;
}

int Memory::atomic(int /*cpu*/, int op, volatile int* addr, int val) {
  switch (op) {
    case SF_ATOMIC_READ: return *addr;
    case SF_ATOMIC_SET: *addr = val; return val;
    case SF_ATOMIC_ADD:
    case SF_ATOMIC_ADD_RETURN: *addr = *addr + val; return *addr;
    default: return 0;
  }
}

int Memory::cmpxchg(int /*cpu*/, volatile int* addr, int old, int new_val) {
  const int cur = *addr;
  if (cur == old) *addr = new_val;
  return cur;
}

long Memory::rmw(int /*cpu*/, int op, volatile void* addr, int size, long a, long b) {
  uint8_t bytes[8];
  std::memcpy(bytes, const_cast<const void*>(addr), static_cast<size_t>(size));
  const long old = rmw_word(bytes, size);
  long now = 0;
  if (rmw_apply(op, old, a, b, &now)) std::memcpy(const_cast<void*>(addr), &now, static_cast<size_t>(size));
  return old;
}

void Memory::bitmap_copy(int /*cpu*/, unsigned long* dst, const volatile unsigned long* src, unsigned nbits) {
  const unsigned words = (nbits + 63) / 64;
  for (unsigned i = 0; i < words; ++i) dst[i] = src[i];
}

void Memory::barrier(int /*cpu*/, int /*kind*/) {}

}  // namespace sf
