// litmus_revision.h - the revision a litmus test runs as: the machine's boot and nothing of the stop path.
//
// Spec: issue 11; tests/models/memory_litmus.h (the same idea for the
// memory model's own tests). No IPIs are sent and no SDEI event is
// registered: the CPUs run only the test's processes.
#pragma once

#include "stopfuzz/revision.h"

namespace sf::litmus {

// `reset` is called by the machine at the start of every execution (the
// test's initial state).
const sf_revision* litmus_revision(void (*reset)());

}  // namespace sf::litmus
