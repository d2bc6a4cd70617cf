// timeline.cc - per-CPU timeline, JSON lines and the observable projection (design §7).
#include "harness/timeline.h"

#include <cstdio>

#include "harness/stop/properties.h"

namespace sf {
namespace {

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

const char* ipi_kind_name(int k) {
  switch (k) {
    case SF_IPI_STOP: return "STOP";
    case SF_IPI_STOP_NMI: return "STOP_NMI";
    case SF_IPI_CRASH_STOP: return "CRASH_STOP";
    case SF_IPI_BACKTRACE: return "BACKTRACE";
    default: return "OTHER";
  }
}

const char* mark_name(int m) {
  switch (m) {
    case SF_MARK_SMP_SEND_STOP_ENTER: return "> smp_send_stop()";
    case SF_MARK_SMP_SEND_STOP_EXIT: return "< smp_send_stop()";
    case SF_MARK_CRASH_STOP_ENTER: return "> crash_smp_send_stop()";
    case SF_MARK_CRASH_STOP_EXIT: return "< crash_smp_send_stop()";
    case SF_MARK_SELF_STOP: return "panic_smp_self_stop()";
    case SF_MARK_BACKTRACE_ENTER: return "> trigger_all_cpu_backtrace()";
    case SF_MARK_BACKTRACE_EXIT: return "< trigger_all_cpu_backtrace()";
    case SF_MARK_BACKTRACE_DONE: return "backtrace wait over";
    case SF_MARK_PANIC_ENTER: return "panic()";
    case SF_MARK_DIE_ENTER: return "die()";
    case SF_MARK_REBOOT_ENTER: return "kernel reboot";
    case SF_MARK_KEXEC_CAPTURE: return "machine_kexec(): capture kernel";
    case SF_MARK_MACHINE_RESET: return "hardware reset/halt/off";
    case SF_MARK_PANIC_LOSER: return "lost panic_cpu";
    case SF_MARK_CRASH_FAILED: return "kdump unreliable";
    case SF_MARK_SPIN_FOREVER: return "panic: spin forever";
    case SF_MARK_SDEI_ABORT_CALLED: return "sdei_handler_abort()";
    default: return "mark";
  }
}

std::string json_escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
      continue;
    }
    o += c;
  }
  return o;
}

std::string time_str(uint64_t us) {
  char buf[32];
  snprintf(buf, sizeof buf, "%6llu.%03llu", static_cast<unsigned long long>(us / 1000),
           static_cast<unsigned long long>(us % 1000));
  return buf;
}

}  // namespace

std::string event_label(const RunResult& r, const TraceEvent& e) {
  (void)r;
  char buf[200];
  switch (e.type) {
    case Ev::kBoot: snprintf(buf, sizeof buf, "boot: %d CPUs", e.a); return buf;
    case Ev::kMark:
      if (e.a == SF_MARK_BACKTRACE_DONE) return e.b ? "backtrace: all answered" : "backtrace: some never answered";
      if (e.a == SF_MARK_MACHINE_RESET) return e.b == 0 ? "hardware reset" : e.b == 1 ? "hardware halt" : "power off";
      return mark_name(e.a);
    case Ev::kIpiSend:
      snprintf(buf, sizeof buf, "IPI %s -> %s", ipi_kind_name(e.c), cpus_list(static_cast<uint32_t>(e.a)).c_str());
      return buf;
    case Ev::kIrqEnter: snprintf(buf, sizeof buf, "%s %s", e.b ? "NMI" : "IRQ", ipi_kind_name(e.c)); return buf;
    case Ev::kIrqExit: snprintf(buf, sizeof buf, "%s %s returns", e.b ? "NMI" : "IRQ", ipi_kind_name(e.c)); return buf;
    case Ev::kSdeiSignal:
      snprintf(buf, sizeof buf, "SDEI SIGNAL -> cpu%d %s (%s)", e.a, sdei_errno_name(e.b), cause_name(e.c));
      return buf;
    case Ev::kSdeiRaise: snprintf(buf, sizeof buf, "SDEI SGI pending (delayed, %s)", cause_name(e.c)); return buf;
    case Ev::kSdeiDispatch: snprintf(buf, sizeof buf, "SDEI dispatch (%s)", cause_name(e.a)); return buf;
    case Ev::kSdeiDrop: return e.a == 1 ? "SDEI dropped: PE masked" : "SDEI dropped: event not enabled";
    case Ev::kSdeiComplete:
      snprintf(buf, sizeof buf, "SDEI %s %s", e.a == SF_SDEI_EXIT_COMPLETE ? "COMPLETE" : "COMPLETE_AND_RESUME",
               sdei_errno_name(e.b));
      return buf;
    case Ev::kSdeiAbort: snprintf(buf, sizeof buf, "SDEI handler abort %s", sdei_errno_name(e.a)); return buf;
    case Ev::kSdeiCall:
      snprintf(buf, sizeof buf, "SDEI %s %s",
               e.a == 0   ? "REGISTER"
               : e.a == 1 ? "ENABLE"
               : e.a == 2 ? "UNREGISTER"
                          : "reboot notifier: unregister + reset (PEs masked)",
               sdei_errno_name(e.b));
      return buf;
    case Ev::kPeMask: snprintf(buf, sizeof buf, "PE_MASK %s", sdei_errno_name(e.a)); return buf;
    case Ev::kPeUnmask: snprintf(buf, sizeof buf, "PE_UNMASK %s", sdei_errno_name(e.a)); return buf;
    case Ev::kOnline: snprintf(buf, sizeof buf, "cpu%d %s", e.a, e.b ? "online" : "offline"); return buf;
    case Ev::kCrashAck: snprintf(buf, sizeof buf, "crash ack (%d left)", e.a); return buf;
    case Ev::kCrashNote:
      if (e.a < 0) return "crash note (regs NULL)";
      snprintf(buf, sizeof buf, "crash note (regs: %s)", ctx_kind_name(e.a));
      return buf;
    case Ev::kDaifMask: return "DAIF mask";
    case Ev::kIrqOff: return "IRQs off";
    case Ev::kIrqOn: return "IRQs on";
    case Ev::kCpuOff:
      snprintf(buf, sizeof buf, "PSCI CPU_OFF %s%s", e.a ? sdei_errno_name(e.a) : "(powered off)",
               e.b ? " [SDEI dispatch outstanding]" : "");
      return buf;
    case Ev::kPark: return "cpu_park_loop()";
    case Ev::kPrintk: return std::string(r.trace.text_of(e));
    case Ev::kWarn: return "WARN: " + std::string(r.trace.text_of(e));
    case Ev::kBug: return "BUG()";
    case Ev::kSnapshot:
      snprintf(buf, sizeof buf, "snapshot online = %s", cpus_list(static_cast<uint32_t>(e.a)).c_str());
      return buf;
    case Ev::kEnd: snprintf(buf, sizeof buf, "end (%s)", end_reason_name(static_cast<EndReason>(e.a))); return buf;
  }
  return "?";
}

