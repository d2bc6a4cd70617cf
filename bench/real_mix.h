// real_mix.h - the inputs a fixed-seed `stopfuzz fuzz` campaign actually executes.
//
// Spec: issue 12 ("a benchmark of the real mix": the seed corpus is not what
// fuzzing runs, and campaign / run_one must be measured on the same inputs).
//
// Why generated at start-up and not a committed corpus: the campaign's
// trajectory is a function of the code (its feedback is the trace), so a
// committed file stops being "what the campaign executes" the moment
// behaviour changes, and the campaign benchmark must run the very inputs that
// run_one() is timed on. A fixed seed and an execution budget (never seconds)
// make the mix the same on every build and machine for the same traces; the
// golden trace test keeps those traces fixed. The price is one campaign run
// (the recording) when a real-mix benchmark first needs the mix.
#pragma once

#include <cstdint>
#include <vector>

#include "cli/campaign.h"

namespace sf::bench {

// The campaign behind the mix, as `stopfuzz fuzz --revision final --corpus
// corpus/final --quiet` runs it (fibers, seed 1), bounded by executions:
// STOPFUZZ_BENCH_MIX_EXECS (default 100,000, roughly the first seconds of a
// 60 s campaign). `seconds` is set but far away, so the campaign still reads
// the clock once per execution as the time-bounded command does.
CampaignOptions real_mix_campaign();

struct RealMix {
  std::vector<std::vector<uint8_t>> inputs;  // in execution order
  CampaignResult recorded;                   // the recording run's summary
};

// Runs the campaign once with a recorder; exits 2 with one line on failure.
const RealMix& real_mix();

// Whether a campaign run reached the same state as the recording (same
// executions, corpus and trace edges): a fixed-seed campaign whose traces do
// not change executes the same inputs every time.
bool same_campaign(const CampaignResult& a, const CampaignResult& b);

}  // namespace sf::bench
