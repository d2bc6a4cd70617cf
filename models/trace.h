// trace.h - the events of one execution, typed by the event catalogue (events.def).
//
// Spec: design.md §2 (one catalogue of typed events: kind, named fields,
// observable or not; the machine knows no property), §7 (timeline, JSON and
// feedback from one trace), §8.2 (byte-identical traces). Events carry no
// pointers that reach the output: the site is printed as file:line of the
// kernel source, made relative at build time (-ffile-prefix-map).
//
// Reading an event: `if (auto x = as<ev::IpiSend>(e)) use(x->targets, x->kind);`
// Emitting one: `machine.emit(ev::IpiSend{mask, ipinr, kind})`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/limits.h"
#include "stopfuzz/machine_api.h"

namespace sf {

// How a field prints and what it means (the label's {field}; JSON prints the number).
enum class FieldType : uint8_t {
  kNone,          // no such field
  kInt,           // a number
  kBool,          // 0 or 1
  kCpuMask,       // a CPU bitmap, printed as a range list ("1-3,5")
  kIpiKind,       // enum sf_ipi_kind: STOP, STOP_NMI, ...
  kIrqOrNmi,      // 1: taken as a pseudo-NMI, 0: as an IRQ
  kErrno,         // a Linux errno of the SDEI interface (0 ok)
  kCause,         // enum Cause: who sent the IPI or SDEI signal
  kMark,          // enum sf_mark (its label may depend on the next field, the argument)
  kRegs,          // enum CtxKind of the registers, -1 for NULL
  kSdeiMode,      // enum SdeiMode of the firmware
  kSdeiExit,      // enum sf_sdei_exit
  kSdeiCall,      // 0 register, 1 enable, 2 unregister, 3 the reboot notifier's reset
  kDropReason,    // 1 the PE is masked, 2 event 0 is not enabled there
  kCpuOffResult,  // 0 powered off, else the errno
  kOutstanding,   // number of SDEI dispatches outstanding
  kOnlineState,   // 1 online, 0 offline
  kEndReason,     // enum EndReason
};

enum class Ev : uint8_t {
#define SF_EVENT(name, obs, feature, label, f1, t1, f2, t2, f3, t3) k##name,
#include "models/events.def"
#undef SF_EVENT
  kCount
};

// Why an execution ended.
enum class EndReason : uint8_t {
  kQuiescent,   // nothing runnable, nothing scheduled
  kReset,       // machine_restart/halt/power_off reached the hardware
  kKexec,       // machine_kexec() into the capture kernel
  kStepLimit,   // harness bound on yield points (never a violation)
  kTimeLimit,   // harness bound on virtual time (never a violation)
  kDepthLimit,  // harness bound on interrupt nesting
  kViolation,   // an observer stopped the execution
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

// Cause of an SDEI signal or an IPI: the activity of its sender (marks.def).
enum Cause : uint8_t { kCauseOther = 0, kCauseStop = 1, kCauseBacktrace = 2 };
const char* cause_name(int c);

struct TraceEvent {
  uint64_t t_us;
  int8_t cpu;     // -1: machine
  uint8_t depth;  // context nesting depth on that CPU
  Ev type;
  int32_t field[3];     // by the catalogue: read them through the views below
  const sf_site* site;  // may be null
  uint32_t text_off;    // into Trace::text
  uint32_t text_len;
};

// One catalogue entry.
struct FieldInfo {
  const char* name;
  FieldType type;
};
struct EventInfo {
  const char* name;  // "IpiSend"
  bool observable;
  int feature;  // 0 or the 1-based field the fuzzer's edge features distinguish
  const char* label;
  FieldInfo fields[3];
};
const EventInfo& event_info(Ev e);
const char* ev_name(Ev e);
bool ev_observable(Ev e);

// Typed views: ev::IpiSend{targets, ipinr, kind}, one struct per catalogue
// entry with its fields in catalogue order (absent ones named unusedN).
namespace ev {
#define SF_NO_FIELD(n) unused##n
#define SF_EVENT(name, obs, feature, label, f1, t1, f2, t2, f3, t3) \
  struct name {                                                     \
    static constexpr Ev kType = Ev::k##name;                        \
    int32_t f1 = 0;                                                 \
    int32_t f2 = 0;                                                 \
    int32_t f3 = 0;                                                 \
  };
#include "models/events.def"
#undef SF_EVENT
#undef SF_NO_FIELD
}  // namespace ev

// The event's fields as view E, if it is of that kind.
template <class E>
std::optional<E> as(const TraceEvent& e) {
  if (e.type != E::kType) return std::nullopt;
  return E{e.field[0], e.field[1], e.field[2]};
}

struct Trace {
  std::vector<TraceEvent> events;
  std::string text;  // pool for event texts

  void clear() {
    events.clear();
    text.clear();
  }
  std::string_view text_of(const TraceEvent& e) const { return std::string_view(text).substr(e.text_off, e.text_len); }
};

// The event's timeline label, from the catalogue's label template.
std::string event_label(const Trace& t, const TraceEvent& e);
// A CPU bitmap as a range list: "1-3,5", "none".
std::string cpus_list(uint32_t mask);

}  // namespace sf
