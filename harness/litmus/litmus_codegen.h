// litmus_codegen.h - a litmus test's processes as a C translation unit over the shim, and what is out of scope.
//
// Spec: issue 11 ("compiles each process body against the shim (they are
// kernel C)"), shim/include/stopfuzz/ordering.h, litmus_primitives.def.
// The shared variables live in a block the host allocates on its heap (not
// in the shared object's data, which could be mapped right above a CPU's
// stack and be taken for private memory, M11), one function per
// process with its body unchanged except that its scalar registers start
// at 0 (herd's registers do), and the entry points litmus_image.h loads:
//   void sf_litmus_bind(char *block)       the variables' storage: variable i at block + i * kVarSlot
//   void sf_litmus_reset(void)             initial state
//   void sf_litmus_run(int proc, long *r)  runs process proc; r[k] = observed location k if it is its register
//   long sf_litmus_var_value(int i)        final value of variable i (atomic_t: its counter)
//   long sf_litmus_var_addr(int i)         its address (a pointer's value)
#pragma once

#include <string>
#include <vector>

#include "harness/litmus/litmus_test.h"

namespace sf::litmus {

// Bytes per shared variable in the block (each is at most 8 bytes).
inline constexpr size_t kVarSlot = 64;

// "" when the test is in scope, else the reason (first found).
std::string out_of_scope_reason(const Test& t);

// The locations the verdict and the printed states need: the clause's,
// the filter's, then `locations [...]`, each once.
std::vector<Location> observed_locations(const Test& t);

std::string generate_c(const Test& t, const std::vector<Location>& observed);

}  // namespace sf::litmus
