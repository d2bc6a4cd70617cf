// timeline.cc - a trace in per-CPU columns, as JSON lines, and its observable projection (design §7, issue 14).
//
// Rows are appended to one buffer per call and written once per event: the
// golden digests and the kernel-source differentials print tens of
// thousands of timelines, and a string per cell cost more than the run.
#include "harness/timeline.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace sf {
namespace {

// "   12.345": virtual milliseconds (at least six columns), a point, three digits.
void append_time(std::string& out, uint64_t us) {
  char ms[24];
  const char* end = std::to_chars(ms, ms + sizeof ms, us / 1000).ptr;
  const size_t digits = static_cast<size_t>(end - ms);
  if (digits < 6) out.append(6 - digits, ' ');
  out.append(ms, digits);
  const unsigned frac = static_cast<unsigned>(us % 1000);
  const char tail[4] = {'.', static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                        static_cast<char>('0' + frac % 10)};
  out.append(tail, sizeof tail);
}

// The time column: a mark, the time, a space.
constexpr size_t kTimeColumn = 12;
// Narrower cells wrap every label into a tower of fragments; when even these
// do not fit, the CPUs share one column and each row names its CPU.
constexpr size_t kMinCell = 16;

bool shown(const TraceEvent& e, const TimelineOptions& opt) {
  return (opt.details || ev_observable(e.type)) && e.type != Ev::kBoot;
}

// paint(), appended.
void append_painted(std::string& out, const TimelineOptions& opt, const char* code, std::string_view s) {
  if (!opt.color || s.empty()) {
    out += s;
    return;
  }
  out += "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
}

// The pieces wrap_text() puts on its lines, without the indent of the
// continuation lines: one definition of where a line breaks.
void wrap_pieces(std::string_view text, size_t width, size_t indent, std::vector<std::string_view>* out) {
  out->clear();
  if (width <= indent + 1) width = indent + 2;
  std::string_view rest = text;
  size_t room = width;
  while (rest.size() > room) {
    // Break at the last space that leaves something on this line, else cut.
    size_t cut = rest.rfind(' ', room);
    size_t next = cut + 1;
    if (cut == std::string_view::npos || cut == 0) cut = next = room;
    out->push_back(rest.substr(0, cut));
    rest = rest.substr(next);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    room = width - indent;
  }
  out->push_back(rest);
}

// Drops the blanks ending the row that starts at `start` of `out`.
void trim_row(std::string& out, size_t start) {
  size_t end = out.size();
  while (end > start && out[end - 1] == ' ') --end;
  out.resize(end);
}

}  // namespace

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {  // CSI ... final byte
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~' && s[i] != '[')) ++i;
      continue;
    }
    n += (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80;
  }
  return n;
}

std::string paint(const TimelineOptions& opt, const char* code, std::string_view s) {
  std::string out;
  append_painted(out, opt, code, s);
  return out;
}

std::vector<std::string> wrap_text(std::string_view text, size_t width, size_t indent) {
  std::vector<std::string_view> pieces;
  wrap_pieces(text, width, indent, &pieces);
  std::vector<std::string> out;
  out.reserve(pieces.size());
  for (std::string_view p : pieces) out.push_back((out.empty() ? "" : std::string(indent, ' ')) + std::string(p));
  return out;
}

