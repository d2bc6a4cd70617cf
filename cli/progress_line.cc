// progress_line.cc - the live progress line (progress_line.h).
#include "cli/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace sf {

ProgressLine::ProgressLine() : tty_(isatty(STDERR_FILENO) != 0), last_(std::chrono::steady_clock::now()) {}

bool ProgressLine::due(std::chrono::steady_clock::time_point now) {
  return now - last_ >= (tty_ ? std::chrono::seconds(1) : std::chrono::seconds(kLogEvery));
}

void ProgressLine::print(std::chrono::steady_clock::time_point now, const char* fmt, ...) {
  last_ = now;
  printed_ = true;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (tty_) {
    // Trailing blanks in the text overwrite the end of a longer previous line.
    fprintf(stderr, "\r%s", line);
  } else {
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ') line[--n] = '\0';
    fprintf(stderr, "%s\n", line);
  }
  fflush(stderr);
}

void ProgressLine::finish() {
  if (tty_ && printed_) fputc('\n', stderr);
  printed_ = false;
}

}  // namespace sf
