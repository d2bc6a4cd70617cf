// chrome_trace.cc - Chrome trace-event JSON of a stop-path execution (issue 14).
#include "harness/stop/chrome_trace.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/stop/properties.h"

namespace sf {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPid = 1;
constexpr int kMachineTid = 99;  // events of no CPU (cpu -1)

int tid_of(int cpu) { return cpu < 0 ? kMachineTid : cpu; }

// An open slice on a CPU's track: a context (IRQ, NMI, SDEI dispatch) at
// nesting depth `depth`, or a function between its "> f()" and "< f()" marks.
struct Open {
  std::string name;
  bool context;
  int depth;
};

class Writer {
 public:
  explicit Writer(const RunResult& r) : r_(r), stacks_(kMaxCpus) {}

  Json run() {
    Json events = Json::array();
    events_ = &events;
    metadata();
    online_ = r_.scenario.online_at_boot();
    counter(0);
    const Trace& t = r_.trace;
    for (size_t k = 0; k < t.events.size(); ++k) event(k);
    const uint64_t end = t.events.empty() ? 0 : t.events.back().t_us;
    for (int c = 0; c < kMaxCpus; ++c) close_to(c, -1, end, true);
    for (const Finding& f : r_.findings) finding(f);
    Json doc;
    doc["traceEvents"] = std::move(events);
    doc["displayTimeUnit"] = "ms";
    doc["otherData"] = {{"revision", r_.revision}, {"mutation", r_.mutation}, {"end", end_reason_name(r_.end)}};
    return doc;
  }

 private:
  Json base(const std::string& name, const char* ph, uint64_t ts, int tid) {
    Json j;
    j["name"] = name;
    j["cat"] = "stop";
    j["ph"] = ph;
    j["ts"] = ts;
    j["pid"] = kPid;
    j["tid"] = tid;
    return j;
  }
  void push(Json j) { events_->push_back(std::move(j)); }

  void metadata() {
    Json p = base("process_name", "M", 0, 0);
    p["args"] = {{"name", "stopfuzz " + r_.revision + (r_.mutation.empty() ? "" : " + " + r_.mutation)}};
    push(p);
    for (int c = 0; c < r_.scenario.machine.ncpus; ++c) {
      Json n = base("thread_name", "M", 0, c);
      n["args"] = {{"name", "cpu" + std::to_string(c)}};
      push(n);
      Json s = base("thread_sort_index", "M", 0, c);
      s["args"] = {{"sort_index", c}};
      push(s);
    }
    Json m = base("thread_name", "M", 0, kMachineTid);
    m["args"] = {{"name", "machine"}};
    push(m);
  }

  // Current context depth of a CPU's stack (contexts only).
  int depth_of(int cpu) const {
    int d = 0;
    for (const Open& o : stacks_[static_cast<size_t>(cpu)])
      if (o.context) d = o.depth;
    return d;
  }

  bool has_context_at(int cpu, int depth) const {
    for (const Open& o : stacks_[static_cast<size_t>(cpu)])
      if (o.context && o.depth == depth) return true;
    return false;
  }

  // Ends the slices deeper than `depth`; with `inclusive` (an exit event
  // inside the context at `depth`) that context and what it holds too.
  void close_to(int cpu, int depth, uint64_t ts, bool inclusive) {
    if (cpu < 0) return;
    std::vector<Open>& st = stacks_[static_cast<size_t>(cpu)];
    inclusive = inclusive && has_context_at(cpu, depth);
    while (!st.empty()) {
      const Open o = st.back();
      if (o.depth < depth || (o.depth == depth && !inclusive)) break;
      push(base(o.name, "E", ts, cpu));
      st.pop_back();
      if (o.depth == depth && o.context) break;
    }
  }

  void open(int cpu, const std::string& name, bool context, int depth, uint64_t ts) {
    stacks_[static_cast<size_t>(cpu)].push_back({name, context, depth});
    push(base(name, "B", ts, cpu));
  }

