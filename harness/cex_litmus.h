// cex_litmus.h - from an ordering counterexample to a C litmus test in the kernel's format (herd7, LKMM).
//
// Spec: issue 11 ("from a counterexample to a litmus test": the critical
// accesses and barriers of the CPUs involved and an `exists` clause that
// herd7 with LKMM could check), docs/memory_model.md ("From a
// counterexample to a litmus test": the abstraction). The accesses come from
// the trace of a run that recorded them (MachineConfig::record_memory:
// MemLoad, MemStore, MemBarrier events), never from a template per mutation:
//
//   1. the violation's cause is the last *stale* load before it (a load that
//      returned an older value than memory's newest) made inside an
//      exception handler (an SDEI dispatch or an IPI) on the reader;
//   2. the signal is the last SDEI_EVENT_SIGNAL or IPI another CPU sent to
//      the reader before that exception was taken;
//   3. the store is the sender's last write, before the signal, of the
//      object (and bit) the load read, with a value the load did not see.
//
// The litmus test has two processes: P0 the sender (the store, the barriers
// between it and the signal, the signal as a store of 1 to a variable named
// after it), P1 the reader (the signal read, the exception entry as
// smp_rmb(), the handler's barriers, the stale load), and the clause
// `exists (1:r0=1 /\ 1:r1=<the stale value>)`. A DSB becomes smp_mb(); a
// DMB between the store and the signal orders nothing against the signal
// (the signal is an SMC or a system-register write, not a memory access)
// and becomes a comment.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/trace.h"

namespace sf {

struct CexLitmusInput {
  const Trace* trace = nullptr;
  size_t violation_event = 0;      // index of the event that exposed the violation
  std::string name;                // the test's name (after "C ")
  std::vector<std::string> about;  // lines for the header comment (revision, finding, repro)
};

// Writes the litmus test to *out; false with the reason in *why when the
// trace holds no stale handler load with a signal and a store behind it
// (e.g. the run did not record memory, or the violation is not one of
// ordering).
bool cex_litmus(const CexLitmusInput& in, std::string* out, std::string* why);

}  // namespace sf
