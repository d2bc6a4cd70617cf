// campaign_bench.cc - executions per second of the built-in campaign, and its
// overhead over run_one() on the same inputs.
//
// Spec: issue 12 (campaign / run_one on the same mix >= 0.5; the campaign at
// least 50,000 executions/s on one core). One iteration is the whole
// fixed-seed campaign of bench/real_mix.h as `stopfuzz fuzz --quiet` runs it
// (cli/campaign.cc: mutation, trace-edge feedback, corpus bookkeeping, a clock
// read per execution). After the timed iterations one pass of run_one() over
// the very inputs that campaign executed (recorded by real_mix()) is timed, and
// the counters report:
//   run_one/cpu_s     executions per CPU second of that pass
//   campaign/run_one  the campaign's executions per CPU second divided by
//                     run_one's: the share of the campaign's time spent
//                     executing inputs. CPU time of this process, not wall
//                     time, so that other load on a shared machine between
//                     the two measurements does not skew the ratio (the
//                     fibers run on this thread; items/s stays wall time).
//   corpus, edges     the recorded campaign's final corpus size and trace
//                     edges: equal on two builds, they ran the same mix
// A timed campaign that does not end in the recorded state (executions, corpus,
// edges, findings) ran other inputs, and the benchmark fails instead of
// reporting a ratio of two different mixes.
#include <benchmark/benchmark.h>

#include <ctime>

#include "bench/real_mix.h"
#include "harness/stop/run.h"

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void BM_Campaign(benchmark::State& state) {
  const sf::bench::RealMix& mix = sf::bench::real_mix();
  const sf::CampaignOptions opt = sf::bench::real_mix_campaign();
  state.SetLabel("fibers");
  double campaign_s = 0;
  uint64_t campaign_execs = 0;
  for (auto _ : state) {
    sf::CampaignResult res;
    const double t0 = cpu_seconds();
    sf::run_campaign(opt, &res);
    campaign_s += cpu_seconds() - t0;
    campaign_execs += res.execs;
    if (!sf::bench::same_campaign(res, mix.recorded)) {
      state.SkipWithError("the timed campaign did not execute the recorded inputs (nondeterministic campaign?)");
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(campaign_execs));

  sf::RunOptions ro;
  ro.rev = opt.rev;
  ro.backend = opt.backend;
  sf::RunResult r;
  const double t0 = cpu_seconds();
  for (const std::vector<uint8_t>& in : mix.inputs) {
    sf::run_one(in.data(), in.size(), ro, &r);
    benchmark::DoNotOptimize(r.findings.data());
  }
  const double run_one_rate = static_cast<double>(mix.inputs.size()) / (cpu_seconds() - t0);
  const double campaign_rate = static_cast<double>(campaign_execs) / campaign_s;
  // The mix's fingerprint: equal on two builds, they ran the same inputs.
  state.counters["corpus"] = static_cast<double>(mix.recorded.corpus);
  state.counters["edges"] = static_cast<double>(mix.recorded.shapes);
  state.counters["run_one/cpu_s"] = run_one_rate;
  state.counters["campaign/run_one"] = campaign_rate / run_one_rate;
}

BENCHMARK(BM_Campaign)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
