// replay_repro.h - a repro string replayed on a revision, its findings as one line (tests/known).
//
// Spec: design.md §8.3 (repro strings round-tripped in tests, never an
// ignored replay). Shared by the repro tests of fuzzer findings.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness/repro.h"
#include "harness/stop/run.h"

namespace sf {

// The findings of `repro` replayed on `rev`, as " P5 online-not-counted (known)" ("" when none).
inline std::string replay_repro(const char* repro, const sf_revision* rev, RunResult* res) {
  Repro r;
  std::string err;
  EXPECT_TRUE(decode_repro(repro, &r, &err)) << err;
  RunOptions opt;
  opt.rev = rev;
  run_one(r.tape.data(), r.tape.size(), opt, res);
  std::string seen;
  for (const Finding& f : res->findings)
    seen += " " + std::string(property_info(f.property).id) + " " + f.signature + (f.known ? " (known)" : "");
  return seen;
}

}  // namespace sf
