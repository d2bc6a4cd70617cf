// make_seeds.cc - writes and checks the seed corpus corpus/final/ (design §3, §7).
//
// A seed is a choice tape. Rather than hand-copying the order in which
// draw_scenario() reads the front of the tape (and silently going stale when
// that order changes), each seed is written by running draw_scenario() itself
// against an encoding choice source (encode_choices(), harness/stop/
// stop_search.h): every choose(n, label) is answered from the seed's wanted
// value for that label (0 if none) and recorded as the bytes Tape::choose()
// reads back; a value out of range or never asked for fails the seed.
// The schedule part of the tape (preemptions, picks) follows verbatim.
//
// Every seed then carries the timeline substrings that prove it reaches what
// its name claims; --check replays each file (both backends, identical
// traces required) and fails if a claim does not hold, a file differs from
// what this table generates, or the verdict is a violation that is not a
// known finding.
//
// The weak-memory seeds (corpus/arm64/, `--memory arm64`) reach the windows
// only the arm64 model has (issue 11, docs/memory_model.md): their schedule
// is not written down but found, as the first tape of a bounded exploration
// of the memory-model and firmware decisions (harness/stop/
// decision_explore.h) that shows the window's violation on the revision
// (and mutation) that has the bug; the claims then say what the same tape
// does on each revision, the fixed one included (clean: it reaches the
// window, and the barrier closes it).
//
// Usage: make_seeds write DIR [--memory arm64]   (re)write every seed into DIR
//        make_seeds check DIR [--memory arm64]   verify DIR against the table (exit 1 if not)
//        make_seeds table [--memory arm64]       the markdown table for corpus/README.md
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
#include "harness/stop/decision_explore.h"
#include "harness/stop/properties.h"
#include "harness/stop/report.h"
#include "harness/stop/run.h"
#include "harness/stop/scenario.h"
#include "harness/stop/stop_search.h"
#include "harness/tape.h"

