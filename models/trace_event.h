// trace_event.h - one observable event of an execution, and the event catalogue.
//
// Spec: design.md §7 (timeline, machine-readable forms from one trace), §8.2
// (byte-identical traces). Events carry no pointers that reach the output:
// the site is printed as file:line of the kernel source, made relative at
// build time (-ffile-prefix-map), so traces are identical on every build.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stopfuzz/machine_api.h"

namespace sf {

// X(name, observable): observable events form the projection compared across
// runs, backends and (kernel-source mode) hand-written vs real source.
#define SF_TRACE_EVENTS(X)                                                \
  X(kBoot, true)         /* a=ncpus b=pseudo_nmi c=sdei mode */           \
  X(kMark, true)         /* a=sf_mark b=arg */                            \
  X(kIpiSend, true)      /* a=target mask b=ipinr c=sf_ipi_kind */        \
  X(kIrqEnter, true)     /* a=ipinr b=1 if NMI c=sf_ipi_kind */           \
  X(kIrqExit, true)      /* a=ipinr */                                    \
  X(kSdeiSignal, true)   /* a=target b=errno c=cause */                   \
  X(kSdeiRaise, true)    /* a=target: delayed SGI becomes pending */      \
  X(kSdeiDispatch, true) /* a=cause */                                    \
  X(kSdeiDrop, true)     /* a=1 masked / 2 unregistered */                \
  X(kSdeiComplete, true) /* a=sf_sdei_exit b=errno */                     \
  X(kSdeiAbort, true)    /* sdei_handler_abort completed a dispatch */    \
  X(kSdeiCall, true)     /* a=call (register/enable/...) b=errno */       \
  X(kPeMask, true)       /* a=errno */                                    \
  X(kPeUnmask, true)     /* a=errno */                                    \
  X(kOnline, true)       /* a=cpu b=1 set / 0 clear */                    \
  X(kCrashAck, true)     /* linux-6.1 waiting_for_crash_ipi decrement */  \
  X(kCrashNote, true)    /* a=regs ctx kind (-1 NULL) b=regs depth */     \
  X(kDaifMask, true)     /* local_daif_mask() */                          \
  X(kIrqOff, false)      /* local_irq_disable() */                        \
  X(kIrqOn, false)       /* local_irq_enable() */                         \
  X(kCpuOff, true)       /* a=result (0 off, errno) b=sdei outstanding */ \
  X(kPark, true)         /* cpu_park_loop() */                            \
  X(kPrintk, true)       /* text */                                       \
  X(kWarn, true)         /* text */                                       \
  X(kBug, true)          /* BUG() */                                      \
  X(kSnapshot, false)    /* a=copied online mask */                       \
  X(kEnd, true)          /* a=end reason */

enum class Ev : uint8_t {
#define SF_X(name, obs) name,
  SF_TRACE_EVENTS(SF_X)
#undef SF_X
};

const char* ev_name(Ev e);
bool ev_observable(Ev e);

// Why an execution ended.
enum class EndReason : uint8_t {
  kQuiescent,   // nothing runnable, nothing scheduled
  kReset,       // machine_restart/halt/power_off reached the hardware
  kKexec,       // machine_kexec() into the capture kernel
  kStepLimit,   // harness bound on yield points (never a violation)
  kTimeLimit,   // harness bound on virtual time (never a violation)
  kDepthLimit,  // harness bound on interrupt nesting
  kViolation,   // an online oracle stopped the execution
};
const char* end_reason_name(EndReason r);

// Kinds of context on a CPU's stack (pt_regs describes the interrupted one).
enum CtxKind : int8_t {
  kCtxTop = 0,   // the CPU's own code (its behaviour, or an entry point)
  kCtxIrq = 1,   // IPI taken as a normal IRQ
  kCtxNmi = 2,   // IPI taken as a pseudo-NMI
  kCtxSdei = 3,  // SDEI event dispatch
};
const char* ctx_kind_name(int k);

// Cause of an SDEI signal or an IPI: which caller sent it (design §4).
enum Cause : uint8_t { kCauseOther = 0, kCauseStop = 1, kCauseBacktrace = 2 };
const char* cause_name(int c);

struct TraceEvent {
  uint64_t t_us;
  int8_t cpu;     // -1: machine
  uint8_t depth;  // context nesting depth on that CPU
  Ev type;
  int32_t a;
  int32_t b;
  int32_t c;
  const sf_site* site;  // may be null
  uint32_t text_off;    // into Trace::text
  uint32_t text_len;
};

struct Trace {
  std::vector<TraceEvent> events;
  std::string text;  // pool for event texts

  void clear() {
    events.clear();
    text.clear();
  }
  std::string_view text_of(const TraceEvent& e) const { return std::string_view(text).substr(e.text_off, e.text_len); }
};

}  // namespace sf
