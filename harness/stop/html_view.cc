// html_view.cc - one self-contained HTML page of a stop-path execution (issue 14).
#include "harness/stop/html_view.h"

#include <cstdio>
#include <vector>

#include "harness/markup_escape.h"
#include "harness/stop/properties.h"

namespace sf {
namespace {

std::string ms(uint64_t us) {
  char b[32];
  snprintf(b, sizeof b, "%llu.%03llu", static_cast<unsigned long long>(us / 1000),
           static_cast<unsigned long long>(us % 1000));
  return b;
}

const char kStyle[] = R"css(
body{font:13px/1.35 system-ui,sans-serif;margin:16px;color:#1d1d1f;background:#fff}
h1{font-size:17px;margin:0 0 6px}
.scenario{margin:0 0 8px;padding-left:18px}
.scenario li{margin:1px 0}
.verdict{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600;margin:4px 0}
.verdict.clean{background:#e3f5e1;color:#1c5e20}
.verdict.violation{background:#c62828;color:#fff}
.findings div{margin:2px 0}.findings .v{color:#c62828;font-weight:600}.findings .k{color:#8a6d00}
code.repro{display:block;white-space:pre-wrap;word-break:break-all;background:#f4f4f6;padding:6px;margin:6px 0 12px;font-size:12px}
.grid{display:grid;position:relative;column-gap:6px;row-gap:2px;align-items:start}
.head{position:sticky;top:0;background:#fff;font-weight:700;border-bottom:2px solid #999;padding:2px 4px;z-index:3}
.time{font:12px ui-monospace,monospace;color:#555;text-align:right;padding:2px 4px;white-space:nowrap}
.gap{grid-column:1/-1;font:11px ui-monospace,monospace;color:#888;border-top:1px dashed #bbb;padding:0 4px}
.lane{border-left:1px solid #ddd;border-right:1px solid #ddd;background:#fafafa;z-index:0;align-self:stretch}
.band{z-index:1;border-radius:3px;border-left:4px solid;align-self:stretch}
.band.irq{background:#dce9ff;border-color:#4a78c2}.band.nmi{background:#ffe4c4;border-color:#d9822b}
.band.sdei{background:#ece0ff;border-color:#7e57c2}.band.other{background:#e8e8e8;border-color:#888}
.ev{position:relative;z-index:2;font:12px ui-monospace,monospace;padding:1px 4px;border-radius:3px;background:#fff;
    border:1px solid #d0d0d6;overflow-wrap:anywhere}
.ev .site{display:block;color:#777;font-size:10.5px}
.ev.send{border-color:#4a78c2}.ev.enter{border-color:#2e7d32;font-weight:600}.ev.online{border-color:#8e24aa}
.ev.known{background:#fff4cc;border-color:#c9a400}
.ev.violation{background:#c62828;color:#fff;border:2px solid #7f0000;font-weight:700}
.ev.violation .site{color:#ffe0e0}
.note{grid-column-end:-1;font-size:12px;padding:2px 6px;border-radius:3px;z-index:2}
.note.v{background:#ffebee;color:#b71c1c;border:1px solid #c62828;font-weight:600}
.note.k{background:#fffbe6;color:#6d5600;border:1px solid #e0c200}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}
)css";

// Marks the page as rendered and lets the verdict jump to the violation; the
// headless-browser test reads data-rendered and the lane count it sets.
const char kScript[] = R"js(
document.addEventListener('DOMContentLoaded', function () {
  var lanes = document.querySelectorAll('.head.cpu').length;
  document.body.setAttribute('data-lanes', String(lanes));
  var v = document.getElementById('violation');
  if (v) {
    var box = v.getBoundingClientRect();
    var shown = box.width > 20 && box.height > 8 && getComputedStyle(v).visibility === 'visible';
    document.body.setAttribute('data-violation-visible', shown ? 'yes' : 'no');
  }
  var verdict = document.querySelector('.verdict');
  if (v && verdict) verdict.addEventListener('click', function () { v.scrollIntoView({block: 'center'}); });
  document.body.setAttribute('data-rendered', 'yes');
});
)js";

const char* band_class(Ev type, int nmi) {
  if (type == Ev::kSdeiDispatch) return "sdei";
  if (type == Ev::kIrqEnter) return nmi ? "nmi" : "irq";
  return "other";
}

}  // namespace

void write_html_view(std::ostream& os, const RunResult& r, const std::string& repro) {
  const int ncpus = r.scenario.machine.ncpus;
  const Trace& t = r.trace;
  const Finding* v = r.violation();
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>stopfuzz: "
     << markup_escape(r.revision)
     << (v ? std::string(" VIOLATION ") + property_info(v->property).id : std::string(" clean")) << "</title>\n<style>"
     << kStyle << "</style>\n<script>" << kScript << "</script>\n</head><body>\n";
  os << "<h1>revision " << markup_escape(r.revision)
     << (r.mutation.empty() ? "" : ", mutation " + markup_escape(r.mutation)) << "</h1>\n";
  os << "<ul class=\"scenario\">\n";
  for (const std::string& l : r.scenario.narrate()) os << "<li>" << markup_escape(l) << "</li>\n";
  os << "</ul>\n";
  if (v)
    os << "<div class=\"verdict violation\" title=\"jump to the violating event\">VIOLATION "
       << property_info(v->property).id << " " << markup_escape(property_info(v->property).name) << " ["
       << markup_escape(v->signature) << "]</div>\n";
  else
    os << "<div class=\"verdict clean\">clean" << (r.known_count() ? " (known findings only)" : "") << "</div>\n";
  os << "<div class=\"findings\">\n";
  for (const Finding& f : r.findings)
    os << "<div class=\"" << (f.known ? "k" : "v") << "\">" << property_info(f.property).id << " ["
       << markup_escape(f.signature) << "]" << (f.known ? " (known)" : "") << " at " << ms(f.t_us) << " ms on cpu"
       << f.cpu << ": " << markup_escape(f.message) << "</div>\n";
  os << "</div>\n";
  os << "<div>end: " << end_reason_name(r.end) << ", " << t.events.size() << " events, virtual time in ms</div>\n";
  if (!repro.empty()) os << "<code class=\"repro\">" << markup_escape(repro) << "</code>\n";
  os << "<div class=\"legend\"><span class=\"band irq\">IRQ</span><span class=\"band nmi\">pseudo-NMI</span>"
        "<span class=\"band sdei\">SDEI dispatch</span></div>\n";

  // Rows: 1 the header, then one per shown event and one per gap or finding note.
  os << "<div class=\"grid\" style=\"grid-template-columns:70px repeat(" << ncpus << ",minmax(130px,1fr))\">\n";
  os << "<div class=\"head\" style=\"grid-row:1;grid-column:1\">ms</div>\n";
  for (int c = 0; c < ncpus; ++c)
    os << "<div class=\"head cpu\" style=\"grid-row:1;grid-column:" << c + 2 << "\">cpu" << c << "</div>\n";
  struct Band {
    int cpu, depth, row;
    const char* cls;
    std::string name;
  };
  std::vector<Band> open;
  std::vector<std::pair<Band, int>> bands;  // band, last row
  int row = 2;
  uint64_t last_t = 0;
  bool marked = false;
  for (size_t k = 0; k < t.events.size(); ++k) {
    const TraceEvent& e = t.events[k];
    if (!ev_observable(e.type) || e.type == Ev::kBoot) continue;
    const int cpu = e.cpu < 0 ? 0 : e.cpu;
    if (e.t_us > last_t + 1000 && row > 2)
      os << "<div class=\"gap\" style=\"grid-row:" << row++ << "\">+" << ms(e.t_us - last_t) << " ms</div>\n";
    last_t = e.t_us;
    // Contexts that ended before this event's depth.
    for (size_t i = open.size(); i-- > 0;)
      if (open[i].cpu == cpu && open[i].depth > e.depth) {
        bands.push_back({open[i], row - 1});
        open.erase(open.begin() + static_cast<long>(i));
      }
    if (e.type == Ev::kIrqEnter || e.type == Ev::kSdeiDispatch)
      open.push_back(
          {cpu, e.depth, row, band_class(e.type, e.type == Ev::kIrqEnter ? e.field[1] : 0), event_label(t, e)});
    std::string cls = "ev";
    if (e.type == Ev::kIpiSend || e.type == Ev::kSdeiSignal) cls += " send";
    if (e.type == Ev::kIrqEnter || e.type == Ev::kSdeiDispatch) cls += " enter";
    if (e.type == Ev::kOnline) cls += " online";
    const Finding* here = nullptr;
    for (const Finding& f : r.findings)
      if (f.event == k && (!here || here->known)) here = &f;
    std::string id;
    if (here && !here->known) {
      cls += " violation";
      if (!marked) id = " id=\"violation\"";
      marked = true;
    } else if (here) {
      cls += " known";
    }
    os << "<div class=\"time\" style=\"grid-row:" << row << "\">" << ms(e.t_us) << "</div>";
    os << "<div class=\"" << cls << "\"" << id << " style=\"grid-row:" << row << ";grid-column:" << cpu + 2
       << ";margin-left:" << 12 * e.depth << "px\">" << markup_escape(event_label(t, e));
    if (e.site && e.site->line > 0)
      os << "<span class=\"site\">" << markup_escape(e.site->file) << ":" << e.site->line << " "
         << markup_escape(e.site->func) << "</span>";
    os << "</div>\n";
    ++row;
    for (const Finding& f : r.findings)
      if (f.event == k)
        os << "<div class=\"note " << (f.known ? "k" : "v") << "\" style=\"grid-row:" << row++
           << ";grid-column-start:" << cpu + 2 << "\">" << (f.known ? "known " : "&#9888; VIOLATION ")
           << property_info(f.property).id << " [" << markup_escape(f.signature) << "]: " << markup_escape(f.message)
           << "</div>\n";
  }
  for (const Band& b : open) bands.push_back({b, row - 1});
  // Lanes and bands behind the events.
  for (int c = 0; c < ncpus; ++c)
    os << "<div class=\"lane\" style=\"grid-row:2/" << row << ";grid-column:" << c + 2 << "\"></div>\n";
  for (const auto& [b, last] : bands)
    os << "<div class=\"band " << b.cls << "\" title=\"" << markup_escape(b.name) << "\" style=\"grid-row:" << b.row
       << "/" << last + 1 << ";grid-column:" << b.cpu + 2 << ";margin-left:" << 12 * (b.depth - 1) << "px\"></div>\n";
  os << "</div>\n</body></html>\n";
}

}  // namespace sf
