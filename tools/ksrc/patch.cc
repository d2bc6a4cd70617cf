// patch.cc - a developer's patch series applied to the files taken from a tree.
#include "tools/ksrc/patch.h"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "tools/ksrc/error.h"
#include "tools/ksrc/files.h"

namespace sf::ksrc {

namespace fs = std::filesystem;

namespace {

bool starts(const std::string& l, const char* p) { return l.rfind(p, 0) == 0; }

// The diff of one mail body (or plain file): from its first file header on.
std::string diff_part(const std::vector<std::string>& lines, size_t from) {
  for (size_t i = from; i < lines.size(); ++i) {
    if (starts(lines[i], "diff --git ") ||
        (starts(lines[i], "--- ") && i + 1 < lines.size() && starts(lines[i + 1], "+++ "))) {
      std::string d;
      for (size_t k = i; k < lines.size(); ++k) d += lines[k] + "\n";
      return d;
    }
  }
  return "";
}

// One mail: headers (Subject may be folded), a blank line, the body.
Patch parse_mail(const std::vector<std::string>& lines, const std::string& source) {
  Patch p;
  p.source = source;
  size_t i = 0;
  if (i < lines.size() && starts(lines[i], "From ")) ++i;  // the mbox separator
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    if (starts(lines[i], "Subject:")) {
      p.subject = lines[i].substr(8);
      while (i + 1 < lines.size() && !lines[i + 1].empty() && (lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t'))
        p.subject += lines[++i];
      p.subject.erase(0, p.subject.find_first_not_of(" \t"));
    }
  }
  p.diff = diff_part(lines, i);
  return p;
}

bool is_mail(const std::vector<std::string>& lines) {
  static const std::regex kHeader(R"(^(From|Subject|Date|Message-I[Dd]|To|Cc): )");
  return !lines.empty() && (starts(lines[0], "From ") || std::regex_search(lines[0], kHeader));
}

void read_file_patches(const fs::path& p, std::vector<Patch>* out) {
  const size_t had = out->size();
  const std::vector<std::string> lines = split_lines(read_file(p));
  if (!is_mail(lines)) {
    const std::string d = diff_part(lines, 0);
    if (d.empty()) fail("patch " + p.string() + " holds no unified diff");
    out->push_back({p.filename().string(), p.string(), d});
    return;
  }
  // An mbox: a "From " line after a blank line (or at the top) starts a mail.
  size_t n = 0, start = 0;
  auto flush = [&](size_t end) {
    if (end <= start) return;
    const std::vector<std::string> mail(lines.begin() + static_cast<long>(start),
                                        lines.begin() + static_cast<long>(end));
    Patch m = parse_mail(mail, p.string());
    ++n;
    if (!m.diff.empty()) out->push_back(std::move(m));  // a cover letter has no diff
  };
  for (size_t i = 1; i < lines.size(); ++i)
    if (starts(lines[i], "From ") && lines[i - 1].empty()) {
      flush(i);
      start = i;
    }
  flush(lines.size());
  if (out->size() == had)
    fail("patch " + p.string() + " holds " + std::to_string(n) + " mail" + (n == 1 ? "" : "s") +
         " but no diff (a cover letter alone?)");
}

struct FileDiff {
  std::string old_path, new_path;  // without the a/ b/ prefix; "" for /dev/null
  std::string text;
};

std::string strip_p1(const std::string& path) {
  std::string s = path.substr(0, path.find('\t'));
  if (s == "/dev/null") return "";
  const size_t slash = s.find('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

// The per-file sections of a diff, each with its own headers. Hunk bodies
// are skipped by their line counts, so a removed line that reads "-- x" is
// never taken for a file header.
std::vector<FileDiff> split_files(const std::string& diff) {
  std::vector<FileDiff> out;
  const std::vector<std::string> lines = split_lines(diff);
  bool git_headers_pending = false;  // a "diff --git" section before its ---/+++ lines
  long old_left = 0, new_left = 0;   // lines of the current hunk still to come
  static const std::regex kHunk(R"(^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (old_left > 0 || new_left > 0) {
      if (starts(l, " ") || l.empty()) {
        --old_left;
        --new_left;
      } else if (starts(l, "-")) {
        --old_left;
      } else if (starts(l, "+")) {
        --new_left;
      }
      out.back().text += l + "\n";
      continue;
    }
    std::smatch m;
    if (starts(l, "diff --git ")) {
      out.push_back({});
      git_headers_pending = true;
    } else if (starts(l, "--- ") && i + 1 < lines.size() && starts(lines[i + 1], "+++ ")) {
      if (!git_headers_pending) out.push_back({});
      git_headers_pending = false;
      out.back().old_path = strip_p1(l.substr(4));
      out.back().new_path = strip_p1(lines[i + 1].substr(4));
    } else if (!out.empty() && std::regex_search(l, m, kHunk)) {
      old_left = m[1].matched ? std::stol(m[1]) : 1;
      new_left = m[2].matched ? std::stol(m[2]) : 1;
    } else if (out.empty()) {
      continue;
    }
    out.back().text += l + "\n";
  }
  return out;
}

}  // namespace

bool in_scope(const std::string& rel) {
  for (const std::string& m : tree_members())
    if (rel == m) return true;
  for (const std::string& d : header_dirs())
    if (rel.rfind(d + "/", 0) == 0) return true;
  return false;
}

std::vector<Patch> read_series(const std::vector<std::string>& paths) {
  std::vector<Patch> out;
  for (const std::string& path : paths) {
    const fs::path p(path);
    if (fs::is_directory(p)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p)) {
        const std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".patch" || ext == ".diff" || ext == ".mbox" || ext == ".eml"))
          files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) fail("patch directory " + path + " holds no *.patch, *.diff or *.mbox file");
      for (const fs::path& f : files) read_file_patches(f, &out);
    } else if (fs::is_regular_file(p)) {
      read_file_patches(p, &out);
    } else {
      fail("patch " + path + ": no such file or directory");
    }
  }
  return out;
}

