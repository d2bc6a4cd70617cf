// scenario.h - the shape of one execution, drawn from the front of the tape.
//
// Spec: design.md §2 (target behaviours), §3 (the tape decides everything);
// stop-path.md §7 (behaviours and faults), §3/§12.2 (entry points).
// The all-zero tape is the simplest scenario: two CPUs, CPU 0 panics
// without a crash kernel, CPU 1 responsive, working firmware, no costs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/machine.h"
#include "stopfuzz/revision.h"

namespace sf {

enum class Behaviour : uint8_t {
#define SF_BEHAVIOUR(id, name, summary, spec, initial, when, reach) id,
#include "harness/stop/behaviours.def"
#undef SF_BEHAVIOUR
  kCount
};

// The columns of behaviours.def (what each value means is said there).
enum class BehaviourInitial : uint8_t { kNone, kIrqsOff, kDaif, kOffline, kForeignSdei, kPeMasked, kPeMaskedDaif };
enum class BehaviourWhen : uint8_t {
  kStartDelay,
  kNearOneSecond,
  kUpTo1300ms,
  kStartOrNearOneSecond,
  kForeverOrNearOneSecond
};
enum class BehaviourReach : uint8_t { kAnyRung, kNmiOrSdei, kSdeiOnly, kOutOfScope };
struct BehaviourInfo {
  const char* name;
  const char* summary;
  const char* spec;
  BehaviourInitial initial;
  BehaviourWhen when;
  BehaviourReach reach;
};
const BehaviourInfo& behaviour_info(Behaviour b);
// By name ("late-responder"); false if the catalogue has none.
bool behaviour_from_name(const std::string& name, Behaviour* out);

enum class Entry : uint8_t {
#define SF_ENTRY(id, name, summary, spec) id,
#include "harness/stop/entries.def"
#undef SF_ENTRY
  kCount
};

// Injected faults besides the SDEI firmware's modes (faults.def).
enum class Fault : uint8_t {
#define SF_FAULT(id, name, summary, spec) id,
#include "harness/stop/faults.def"
#undef SF_FAULT
  kCount
};
const char* fault_name(Fault f);
// The catalogues' one-line summaries (faults.def, entries.def).
const char* fault_summary(Fault f);
const char* entry_summary(Entry e);

const char* behaviour_name(Behaviour b);
const char* entry_name(Entry e);

struct Scenario {
  MachineConfig machine;
  sf_panic_config panic{};
  Entry entry = Entry::kPanic;
  bool requester_offline = false;
  bool requester_in_sdei = false;
  std::array<Behaviour, kMaxCpus> behaviour{};
  std::array<uint64_t, kMaxCpus> when_us{};  // behaviour timing parameter

  uint32_t online_at_boot() const;
  // A one-line summary for the kill table and test messages.
  std::string describe() const;
  // The scenario as a kernel developer would say it, one line per subject
  // (the machine, the requester, each target CPU): the timeline's header.
  std::vector<std::string> narrate() const;
};

// Sets machine.initial[] (masks, PE mask, foreign SDEI dispatch) of every CPU
// from its behaviour; draw_scenario() calls it, hand-built scenarios must.
void apply_initial_state(Scenario& s);

// Draws a scenario from the choice source (the front of the tape).
Scenario draw_scenario(ChoiceSource& tape);

}  // namespace sf
