// progress_line.h - the live progress line of a long run, on a terminal or in a log.
//
// Spec: issue 12 (the campaign prints executions/s), house rules (progress on
// long runs, output that fits a terminal). On a terminal the line is
// rewritten in place once a second ('\r'); anywhere else (a CI log, a file)
// a rewritten line would pile every update onto one line of the log, so each
// update is a line of its own, every kLogEvery seconds.
#pragma once

#include <chrono>
#include <cstdarg>

namespace sf {

class ProgressLine {
 public:
  static constexpr int kLogEvery = 5;  // seconds between lines when stderr is no terminal
  ProgressLine();
  // Whether an update is due at `now` (then the caller formats it and calls print()).
  bool due(std::chrono::steady_clock::time_point now);
  // Prints one update (printf-style, no line end), marked as printed at `now`.
  void print(std::chrono::steady_clock::time_point now, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
  // Ends the line on a terminal, if anything was printed (log lines end themselves).
  void finish();

 private:
  bool tty_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sf
