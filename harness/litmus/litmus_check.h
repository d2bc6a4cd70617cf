// litmus_check.h - one litmus file end to end: parse, scope, compile, explore, compare with its Result: line.
//
// Spec: issue 11. What `stopfuzz litmus` prints per file and what the
// litmus suite test asserts are both read from a FileResult.
#pragma once

#include <memory>
#include <string>

#include "harness/litmus/litmus_catalogue.h"
#include "harness/litmus/litmus_explore.h"
#include "harness/litmus/litmus_image.h"
#include "harness/litmus/litmus_test.h"

namespace sf::litmus {

enum class Status { kAgrees, kDiffers, kOutOfScope, kError };

struct FileResult {
  std::string path;
  Test test;
  Status status = Status::kError;
  std::string reason;  // kOutOfScope: why; kError: the one-line error
  std::unique_ptr<Image> image;
  Exploration ex;
  const Difference* justified = nullptr;  // kDiffers: the catalogue's entry, if the verdicts match it
};

FileResult check_file(const std::string& path, const ExploreOptions& opt);

// Whether `verdict` (Never, Sometimes, Always) agrees with a Result: word.
bool verdict_agrees(const std::string& verdict, const std::string& result);

}  // namespace sf::litmus
