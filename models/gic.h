// gic.h - the GIC's view of IPIs: pending SGIs per CPU and who may take them.
//
// Spec: stop-path.md §1 items 3-4 (normal IPIs are Group-1 IRQs; with
// pseudo-NMI some IPIs are high-priority NMI SGIs), §4.4 (which IPIs are
// NMIs), design.md §2 (delivery respects DAIF and PMR). SDEI's EL3 SGI is the
// firmware's (sdei_firmware.h). Pure state and rules: the machine decides
// when a pending IPI is taken.
#pragma once

#include <array>
#include <cstdint>

#include "models/sdei_firmware.h"

namespace sf {

class Gic {
 public:
  // nmi_ipis: bit per IPI number requested as a per-CPU NMI at boot.
  void reset(uint32_t nmi_ipis) {
    nmi_ipis_ = nmi_ipis;
    pending_.fill(0);
  }
  bool is_nmi(int ipinr) const { return ipinr >= 0 && ipinr < 32 && ((nmi_ipis_ >> ipinr) & 1); }

  void raise(int cpu, int ipinr) { pending_[cpu] |= 1u << ipinr; }
  uint32_t pending(int cpu) const { return pending_[cpu]; }
  void acknowledge(int cpu, int ipinr) { pending_[cpu] &= ~(1u << ipinr); }

  // An NMI SGI is masked by DAIF.I only; a normal one by DAIF.I or the PMR.
  bool can_take(int ipinr, bool daif_i, bool pmr) const { return is_nmi(ipinr) ? !daif_i : (!daif_i && !pmr); }
  bool any_deliverable(int cpu, bool daif_i, bool pmr) const;
  // The IPI to take next with these masks: NMIs first, then IRQs, each the
  // lowest number first. -1 if none; *as_nmi says how it is taken.
  int next(int cpu, bool daif_i, bool pmr, bool* as_nmi) const;

 private:
  uint32_t nmi_ipis_ = 0;
  std::array<uint32_t, kMaxCpus> pending_{};
};

}  // namespace sf
