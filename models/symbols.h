// symbols.h - the name of the object an address lies in, from the ELF symbol tables of the loaded code.
//
// Spec: issue 11 ("from a counterexample to a litmus test": the accesses are
// derived from the trace), docs/memory_model.md ("From a counterexample to a
// litmus test"). The memory events recorded for the litmus emitter
// (events.def MemLoad, MemStore) name what they touched: a revision's
// variables are local symbols of the executable, or of the shared object a
// kernel tree built at run time was loaded from, so the static symbol table
// (.symtab, kept in every build) names them; the dynamic one alone would not.
#pragma once

#include <string>

namespace sf {

// "sdei_nmi_stopping", "backtrace_mask+8" (a byte offset into the object),
// or "" when no symbol of the loaded code covers the address (a stack, the
// heap). Deterministic: the same object gives the same name in every run.
std::string symbol_of(const volatile void* addr);

// The barriers the machine itself issues on a CPU's behalf, beside the
// kernel's enum sf_barrier_kind (MemBarrier events).
enum MachineBarrier : int {
  kBarrierGicSgi = 100,       // gic_ipi_send_mask()'s dsb(ishst) before the SGI (M10)
  kBarrierFirmwareDsb = 101,  // the firmware's DSB before the SIGNAL's SGI (M10)
  kBarrierException = 102,    // exception entry on the target (M8)
};
// "smp_wmb()", "dsb(ishst)", "firmware DSB", ...
const char* barrier_name(int kind);
// Whether it completes earlier stores before a later SMC or system-register
// write (a DSB), as opposed to a DMB that orders memory accesses only (M6, M7, M10).
bool barrier_is_dsb(int kind);

}  // namespace sf