void apply_series(const std::vector<Patch>& series, TreeFiles& files, std::vector<std::string>* notes) {
  const fs::path scratch = files.overlay().parent_path() / "patches";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  int k = 0;
  for (const Patch& p : series) {
    ++k;
    const std::string what = "patch \"" + p.subject + "\" (" + p.source + ")";
    const std::vector<FileDiff> parts = split_files(p.diff);
    if (parts.empty()) fail(what + " holds no file diff");
    for (const FileDiff& f : parts) {
      const std::string rel = f.new_path.empty() ? f.old_path : f.new_path;
      if (rel.empty()) fail(what + ": a file diff without a file name");
      if (!in_scope(rel)) {
        notes->push_back(what + " changes " + rel + ", which is not part of the extracted stop path: ignored");
        continue;
      }
      if (!f.old_path.empty()) files.edit(f.old_path);
      if (!f.new_path.empty() && f.new_path != f.old_path)
        fs::create_directories((files.overlay() / f.new_path).parent_path());
      const fs::path part = scratch / (std::to_string(k) + "-" + std::to_string(&f - parts.data()) + ".diff");
      write_if_changed(part, f.text);
      std::string out;
      const int st = run("patch -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch -r - -d " +
                             shell_quote(files.overlay().string()) + " -i " + shell_quote(part.string()),
                         &out);
      if (st != 0) {
        static const std::regex kHunk(R"(Hunk #(\d+) FAILED at (\d+))");
        std::smatch m;
        if (std::regex_search(out, m, kHunk))
          fail(what + ": hunk #" + std::string(m[1]) + " of " + rel + " FAILED at line " + std::string(m[2]));
        std::string first = out.substr(0, out.find('\n'));
        for (const std::string& l : split_lines(out))
          if (l.find("can't find file") != std::string::npos || l.find("No file to patch") != std::string::npos ||
              l.find("malformed") != std::string::npos || l.find("Only garbage") != std::string::npos ||
              l.find("Reversed") != std::string::npos)
            first = l;
        fail(what + " does not apply to " + rel + " (patch: " + first + ")");
      }
      if (f.new_path.empty()) files.remove(f.old_path);
    }
  }
}

}  // namespace sf::ksrc