  void event(size_t k) {
    const TraceEvent& e = r_.trace.events[k];
    if (!ev_observable(e.type) || e.type == Ev::kBoot) return;
    const std::string label = event_label(r_.trace, e);
    const int cpu = e.cpu;
    const int d = e.depth;
    Json args = {{"event", ev_name(e.type)}};
    if (e.site && e.site->line > 0)
      args["site"] = std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func;
    if (cpu >= 0) {
      close_to(cpu, d, e.t_us, false);
      const bool enters = e.type == Ev::kIrqEnter || e.type == Ev::kSdeiDispatch;
      // Contexts the trace entered without an event (a CPU that starts inside a foreign SDEI dispatch).
      for (int x = depth_of(cpu) + 1; x < (enters ? d : d + 1); ++x) open(cpu, "nested context", true, x, e.t_us);
      if (enters) {
        open(cpu, label, true, d, e.t_us);
        flow_in(k, cpu, e.t_us);
        return;
      }
      if (e.type == Ev::kIrqExit || e.type == Ev::kSdeiComplete) {
        close_to(cpu, d, e.t_us, true);
        return;
      }
      if (e.type == Ev::kMark && label.rfind("> ", 0) == 0) {
        open(cpu, label.substr(2), false, d, e.t_us);
        return;
      }
      if (e.type == Ev::kMark && label.rfind("< ", 0) == 0) {
        std::vector<Open>& st = stacks_[static_cast<size_t>(cpu)];
        if (!st.empty() && !st.back().context && st.back().name == label.substr(2) && st.back().depth == d) {
          push(base(st.back().name, "E", e.t_us, cpu));
          st.pop_back();
          return;
        }
      }
    }
    // An instant; an IPI or SDEI signal is a zero-length slice so a flow can start from it.
    const bool sends = e.type == Ev::kIpiSend || e.type == Ev::kSdeiSignal || e.type == Ev::kSdeiRaise;
    Json j = base(label, sends && cpu >= 0 ? "X" : "i", e.t_us, tid_of(cpu));
    if (sends && cpu >= 0)
      j["dur"] = 0;
    else
      j["s"] = "t";
    j["args"] = args;
    push(j);
    if (sends && cpu >= 0) flow_out(k, e);
    if (e.type == Ev::kOnline) online(e);
  }

  // A send: remember it per target so the target's entry can close the flow.
  void flow_out(size_t k, const TraceEvent& e) {
    std::vector<int> targets;
    if (auto x = as<ev::IpiSend>(e)) {
      for (int c = 0; c < kMaxCpus; ++c)
        if (static_cast<uint32_t>(x->targets) & (1u << c)) targets.push_back(c);
    } else if (auto s = as<ev::SdeiSignal>(e)) {
      if (s->err == 0) targets.push_back(s->target);
    } else if (auto d = as<ev::SdeiRaise>(e)) {
      targets.push_back(d->target);
    }
    for (int c : targets) pending_.push_back({k, c, e.type == Ev::kIpiSend, e.type == Ev::kIpiSend ? e.field[1] : -1});
  }

  // The target's entry: the latest pending send of the same kind to this CPU.
  void flow_in(size_t k, int cpu, uint64_t ts) {
    const TraceEvent& e = r_.trace.events[k];
    const bool ipi = e.type == Ev::kIrqEnter;
    for (size_t i = pending_.size(); i-- > 0;) {
      const Pending& p = pending_[i];
      if (p.target != cpu || p.ipi != ipi || (ipi && p.ipinr != e.field[0])) continue;
      const TraceEvent& s = r_.trace.events[p.send];
      const int id = ++flows_;
      Json a = base(event_label(r_.trace, s), "s", s.t_us, s.cpu);
      a["cat"] = "flow";
      a["id"] = id;
      push(a);
      Json b = base(event_label(r_.trace, s), "f", ts, cpu);
      b["cat"] = "flow";
      b["id"] = id;
      b["bp"] = "e";
      push(b);
      // Every earlier send of this kind to this CPU is served by this entry too.
      pending_.erase(
          std::remove_if(pending_.begin(), pending_.begin() + static_cast<long>(i) + 1,
                         [&](const Pending& q) { return q.target == cpu && q.ipi == ipi && q.ipinr == p.ipinr; }),
          pending_.begin() + static_cast<long>(i) + 1);
      return;
    }
  }

  void online(const TraceEvent& e) {
    const auto o = as<ev::Online>(e);
    if (o->online)
      online_ |= 1u << o->cpu;
    else
      online_ &= ~(1u << o->cpu);
    counter(e.t_us);
  }

  void counter(uint64_t ts) {
    Json c = base("cpu_online_mask", "C", ts, 0);
    c["args"] = {{"online CPUs", __builtin_popcount(online_)}};
    push(c);
  }

  void finding(const Finding& f) {
    const PropertyInfo& p = property_info(f.property);
    Json j = base(std::string(f.known ? "known " : "VIOLATION ") + p.id + " [" + f.signature + "]", "i", f.t_us,
                  tid_of(f.cpu));
    j["cat"] = f.known ? "known" : "violation";
    j["s"] = f.known ? "t" : "g";
    j["args"] = {{"property", p.id}, {"name", p.name}, {"signature", f.signature}, {"message", f.message}};
    push(j);
  }

  struct Pending {
    size_t send;
    int target;
    bool ipi;
    int ipinr;
  };
  const RunResult& r_;
  std::vector<std::vector<Open>> stacks_;
  std::vector<Pending> pending_;
  Json* events_ = nullptr;
  int flows_ = 0;
  uint32_t online_ = 0;
};

}  // namespace

void write_chrome_trace(std::ostream& os, const RunResult& r) {
  Writer w(r);
  Json doc = w.run();
  os << doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace sf
