// sdei_firmware.h - the EL3 SDEI dispatcher with the reference firmware's semantics.
//
// Spec: stop-path.md §4.10 (error codes), §4.11 (TF-A event 0 rules), §7.2
// (faults), §12.1.4 (event 0 to a masked PE is dropped, neither re-pended nor
// EOI'd). Method names are the SDEI calls they model. Pure data: no timing, no
// scheduling; the machine decides when a raised SGI is taken.
#pragma once

#include <array>
#include <cstdint>

#include "models/limits.h"

namespace sf {

// Linux errno values returned through the shim (sdei_errno.def).
enum SdeiErrno : int {
#define SF_SDEI_ERRNO(id, value, name) id = value,
#include "models/sdei_errno.def"
#undef SF_SDEI_ERRNO
};
constexpr int kSdeiErrnos[] = {
#define SF_SDEI_ERRNO(id, value, name) value,
#include "models/sdei_errno.def"
#undef SF_SDEI_ERRNO
};
constexpr uint32_t kSdeiErrnoCount = sizeof kSdeiErrnos / sizeof kSdeiErrnos[0];

// How the firmware is broken in this execution (sdei_modes.def).
enum class SdeiMode : uint8_t {
#define SF_SDEI_MODE(id, name, summary, spec) id,
#include "models/sdei_modes.def"
#undef SF_SDEI_MODE
  kCount
};
constexpr uint32_t kSdeiModeCount = static_cast<uint32_t>(SdeiMode::kCount);
const char* sdei_mode_name(SdeiMode m);
// The catalogue's one-line summary of the mode ("SDEI works as TF-A does").
const char* sdei_mode_summary(SdeiMode m);

struct SdeiFaults {
  SdeiMode mode = SdeiMode::kPresent;
  // Per-target SIGNAL error (0: success), one of the SdeiErrno values.
  std::array<int, kMaxCpus> signal_error{};
};

class SdeiFirmware {
 public:
  enum class Take : uint8_t {
    kNothing,           // no SGI pending at this PE
    kBlocked,           // a dispatch of equal priority is outstanding: stays pending
    kDropMasked,        // PE masked: event 0 dropped, no EOI (§12.1.4)
    kDropUnregistered,  // event 0 not registered+enabled here: dropped
    kDispatch,          // push a dispatch context and enter the EL1 handler
  };

  void reset(int ncpus, const SdeiFaults& faults);
  // Boot finished: a kBroken firmware starts failing from now on; a
  // kUnregistered one loses event 0 while the kernel still believes in it.
  void end_of_boot();
  // The SDEI driver's reboot notifier on an orderly reboot (§10 Q1, §12.5):
  // event 0 unregistered, private reset on every PE (all PEs masked).
  void platform_reset();

  bool is_present() const;
  int event_register(int event);
  int event_enable(int event);
  int event_unregister(int event);
  // SDEI_EVENT_SIGNAL from `caller` at `target`. On success the SGI is raised
  // (the machine decides when it becomes pending); success means "SGI raised",
  // not "handler will run" (§4.11).
  int event_signal(int caller, int event, int target);
  int pe_mask(int cpu);
  int pe_unmask(int cpu);
  // The EL3 side: the target takes the event-0 SGI.
  Take take_sgi(int cpu);
  void raise_sgi(int cpu) { sgi_pending_[cpu] = true; }
  bool sgi_pending(int cpu) const { return sgi_pending_[cpu]; }
  // A dispatch that some other event left outstanding (a stuck GHES handler).
  void push_foreign_dispatch(int cpu) { ++outstanding_[cpu]; }
  // EVENT_COMPLETE / EVENT_COMPLETE_AND_RESUME: DENIED with none outstanding.
  int event_complete(int cpu);
  int event_complete_and_resume(int cpu);
  // Hot-plugged CPU: the SDEI hotplug callback enables event 0 there.
  void cpu_online_callback(int cpu);

  bool masked(int cpu) const { return masked_[cpu]; }
  int outstanding(int cpu) const { return outstanding_[cpu]; }
  bool enabled_on(int cpu) const { return registered_ && enabled_[cpu]; }
  bool registered() const { return registered_; }
  SdeiMode mode() const { return faults_.mode; }

 private:
  bool failing() const;
  int ncpus_ = 0;
  bool booted_ = false;
  SdeiFaults faults_;
  bool registered_ = false;
  std::array<bool, kMaxCpus> enabled_{};
  std::array<bool, kMaxCpus> masked_{};
  std::array<bool, kMaxCpus> sgi_pending_{};
  std::array<int, kMaxCpus> outstanding_{};
};

const char* sdei_errno_name(int err);

}  // namespace sf
