// timeline_test.cc - print_columns() and wrap_text() write exactly what the code they replaced wrote.
//
// Spec: design.md §7 (one column per CPU), §8.2 (byte-identical traces);
// issue 14 (a width, columns only for the CPUs that took part, wrapping,
// the violating event marked, colour). The golden digests see one form
// (width 0, no sites, no colour); this compares every form: widths from
// the narrowest (a shared column) to none, sites, colour, details, all
// CPUs, marks and lines added after events, on real executions and on a
// hand-made trace of hostile texts (render_cases.h). The reference is the
// code before rows were built in one buffer, kept here unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "harness/timeline.h"
#include "render_cases.h"

namespace sf {
namespace {

namespace reference {

std::string time_str(uint64_t us) {
  char buf[32];
  snprintf(buf, sizeof buf, "%6llu.%03llu", static_cast<unsigned long long>(us / 1000),
           static_cast<unsigned long long>(us % 1000));
  return buf;
}

constexpr size_t kTimeColumn = 12;
constexpr size_t kMinCell = 16;

bool shown(const TraceEvent& e, const TimelineOptions& opt) {
  return (opt.details || ev_observable(e.type)) && e.type != Ev::kBoot;
}

std::string site_text(const TraceEvent& e) {
  return std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func;
}

std::string paint(const TimelineOptions& opt, const char* code, std::string_view s) {
  if (!opt.color || s.empty()) return std::string(s);
  return std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m";
}

std::vector<std::string> wrap_text(std::string_view text, size_t width, size_t indent = 0) {
  std::vector<std::string> out;
  if (width <= indent + 1) width = indent + 2;
  std::string_view rest = text;
  size_t room = width;
  while (rest.size() > room) {
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

void print_columns(std::ostream& os, const Trace& t, int ncpus, const TimelineOptions& opt, const ColumnHooks& hooks) {
  const std::vector<int> cpus = timeline_cpus(t, ncpus, opt);
  std::vector<int> column_of(static_cast<size_t>(std::max(ncpus, 1)), -1);
  for (size_t c = 0; c < cpus.size(); ++c) column_of[static_cast<size_t>(cpus[c])] = static_cast<int>(c);
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
  const size_t text_width = cell - 3;

  auto line = [&](const std::string& lead, const std::vector<std::string>& cells) {
    std::string row = lead;
    for (const std::string& c : cells)
      row += "| " + c + std::string(cell - 2 - std::min(cell - 2, display_width(c)), ' ');
    while (!row.empty() && row.back() == ' ') row.pop_back();
    return row;
  };

  {
    std::vector<std::string> head;
    for (int cpu : cpus) head.push_back(reference::paint(opt, "1", "cpu" + std::to_string(cpu)));
    if (stacked) head = {reference::paint(opt, "1", "cpu  event")};
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
      cells[col] = colour ? reference::paint(opt, colour, parts[p]) : parts[p];
      std::string lead(kTimeColumn, ' ');
      if (p == 0) {
        lead = std::string(mark == RowMark::kViolation ? "!" : " ") + time_str(e.t_us) + " ";
        if (mark == RowMark::kViolation) lead = reference::paint(opt, "1;31", lead.substr(0, 1)) + lead.substr(1);
      }
      std::string row = line(lead, cells);
      if (p + 1 == parts.size() && !site_done) {
        const std::vector<std::string> upto(cells.begin(), cells.begin() + static_cast<long>(col) + 1);
        const std::string head = line(lead, upto);
        if (display_width(head) + 3 + site.size() <= width) {
          row = head + "   " + reference::paint(opt, "2", site);
          site_done = true;
        }
      }
      os << row << "\n";
    }
    if (!site_done) {
      const size_t under = kTimeColumn + col * cell + 2 + tag.size() + nest.size();
      const size_t indent = std::max(kTimeColumn, std::min(under, width > site.size() ? width - site.size() : 0));
      for (const std::string& l : wrap_text(site, width > indent ? width - indent : 1))
        os << std::string(indent, ' ') << reference::paint(opt, "2", l) << "\n";
    }
    if (hooks.after_event) hooks.after_event(os, k);
  }
}

}  // namespace reference

// Marks and added lines on some events, as the stop report's findings do.
ColumnHooks test_hooks() {
  ColumnHooks h;
  h.mark = [](size_t k) { return k % 7 == 3 ? RowMark::kViolation : k % 5 == 1 ? RowMark::kKnown : RowMark::kNone; };
  h.after_event = [](std::ostream& os, size_t k) {
    if (k % 4 == 0) os << "  !! after event " << k << "\n";
  };
  return h;
}

// Widths (none, the narrowest, ...) times option sets times with and without hooks.
constexpr int kWidths[] = {0, -5, 1, 20, 30, 45, 60, 80, 100, 132, 250};
constexpr size_t kForms = std::size(kWidths) * 16 * 2;

// Both writers on `t` under every option set; returns the forms compared.
size_t expect_same_columns(const Trace& t, int ncpus, const std::string& what) {
  size_t forms = 0;
  for (int width : kWidths) {
    for (int flags = 0; flags < 16; ++flags) {
      TimelineOptions opt;
      opt.width = width;
      opt.sites = flags & 1;
      opt.color = flags & 2;
      opt.details = flags & 4;
      opt.all_cpus = flags & 8;
      for (bool hooked : {false, true}) {
        const ColumnHooks hooks = hooked ? test_hooks() : ColumnHooks{};
        std::ostringstream got, want;
        print_columns(got, t, ncpus, opt, hooks);
        reference::print_columns(want, t, ncpus, opt, hooks);
        EXPECT_EQ(got.str(), want.str()) << what << ": width " << width << " flags " << flags << " hooks " << hooked;
        if (got.str() != want.str()) return forms;  // one report per trace is enough
        ++forms;
      }
    }
  }
  return forms;
}

TEST(Timeline, ColumnsAsTheReferenceOnExecutions) {
  const std::vector<std::vector<uint8_t>> inputs = test::rendering_inputs(40);
  size_t forms = 0;
  for (const auto& [revision, mutation] : {std::pair{"final", ""}, std::pair{"linux-6.12", "note-after-ack"}}) {
    test::for_each_execution(
        revision, mutation, inputs, [&, revision = revision, mutation = mutation](const RunResult& r, size_t i) {
          const size_t n = expect_same_columns(r.trace, r.scenario.machine.ncpus,
                                               std::string(revision) + " " + mutation + " input " + std::to_string(i));
          forms += n;
          return n == kForms;
        });
  }
  EXPECT_EQ(forms, inputs.size() * 2 * kForms) << "forms compared";
}

TEST(Timeline, ColumnsAsTheReferenceOnHostileTexts) {
  for (int ncpus : {1, 3, 8}) {
    const Trace t = test::hostile_trace(ncpus);
    EXPECT_EQ(expect_same_columns(t, ncpus, "hostile, " + std::to_string(ncpus) + " CPUs"), kForms);
  }
}

TEST(Timeline, WrapAsTheReference) {
  size_t lines = 0;
  for (const std::string& text : test::hostile_texts())
    for (size_t width : {0, 1, 2, 3, 5, 8, 13, 20, 40, 200})
      for (size_t indent : {0, 1, 2, 4, 7}) {
        const std::vector<std::string> got = wrap_text(text, width, indent);
        EXPECT_EQ(got, reference::wrap_text(text, width, indent)) << "'" << text << "' " << width << " " << indent;
        lines += got.size();
      }
  EXPECT_GT(lines, 1000u);
}

}  // namespace
}  // namespace sf
