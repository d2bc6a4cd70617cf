// p12_backtrace_completes.cc - P12: with working SDEI every reachable targeted CPU
// answers a backtrace within 10 s.
//
// Spec: stop-path.md §8 P12, §12.1.4 (event 0 to a masked PE is dropped: excused).
#include "harness/stop/property_check.h"

namespace sf {

void check_P12(const Check& c) {
  const auto x = as<ev::Mark>(c.e);
  if (!x || x->mark != SF_MARK_BACKTRACE_DONE || x->arg != 0 || c.rec.stop_started) return;
  const MachineConfig& mc = c.scenario.machine;
  const uint32_t left = c.probe.backtrace_mask() & 0xff;
  for (int i = 0; i < mc.ncpus; ++i) {
    if (!((left >> i) & 1) || i == c.e.cpu) continue;
    const CpuRecords& t = c.rec.cpu[i];
    const bool excused = !c.probe.sdei_nmi_available() || t.pe_masked || t.outstanding > 0 ||
                         mc.sdei.mode != SdeiMode::kPresent || mc.sdei.signal_error[i] != 0 ||
                         mc.cpu[i].sdei_delay_us > 0 || !t.online;
    if (!excused) c.report(Signature::backtrace_lost, fmt("cpu%d never answered the backtrace from cpu%d", i, c.e.cpu));
  }
}

}  // namespace sf