namespace {

using namespace sf;

// One decision the seed wants: the label draw_scenario() uses and the value.
// Per-CPU labels (behaviour, when, psci, signal_error, signal_delay) are
// consumed in CPU order 1, 2, ...
struct Want {
  const char* label;
  uint32_t value;
};

struct Seed {
  const char* name;
  const char* what;                 // one line for corpus/README.md
  std::vector<Want> wants;          // scenario decisions (the front of the tape)
  std::vector<uint8_t> schedule;    // run-time decisions that follow, verbatim
  std::vector<const char*> expect;  // timeline substrings that must all appear
};

uint32_t behaviour(const char* name) {
  for (uint32_t i = 0; i < static_cast<uint32_t>(Behaviour::kCount); ++i)
    if (strcmp(behaviour_name(static_cast<Behaviour>(i)), name) == 0) return i;
  fprintf(stderr, "make_seeds: unknown behaviour %s\n", name);
  exit(2);
}
uint32_t entry(const char* name) {
  for (uint32_t i = 0; i < static_cast<uint32_t>(Entry::kCount); ++i)
    if (strcmp(entry_name(static_cast<Entry>(i)), name) == 0) return i;
  fprintf(stderr, "make_seeds: unknown entry %s\n", name);
  exit(2);
}
uint32_t sdei(SdeiMode m) { return static_cast<uint32_t>(m); }

// Shorthands for the wants of a seed.
Want cpus(uint32_t n) { return {"ncpus", n - 2}; }
Want pnmi() { return {"pseudo_nmi", 1}; }
Want sdei_mode(SdeiMode m) { return {"sdei_mode", sdei(m)}; }
Want crash_kernel() { return {"crash_kernel", 1}; }
Want post_notifiers() { return {"post_notifiers", 1}; }
Want panic_timeout() { return {"panic_timeout", 1}; }
Want kexec_lock_busy() { return {"kexec_lock_busy", 3}; }
Want panic_print_bt() { return {"panic_print_bt", 1}; }
Want panic_on_oops() { return {"panic_on_oops", 1}; }
Want entry_is(const char* e) { return {"entry", entry(e)}; }
Want requester_offline() { return {"requester_offline", 3}; }
Want requester_in_sdei() { return {"requester_in_sdei", 3}; }
Want printk_cost(uint32_t idx) { return {"printk_cost", idx}; }  // 0, 0.1, 1, 5 ms
Want smc_cost(uint32_t idx) { return {"smc_cost", idx}; }        // 0, 5, 50 us
// One target CPU (call once per CPU 1..n-1, in order). `when` is the raw
// byte: x100 us past 995 ms for late-responder, x5 ms for lock-holder and
// coming-online, x50 us start delay otherwise. psci: 0 PSCI, 1 CPU_OFF
// denied, 2 spin-table. signal_error: 0 ok, 1 EINVAL, 2 EPERM, 3 EIO,
// 4 ENOMEM, 5 EINPROGRESS. delay: 0, 0.5, 50, 200 ms.
std::vector<Want> cpu(const char* b, uint32_t when = 0, uint32_t psci = 0, uint32_t signal_error = 0,
                      uint32_t delay = 0) {
  return {{"behaviour", behaviour(b)},
          {"when", when},
          {"psci", psci},
          {"signal_error", signal_error},
          {"signal_delay", delay}};
}

std::vector<Want> operator+(std::vector<Want> a, const std::vector<Want>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The schedule that opens each nesting window of spec §12.1.1 in the seeds
// below: one preemption, at the 19th decision after the scenario (found by
// tools/known_witnesses; corpus/known/final/).
const std::vector<uint8_t> kOnePreemptionAtTheBoundary = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

// The seed table. Names say what a seed does; expect says how we know.
std::vector<Seed> seeds() {
  return {
      {"rung1-ipi-all-responsive",
       "4 CPUs, every target answers IPI_CPU_STOP at once (rung 1 only)",
       std::vector<Want>{cpus(4)} + cpu("responsive") + cpu("responsive") + cpu("responsive"),
       {},
       {"IPI STOP -> 1-3", "IRQ STOP", "verdict: clean"}},
      {"rung2-pnmi-irqs-masked",
       "pseudo-NMI on, target spins with PMR-masked IRQs: rung 1 times out, IPI_CPU_STOP_NMI stops it",
       std::vector<Want>{cpus(2), pnmi()} + cpu("irqs-masked"),
       {},
       {"IPI STOP_NMI", "NMI STOP_NMI"}},
      {"rung3-daif-masked-panic",
       "pseudo-NMI on, target spins with DAIF masked: rungs 1 and 2 time out, SDEI event 0 stops it (parks)",
       std::vector<Want>{cpus(2), pnmi()} + cpu("daif-masked"),
       {},
       {"IPI STOP_NMI", "SDEI SIGNAL", "SDEI dispatch (stop)", "cpu_park_loop"}},
      {"rung3-daif-masked-crash",
       "crash kernel loaded: crash_smp_send_stop() with a DAIF-masked target stopped by SDEI, crash note from the SDEI "
       "context",
       std::vector<Want>{cpus(3), pnmi(), crash_kernel()} + cpu("daif-masked") + cpu("responsive"),
       {},
       {"crash_smp_send_stop", "SDEI dispatch (stop)", "crash note", "PSCI CPU_OFF", "machine_kexec"}},
      {"rung3-no-pnmi-irqs-masked",
       "pseudo-NMI off: IRQ-masked target skips rung 2 and is stopped by SDEI",
       std::vector<Want>{cpus(2)} + cpu("irqs-masked"),
       {},
       {"SDEI SIGNAL", "SDEI dispatch (stop)"}},
      {"all-rungs-time-out",
       "4 CPUs, pseudo-NMI on, SDEI present, targets unreachable or stuck in another SDEI dispatch: every rung times "
       "out",
       std::vector<Want>{cpus(4), pnmi()} + cpu("unreachable") + cpu("in-sdei-dispatch") + cpu("unreachable"),
       {},
       {"IPI STOP_NMI", "SDEI SIGNAL", "failed to stop"}},
      {"crash-ipi-cpu-off",
       "crash kernel loaded, responsive targets: crash note, ack, PSCI CPU_OFF; then kexec",
       std::vector<Want>{cpus(3), crash_kernel()} + cpu("responsive") + cpu("responsive"),
       {},
       {"crash_smp_send_stop", "crash note", "PSCI CPU_OFF", "machine_kexec"}},
      {"crash-cpu-off-denied-spin-table",
       "crash path where PSCI CPU_OFF is denied on one target and another is a spin-table CPU: both park",
       std::vector<Want>{cpus(3), crash_kernel()} + cpu("responsive", 0, 1) + cpu("responsive", 0, 2),
       {},
       {"crash_smp_send_stop", "crash note", "CPU_OFF", "cpu_park_loop"}},
      {"crash-post-notifiers-pnmi",
       "crash kernel with crash_kexec_post_notifiers: crash stop from panic() after notifiers, pseudo-NMI rung",
       std::vector<Want>{cpus(3), pnmi(), crash_kernel(), post_notifiers()} + cpu("irqs-masked") + cpu("responsive"),
       {},
       {"crash_smp_send_stop", "IPI STOP_NMI", "NMI STOP_NMI", "crash note"}},
      {"parallel-panic-self-stop",
       "a target panics too while CPU 0 is panicking: the loser calls panic_smp_self_stop()",
       std::vector<Want>{cpus(3)} + cpu("panics-too") + cpu("responsive"),
       {0, 0, 1},  // CPU 0 takes panic_cpu, then is preempted: CPU 1 panics and loses
       {"panic_smp_self_stop"}},
      {"parallel-panic-crash-self-stop",
       "parallel panic on the crash path with SDEI: the self-stopped loser meets the SDEI rung",
       std::vector<Want>{cpus(3), pnmi(), crash_kernel()} + cpu("panics-too") + cpu("daif-masked"),
       {0, 0, 1},  // as above: CPU 1 loses the race for panic_cpu
       {"panic_smp_self_stop", "crash_smp_send_stop", "SDEI SIGNAL"}},
      {"backtrace-entry-sdei",
       "CPU 0 requests an all-CPU backtrace over SDEI event 0; every target answers",
       std::vector<Want>{cpus(4), entry_is("backtrace")} + cpu("responsive") + cpu("daif-masked") + cpu("irqs-masked"),
       {},
       {"trigger_all_cpu_backtrace", "SDEI SIGNAL", "backtrace: all answered"}},
      {"backtrace-entry-ipi-fallback",
       "no SDEI, pseudo-NMI on: the backtrace falls back to IPI_CPU_BACKTRACE as an NMI",
       std::vector<Want>{cpus(3), pnmi(), sdei_mode(SdeiMode::kAbsent), entry_is("backtrace")} + cpu("responsive") +
           cpu("irqs-masked"),
       {},
       {"trigger_all_cpu_backtrace", "IPI BACKTRACE", "backtrace: all answered"}},
      {"backtrace-during-panic",
       "a target requests an all-CPU backtrace over SDEI while CPU 0 panics; later the stop uses the same event",
       std::vector<Want>{cpus(3), pnmi()} + cpu("backtrace") + cpu("daif-masked"),
       {1},
       {"trigger_all_cpu_backtrace", "SDEI dispatch (backtrace)", "SDEI dispatch (stop)"}},
      {"die-crash-kexec",
       "CPU 0 oopses with a crash kernel loaded: die() -> crash_kexec() -> crash_smp_send_stop()",
       std::vector<Want>{cpus(3), crash_kernel(), panic_on_oops(), entry_is("die")} + cpu("responsive") +
           cpu("daif-masked"),
       {},
       {"die(", "crash_smp_send_stop", "crash note"}},
      {"die-panic-on-oops",
       "CPU 0 oopses without a crash kernel, panic_on_oops: die() -> panic() -> smp_send_stop()",
       std::vector<Want>{cpus(2), panic_on_oops(), entry_is("die")} + cpu("irqs-masked"),
       {},
       {"die(", "panic()", "smp_send_stop"}},
      {"oops-target-die-lock",
       "two CPUs oops at once (panic_on_oops): the one left waiting on die_lock with IRQs masked is reached by rung 2",
       std::vector<Want>{cpus(3), pnmi(), panic_on_oops(), entry_is("die")} + cpu("oops") + cpu("responsive"),
       {0, 1},  // preempt CPU 0 inside die(): CPU 1 oopses too
       {"die(", "Internal error: Oops", "IPI STOP_NMI", "NMI STOP_NMI"}},
      {"late-responder-1s-boundary",
       "a target unmasks IRQs right around the 1 s IPI timeout",
       std::vector<Want>{cpus(2), pnmi()} + cpu("late-responder", 50),
       {},
       {"IPI STOP -> 1"}},
      {"lock-holder-coming-online",
       "a lock holder releases after 0.5 s while another CPU comes online mid-stop (re-snapshots, P14)",
       std::vector<Want>{cpus(3), pnmi()} + cpu("lock-holder", 100) + cpu("coming-online", 201),
       {},
       {"IPI STOP -> 1", "online"}},
      {"offline-and-sdei-masked-idle",
       "one target offline at boot, one idle with its SDEI PE masked: IPI stops the idle one",
       std::vector<Want>{cpus(3)} + cpu("offline") + cpu("sdei-masked-idle"),
       {},
       {"IPI STOP"}},
      {"restart-sdei-unregistered",
       "orderly reboot: the SDEI reboot notifier unregisters event 0 and masks the PEs, rung 3 then waits 100 ms for "
       "nothing (spec §12.5)",
       std::vector<Want>{cpus(2), sdei_mode(SdeiMode::kUnregistered), entry_is("restart")} + cpu("daif-masked"),
       {},
       {"kernel reboot", "SDEI reboot notifier", "SDEI SIGNAL", "SDEI dropped", "failed to stop", "end (reset)"}},
      {"reboots-too-nmi-panic",
       "a target reboots and another hard-locks up (nmi_panic) while CPU 0 powers off",
       std::vector<Want>{cpus(3), pnmi(), entry_is("power-off")} + cpu("reboots-too") + cpu("nmi-panic"),
       {1},
       {"smp_send_stop"}},
      {"sdei-signal-errors-delays",
       "SDEI_EVENT_SIGNAL fails with DENIED for one target and is delayed 50 ms for another",
       std::vector<Want>{cpus(3)} + cpu("daif-masked", 0, 0, 2) + cpu("daif-masked", 0, 0, 0, 2),
       {},
       {"SDEI SIGNAL", "SDEI dispatch (stop)"}},
      {"sdei-absent-daif-masked",
       "no SDEI firmware: a DAIF-masked target is never stopped (rung 3 gated off, P13)",
       std::vector<Want>{cpus(2), pnmi(), sdei_mode(SdeiMode::kAbsent)} + cpu("daif-masked"),
       {},
       {"IPI STOP_NMI", "failed to stop"}},
      {"requester-in-sdei-crash",
       "CPU 0 panics inside another SDEI event's handler with a crash kernel: sdei_handler_abort() (P15)",
       std::vector<Want>{cpus(2), crash_kernel(), requester_in_sdei()} + cpu("responsive"),
       {},
       {"crash_smp_send_stop"}},
      {"requester-offline-kexec-busy",
       "the requester is not online (panic during bring-up) and the kexec lock is taken",
       std::vector<Want>{cpus(3), crash_kernel(), kexec_lock_busy(), requester_offline()} + cpu("responsive") +
           cpu("irqs-masked"),
       {},
       {"smp_send_stop"}},
      {"slow-console-smc-costs",
       "5 ms per printk and 50 us per SMC with all rungs in play (time budget, P3)",
       std::vector<Want>{cpus(4), pnmi(), panic_print_bt(), panic_timeout(), printk_cost(3), smc_cost(2)} +
           cpu("irqs-masked") + cpu("daif-masked") + cpu("responsive"),
       {},
       {"IPI STOP_NMI", "SDEI SIGNAL"}},
      // The nesting windows of spec §12.1.1 (known findings of final and
      // src:linux-7.3), each opened by one preemption at the rung boundary
      // (schedules from tools/known_witnesses, corpus/known/final/).
      {"nested-sdei-in-irq-stop",
       "crash stop: a late responder takes its IPI stop at 1 s, after the rung-3 snapshot; event 0 re-enters the stop "
       "before its PE mask (§12.1.1 b)",
       std::vector<Want>{cpus(3), crash_kernel()} + cpu("late-responder", 10) + cpu("responsive"),
       kOnePreemptionAtTheBoundary,
       {"SDEI dispatch (stop)", "[sdei-in-irq] (known)"}},
      {"nested-sdei-in-nmi-stop",
       "crash stop with pseudo-NMI: DAIF masked until 1010 ms, the target takes IPI_CPU_STOP_NMI late and event 0 "
       "re-enters that stop (§12.1.1)",
       std::vector<Want>{cpus(3), pnmi(), crash_kernel()} + cpu("daif-masked", 148) + cpu("responsive"),
       kOnePreemptionAtTheBoundary,
       {"SDEI dispatch (stop)", "[sdei-in-nmi] (known)"}},
      {"nested-sdei-in-self-stop",
       "crash stop: a hard lockup detected at 1 s loses the panic race and self-stops; event 0 re-enters its stop "
       "(§12.1.1 d)",
       std::vector<Want>{cpus(3), crash_kernel()} + cpu("nmi-panic", 138) + cpu("responsive"),
       kOnePreemptionAtTheBoundary,
       {"SDEI dispatch (stop)", "[sdei-in-self] (known)"}},
      // §12.1.2: IPI_CPU_STOP_NMI sent while the target is inside its IRQ
      // stop (taken at 1 s). 6.12 and 7.2 nest the pseudo-NMI stop there
      // (P4 nmi-in-irq); final and 7.3 mask DAIF first and it stays pending.
      {"nmi-window-in-irq-stop",
       "pseudo-NMI on: the late responder enters its IRQ stop at 1 s as rung 2 sends IPI_CPU_STOP_NMI (§12.1.2; "
       "no nesting on final)",
       std::vector<Want>{cpus(2), pnmi()} + cpu("late-responder", 10),
       {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1},
       {"> IRQ STOP", "> DAIF mask", "IPI STOP_NMI -> 1", "verdict: clean"}},
  };
}

// What one weak-memory seed does on one revision (and mutation) under
// --memory arm64: a timeline substring.
struct Claim {
  const char* revision;
  const char* mutation;  // "" none
  const char* expect;
};

struct WeakSeed {
  const char* name;
  const char* what;
  std::vector<Want> wants;  // the scenario
  // The schedule: the first tape that shows `window` (a property id) on
  // `revision` + `mutation`.
  const char* revision;
  const char* mutation;
  const char* window;
  std::vector<Claim> claims;
};

// CPU 0 panics and CPU 1 spins with DAIF masked: only the SDEI rung reaches
// it, sdei_nmi_stop_cpus() publishes sdei_nmi_stopping and signals (spec
// §6.1). CPU 0 asks for a backtrace and CPU 1 answers over SDEI: the raise
// path writes backtrace_mask and signals (§6.3).
std::vector<Want> sdei_stop_scenario() { return std::vector<Want>{cpus(2)} + cpu("daif-masked"); }
std::vector<Want> sdei_backtrace_scenario() {
  return std::vector<Want>{cpus(2), entry_is("backtrace")} + cpu("responsive");
}

std::vector<WeakSeed> weak_seeds() {
  const Claim final_clean = {"final", "", "verdict: clean"};
  return {
      {"p10-dmb-vs-smc-window",
       "the flag store still buffered when the firmware raises the SGI without a DSB (spec §6.1): v4's smp_wmb() "
       "lets the target read it stale, final's dsb(ishst) does not",
       sdei_stop_scenario(),
       "v4",
       "",
       "P10",
       {{"v4", "", "VIOLATION P10"},
        {"v4", "handler-rmb", "VIOLATION P10"},
        {"final", "dmb-before-signal", "VIOLATION P10"},
        final_clean}},
      {"p10-dmb-vs-smc-crash-window",
       "the same window on the crash path (crash_smp_send_stop()'s SDEI rung)",
       std::vector<Want>{cpus(2), crash_kernel()} + cpu("daif-masked"),
       "v4",
       "",
       "P10",
       {{"v4", "", "crash_smp_send_stop"},
        {"v4", "", "VIOLATION P10"},
        {"final", "dmb-before-signal", "VIOLATION P10"},
        final_clean}},
      {"p12-backtrace-raise-window",
       "backtrace_mask still buffered at the signal (spec §6.3): v1-v4 raise without a barrier and the target "
       "reads its bit clear, final's dsb(ishst) closes it",
       sdei_backtrace_scenario(),
       "v1",
       "",
       "P12",
       {{"v1", "", "VIOLATION P12"},
        {"v2", "", "VIOLATION P12"},
        {"v3", "", "VIOLATION P12"},
        {"v4", "", "VIOLATION P12"},
        {"final", "backtrace-raise-no-barrier", "VIOLATION P12"},
        final_clean}},
  };
}

RunOptions arm64_on(const char* revision, const char* mutation) {
  RunOptions ro;
  ro.rev = find_revision(revision);
  if (!ro.rev) {
    fprintf(stderr, "make_seeds: unknown revision %s\n", revision);
    exit(2);
  }
  ro.mutation = mutation;
  ro.memory = MemoryModel::kArm64;
  return ro;
}

// The front of the tape: the scenario decisions, every byte of them.
std::vector<uint8_t> encode_scenario(const char* name, const std::vector<Want>& wants) {
  std::vector<std::pair<std::string, uint32_t>> want;
  for (const Want& w : wants) want.emplace_back(w.label, w.value);
  std::vector<std::string> problems;
  std::vector<uint8_t> tape = encode_choices(want, &problems);
  for (const std::string& p : problems) fprintf(stderr, "make_seeds: %s: %s\n", name, p.c_str());
  if (!problems.empty()) {
    fprintf(stderr, "make_seeds: seed %s does not fit draw_scenario()\n", name);
    exit(2);
  }
  return tape;
}

std::vector<uint8_t> encode(const Seed& s) {
  std::vector<uint8_t> tape = encode_scenario(s.name, s.wants);
  if (s.schedule.empty()) {
    // An exhausted tape reads as zeros: drop trailing zeros, shorter is simpler.
    while (!tape.empty() && tape.back() == 0) tape.pop_back();
  } else {
    tape.insert(tape.end(), s.schedule.begin(), s.schedule.end());
  }
  return tape;
}

std::string timeline_of(const std::vector<uint8_t>& tape, BackendKind backend, RunResult* res,
                        RunOptions ro = RunOptions()) {
  ro.backend = backend;
  run_one(tape.data(), tape.size(), ro, res);
  std::ostringstream os;
  TimelineOptions topt;
  topt.width = 0;  // no wrapping: the claims are looked up as substrings
  print_timeline(os, *res, topt);
  return os.str();
}

// Replays one seed and checks its claims; returns the problems found.
std::vector<std::string> check(const Seed& s, const std::vector<uint8_t>& tape) {
  std::vector<std::string> problems;
  RunResult fib, thr;
  const std::string t = timeline_of(tape, BackendKind::kFibers, &fib);
  const std::string ft = observable_trace(fib.trace);
  timeline_of(tape, BackendKind::kThreads, &thr);
  if (observable_trace(thr.trace) != ft) problems.push_back("threads and fibers give different traces");
  for (const char* e : s.expect)
    if (t.find(e) == std::string::npos) problems.push_back(std::string("timeline lacks \"") + e + "\"");
  if (const Finding* v = fib.violation())
    problems.push_back(std::string("unknown violation ") + property_info(v->property).id + " [" + v->signature + "]");
  return problems;
}

// The weak seed's tape: its scenario, then the schedule of the first
// execution (at most 3 non-zero memory-model or firmware decisions) that
// shows the window's violation; empty if none does.
std::vector<uint8_t> encode(const WeakSeed& s) {
  const std::vector<uint8_t> front = encode_scenario(s.name, s.wants);
  RunOptions ro = arm64_on(s.revision, s.mutation);
  ro.record_choices = true;
  const std::string window = std::string(s.window) + " ";
  const Exploration e =
      explore_tapes([&](const std::vector<uint8_t>& tape, RunResult* r) { run_one(tape.data(), tape.size(), ro, r); },
                    front, 3, memory_or_firmware, 20000, [&](const std::string& v) { return v.rfind(window, 0) == 0; });
  for (const auto& [v, tape] : e.witness)
    if (v.rfind(window, 0) == 0) return tape;
  return {};
}

// Replays a weak seed under each claim's revision (both backends) and checks it.
std::vector<std::string> check(const WeakSeed& s, const std::vector<uint8_t>& tape) {
  std::vector<std::string> problems;
  for (const Claim& c : s.claims) {
    const std::string on = std::string(c.revision) + (*c.mutation ? std::string("+") + c.mutation : "");
    RunResult fib, thr;
    const std::string t = timeline_of(tape, BackendKind::kFibers, &fib, arm64_on(c.revision, c.mutation));
    timeline_of(tape, BackendKind::kThreads, &thr, arm64_on(c.revision, c.mutation));
    if (observable_trace(thr.trace) != observable_trace(fib.trace))
      problems.push_back(on + ": threads and fibers give different traces");
    if (t.find(c.expect) == std::string::npos) problems.push_back(on + ": timeline lacks \"" + c.expect + "\"");
  }
  return problems;
}

bool read_file(const std::filesystem::path& p, std::vector<uint8_t>* out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), {});
  return true;
}

