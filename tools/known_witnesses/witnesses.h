// witnesses.h - where a known finding's witness tape lives and what it must show.
//
// Spec: design.md §4. Shared by tools/known_witnesses (writes them) and
// tests/known (checks them).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/revisions.h"
#include "harness/stop/known_findings.h"
#include "harness/stop/run.h"

namespace sf {

// The revision a known-finding row is checked on: the hand-written one of
// its name, else the kernel-source build of that kernel version; nullptr if
// this build has neither.
inline const sf_revision* witness_revision(const KnownFinding& k) {
  if (const sf_revision* r = find_revision(k.revision)) return r;
  return find_revision(std::string("src:") + k.revision);
}

// DIR/<revision>/<P>-<signature>.tape
inline std::filesystem::path witness_path(const std::string& dir, const KnownFinding& k) {
  return std::filesystem::path(dir) / k.revision /
         (std::string(property_info(k.property()).id) + "-" + k.signature() + ".tape");
}

inline std::vector<uint8_t> read_tape(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Does the tape, run on rev, show the known finding k (as a known finding)?
inline bool shows(const std::vector<uint8_t>& tape, const sf_revision* rev, const KnownFinding& k) {
  RunOptions opt;
  opt.rev = rev;
  RunResult r;
  run_one(tape.data(), tape.size(), opt, &r);
  for (const Finding& f : r.findings)
    if (f.sig == k.sig && f.known) return true;
  return false;
}

}  // namespace sf
