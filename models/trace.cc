// trace.cc - the event catalogue as data, and labels rendered from it (design §2, §7).
#include "models/trace.h"

#include <array>
#include <cstdio>

#include "models/sdei_firmware.h"
#include "stopfuzz/revision.h"

namespace sf {
namespace {

constexpr EventInfo kEvents[] = {
#define SF_NO_FIELD(n) nullptr
#define SF_EVENT(name, obs, feature, label, f1, t1, f2, t2, f3, t3) \
  {#name, obs, feature, label, {{#f1, FieldType::t1}, {#f2, FieldType::t2}, {#f3, FieldType::t3}}},
#include "models/events.def"
#undef SF_EVENT
#undef SF_NO_FIELD
};
static_assert(std::size(kEvents) == static_cast<size_t>(Ev::kCount));

struct MarkInfo {
  const char* label;
  const char* arg_labels;
};
constexpr MarkInfo kMarks[] = {
#define SF_MARK_DEF(id, label, args, begins, ends, effect) {label, args},
#include "stopfuzz/marks.def"
#undef SF_MARK_DEF
};

const char* ipi_kind_name(int k) {
  switch (k) {
    case SF_IPI_STOP: return "STOP";
    case SF_IPI_STOP_NMI: return "STOP_NMI";
    case SF_IPI_CRASH_STOP: return "CRASH_STOP";
    case SF_IPI_BACKTRACE: return "BACKTRACE";
    default: return "OTHER";
  }
}

// The label of mark m with argument arg (marks.def: arg_labels by index).
std::string mark_label(int m, int arg) {
  if (m < 0 || m >= SF_MARK_COUNT) return "mark";
  const MarkInfo& info = kMarks[m];
  std::string_view args = info.arg_labels;
  if (args.empty()) return info.label;
  for (int k = 0; k < arg; ++k) {
    const size_t bar = args.find('|');
    if (bar == std::string_view::npos) break;
    args.remove_prefix(bar + 1);
  }
  return std::string(args.substr(0, args.find('|')));
}

std::string format_field(FieldType t, int32_t v, const TraceEvent& e) {
  switch (t) {
    case FieldType::kNone: return "";
    case FieldType::kInt:
    case FieldType::kBool:
    case FieldType::kSdeiMode: return std::to_string(v);
    case FieldType::kCpuMask: return cpus_list(static_cast<uint32_t>(v));
    case FieldType::kIpiKind: return ipi_kind_name(v);
    case FieldType::kIrqOrNmi: return v ? "NMI" : "IRQ";
    case FieldType::kErrno: return sdei_errno_name(v);
    case FieldType::kCause: return cause_name(v);
    case FieldType::kMark: return mark_label(v, e.field[1]);
    case FieldType::kRegs: return v < 0 ? "regs NULL" : std::string("regs: ") + ctx_kind_name(v);
    case FieldType::kSdeiExit: return v == SF_SDEI_EXIT_COMPLETE ? "COMPLETE" : "COMPLETE_AND_RESUME";
    case FieldType::kSdeiCall:
      return v == 0   ? "REGISTER"
             : v == 1 ? "ENABLE"
             : v == 2 ? "UNREGISTER"
                      : "reboot notifier: unregister + reset (PEs masked)";
    case FieldType::kDropReason: return v == 1 ? "PE masked" : "event not enabled";
    case FieldType::kCpuOffResult: return v ? sdei_errno_name(v) : "(powered off)";
    case FieldType::kOutstanding: return v ? " [SDEI dispatch outstanding]" : "";
    case FieldType::kOnlineState: return v ? "online" : "offline";
    case FieldType::kEndReason: return end_reason_name(static_cast<EndReason>(v));
  }
  return "?";
}

// A label template split once into literal text and {field} references.
struct Segment {
  std::string text;  // literal, if field < 0
  int field;         // 0-2, 3 for {text}, -1 for a literal
};

std::vector<Segment> parse_label(const EventInfo& info) {
  std::vector<Segment> out;
  std::string_view l = info.label;
  while (!l.empty()) {
    const size_t open = l.find('{');
    if (open != 0) {
      out.push_back({std::string(l.substr(0, open)), -1});
      if (open == std::string_view::npos) break;
      l.remove_prefix(open);
      continue;
    }
    const size_t close = l.find('}');
    const std::string_view name = l.substr(1, close - 1);
    int field = name == "text" ? 3 : -1;
    for (int k = 0; k < 3 && field < 0; ++k)
      if (info.fields[k].type != FieldType::kNone && name == info.fields[k].name) field = k;
    if (field < 0) {  // a catalogue typo: every binary says so at once
      fprintf(stderr, "stopfuzz: events.def: label of %s names no field '%.*s'\n", info.name,
              static_cast<int>(name.size()), name.data());
      std::abort();
    }
    out.push_back({"", field});
    l.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace

const EventInfo& event_info(Ev e) { return kEvents[static_cast<size_t>(e)]; }
const char* ev_name(Ev e) { return e < Ev::kCount ? event_info(e).name : "?"; }
bool ev_observable(Ev e) { return e < Ev::kCount && event_info(e).observable; }

std::string event_label(const Trace& t, const TraceEvent& e) {
  static const auto kParsed = [] {
    std::array<std::vector<Segment>, static_cast<size_t>(Ev::kCount)> p;
    for (size_t i = 0; i < p.size(); ++i) p[i] = parse_label(kEvents[i]);
    return p;
  }();
  if (e.type >= Ev::kCount) return "?";
  const EventInfo& info = event_info(e.type);
  std::string out;
  for (const Segment& s : kParsed[static_cast<size_t>(e.type)]) {
    if (s.field < 0)
      out += s.text;
    else if (s.field == 3)
      out += t.text_of(e);
    else
      out += format_field(info.fields[s.field].type, e.field[s.field], e);
  }
  return out;
}

std::string cpus_list(uint32_t m) {
  std::string s;
  for (int i = 0; i < 32;) {
    if (!((m >> i) & 1)) {
      ++i;
      continue;
    }
    int j = i;
    while (j + 1 < 32 && ((m >> (j + 1)) & 1)) ++j;
    if (!s.empty()) s += ",";
    s += std::to_string(i);
    if (j > i) s += "-" + std::to_string(j);
    i = j + 1;
  }
  return s.empty() ? "none" : s;
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