int usage() {
  fputs("usage: make_seeds write DIR | check DIR | table  [--memory arm64]\n", stderr);
  return 2;
}

// Writes or checks one table's seeds in `dir`; `tape_of` makes a seed's
// tape, `check_of` replays it. Returns the number of failures.
template <class S, class Encode, class Check>
int write_or_check(const std::string& cmd, const std::filesystem::path& dir, const std::vector<S>& table,
                   Encode tape_of, Check check_of) {
  namespace fs = std::filesystem;
  int bad = 0;
  if (cmd == "write") fs::create_directories(dir);
  for (const S& s : table) {
    const std::vector<uint8_t> tape = tape_of(s);
    const fs::path path = dir / s.name;
    if (tape.empty()) {
      printf("FAIL %s: no tape reaches its window\n", s.name);
      ++bad;
      continue;
    }
    if (cmd == "write") {
      std::ofstream f(path, std::ios::binary | std::ios::trunc);
      f.write(reinterpret_cast<const char*>(tape.data()), static_cast<std::streamsize>(tape.size()));
      if (!f) {
        fprintf(stderr, "make_seeds: cannot write %s\n", path.c_str());
        exit(2);
      }
    } else {
      std::vector<uint8_t> on_disk;
      if (!read_file(path, &on_disk)) {
        printf("FAIL %s: missing (run make_seeds write %s)\n", s.name, dir.c_str());
        ++bad;
        continue;
      }
      if (on_disk != tape) {
        printf("FAIL %s: differs from the generated tape (run make_seeds write %s)\n", s.name, dir.c_str());
        ++bad;
        continue;
      }
    }
    const std::vector<std::string> problems = check_of(s, tape);
    printf("%s %-38s %3zu bytes%s\n", problems.empty() ? "ok  " : "FAIL", s.name, tape.size(),
           problems.empty() ? "" : ":");
    for (const std::string& p : problems) printf("       %s\n", p.c_str());
    bad += problems.empty() ? 0 : 1;
  }
  if (cmd == "check") {
    // A file the table does not know is stale: it would be fuzzed but never checked.
    for (const auto& ent : fs::directory_iterator(dir)) {
      bool known = false;
      for (const S& s : table) known |= ent.path().filename() == s.name;
      if (!known) {
        printf("FAIL %s: not in the seed table of tools/make_seeds/make_seeds.cc\n", ent.path().filename().c_str());
        ++bad;
      }
    }
  }
  return bad;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool weak = false;
  if (args.size() >= 2 && args[args.size() - 2] == "--memory") {
    if (args.back() != "arm64") return usage();
    weak = true;
    args.resize(args.size() - 2);
  }
  if (args.empty()) return usage();
  const std::string cmd = args[0];
  if (cmd == "table") {
    if (weak) {
      printf("| seed | window | found on | claims (--memory arm64) |\n| --- | --- | --- | --- |\n");
      for (const WeakSeed& s : weak_seeds()) {
        std::string cl;
        for (const Claim& c : s.claims)
          cl += std::string(cl.empty() ? "" : "; ") + c.revision + (*c.mutation ? std::string("+") + c.mutation : "") +
                ": `" + c.expect + "`";
        printf("| `%s` | %s | %s%s%s, first %s | %s |\n", s.name, s.what, s.revision, *s.mutation ? "+" : "",
               s.mutation, s.window, cl.c_str());
      }
      return 0;
    }
    printf("| seed | exercises | timeline shows |\n| --- | --- | --- |\n");
    for (const Seed& s : seeds()) {
      std::string ex;
      for (const char* e : s.expect) ex += std::string(ex.empty() ? "" : ", ") + "`" + e + "`";
      printf("| `%s` | %s | %s |\n", s.name, s.what, ex.c_str());
    }
    return 0;
  }
  if (args.size() != 2 || (cmd != "write" && cmd != "check")) return usage();
  const std::filesystem::path dir = args[1];
  const int bad = weak ? write_or_check(
                             cmd, dir, weak_seeds(), [](const WeakSeed& s) { return encode(s); },
                             [](const WeakSeed& s, const std::vector<uint8_t>& t) { return check(s, t); })
                       : write_or_check(
                             cmd, dir, seeds(), [](const Seed& s) { return encode(s); },
                             [](const Seed& s, const std::vector<uint8_t>& t) { return check(s, t); });
  if (bad) printf("%d seed(s) failed\n", bad);
  return bad ? 1 : 0;
}
