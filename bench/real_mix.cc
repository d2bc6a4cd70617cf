// real_mix.cc - records the inputs of a fixed-seed campaign (issue 12; see real_mix.h).
#include "bench/real_mix.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "harness/revisions.h"

namespace sf::bench {

CampaignOptions real_mix_campaign() {
  CampaignOptions opt;
  opt.rev = find_revision("final");
  opt.corpus_dirs = {STOPFUZZ_CORPUS_DIR};
  opt.seed = 1;
  opt.max_execs = 100000;
  if (const char* n = getenv("STOPFUZZ_BENCH_MIX_EXECS"); n && *n) opt.max_execs = strtoull(n, nullptr, 10);
  if (opt.max_execs == 0) {
    fprintf(stderr, "stopfuzz_bench: STOPFUZZ_BENCH_MIX_EXECS must be a positive number of executions\n");
    exit(2);
  }
  opt.seconds = 1e9;
  opt.progress = false;
  // Revision final has only known findings; should one not be, the mix must
  // still be the full budget, so the campaign counts it and goes on.
  opt.keep_going = true;
  opt.artifacts_dir = (std::filesystem::temp_directory_path() / "stopfuzz_bench").string();
  return opt;
}

bool same_campaign(const CampaignResult& a, const CampaignResult& b) {
  return a.execs == b.execs && a.corpus == b.corpus && a.shapes == b.shapes && a.known == b.known &&
         a.violations == b.violations;
}

const RealMix& real_mix() {
  static const RealMix mix = [] {
    RealMix m;
    CampaignOptions opt = real_mix_campaign();
    if (!opt.rev) {
      fprintf(stderr, "stopfuzz_bench: revision final is not linked in\n");
      exit(2);
    }
    m.inputs.reserve(opt.max_execs);
    opt.on_input = [&m](const std::vector<uint8_t>& in) { m.inputs.push_back(in); };
    const int rc = run_campaign(opt, &m.recorded);
    if (rc == 2 || m.inputs.size() != opt.max_execs) {
      fprintf(stderr, "stopfuzz_bench: the real-mix campaign ran %zu of %llu executions (exit %d)\n", m.inputs.size(),
              static_cast<unsigned long long>(opt.max_execs), rc);
      exit(2);
    }
    return m;
  }();
  return mix;
}

}  // namespace sf::bench
