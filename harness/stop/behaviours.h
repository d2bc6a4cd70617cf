// behaviours.h - the top-level program of each CPU for a scenario.
//
// Spec: stop-path.md §7.1 (target behaviours), §3/§12.2 (entry points).
// These run on CPU stacks: no owning C++ objects across machine calls.
#pragma once

#include "harness/stop/scenario.h"
#include "models/machine.h"

namespace sf {

// Runs CPU `cpu`'s part of scenario `s` (CPU 0 is the primary requester).
void run_cpu_program(Machine& m, int cpu, const Scenario& s);

}  // namespace sf
