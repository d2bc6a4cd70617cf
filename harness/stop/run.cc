// run.cc - one execution: draw the scenario, run the machine, check (design §2-§4).
#include "harness/stop/run.h"

#include "harness/revisions.h"
#include "harness/stop/behaviours.h"

namespace sf {

const Finding* RunResult::violation() const {
  for (const Finding& f : findings)
    if (!f.known) return &f;
  return nullptr;
}

size_t RunResult::known_count() const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.known ? 1 : 0;
  return n;
}

namespace {

// The kernel state the stop records read, from the revision under test and
// the machine running it.
class RevisionProbe final : public KernelProbe {
 public:
  RevisionProbe(const sf_revision* rev, const Machine& m) : rev_(rev), m_(m) {}
  bool crash_stop() const override { return rev_->crash_stop_set && rev_->crash_stop_set(); }
  bool sdei_nmi_available() const override { return rev_->sdei_nmi_available(); }
  uint32_t backtrace_mask() const override { return static_cast<uint32_t>(rev_->backtrace_mask[0]); }
  int online_count() const override { return *rev_->num_online; }
  int online_count_read(int cpu) const override { return m_.online_count_read(cpu); }
  int online_count_writes(int cpu) const override { return m_.online_count_writes(cpu); }

 private:
  const sf_revision* rev_;
  const Machine& m_;
};

void execute(Tape& tape, const RunOptions& opt, RunResult* out) {
  // One machine per process: its CPU threads or fibers are made once and
  // reused by every execution (and survive AFL++'s fork server as fibers).
  static Machine machine;
  const sf_revision* rev = opt.rev ? opt.rev : find_revision("final");
  out->revision = rev->name;
  out->mutation = opt.mutation;
  out->scenario.machine.backend = opt.backend;
  out->scenario.machine.memory = opt.memory;
  out->scenario.machine.mutation = opt.mutation;
  out->scenario.machine.record_memory = opt.record_memory;
  sf_panic_config cfg = out->scenario.panic;

  const Scenario& s = out->scenario;
  std::vector<CpuProgram> programs;
  programs.reserve(static_cast<size_t>(s.machine.ncpus));
  for (int i = 0; i < s.machine.ncpus; ++i)
    programs.emplace_back([&s](Machine& m, int cpu) { run_cpu_program(m, cpu, s); });

  RevisionProbe probe(rev, machine);
  StopOracle oracle(s, rev, opt.known_findings_of.empty() ? rev->name : opt.known_findings_of, probe, &out->findings,
                    opt.observe_all);
  machine.run(rev, s.machine, &tape, programs, s.online_at_boot(), &oracle, &out->trace, &cfg, opt.scheduler);
  oracle.on_end(machine.end_reason(), machine.now_us(), out->trace.events.size());
  out->end = machine.end_reason();
  out->consumed = tape.consumed();
  out->decisions = tape.decisions();
  out->steps = machine.steps();
  if (opt.record_choices) out->choices = tape.recorded();
}

}  // namespace

void run_one(const uint8_t* data, size_t size, const RunOptions& opt, RunResult* out) {
  if (size > kMaxInputSize) size = kMaxInputSize;
  Tape tape(data, size);
  tape.set_recording(opt.record_choices);
  tape.set_echo(opt.echo);
  out->findings.clear();
  out->choices.clear();
  out->scenario = draw_scenario(tape);
  execute(tape, opt, out);
}

void run_scenario(const Scenario& s, const uint8_t* schedule, size_t size, const RunOptions& opt, RunResult* out) {
  Tape tape(schedule, size);
  tape.set_recording(opt.record_choices);
  tape.set_echo(opt.echo);
  out->findings.clear();
  out->choices.clear();
  out->scenario = s;
  execute(tape, opt, out);
}

}  // namespace sf