void print_timeline(std::ostream& os, const RunResult& r, const TimelineOptions& opt) {
  const int ncpus = r.scenario.machine.ncpus;
  const int width = 34;
  os << "revision " << r.revision;
  if (!r.mutation.empty()) os << ", mutation " << r.mutation;
  os << "\nscenario: " << r.scenario.describe() << "\n\n";
  std::string head = "   time ms ";
  for (int i = 0; i < ncpus; ++i) {
    std::string col = "| cpu" + std::to_string(i);
    col.resize(width, ' ');
    head += col;
  }
  os << head << "\n";
  size_t fi = 0;
  for (size_t k = 0; k < r.trace.events.size(); ++k) {
    const TraceEvent& e = r.trace.events[k];
    if (!opt.details && !ev_observable(e.type)) continue;
    if (e.type == Ev::kBoot) continue;
    std::string row = time_str(e.t_us) + " ";
    std::string label = std::string(e.depth, '>') + (e.depth ? " " : "") + event_label(r, e);
    const int col = e.cpu < 0 ? 0 : e.cpu;
    for (int i = 0; i < ncpus; ++i) {
      std::string cell = "| ";
      if (i == col) cell += label;
      if (static_cast<int>(cell.size()) < width)
        cell.resize(width, ' ');
      else if (i != col || i + 1 < ncpus)
        cell = cell.substr(0, width - 1) + "~";
      row += cell;
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    if (opt.sites && e.site && e.site->line > 0)
      row += "   " + std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func;
    os << row << "\n";
    while (fi < r.findings.size() && r.findings[fi].event <= k) {
      const Finding& f = r.findings[fi++];
      os << "  !! " << property_info(f.property).id << " " << property_info(f.property).name << " [" << f.signature
         << "]" << (f.known ? " (known)" : "") << ": " << f.message << "\n";
    }
  }
  for (; fi < r.findings.size(); ++fi) {
    const Finding& f = r.findings[fi];
    os << "  !! " << property_info(f.property).id << " [" << f.signature << "]" << (f.known ? " (known)" : "") << ": "
       << f.message << "\n";
  }
  os << "\nend: " << end_reason_name(r.end) << ", " << r.trace.events.size() << " events, tape " << r.consumed
     << " bytes / " << r.decisions << " decisions\n";
  const Finding* v = r.violation();
  if (v)
    os << "verdict: VIOLATION " << property_info(v->property).id << " [" << v->signature << "]\n";
  else
    os << "verdict: clean" << (r.known_count() ? " (" + std::to_string(r.known_count()) + " known finding(s))" : "")
       << "\n";
}

void print_json(std::ostream& os, const RunResult& r) {
  for (const TraceEvent& e : r.trace.events) {
    os << "{\"t_us\":" << e.t_us << ",\"cpu\":" << static_cast<int>(e.cpu) << ",\"depth\":" << static_cast<int>(e.depth)
       << ",\"event\":\"" << ev_name(e.type) << "\",\"a\":" << e.a << ",\"b\":" << e.b << ",\"c\":" << e.c
       << ",\"label\":\"" << json_escape(event_label(r, e)) << "\"";
    if (e.site && e.site->line > 0)
      os << ",\"site\":\"" << json_escape(e.site->file) << ":" << e.site->line << "\",\"func\":\""
         << json_escape(e.site->func) << "\"";
    os << "}\n";
  }
  for (const Finding& f : r.findings)
    os << "{\"finding\":\"" << property_info(f.property).id << "\",\"signature\":\"" << json_escape(f.signature)
       << "\",\"known\":" << (f.known ? "true" : "false") << ",\"cpu\":" << f.cpu << ",\"t_us\":" << f.t_us
       << ",\"message\":\"" << json_escape(f.message) << "\"}\n";
}

std::string observable_trace(const Trace& t) {
  std::string out;
  char buf[96];
  for (const TraceEvent& e : t.events) {
    if (!ev_observable(e.type)) continue;
    snprintf(buf, sizeof buf, "%llu %d %d %s %d %d %d ", static_cast<unsigned long long>(e.t_us), e.cpu, e.depth,
             ev_name(e.type), e.a, e.b, e.c);
    out += buf;
    out += t.text_of(e);
    out += '\n';
  }
  return out;
}

}  // namespace sf
