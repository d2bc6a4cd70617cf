// limits.h - the size of the simulated machine.
//
// Spec: design.md §2 (scenarios of 2 to 8 CPUs; the shim's NR_CPUS is 8).
#pragma once

namespace sf {

constexpr int kMaxCpus = 8;

}  // namespace sf
