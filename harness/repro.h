// repro.h - the versioned one-line repro string of a finding.
//
// Spec: design.md §7, §8.3 ("a failure is one line to reproduce"); issue 14
// (the string identifies the build of the code under test).
// Formats (both decode; a Repro without a build encodes as sf1):
//   sf1:<revision>:<mutation or ->:<tape as lowercase hex>
//   sf2:<revision>:<mutation or ->:<build id>:<tape as lowercase hex>
// The build id is the revision's (harness/revisions.h revision_build()).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sf {

struct Repro {
  std::string revision;
  std::string mutation;
  std::vector<uint8_t> tape;
  std::string build;  // "" = not recorded (an sf1 string)
  // The memory model it ran under ("" or "sc": the default). Not part of the
  // string (sf1 stays as it was); the replay command carries it as --memory.
  std::string memory;
};

std::string encode_repro(const Repro& r);
// Returns false with a one-line reason in *error on malformed input.
bool decode_repro(const std::string& s, Repro* out, std::string* error);
// The shell command that replays the repro string.
std::string repro_command(const Repro& r);
// " --memory NAME" for a model other than the default, else "".
std::string memory_replay_args(const std::string& memory);

}  // namespace sf
