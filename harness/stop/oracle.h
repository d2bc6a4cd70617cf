// oracle.h - the properties P1-P16 watching one execution.
//
// Spec: stop-path.md §8 narrowed by §12.1; design.md §4 (properties read one
// typed event stream; findings are property + signature; known findings let
// a run go on). The oracle is the machine's observer: each event goes to the
// stop records (stop_records.h), then to every property's check
// (property_check.h); what they report becomes findings, in catalogue order
// within an event, once per signature per execution. An unknown finding
// ends the execution. It never changes the execution otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/stop/kernel_probe.h"
#include "harness/stop/properties.h"
#include "harness/stop/property_check.h"
#include "harness/stop/scenario.h"
#include "harness/stop/signatures.h"
#include "harness/stop/stop_records.h"
#include "models/machine.h"

namespace sf {

struct Finding {
  Property property;
  Signature sig;
  std::string signature;  // its name, e.g. "sdei-in-irq"
  std::string message;
  bool known = false;
  size_t event = 0;  // index of the trace event that exposed it
  int cpu = -1;
  uint64_t t_us = 0;
};

class StopOracle final : public Observer {
 public:
  // `revision` decides which findings are known (known_findings.h); with
  // `observe_all` every finding is, whatever the list says, so none ends the
  // execution (`stopfuzz check` compares two revisions, not a list).
  StopOracle(const Scenario& s, const sf_revision* rev, std::string revision, const KernelProbe& probe,
             std::vector<Finding>* out, bool observe_all = false);
  bool on_event(const TraceEvent& e) override;
  // Checks that need the whole execution (after the machine stopped).
  void on_end(EndReason why, uint64_t now_us, size_t events);
  const StopRecords& records() const { return recorder_.records(); }

 private:
  // Adds the reports of one event as findings; false if one is a violation.
  bool add(std::vector<Report>& reports, size_t event, int cpu, uint64_t t_us);

  const Scenario& s_;
  const sf_revision* rev_;
  std::string revision_;
  bool observe_all_;
  const KernelProbe& probe_;
  std::vector<Finding>* out_;
  StopRecorder recorder_;
  std::vector<Report> reports_;
};

}  // namespace sf
