// rc_reproduce_demo.cc - a deliberately failing RapidCheck property (not a ctest of its own).
//
// Spec: design.md §8.3 (a failure is one line to reproduce). Run by
// rc_reproduce.cmake, which expects this binary to fail, to print a
// "reproduce" string, and to fail the same way when re-run with
// RC_PARAMS="reproduce=<string>". It fails on tapes whose run drew a
// scenario with four or more CPUs, so shrinking has real work to do.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "harness/stop/run.h"

RC_GTEST_PROP(RcReproduceDemo, FailsOnFourCpus, (const std::vector<uint8_t>& tape)) {
  sf::RunOptions opt;
  sf::RunResult r;
  sf::run_one(tape.data(), tape.size(), opt, &r);
  RC_ASSERT(r.scenario.machine.ncpus < 4);
}
