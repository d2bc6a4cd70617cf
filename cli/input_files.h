// input_files.h - reading inputs from files: one input, and the seed inputs of --corpus directories.
//
// Spec: design.md §4 (inputs are choice tapes: any byte string up to
// kMaxInputSize), corpus/README.md (a corpus directory holds tapes and the
// notes beside them). fuzz, check and kill-table had each read their
// directories by their own rules (notes loaded as seeds by one, an oversized
// file an error in one and silently dropped in the others). No CLI11 here:
// the benchmark compiles the campaign, which reads its corpus through this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/check_strategies.h"

namespace sf {

// Reads an input file (at most kMaxInputSize bytes); false with a one-line reason.
bool read_input(const std::string& path, std::vector<uint8_t>* out, std::string* err);

// Appends each directory's regular files in file-name order, directory by
// directory, named by file name. Notes (*.txt, *.md) are not inputs. A file
// over kMaxInputSize is left out with one line on stderr per directory (an
// engine's corpus may hold longer ones: they are not inputs here). A missing
// directory or an unreadable file: 2 (the commands' usage/I-O exit status)
// after a one-line message.
int load_corpus_dirs(const std::vector<std::string>& dirs, std::vector<NamedTape>* out);
// The same inputs without their names (fuzz, kill-table).
int load_corpus_dirs(const std::vector<std::string>& dirs, std::vector<std::vector<uint8_t>>* out);

}  // namespace sf
