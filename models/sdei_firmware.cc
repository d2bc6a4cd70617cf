// sdei_firmware.cc - the EL3 SDEI dispatcher (spec §4.10, §4.11, §7.2, §12.1.4).
#include "models/sdei_firmware.h"

namespace sf {

void SdeiFirmware::reset(int ncpus, const SdeiFaults& faults) {
  *this = SdeiFirmware();
  ncpus_ = ncpus;
  faults_ = faults;
}

bool SdeiFirmware::failing() const {
  // Never probed (absent) or marked broken: every call is -EIO without
  // trapping (§4.10).
  return faults_.mode == SdeiMode::kAbsent || (faults_.mode == SdeiMode::kBroken && booted_);
}

void SdeiFirmware::end_of_boot() {
  booted_ = true;
  if (faults_.mode == SdeiMode::kUnregistered) {
    registered_ = false;
    enabled_.fill(false);
  }
}

void SdeiFirmware::platform_reset() {
  if (failing() || !is_present()) return;
  registered_ = false;
  enabled_.fill(false);
  for (int i = 0; i < ncpus_; ++i) masked_[i] = true;
}

bool SdeiFirmware::is_present() const {
  // kInert: the NMI driver's init ran before the SDEI platform device probed
  // (§12.5), so it saw "not present" at boot; afterwards it is present.
  if (faults_.mode == SdeiMode::kAbsent) return false;
  if (faults_.mode == SdeiMode::kInert) return booted_;
  return true;
}

int SdeiFirmware::event_register(int event) {
  if (failing()) return kEIO;
  if (event != 0) return kEINVAL;
  if (faults_.mode == SdeiMode::kRegisterFails) return kEINVAL;
  if (registered_) return kEINVAL;
  registered_ = true;
  return kSdeiOk;
}

int SdeiFirmware::event_enable(int event) {
  if (failing()) return kEIO;
  if (event != 0 || !registered_) return kEINVAL;
  if (faults_.mode == SdeiMode::kEnableFails) return kEPERM;
  // A private event: the driver cross-calls enable on every online CPU; the
  // hot-plug callback covers the rest. Model: enabled on all PEs that exist.
  for (int i = 0; i < ncpus_; ++i) enabled_[i] = true;
  return kSdeiOk;
}

int SdeiFirmware::event_unregister(int event) {
  if (failing()) return kEIO;
  if (event != 0 || !registered_) return kEINVAL;
  registered_ = false;
  enabled_.fill(false);
  return kSdeiOk;
}

void SdeiFirmware::cpu_online_callback(int cpu) {
  if (registered_) enabled_[cpu] = true;
}

int SdeiFirmware::event_signal(int /*caller*/, int event, int target) {
  if (failing()) return kEIO;
  // TF-A: event 0 only, it must exist, the MPIDR must name a real core.
  // Registration is not checked here: success means the SGI was raised.
  if (event != 0 || target < 0 || target >= ncpus_) return kEINVAL;
  if (faults_.signal_error[target] != 0) return faults_.signal_error[target];
  return kSdeiOk;
}

int SdeiFirmware::pe_mask(int cpu) {
  if (failing()) return kEIO;
  masked_[cpu] = true;
  return kSdeiOk;
}

int SdeiFirmware::pe_unmask(int cpu) {
  if (failing()) return kEIO;
  masked_[cpu] = false;
  return kSdeiOk;
}

SdeiFirmware::Take SdeiFirmware::take_sgi(int cpu) {
  if (!sgi_pending_[cpu]) return Take::kNothing;
  // Equal-priority dispatch outstanding: the GIC running priority keeps the
  // SGI pending until that dispatch completes (§4.11 item 4).
  if (outstanding_[cpu] > 0) return Take::kBlocked;
  sgi_pending_[cpu] = false;
  // Masked PE: event 0 is dropped, not re-pended (§4.11 item 1, §12.1.4).
  if (masked_[cpu]) return Take::kDropMasked;
  // Not registered+enabled here: dropped (re-pend of a registered event is
  // implementation-defined for SGIs; modelled as dropped) (§4.11 item 3).
  if (!enabled_on(cpu)) return Take::kDropUnregistered;
  ++outstanding_[cpu];
  return Take::kDispatch;
}

int SdeiFirmware::event_complete(int cpu) {
  if (outstanding_[cpu] == 0) return kEPERM;
  --outstanding_[cpu];
  return kSdeiOk;
}

int SdeiFirmware::event_complete_and_resume(int cpu) { return event_complete(cpu); }

const char* sdei_errno_name(int err) {
  switch (err) {
#define SF_SDEI_ERRNO(id, value, name) \
  case value:                          \
    return name;
#include "models/sdei_errno.def"
#undef SF_SDEI_ERRNO
    default: return "error";
  }
}

const char* sdei_mode_name(SdeiMode m) {
  switch (m) {
#define SF_SDEI_MODE(id, name, summary, spec) \
  case SdeiMode::id:                          \
    return name;
#include "models/sdei_modes.def"
#undef SF_SDEI_MODE
    case SdeiMode::kCount: break;
  }
  return "?";
}

const char* sdei_mode_summary(SdeiMode m) {
  static constexpr const char* kSummaries[] = {
#define SF_SDEI_MODE(id, name, summary, spec) summary,
#include "models/sdei_modes.def"
#undef SF_SDEI_MODE
  };
  return m < SdeiMode::kCount ? kSummaries[static_cast<int>(m)] : "?";
}

}  // namespace sf
