// machine_firmware.cc - SMC calls: the SDEI interface and PSCI CPU_OFF.
//
// Spec: stop-path.md §4.8 (PSCI CPU_OFF), §4.10 (SDEI calls and their Linux
// errno mapping), §4.11 (SIGNAL raises the EL3 SGI; success is not
// delivery), §7.2-§7.3 (faults), §12.3 (time per SMC). The firmware's state
// and rules are models/sdei_firmware.h; here each call is a yield point,
// costs SMC time and is recorded.
#include <cstdlib>

#include "models/machine.h"
#include "models/symbols.h"

namespace sf {
namespace {

const sf_site kPsciSite = {"arch/arm64/kernel/psci.c", "cpu_psci_cpu_die", 0};

}  // namespace

int Machine::sdei_call(const sf_site* s, int call, int event) {
  yield_point(s);
  int err = 0;
  if (call == 1) err = fw_.event_enable(event);
  if (call == 2) err = fw_.event_unregister(event);
  emit(ev::SdeiCall{call, err});
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_register(const sf_site* s, int event, sdei_event_callback* cb, void* arg) {
  yield_point(s);
  const int err = fw_.event_register(event);
  if (err == 0) {
    sdei_cb_ = cb;
    sdei_arg_ = arg;
  }
  emit(ev::SdeiCall{0, err});
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_signal(const sf_site* s, int event, unsigned long mpidr) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  const int target = mpidr < static_cast<unsigned long>(kMaxCpus) ? static_cast<int>(mpidr) : -1;
  const int err = fw_.event_signal(c.id, event, target);
  const int cause = c.cause();
  emit(ev::SdeiSignal{target, err, cause});
  if (err == 0) {
    // The reference firmware puts a DSB before it raises the SGI; the SDEI
    // specification does not require one (spec §6.1; M10): choice 0 is the
    // DSB. Asked only when a store of the caller is still buffered.
    if (weak_ && wmem_.pending(c.id) && choose(2, "firmware: SIGNAL raises the SGI without a DSB") == 0) {
      wmem_.complete(c.id);
      if (cfg_.record_memory)
        record(Ev::kMemBarrier, {kBarrierFirmwareDsb, 0, 0}, nullptr, barrier_name(kBarrierFirmwareDsb));
    }
    const uint64_t delay = cfg_.cpu[target].sdei_delay_us;
    if (delay == 0) {
      fw_.raise_sgi(target);
      cpus_[target].sdei_cause = cause;
      wake_if_deliverable(cpus_[target]);
    } else {
      clock_.add_raise({clock_.now() + delay, target, cause});
    }
  }
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_pe_mask(const sf_site* s, bool mask) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  const int err = mask ? fw_.pe_mask(c.id) : fw_.pe_unmask(c.id);
  if (mask)
    emit(ev::PeMask{err});
  else
    emit(ev::PeUnmask{err});
  charge(cfg_.smc_cost_us);
  return err;
}

int Machine::sdei_handler_abort(const sf_site* s) {
  yield_point(s);
  const int err = fw_.event_complete_and_resume(cur_);
  emit(ev::SdeiAbort{err});
  return err;
}

int Machine::sdei_platform_reset(const sf_site* s) {
  yield_point(s);
  const int err = fw_.is_present() ? 0 : kEIO;
  fw_.platform_reset();
  emit(ev::SdeiCall{3, err});
  charge(cfg_.smc_cost_us);
  return err;
}

void Machine::psci_cpu_off(const sf_site* s) {
  yield_point(s ? s : &kPsciSite);
  Cpu& c = cpus_[cur_];
  const int result = cfg_.cpu[c.id].cpu_off_result;
  emit(ev::CpuOff{result, fw_.outstanding(c.id)});
  charge(cfg_.smc_cost_us);
  if (result == 0) {
    block(CpuState::kOff, 0);
    std::abort();  // kOff is never scheduled again
  }
}

}  // namespace sf
