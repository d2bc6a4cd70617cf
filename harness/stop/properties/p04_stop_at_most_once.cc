// p04_stop_at_most_once.cc - P4: each CPU enters the stop bookkeeping at most once;
// at most one crash note.
//
// Spec: stop-path.md §8 P4, §10 Q3 and §12.1.1-2 (the nested stops).
#include "harness/stop/property_check.h"

namespace sf {
namespace {

// "<this kind>-in-<first kind>" (signatures.def, in kind order self, irq, nmi, sdei).
Signature nesting(const Invocation& inv, const Invocation& first) {
  auto index = [](const Invocation& i) {
    if (i.self_stop) return 0;
    return i.ctx_kind == kCtxIrq ? 1 : i.ctx_kind == kCtxNmi ? 2 : 3;
  };
  return static_cast<Signature>(static_cast<int>(Signature::self_in_self) + index(inv) * 4 + index(first));
}

}  // namespace

void check_P4(const Check& c) {
  const Step::Created& s = c.step.created;
  if (s.index >= 0 && s.prior > 0) {
    const Invocation& inv = c.rec.invocations[static_cast<size_t>(s.index)];
    const Invocation& first = c.rec.invocations[static_cast<size_t>(s.first)];
    c.report(nesting(inv, first), "cpu" + std::to_string(inv.cpu) + " entered the stop bookkeeping again (" +
                                      invocation_kind(inv) + " inside " + invocation_kind(first) + ")");
  }
  if (c.e.type == Ev::kCrashNote && c.inv() && c.rec.cpu[c.e.cpu].notes > 1)
    c.report(Signature::second_note, fmt("cpu%d wrote a second crash note", c.e.cpu));
}

}  // namespace sf
