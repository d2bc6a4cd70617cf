// input_files.cc - reading inputs from files (input_files.h).
#include "cli/input_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "harness/stop/run.h"

namespace sf {
namespace {

int corpus_error(const std::string& msg) {
  fprintf(stderr, "stopfuzz: %s\n", msg.c_str());
  return 2;
}

}  // namespace

bool read_input(const std::string& path, std::vector<uint8_t>* out, std::string* err) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = path + ": is a directory";
    return false;
  }
  if (st.st_size > static_cast<off_t>(kMaxInputSize)) {
    *err = path + ": " + std::to_string(st.st_size) + " bytes, over the input size limit of " +
           std::to_string(kMaxInputSize);
    return false;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *err = path + ": " + strerror(errno);
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(f), {});
  if (f.bad()) {
    *err = path + ": read error";
    return false;
  }
  return true;
}

int load_corpus_dirs(const std::vector<std::string>& dirs, std::vector<NamedTape>* out) {
  namespace fs = std::filesystem;
  for (const std::string& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) return corpus_error("corpus directory '" + d + "' does not exist");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      const fs::path ext = e.path().extension();
      if (e.is_regular_file() && ext != ".txt" && ext != ".md") files.push_back(e.path());
    }
    if (ec) return corpus_error("corpus directory '" + d + "': " + ec.message());
    std::sort(files.begin(), files.end());
    size_t oversized = 0;
    for (const fs::path& p : files) {
      std::error_code size_ec;
      if (fs::file_size(p, size_ec) > kMaxInputSize && !size_ec) {
        ++oversized;
        continue;
      }
      NamedTape t;
      std::string err;
      if (!read_input(p.string(), &t.tape, &err)) return corpus_error(err);
      t.name = p.filename().string();
      out->push_back(std::move(t));
    }
    if (oversized)
      fprintf(stderr, "stopfuzz: corpus directory '%s': %zu file(s) over the input size limit of %zu bytes left out\n",
              d.c_str(), oversized, static_cast<size_t>(kMaxInputSize));
  }
  return 0;
}

int load_corpus_dirs(const std::vector<std::string>& dirs, std::vector<std::vector<uint8_t>>* out) {
  std::vector<NamedTape> named;
  if (const int rc = load_corpus_dirs(dirs, &named)) return rc;
  for (NamedTape& t : named) out->push_back(std::move(t.tape));
  return 0;
}

}  // namespace sf
