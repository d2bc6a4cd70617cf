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

#include "models/backend.h"
#include "models/memory_model.h"
#include "stopfuzz/revision.h"

namespace sf {

struct CampaignOptions {
  const sf_revision* rev = nullptr;
  std::string mutation;
  double seconds = 60;
  uint64_t max_execs = 0;  // 0: unbounded (time decides)
  uint64_t seed = 1;
  std::vector<std::string> corpus_dirs;
  std::string artifacts_dir = ".";  // where a violating input is written
  BackendKind backend = BackendKind::kFibers;
  MemoryModel memory = MemoryModel::kSc;
  bool progress = true;      // live progress line on stderr
  bool keep_going = false;   // count violations instead of stopping
  std::string replay_extra;  // appended to printed replay commands (--kernel-tree ...)
  // Sees every input just before it runs: how bench/real_mix.cc records the
  // mix a fixed-seed campaign executes. Unset in the command.
  std::function<void(const std::vector<uint8_t>&)> on_input;
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
};

// Returns 0 clean, 1 violation found, 2 usage/I-O error (message on stderr).
int run_campaign(const CampaignOptions& opt, CampaignResult* out);

}  // namespace sf
