// run_one_bench.cc - executions per second of run_one() on revision final (design §2).
//
// Four workloads; the first three on both backends (threads, fibers):
//   all_responsive  4 CPUs, every target stops on the first IPI (cheapest stop)
//   all_rungs_time_out  4 CPUs, pseudo-NMI on, SDEI present, targets
//                   unreachable or inside another SDEI dispatch: IPI, NMI and
//                   SDEI rungs all time out (1 s + 10 ms + 100 ms of virtual time)
//   corpus_mix      every file of corpus/final in turn
//   real_mix        the inputs a fixed-seed campaign executes (bench/real_mix.h),
//                   fibers only (the backend of `stopfuzz fuzz` and the fuzz
//                   targets); bench/campaign_bench.cc times the campaign on them;
//                   also under each memory model (--memory sc|arm64)
// One iteration is one pass over the workload's inputs, so every input weighs
// the same; items/s in the output are executions/s (wall clock).
// The goals (issue 12; the campaign's own, and campaign / run_one, are in
// bench/campaign_bench.cc): all_rungs_time_out no more than twice the cost of
// all_responsive, since waiting must cost events, not microseconds (design §2).
//
// Thread numbers depend on where the OS puts the CPU threads: on an idle
// 2-core machine every baton hand-off that crosses cores waits for a wake-up,
// and `taskset -c 0 stopfuzz_bench` was measured ~7x faster for threads
// (7k -> 53k/s all_responsive) while fibers do not change. Compare thread
// numbers only under the same pinning and load.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/real_mix.h"
#include "harness/revisions.h"
#include "harness/stop/run.h"

namespace {

using Input = std::vector<uint8_t>;

Input read_seed(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) {
    fprintf(stderr, "stopfuzz_bench: cannot read %s\n", p.c_str());
    exit(2);
  }
  return Input(std::istreambuf_iterator<char>(f), {});
}

const std::filesystem::path kCorpus = STOPFUZZ_CORPUS_DIR;

// The two single-scenario workloads are seeds (tools/make_seeds/make_seeds.cc
// documents and checks what each one does).
const Input& all_responsive() {
  static const Input in = read_seed(kCorpus / "rung1-ipi-all-responsive");
  return in;
}
const Input& all_rungs_time_out() {
  static const Input in = read_seed(kCorpus / "all-rungs-time-out");
  return in;
}
const std::vector<Input>& corpus_mix() {
  static const std::vector<Input> all = [] {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(kCorpus))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Input> v;
    for (const auto& f : files) v.push_back(read_seed(f));
    return v;
  }();
  return all;
}

sf::RunOptions options(const benchmark::State& state) {
  sf::RunOptions ro;
  ro.rev = sf::find_revision("final");
  ro.backend = state.range(0) == 0 ? sf::BackendKind::kThreads : sf::BackendKind::kFibers;
  return ro;
}

void run_inputs_with(benchmark::State& state, const std::vector<const Input*>& inputs, const sf::RunOptions& ro) {
  sf::RunResult res;
  uint64_t events = 0;
  for (auto _ : state) {
    for (const Input* in : inputs) {
      sf::run_one(in->data(), in->size(), ro, &res);
      events += res.trace.events.size();
      benchmark::DoNotOptimize(res.findings.data());
    }
  }
  const int64_t execs = state.iterations() * static_cast<int64_t>(inputs.size());
  state.SetItemsProcessed(execs);
  state.counters["events/exec"] =
      benchmark::Counter(static_cast<double>(events) / static_cast<double>(std::max<int64_t>(1, execs)));
}

void run_inputs(benchmark::State& state, const std::vector<const Input*>& inputs) {
  state.SetLabel(state.range(0) == 0 ? "threads" : "fibers");
  run_inputs_with(state, inputs, options(state));
}

void BM_AllResponsive(benchmark::State& state) { run_inputs(state, {&all_responsive()}); }
void BM_AllRungsTimeOut(benchmark::State& state) { run_inputs(state, {&all_rungs_time_out()}); }
void BM_CorpusMix(benchmark::State& state) {
  std::vector<const Input*> v;
  for (const Input& in : corpus_mix()) v.push_back(&in);
  run_inputs(state, v);
}
void BM_RealMix(benchmark::State& state) {
  std::vector<const Input*> v;
  for (const Input& in : sf::bench::real_mix().inputs) v.push_back(&in);
  run_inputs(state, v);
}

// The real mix under each memory model (fibers; the arg is the MemoryModel):
// the cost of --memory arm64 against sc, goal at most 3x (issue 11). CPU
// time of this thread, which runs the fibers, so other load on a shared
// machine does not skew the ratio. The same bytes are different executions
// under arm64 (it reads extra decisions), as they are for the fuzzer.
void BM_RealMixMemory(benchmark::State& state) {
  sf::RunOptions ro;
  ro.rev = sf::find_revision("final");
  ro.backend = sf::BackendKind::kFibers;
  ro.memory = static_cast<sf::MemoryModel>(state.range(0));
  state.SetLabel(sf::memory_model_name(ro.memory));
  std::vector<const Input*> v;
  for (const Input& in : sf::bench::real_mix().inputs) v.push_back(&in);
  run_inputs_with(state, v, ro);
}

// Arg 0: threads, 1: fibers.
// Real time: with threads the work runs on the CPU threads, not the
// benchmark thread, so CPU time of the caller would flatter them.
BENCHMARK(BM_AllResponsive)->ArgName("fibers")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_AllRungsTimeOut)->ArgName("fibers")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_CorpusMix)->ArgName("fibers")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_RealMix)->ArgName("fibers")->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RealMixMemory)->ArgName("memory")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
