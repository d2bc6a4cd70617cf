// campaign.h - the built-in fuzzing campaign behind `stopfuzz fuzz`.
//
// Spec: design.md §7 (engines), issue "Foundation": a bounded campaign with a
// live progress line and a summary. A small mutational engine whose
// feedback is the shape of the observable trace (which events happened in
// which order, per CPU role), seeded from the corpus; libFuzzer and AFL++
// run the same run_one() through fuzz/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/counterexample.h"
#include "harness/worker_pool.h"
#include "models/backend.h"
#include "models/memory_model.h"
#include "stopfuzz/revision.h"

namespace sf {

struct CampaignOptions {
  const sf_revision* rev = nullptr;
  std::string mutation;
  std::string known_findings_of;  // RunOptions::known_findings_of
  double seconds = 60;
  uint64_t max_execs = 0;  // 0: unbounded (time decides)
  uint64_t seed = 1;
  std::vector<std::string> corpus_dirs;
  std::string artifacts_dir = ".";  // where a violating input is written
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;
  bool progress = true;     // live progress line on stderr
  bool keep_going = false;  // count violations instead of stopping
  // "P7 null-regs": look for this finding, known or not, instead of violations.
  std::string target;
  // Executions to shrink each distinct finding before it is saved (0: save as found).
  uint64_t minimize_budget = kDefaultMinimizeBudget;
  std::string replay_extra;  // appended to printed replay commands (--kernel-tree ...)
  // Sees every input just before it runs: how bench/real_mix.cc records the
  // mix a fixed-seed campaign executes. Unset in the command.
  std::function<void(const std::vector<uint8_t>&)> on_input;
  // Set when this campaign is one worker of `--jobs N` (run_campaign_jobs):
  // its new corpus entries go to the other workers and theirs come in, a
  // violation stops them all (unless keep_going), and its progress goes to
  // the pool's owner instead of stderr.
  WorkerLink* link = nullptr;
};

// One distinct finding (property + signature) of a campaign.
struct CampaignFinding {
  std::string key;     // "P7 null-regs"
  uint64_t count = 0;  // executions that showed it
  uint64_t first_exec = 0;
  std::string file;     // the minimized input; the original is file + ".orig"
  std::string repro;    // of the minimized input
  std::string summary;  // sizes before -> after
};

struct CampaignResult {
  uint64_t execs = 0;
  double seconds = 0;
  size_t corpus = 0;
  size_t shapes = 0;
  uint64_t known = 0;
  uint64_t violations = 0;
  std::string first_violation_repro;
  std::string first_violation_file;
  std::string first_violation_property;
  uint64_t execs_to_first = 0;
  std::vector<CampaignFinding> findings;  // distinct, in the order found
  size_t seeds = 0;                    // inputs read from the corpus directories
  uint64_t own_entries = 0;            // corpus entries this campaign's own mutants added
  uint64_t imported = 0;               // inputs received from other workers (run, counted in execs)
  std::vector<uint64_t> edges;         // the trace edges seen (the shapes), sorted
  std::vector<uint64_t> worker_execs;  // run_campaign_jobs: executions of each worker
};

// Returns 0 clean, 1 violation found, 2 usage/I-O error (message on stderr).
// Each distinct violation is minimized (minimize_budget) when first seen and
// saved to the artifacts directory with its original beside it.
int run_campaign(const CampaignOptions& opt, CampaignResult* out);

// `jobs` campaigns at once, one per worker process (harness/worker_pool.h),
// worker i with seed worker_seed(opt.seed, i), sharing corpus entries; the
// first violation stops all (unless keep_going). *out sums them: executions,
// known findings and violations added, seconds the longest worker's, corpus
// the seeds plus every worker's own entries, edges the union; the first
// violation is the first one the owner heard of. jobs <= 1 is run_campaign.
int run_campaign_jobs(const CampaignOptions& opt, int jobs, CampaignResult* out);

}  // namespace sf
