// property_check.h - what one property's check sees, and how it reports.
//
// Spec: stop-path.md §8 narrowed by §12.1; design.md §4 (one function per
// property, run on every event; the properties read the event stream and
// the records derived from it, never the machine). Each property P1-P16 is
// one function, check_P1 .. check_P16 (harness/stop/properties/), called
// with every event after the records took it in; the oracle collects what
// they report. A property that also needs the end of the execution has an
// end_Pn() (declared here when it exists).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/kernel_probe.h"
#include "harness/stop/scenario.h"
#include "harness/stop/signatures.h"
#include "harness/stop/stop_records.h"
#include "models/trace.h"
#include "stopfuzz/revision.h"

namespace sf {

// A finding as a check reports it (the oracle adds position and verdict).
struct Report {
  Signature sig;
  std::string message;
  int cpu = -1;  // the CPU it concerns, if not the event's
};

struct Check {
  const TraceEvent& e;
  const Step& step;  // what this event did (stop_records.h)
  const StopRecords& rec;
  const Scenario& scenario;
  const sf_revision* rev;
  const KernelProbe& probe;
  std::vector<Report>* out;

  void report(Signature sig, std::string message) const { out->push_back({sig, std::move(message), -1}); }
  // The invocation of the event's context, or nullptr.
  const Invocation* inv() const { return step.inv >= 0 ? &rec.invocations[static_cast<size_t>(step.inv)] : nullptr; }
};

// The end of an execution that ran out of things to do (EndReason::kQuiescent).
struct EndCheck {
  const StopRecords& rec;
  std::vector<Report>* out;
};

#define SF_PROPERTY(id, name, summary) void check_##id(const Check& c);
#include "harness/stop/properties.def"
#undef SF_PROPERTY
void end_P1(const EndCheck& c);

// printf-style message text.
std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
// What kind of entry an invocation is, in signatures: "self", "irq", "nmi", "sdei".
const char* invocation_kind(const Invocation& inv);

}  // namespace sf