std::vector<int> timeline_cpus(const Trace& t, int ncpus, const TimelineOptions& opt) {
  std::vector<bool> used(static_cast<size_t>(std::max(ncpus, 1)), opt.all_cpus);
  for (const TraceEvent& e : t.events)
    if (shown(e, opt)) used[static_cast<size_t>(std::clamp<int>(e.cpu, 0, ncpus - 1))] = true;
  std::vector<int> cpus;
  for (int i = 0; i < ncpus; ++i)
    if (used[static_cast<size_t>(i)]) cpus.push_back(i);
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

void print_columns(std::ostream& os, const Trace& t, int ncpus, const TimelineOptions& opt, const ColumnHooks& hooks) {
  const std::vector<int> cpus = timeline_cpus(t, ncpus, opt);
  std::vector<int> column_of(static_cast<size_t>(std::max(ncpus, 1)), -1);
  for (size_t c = 0; c < cpus.size(); ++c) column_of[static_cast<size_t>(cpus[c])] = static_cast<int>(c);
  // width <= 0: every cell as wide as the widest label, nothing wraps (the
  // golden digests' and the seed checks' form: independent of any terminal).
  // The labels measured then are the ones printed: each is built once.
  std::vector<std::string> labels;
  size_t cell = kMinCell;
  size_t width = static_cast<size_t>(std::max(opt.width, 1));
  if (opt.width <= 0) {
    labels.resize(t.events.size());
    for (size_t k = 0; k < t.events.size(); ++k) {
      const TraceEvent& e = t.events[k];
      if (!shown(e, opt)) continue;
      labels[k] = event_label(t, e);
      cell = std::max(cell, e.depth + 1u + display_width(labels[k]) + 3);
    }
    width = SIZE_MAX / 2;
  } else {
    cell = std::max(kMinCell, (width > kTimeColumn ? width - kTimeColumn : 0) / cpus.size());
  }
  const bool stacked = opt.width > 0 && kTimeColumn + cpus.size() * cell > width;
  if (stacked) cell = std::max(kMinCell, width > kTimeColumn ? width - kTimeColumn : 0);
  const size_t ncols = stacked ? 1 : cpus.size();
  const size_t text_width = cell - 3;  // after "| ", one blank before the next "|"

  // One lane of a line: "| ", the cell's (painted) text, blanks to the next
  // lane. A line keeps every lane's separator and drops its trailing blanks.
  std::string out;
  auto append_cell = [&](size_t text_at) {
    const size_t shown_width = display_width(std::string_view(out).substr(text_at));
    out.append(cell - 2 - std::min(cell - 2, shown_width), ' ');
  };
  auto append_empty_cells = [&](size_t n) {
    for (size_t c = 0; c < n; ++c) {
      out += "| ";
      out.append(cell - 2, ' ');
    }
  };

  {
    const size_t start = out.size();
    out += "    time ms ";
    for (size_t c = 0; c < ncols; ++c) {
      out += "| ";
      const size_t at = out.size();
      if (stacked)
        append_painted(out, opt, "1", "cpu  event");
      else
        append_painted(out, opt, "1", "cpu" + std::to_string(cpus[c]));
      append_cell(at);
    }
    trim_row(out, start);
    out += '\n';
  }
  std::string text, part, site;
  std::vector<std::string_view> pieces;
  for (size_t k = 0; k < t.events.size(); ++k) {
    const TraceEvent& e = t.events[k];
    if (!shown(e, opt)) continue;
    const RowMark mark = hooks.mark ? hooks.mark(k) : RowMark::kNone;
    const int cpu = std::clamp<int>(e.cpu, 0, ncpus - 1);
    const size_t col = stacked ? 0 : static_cast<size_t>(column_of[static_cast<size_t>(cpu)]);
    // The cell's text: in a shared column the CPU ("cpu1 "), the nesting
    // ("> "), the label.
    text.clear();
    if (stacked) {
      text = "cpu" + std::to_string(cpu);
      text.resize(5, ' ');
    }
    if (e.depth) {
      text.append(e.depth, '>');
      text += ' ';
    }
    const size_t prefix = text.size();  // tag and nesting: the continuation lines' indent
    if (opt.width <= 0)
      text += labels[k];
    else
      text += event_label(t, e);
    wrap_pieces(text, text_width, prefix, &pieces);
    const char* colour = mark == RowMark::kViolation ? "1;31" : mark == RowMark::kKnown ? "33" : nullptr;
    site.clear();
    if (opt.sites && e.site && e.site->line > 0) {
      site = e.site->file;
      site += ':';
      site += std::to_string(e.site->line);
      site += ' ';
      site += e.site->func;
    }
    bool site_done = site.empty();
    for (size_t p = 0; p < pieces.size(); ++p) {
      const size_t start = out.size();
      if (p == 0) {
        if (mark == RowMark::kViolation)
          append_painted(out, opt, "1;31", "!");
        else
          out += ' ';
        append_time(out, e.t_us);
        out += ' ';
      } else {
        out.append(kTimeColumn, ' ');
      }
      append_empty_cells(col);
      out += "| ";
      const size_t at = out.size();
      std::string_view content = pieces[p];
      if (p > 0) {  // a continuation line, indented under the label
        part.assign(prefix, ' ');
        part += content;
        content = part;
      }
      if (colour)
        append_painted(out, opt, colour, content);
      else
        out += content;
      append_cell(at);
      // The site goes after the label's last line, over the lanes to its
      // right (empty on this row), when the whole line still fits.
      bool site_here = false;
      if (p + 1 == pieces.size() && !site_done) {
        size_t head_end = out.size();
        while (head_end > start && out[head_end - 1] == ' ') --head_end;
        if (display_width(std::string_view(out).substr(start, head_end - start)) + 3 + site.size() <= width) {
          out.resize(head_end);
          out += "   ";
          append_painted(out, opt, "2", site);
          site_done = site_here = true;
        }
      }
      if (!site_here) {
        // The lanes to the right are empty: their separators, without the
        // blanks a trimmed line would drop anyway.
        if (col + 1 == ncols) {
          trim_row(out, start);
        } else {
          append_empty_cells(ncols - col - 2);
          out += '|';
        }
      }
      out += '\n';
    }
    if (!site_done) {  // under the cell, or as far right as it fits
      const size_t under = kTimeColumn + col * cell + 2 + prefix;
      const size_t indent = std::max(kTimeColumn, std::min(under, width > site.size() ? width - site.size() : 0));
      wrap_pieces(site, width > indent ? width - indent : 1, 0, &pieces);
      for (std::string_view l : pieces) {
        out.append(indent, ' ');
        append_painted(out, opt, "2", l);
        out += '\n';
      }
    }
    if (hooks.after_event) {
      os << out;
      out.clear();
      hooks.after_event(os, k);
    }
  }
  os << out;
}

std::string observable_trace(const Trace& t) {
  std::string out;
  char buf[96];
  for (const TraceEvent& e : t.events) {
    if (!ev_observable(e.type)) continue;
    snprintf(buf, sizeof buf, "%llu %d %d %s %d %d %d ", static_cast<unsigned long long>(e.t_us), e.cpu, e.depth,
             ev_name(e.type), e.field[0], e.field[1], e.field[2]);
    out += buf;
    out += t.text_of(e);
    out += '\n';
  }
  return out;
}

}  // namespace sf
