// cex_litmus.cc - the counterexample-to-litmus emitter (see cex_litmus.h).
//
// Spec: issue 11; docs/memory_model.md ("From a counterexample to a litmus
// test"), rules M6-M10 for the barrier mapping.
#include "harness/cex_litmus.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <sstream>

#include "models/symbols.h"

namespace sf {
namespace {

using Events = std::vector<TraceEvent>;

std::string site_of(const TraceEvent& e) {
  if (!e.site || !e.site->file) return "";
  return std::string(e.site->file) + ":" + std::to_string(e.site->line) + " " + e.site->func + "()";
}

// A C identifier for an object name: "backtrace_mask+8" -> "backtrace_mask_8".
std::string ident(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "v_" + out;
  return out;
}

// The value of the load's object as the store leaves it (the bit, for a bit load).
long stored_value(const TraceEvent& store, int bit) {
  const uint32_t v = static_cast<uint32_t>(store.field[0]);
  return bit >= 0 ? static_cast<long>((v >> bit) & 1) : static_cast<long>(store.field[0]);
}

struct Found {
  size_t load, entry, signal, store;
};

// Steps 1-3 of cex_litmus.h for the stale load at index i.
std::optional<Found> explain(const Trace& t, size_t i) {
  const Events& ev = t.events;
  const TraceEvent& l = ev[i];
  const int reader = l.cpu, bit = l.field[1];
  if (l.depth == 0) return std::nullopt;  // not inside an exception handler
  std::optional<size_t> entry;
  for (size_t j = i; j-- > 0;)
    if (ev[j].cpu == reader && ev[j].depth == l.depth &&
        (ev[j].type == Ev::kSdeiDispatch || ev[j].type == Ev::kIrqEnter)) {
      entry = j;
      break;
    }
  if (!entry) return std::nullopt;
  const bool sdei = ev[*entry].type == Ev::kSdeiDispatch;
  std::optional<size_t> signal;
  for (size_t k = *entry; k-- > 0;) {
    const TraceEvent& g = ev[k];
    if (g.cpu == reader || g.cpu < 0) continue;
    if (sdei ? (g.type == Ev::kSdeiSignal && g.field[0] == reader && g.field[1] == 0)
             : (g.type == Ev::kIpiSend && ((static_cast<uint32_t>(g.field[0]) >> reader) & 1))) {
      signal = k;
      break;
    }
  }
  if (!signal) return std::nullopt;
  const int sender = ev[*signal].cpu;
  // The sender's writes of the object before the signal, newest first: the
  // store is the first of the last run of writes the load did not see (the
  // one that changed the value; later ones, e.g. clearing another bit of
  // the same word, left it changed).
  const std::string_view object = t.text_of(l);
  std::optional<size_t> store;
  for (size_t m = *signal; m-- > 0;) {
    const TraceEvent& s = ev[m];
    if (s.cpu != sender || s.type != Ev::kMemStore || t.text_of(s) != object) continue;
    if (stored_value(s, bit) == l.field[0]) break;
    store = m;
  }
  if (!store) return std::nullopt;
  return Found{i, *entry, *signal, *store};
}

struct Line {
  std::string code, comment;
};

// The sender's barriers between the store and the signal, and those the
// signal's own path issues (the GIC driver's DSB, the firmware's).
std::vector<Line> sender_barriers(const Trace& t, const Found& f) {
  const Events& ev = t.events;
  const int sender = ev[f.signal].cpu;
  std::vector<Line> out;
  auto add = [&](const TraceEvent& b) {
    const int kind = b.field[0];
    const std::string where = site_of(b);
    if (barrier_is_dsb(kind))
      out.push_back({"smp_mb();", std::string(barrier_name(kind)) + (where.empty() ? "" : " at " + where) +
                                      ": completes the store before the signal (M10)"});
    else
      out.push_back({"", std::string(barrier_name(kind)) + (where.empty() ? "" : " at " + where) +
                             ": a DMB, which orders no store against the signal (M10)"});
  };
  for (size_t k = f.store + 1; k < f.signal; ++k)
    if (ev[k].cpu == sender && ev[k].type == Ev::kMemBarrier) add(ev[k]);
  for (size_t k = f.signal + 1; k < ev.size() && ev[k].cpu == sender; ++k)
    if (ev[k].type == Ev::kMemBarrier && ev[k].field[0] >= kBarrierGicSgi) add(ev[k]);
  return out;
}

// The reader's ordering between taking the exception and the load.
std::vector<Line> reader_barriers(const Trace& t, const Found& f) {
  const Events& ev = t.events;
  const TraceEvent& l = ev[f.load];
  std::vector<Line> out = {{"smp_rmb();", "exception entry on cpu" + std::to_string(l.cpu) +
                                              ": the handler's loads are not satisfied before it (M8)"}};
  for (size_t k = f.entry + 1; k < f.load; ++k) {
    const TraceEvent& b = ev[k];
    if (b.cpu != l.cpu || b.type != Ev::kMemBarrier || b.depth < l.depth) continue;
    const int kind = b.field[0];
    const std::string what = std::string(barrier_name(kind)) + " at " + site_of(b);
    if (kind == SF_BARRIER_RMB || kind == SF_BARRIER_MB)
      out.push_back({kind == SF_BARRIER_RMB ? "smp_rmb();" : "smp_mb();", what});
    else if (kind == SF_BARRIER_DSB_ISH || kind == SF_BARRIER_DSB_SY)
      out.push_back({"smp_mb();", what + " (a DSB: every pair ordered)"});
    else
      out.push_back({"", what + ": orders no load against a load"});
  }
  return out;
}

void body_line(std::ostream& o, const Line& l) {
  if (l.code.empty())
    o << "\t/* " << l.comment << " */\n";
  else
    o << "\t" << l.code << " /* " << l.comment << " */\n";
}

}  // namespace

bool cex_litmus(const CexLitmusInput& in, std::string* out, std::string* why) {
  const Trace& t = *in.trace;
  const Events& ev = t.events;
  const size_t end = std::min(in.violation_event + 1, ev.size());
  std::optional<Found> f;
  bool any_memory = false;
  for (size_t i = end; i-- > 0 && !f;) {
    any_memory |= ev[i].type == Ev::kMemLoad || ev[i].type == Ev::kMemStore;
    if (ev[i].type == Ev::kMemLoad && ev[i].field[2]) f = explain(t, i);
  }
  if (!f) {
    *why = any_memory ? "no load before the violation read a value older than a store another CPU made before "
                        "signalling it: not an ordering violation between a signal and its handler"
                      : "the trace has no memory events (a run with record_memory, `replay --litmus`)";
    return false;
  }
  const TraceEvent& load = ev[f->load];
  const TraceEvent& store = ev[f->store];
  const TraceEvent& signal = ev[f->signal];
  const int bit = load.field[1];
  const std::string object = std::string(t.text_of(load));
  const std::string var = ident(object) + (bit >= 0 ? "_bit" + std::to_string(bit) : "");
  const bool sdei = signal.type == Ev::kSdeiSignal;
  const std::string sig = sdei ? "sdei_event0_sgi" : "ipi_sgi";
  const long stale = load.field[0], fresh = stored_value(store, bit);
  const int sender = signal.cpu, reader = load.cpu;

  std::ostringstream o;
  o << "C " << in.name << "\n\n(*\n * Result: Sometimes\n *\n";
  for (const std::string& a : in.about) o << " * " << a << "\n";
  o << " *\n * P0 is cpu" << sender << ", P1 is cpu" << reader << ". " << var
    << (var == object ? "" : " is " + object + (bit >= 0 ? " bit " + std::to_string(bit) : "")) << ": P0 wrote "
    << fresh << ", P1 read " << stale << ".\n * " << sig << " stands for the "
    << (sdei ? "SGI that SDEI_EVENT_SIGNAL makes the firmware raise" : "IPI's SGI")
    << ",\n * a store that P1 reads by taking the exception. A DSB is smp_mb(); a DMB orders\n"
       " * nothing against the signal; exception entry is smp_rmb() (docs/memory_model.md).\n *)\n\n";
  if (stale == 0)
    o << "{}\n\n";
  else
    o << "{\n\t" << var << "=" << stale << ";\n}\n\n";
  const std::string params = "(int *" + var + ", int *" + sig + ")";
  o << "P0" << params << "\n{\n";
  body_line(o, {"WRITE_ONCE(*" + var + ", " + std::to_string(fresh) + ");", site_of(store)});
  for (const Line& l : sender_barriers(t, *f)) body_line(o, l);
  body_line(o, {"WRITE_ONCE(*" + sig + ", 1);", (sdei ? "SDEI_EVENT_SIGNAL -> cpu" : "IPI -> cpu") +
                                                    std::to_string(reader) + " at " + site_of(signal)});
  o << "}\n\nP1" << params << "\n{\n\tint r0;\n\tint r1;\n\n";
  const std::string interrupted = site_of(ev[f->entry]);
  body_line(o, {"r0 = READ_ONCE(*" + sig + ");", (sdei ? "SDEI dispatch" : "IPI taken") + std::string(" on cpu") +
                                                     std::to_string(reader) +
                                                     (interrupted.empty() ? "" : ", interrupting " + interrupted)});
  for (const Line& l : reader_barriers(t, *f)) body_line(o, l);
  body_line(o, {"r1 = READ_ONCE(*" + var + ");", site_of(load)});
  o << "}\n\nexists (1:r0=1 /\\ 1:r1=" << stale << ")\n";
  *out = o.str();
  return true;
}

}  // namespace sf
