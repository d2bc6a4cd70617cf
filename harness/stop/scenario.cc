// scenario.cc - drawing a scenario from the tape (design §3, spec §7).
#include "harness/stop/scenario.h"

#include <cstdio>

namespace sf {
namespace {

constexpr BehaviourInfo kBehaviours[] = {
#define SF_BEHAVIOUR(id, name, summary, spec, initial, when, reach) \
  {name, summary, spec, BehaviourInitial::initial, BehaviourWhen::when, BehaviourReach::reach},
#include "harness/stop/behaviours.def"
#undef SF_BEHAVIOUR
};
constexpr const char* kEntryNames[] = {
#define SF_ENTRY(id, name, summary, spec) name,
#include "harness/stop/entries.def"
#undef SF_ENTRY
};
constexpr const char* kEntrySummaries[] = {
#define SF_ENTRY(id, name, summary, spec) summary,
#include "harness/stop/entries.def"
#undef SF_ENTRY
};

std::string ms(uint64_t us) {
  char buf[32];
  if (us % 1000)
    snprintf(buf, sizeof buf, "%llu.%03llu ms", static_cast<unsigned long long>(us / 1000),
             static_cast<unsigned long long>(us % 1000));
  else
    snprintf(buf, sizeof buf, "%llu ms", static_cast<unsigned long long>(us / 1000));
  return buf;
}

}  // namespace

const char* fault_name(Fault f) {
  static constexpr const char* kNames[] = {
#define SF_FAULT(id, name, summary, spec) name,
#include "harness/stop/faults.def"
#undef SF_FAULT
  };
  return f < Fault::kCount ? kNames[static_cast<int>(f)] : "?";
}

const char* fault_summary(Fault f) {
  static constexpr const char* kSummaries[] = {
#define SF_FAULT(id, name, summary, spec) summary,
#include "harness/stop/faults.def"
#undef SF_FAULT
  };
  return f < Fault::kCount ? kSummaries[static_cast<int>(f)] : "?";
}

const char* entry_summary(Entry e) { return e < Entry::kCount ? kEntrySummaries[static_cast<int>(e)] : "?"; }

const BehaviourInfo& behaviour_info(Behaviour b) { return kBehaviours[static_cast<int>(b)]; }
const char* behaviour_name(Behaviour b) { return b < Behaviour::kCount ? behaviour_info(b).name : "?"; }

bool behaviour_from_name(const std::string& name, Behaviour* out) {
  for (size_t i = 0; i < static_cast<size_t>(Behaviour::kCount); ++i) {
    if (name == kBehaviours[i].name) {
      *out = static_cast<Behaviour>(i);
      return true;
    }
  }
  return false;
}

const char* entry_name(Entry e) { return e < Entry::kCount ? kEntryNames[static_cast<int>(e)] : "?"; }

uint32_t Scenario::online_at_boot() const {
  uint32_t m = 0;
  for (int i = 0; i < machine.ncpus; ++i) {
    if (i == 0 && requester_offline) continue;
    if (i > 0 && behaviour_info(behaviour[i]).initial == BehaviourInitial::kOffline) continue;
    m |= 1u << i;
  }
  return m;
}

void apply_initial_state(Scenario& s) {
  MachineConfig& m = s.machine;
  m.initial[0] = CpuInitial{};
  m.initial[0].in_foreign_sdei = s.requester_in_sdei;
  for (int i = 1; i < m.ncpus; ++i) {
    CpuInitial& init = m.initial[i];
    init = CpuInitial{};
    switch (behaviour_info(s.behaviour[i]).initial) {
      case BehaviourInitial::kNone: break;
      case BehaviourInitial::kIrqsOff:
        // local_irq_disable(): PMR with pseudo-NMI, DAIF.I without.
        if (m.pseudo_nmi)
          init.pmr_masked = true;
        else
          init.daif_i = true;
        break;
      case BehaviourInitial::kDaif:
      case BehaviourInitial::kOffline:
        init.daif_i = true;
        init.pmr_masked = m.pseudo_nmi;
        break;
      case BehaviourInitial::kForeignSdei: init.in_foreign_sdei = true; break;
      case BehaviourInitial::kPeMasked: init.pe_masked = true; break;
      case BehaviourInitial::kPeMaskedDaif:
        init.pe_masked = true;
        init.daif_i = true;
        init.pmr_masked = m.pseudo_nmi;
        break;
    }
  }
}

Scenario draw_scenario(ChoiceSource& t) {
  Scenario s;
  MachineConfig& m = s.machine;
  m.ncpus = 2 + static_cast<int>(t.choose(7, "ncpus"));
  m.pseudo_nmi = t.choose(2, "pseudo_nmi") != 0;
  // Faults are drawn sparsely: the small values name a fault (0 = none), the
  // larger ones mean "none" too, so random tapes mostly see working firmware.
  const uint32_t mode = t.choose(2 * kSdeiModeCount, "sdei_mode");
  m.sdei.mode = mode < kSdeiModeCount ? static_cast<SdeiMode>(mode) : SdeiMode::kPresent;
  s.panic.crash_kernel_loaded = t.choose(2, "crash_kernel") != 0;
  s.panic.crash_kexec_post_notifiers = t.choose(2, "post_notifiers") != 0;
  s.panic.panic_timeout = t.choose(2, "panic_timeout") != 0;
  s.panic.kexec_lock_busy = t.choose(4, "kexec_lock_busy") == 3;
  s.panic.panic_print_backtrace = t.choose(2, "panic_print_bt") != 0;
  s.panic.panic_on_oops = t.choose(2, "panic_on_oops") != 0;
  s.entry = static_cast<Entry>(t.choose(static_cast<uint32_t>(Entry::kCount), "entry"));
  s.requester_offline = t.choose(4, "requester_offline") == 3;
  s.requester_in_sdei = t.choose(4, "requester_in_sdei") == 3;
  static constexpr uint64_t kPrintk[] = {0, 100, 1000, 5000};
  static constexpr uint64_t kSmc[] = {0, 5, 50};
  m.printk_cost_us = kPrintk[t.choose(4, "printk_cost")];
  m.smc_cost_us = kSmc[t.choose(3, "smc_cost")];
  static constexpr uint64_t kDelays[] = {0, 500, 50000, 200000};
  for (int i = 1; i < m.ncpus; ++i) {
    s.behaviour[i] = static_cast<Behaviour>(t.choose(static_cast<uint32_t>(Behaviour::kCount), "behaviour"));
    const uint64_t p = t.choose(256, "when");
    // 990 .. 1021 ms in whole milliseconds: the requester polls on whole
    // milliseconds too, so the 1 s boundary (and the first polls after it)
    // are hit exactly and both orders are explored (§7.1 item 5).
    const uint64_t near_one_second = 990000 + (p % 32) * 1000;
    switch (behaviour_info(s.behaviour[i]).when) {
      case BehaviourWhen::kNearOneSecond: s.when_us[i] = near_one_second; break;
      case BehaviourWhen::kStartOrNearOneSecond: s.when_us[i] = p < 128 ? p * 50 : near_one_second; break;
      case BehaviourWhen::kForeverOrNearOneSecond: s.when_us[i] = p < 128 ? 0 : near_one_second; break;
      case BehaviourWhen::kUpTo1300ms: s.when_us[i] = p * 5000; break;  // 0 .. 1.275 s
      case BehaviourWhen::kStartDelay: s.when_us[i] = p * 50; break;    // start delay of a concurrent requester
    }
    const uint32_t psci = t.choose(8, "psci");
    m.cpu[i].has_cpu_die = psci != 2;
    m.cpu[i].cpu_off_result = psci == 1 ? kEPERM : 0;
    // Every Linux-side error of SDEI_EVENT_SIGNAL (§4.10), sparsely.
    const uint32_t err = t.choose(16, "signal_error");
    m.sdei.signal_error[i] = err < kSdeiErrnoCount ? kSdeiErrnos[err] : 0;
    const uint32_t delay = t.choose(8, "signal_delay");
    m.cpu[i].sdei_delay_us = delay < 4 ? kDelays[delay] : 0;
  }
  apply_initial_state(s);
  return s;
}

std::string Scenario::describe() const {
  std::string out;
  char buf[160];
  snprintf(buf, sizeof buf,
           "%d CPUs, pseudo-NMI %s, %s, entry %s%s%s; panic: crash-kernel %d post-notifiers %d timeout %d",
           machine.ncpus, machine.pseudo_nmi ? "on" : "off", sdei_mode_name(machine.sdei.mode), entry_name(entry),
           requester_offline ? " (requester offline)" : "", requester_in_sdei ? " (in SDEI handler)" : "",
           panic.crash_kernel_loaded, panic.crash_kexec_post_notifiers, panic.panic_timeout);
  out += buf;
  if (panic.kexec_lock_busy) out += std::string(" ") + fault_name(Fault::kKexecLockBusy);
  if (panic.panic_print_backtrace) out += " panic-print-bt";
  if (panic.panic_on_oops) out += " panic-on-oops";
  if (machine.printk_cost_us) {
    snprintf(buf, sizeof buf, "; printk %llu us", static_cast<unsigned long long>(machine.printk_cost_us));
    out += buf;
  }
  if (machine.smc_cost_us) {
    snprintf(buf, sizeof buf, "; smc %llu us", static_cast<unsigned long long>(machine.smc_cost_us));
    out += buf;
  }
  for (int i = 1; i < machine.ncpus; ++i) {
    snprintf(buf, sizeof buf, "\n  cpu%d: %s", i, behaviour_name(behaviour[i]));
    out += buf;
    if (when_us[i]) {
      snprintf(buf, sizeof buf, " @%llu.%03llu ms", static_cast<unsigned long long>(when_us[i] / 1000),
               static_cast<unsigned long long>(when_us[i] % 1000));
      out += buf;
    }
    if (!machine.cpu[i].has_cpu_die) out += std::string(" ") + fault_name(Fault::kNoCpuDie);
    if (machine.cpu[i].cpu_off_result) out += std::string(" ") + fault_name(Fault::kCpuOffDenied);
    if (machine.sdei.signal_error[i]) {
      out += std::string(" ") + fault_name(Fault::kSignalError) + " ";
      out += sdei_errno_name(machine.sdei.signal_error[i]);
    }
    if (machine.cpu[i].sdei_delay_us) {
      snprintf(buf, sizeof buf, " %s %llu us", fault_name(Fault::kSignalDelay),
               static_cast<unsigned long long>(machine.cpu[i].sdei_delay_us));
      out += buf;
    }
  }
  return out;
}

std::vector<std::string> Scenario::narrate() const {
  std::vector<std::string> out;
  std::string m = std::to_string(machine.ncpus) + " CPUs, " +
                  (machine.pseudo_nmi ? "pseudo-NMI on (GIC priority masking)" : "pseudo-NMI off") +
                  ", firmware: " + sdei_mode_summary(machine.sdei.mode);
  if (machine.printk_cost_us) m += "; console " + ms(machine.printk_cost_us) + " per printk";
  if (machine.smc_cost_us) m += "; " + std::to_string(machine.smc_cost_us) + " us per SMC";
  out.push_back(m);
  std::string r = std::string("cpu0: ") + entry_summary(entry);
  if (requester_offline) r += std::string("; ") + fault_summary(Fault::kRequesterOffline);
  if (requester_in_sdei) r += std::string("; ") + fault_summary(Fault::kRequesterInSdei);
  r += panic.crash_kernel_loaded ? "; crash kernel loaded" : "; no crash kernel";
  r += std::string(", crash_kexec_post_notifiers=") + (panic.crash_kexec_post_notifiers ? "1" : "0");
  r += std::string(", panic_timeout ") + (panic.panic_timeout ? "set" : "0");
  if (panic.panic_on_oops) r += ", panic_on_oops=1";
  if (panic.panic_print_backtrace) r += ", panic_print all-CPU backtrace";
  if (panic.kexec_lock_busy) r += std::string("; ") + fault_summary(Fault::kKexecLockBusy);
  out.push_back(r);
  for (int i = 1; i < machine.ncpus; ++i) {
    const BehaviourInfo& b = behaviour_info(behaviour[i]);
    std::string c = "cpu" + std::to_string(i) + ": " + b.summary;
    if (when_us[i]) c += " (at " + ms(when_us[i]) + ")";
    if (!machine.cpu[i].has_cpu_die) c += std::string("; ") + fault_summary(Fault::kNoCpuDie);
    if (machine.cpu[i].cpu_off_result) c += std::string("; ") + fault_summary(Fault::kCpuOffDenied);
    if (machine.sdei.signal_error[i])
      c += std::string("; SDEI_EVENT_SIGNAL to it fails ") + sdei_errno_name(machine.sdei.signal_error[i]);
    if (machine.cpu[i].sdei_delay_us) c += "; SDEI delivery to it delayed " + ms(machine.cpu[i].sdei_delay_us);
    out.push_back(c);
  }
  return out;
}

}  // namespace sf
