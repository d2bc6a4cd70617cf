// timeline.cc - a trace in per-CPU columns, as JSON lines, and its observable projection (design §7, issue 14).
#include "harness/timeline.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace sf {
namespace {

// "   12.345": virtual milliseconds, ten columns.
std::string time_str(uint64_t us) {
  char buf[32];
  snprintf(buf, sizeof buf, "%6llu.%03llu", static_cast<unsigned long long>(us / 1000),
           static_cast<unsigned long long>(us % 1000));
  return buf;
}

// The time column: a mark, the time, a space.
constexpr size_t kTimeColumn = 12;
// Narrower cells wrap every label into a tower of fragments; when even these
// do not fit, the CPUs share one column and each row names its CPU.
constexpr size_t kMinCell = 16;

bool shown(const TraceEvent& e, const TimelineOptions& opt) {
  return (opt.details || ev_observable(e.type)) && e.type != Ev::kBoot;
}

std::string site_text(const TraceEvent& e) {
  return std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func;
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
  if (!opt.color || s.empty()) return std::string(s);
  return std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m";
}

std::vector<std::string> wrap_text(std::string_view text, size_t width, size_t indent) {
  std::vector<std::string> out;
  if (width <= indent + 1) width = indent + 2;
  std::string_view rest = text;
  size_t room = width;
  while (rest.size() > room) {
    // Break at the last space that leaves something on this line, else cut.
    size_t cut = rest.rfind(' ', room);
    size_t next = cut + 1;
    if (cut == std::string_view::npos || cut == 0) cut = next = room;
    out.push_back((out.empty() ? "" : std::string(indent, ' ')) + std::string(rest.substr(0, cut)));
    rest = rest.substr(next);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    room = width - indent;
  }
  out.push_back((out.empty() ? "" : std::string(indent, ' ')) + std::string(rest));
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
  size_t cell = kMinCell;
  size_t width = static_cast<size_t>(std::max(opt.width, 1));
  if (opt.width <= 0) {
    for (const TraceEvent& e : t.events)
      if (shown(e, opt)) cell = std::max(cell, e.depth + 1u + display_width(event_label(t, e)) + 3);
    width = SIZE_MAX / 2;
  } else {
    cell = std::max(kMinCell, (width > kTimeColumn ? width - kTimeColumn : 0) / cpus.size());
  }
  const bool stacked = opt.width > 0 && kTimeColumn + cpus.size() * cell > width;
  if (stacked) cell = std::max(kMinCell, width > kTimeColumn ? width - kTimeColumn : 0);
  const size_t ncols = stacked ? 1 : cpus.size();
  const size_t text_width = cell - 3;  // after "| ", one blank before the next "|"

  // A line of cells, cells[c] in column c (painted), every lane's separator
  // kept, trailing blanks dropped.
  auto line = [&](const std::string& lead, const std::vector<std::string>& cells) {
    std::string row = lead;
    for (const std::string& c : cells)
      row += "| " + c + std::string(cell - 2 - std::min(cell - 2, display_width(c)), ' ');
    while (!row.empty() && row.back() == ' ') row.pop_back();
    return row;
  };

  {
    std::vector<std::string> head;
    for (int cpu : cpus) head.push_back(paint(opt, "1", "cpu" + std::to_string(cpu)));
    if (stacked) head = {paint(opt, "1", "cpu  event")};
    os << line("    time ms ", head) << "\n";
  }
  for (size_t k = 0; k < t.events.size(); ++k) {
    const TraceEvent& e = t.events[k];
    if (!shown(e, opt)) continue;
    const RowMark mark = hooks.mark ? hooks.mark(k) : RowMark::kNone;
    const int cpu = std::clamp<int>(e.cpu, 0, ncpus - 1);
    const size_t col = stacked ? 0 : static_cast<size_t>(column_of[static_cast<size_t>(cpu)]);
    const std::string nest = std::string(e.depth, '>') + (e.depth ? " " : "");
    std::string tag = stacked ? "cpu" + std::to_string(cpu) : "";
    if (stacked) tag.resize(5, ' ');
    const std::vector<std::string> parts =
        wrap_text(tag + nest + event_label(t, e), text_width, tag.size() + nest.size());
    const char* colour = mark == RowMark::kViolation ? "1;31" : mark == RowMark::kKnown ? "33" : nullptr;
    const std::string site = opt.sites && e.site && e.site->line > 0 ? site_text(e) : "";
    bool site_done = site.empty();
    for (size_t p = 0; p < parts.size(); ++p) {
      std::vector<std::string> cells(ncols);
      cells[col] = colour ? paint(opt, colour, parts[p]) : parts[p];
      std::string lead(kTimeColumn, ' ');
      if (p == 0) {
        lead = std::string(mark == RowMark::kViolation ? "!" : " ") + time_str(e.t_us) + " ";
        if (mark == RowMark::kViolation) lead = paint(opt, "1;31", lead.substr(0, 1)) + lead.substr(1);
      }
      std::string row = line(lead, cells);
      // The site goes after the label's last line, over the lanes to its
      // right (empty on this row), when the whole line still fits.
      if (p + 1 == parts.size() && !site_done) {
        const std::vector<std::string> upto(cells.begin(), cells.begin() + static_cast<long>(col) + 1);
        const std::string head = line(lead, upto);
        if (display_width(head) + 3 + site.size() <= width) {
          row = head + "   " + paint(opt, "2", site);
          site_done = true;
        }
      }
      os << row << "\n";
    }
    if (!site_done) {  // under the cell, or as far right as it fits
      const size_t under = kTimeColumn + col * cell + 2 + tag.size() + nest.size();
      const size_t indent = std::max(kTimeColumn, std::min(under, width > site.size() ? width - site.size() : 0));
      for (const std::string& l : wrap_text(site, width > indent ? width - indent : 1))
        os << std::string(indent, ' ') << paint(opt, "2", l) << "\n";
    }
    if (hooks.after_event) hooks.after_event(os, k);
  }
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
