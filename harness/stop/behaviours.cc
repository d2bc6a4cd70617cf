// behaviours.cc - what each CPU is doing when the stop comes (spec §7.1, §7.5, §12.2).
#include "harness/stop/behaviours.h"

namespace sf {
namespace {

void primary(Machine& m, const Scenario& s) {
  const sf_revision* rev = m.rev();
  // Inside another event's dispatch (set up by the machine): tell the Linux
  // SDEI glue, so sdei_handler_abort() finds it.
  if (s.requester_in_sdei) rev->sdei_set_active(1);
  switch (s.entry) {
    case Entry::kPanic: rev->panic("stopfuzz requester"); break;
    case Entry::kDie: rev->die("Oops"); break;
    case Entry::kRestart: rev->machine_restart(); break;
    case Entry::kHalt: rev->machine_halt(); break;
    case Entry::kPowerOff: rev->machine_power_off(); break;
    case Entry::kBacktrace:
      if (rev->features & (SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE)) rev->trigger_backtrace();
      break;
    case Entry::kCount: break;
  }
  // Back to idle with IRQs on, unless still wedged in the SDEI handler.
  if (!s.requester_in_sdei) m.set_masks(false, false);
  m.wait_forever();
}

}  // namespace

void run_cpu_program(Machine& m, int cpu, const Scenario& s) {
  if (cpu == 0) primary(m, s);
  const sf_revision* rev = m.rev();
  const uint64_t when = s.when_us[cpu];
  switch (s.behaviour[cpu]) {
    case Behaviour::kResponsive: break;
    case Behaviour::kDaifMasked:
      // A DAIF-masked section that ends about when the rungs time out
      // (when_us 0: it never does). Pending stops are then taken late,
      // inside the windows of §12.1.1.
      if (when) {
        m.sleep_us(when);
        m.set_masks(false, false);
      }
      break;
    case Behaviour::kPmrMasked:
    case Behaviour::kInSdeiDispatch:
    case Behaviour::kSdeiMaskedIdle:
    case Behaviour::kOffline:
    case Behaviour::kUnreachable:
      // Initial state set by the machine (CpuInitial); nothing more to do.
      break;
    case Behaviour::kLateResponder:
    case Behaviour::kLockHolder:
      m.sleep_us(when);
      m.set_masks(false, false);
      break;
    case Behaviour::kComingOnline:
      m.sleep_us(when);
      m.mark_online(cpu, true);
      m.set_masks(false, false);
      break;
    case Behaviour::kPanicsToo:
      m.sleep_us(when);
      rev->panic("stopfuzz parallel panic");
      break;
    case Behaviour::kOops:
      m.sleep_us(when);
      rev->die("Oops");
      break;
    case Behaviour::kRebootsToo:
      m.sleep_us(when);
      rev->machine_restart();
      break;
    case Behaviour::kBacktraceRequester:
      m.sleep_us(when);
      if (rev->features & (SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE)) rev->trigger_backtrace();
      m.set_masks(false, false);
      break;
    case Behaviour::kNmiPanic:
      m.sleep_us(when);
      m.set_masks(true, m.config().pseudo_nmi);
      rev->nmi_panic("hard LOCKUP");
      break;
    case Behaviour::kCount: break;
  }
  m.wait_forever();
}

}  // namespace sf
