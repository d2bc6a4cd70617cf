// p03_bounded_time.cc - P3: smp_send_stop() returns within 1 s + 10 ms (NMI rung)
// + 100 ms (SDEI rung) + console and SMC time.
//
// Spec: stop-path.md §8 P3, §5 (the rungs' bounds), §12.3 (print and SMC costs).
#include "harness/stop/property_check.h"

namespace sf {

void check_P3(const Check& c) {
  if (!c.step.closed || !c.step.closed_call.sent) return;
  const StopCall& call = c.step.closed_call;
  const MachineConfig& mc = c.scenario.machine;
  // 1 s + 10 ms + 100 ms + console and SMC time + 1 ms poll overrun per rung.
  uint64_t bound = 1000000;
  if (call.rung2) bound += 10000;
  // The SDEI rung waits whether or not it signalled anyone: with a counter
  // that still counts a stopped CPU (a lost decrement, §12.3) its snapshot
  // is empty and it waits for nothing. It ran if the requester still saw
  // others online at the end and the SDEI NMI is there.
  const bool sdei_rung_possible = (c.rev->features & SF_FEAT_SDEI_STOP) && c.probe.sdei_nmi_available();
  if (call.rung3 || (sdei_rung_possible && c.rec.others_seen(c.probe, c.e.cpu) > 0)) bound += 100000;
  bound += 3000 + static_cast<uint64_t>(call.printks) * mc.printk_cost_us +
           static_cast<uint64_t>(call.smcs) * mc.smc_cost_us;
  const uint64_t took = c.e.t_us - call.t0;
  if (took > bound)
    c.report(Signature::too_slow, fmt("smp_send_stop() on cpu%d took %d us, bound %d us", c.e.cpu,
                                      static_cast<int>(took), static_cast<int>(bound)));
}

}  // namespace sf
