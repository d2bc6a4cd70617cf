// kernel_probe.h - the kernel state the stop records read besides the events.
//
// Spec: design.md §4 (properties read the event stream; the machine knows no
// property). A few facts are kernel variables, not events: whether
// crash_stop is set when a stop begins (P7 is per target, §12.1.3), what the
// requester last read from the online counter (P13, P15), the backtrace mask
// and SDEI availability (P12, P13). The oracle reads them from the running
// revision and machine; property unit tests give them by hand.
#pragma once

#include <cstdint>

namespace sf {

class KernelProbe {
 public:
  virtual ~KernelProbe() = default;
  // crash_stop (arch/arm64/kernel/smp.c) now; false where the revision has none.
  virtual bool crash_stop() const = 0;
  // sdei_nmi_available now (the SDEI NMI driver); false where there is none.
  virtual bool sdei_nmi_available() const = 0;
  // backtrace_mask (lib/nmi_backtrace.c) now.
  virtual uint32_t backtrace_mask() const = 0;
  // The online counter (__num_online_cpus) now.
  virtual int online_count() const = 0;
  // The value CPU `cpu` last read from the online counter, -1 if none.
  virtual int online_count_read(int cpu) const = 0;
  // How many times CPU `cpu` wrote the online counter (set_cpu_online()'s
  // decrement is not an event: this tells whether it happened).
  virtual int online_count_writes(int cpu) const = 0;
};

}  // namespace sf
