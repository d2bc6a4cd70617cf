// trace_event.cc - names for the event catalogue (design §7).
#include "models/trace_event.h"

namespace sf {

const char* ev_name(Ev e) {
  switch (e) {
#define SF_X(name, obs) \
  case Ev::name: return &#name[1];
    SF_TRACE_EVENTS(SF_X)
#undef SF_X
  }
  return "?";
}

bool ev_observable(Ev e) {
  switch (e) {
#define SF_X(name, obs) \
  case Ev::name: return obs;
    SF_TRACE_EVENTS(SF_X)
#undef SF_X
  }
  return false;
}

const char* end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::kQuiescent: return "quiescent";
    case EndReason::kReset: return "reset";
    case EndReason::kKexec: return "kexec";
    case EndReason::kStepLimit: return "step-limit";
    case EndReason::kTimeLimit: return "time-limit";
    case EndReason::kDepthLimit: return "depth-limit";
    case EndReason::kViolation: return "violation";
  }
  return "?";
}

const char* ctx_kind_name(int k) {
  switch (k) {
    case kCtxTop: return "task";
    case kCtxIrq: return "irq";
    case kCtxNmi: return "nmi";
    case kCtxSdei: return "sdei";
    default: return "null";
  }
}

const char* cause_name(int c) {
  switch (c) {
    case kCauseStop: return "stop";
    case kCauseBacktrace: return "backtrace";
    default: return "other";
  }
}

}  // namespace sf
