// kill_table.h - `stopfuzz kill-table`: how fast the harness kills each mutation.
//
// Spec: design.md §5 (every mutation found by the property it names), §3
// (minimized inputs). For every catalogued mutation and each of N search
// seeds: executions to the first violation of the named property, wall
// seconds, and the size of the minimized input; printed as median and worst.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace sf {

struct KillTableOptions {
  int seeds = 5;                         // search seeds 1..seeds
  uint64_t budget = 20000;               // executions per search
  uint64_t minimize_budget = 4000;       // executions per minimization
  std::vector<std::string> corpus_dirs;  // seed inputs (default: none, from scratch)
  std::string only;                      // one mutation id, or all
  std::string revision;                  // "" = each mutation's own; else the mutations seeded into it
                                         // (harness/stop/mutations.h mutation_targets(), e.g. src:linux-6.12)
  std::string save_dir;                  // write <id>.tape + <id>.txt regressions here
  // A tree loaded at run time (--kernel-tree): whose known findings judge
  // (RunOptions::known_findings_of), and what a saved replay line must
  // repeat to load the same tree.
  std::string known_findings_of;
  std::string replay_extra;
};

// Prints the table to out; returns 0 if every mutation was found on every
// seed, 1 otherwise, 2 on a usage or I/O error (message on stderr).
int run_kill_table(const KillTableOptions& opt, FILE* out);

}  // namespace sf
