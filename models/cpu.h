// cpu.h - one simulated CPU: its run state, interrupt masks and stack of contexts.
//
// Spec: design.md §2 (CPUs with a baton; interrupts taken as nested calls at
// yield points), stop-path.md §1 item 2 (DAIF, PMR), §4.11 (SDEI dispatch
// contexts). Architectural state only: nothing here is a property's record.
#pragma once

#include <array>
#include <csetjmp>
#include <cstdint>

#include "models/sdei_firmware.h"
#include "models/trace.h"
#include "stopfuzz/machine_api.h"

namespace sf {

enum class CpuState : uint8_t {
  kUnstarted,
  kRunnable,
  kRunning,
  kSleeping,  // until wake_at, or an interrupt it can take
  kWaitIrq,   // until an interrupt it can take (WFI, spinning masked, parked)
  kOff,       // PSCI CPU_OFF succeeded: nothing is delivered any more
  kDone,      // its program ended; nothing is delivered any more
};

// One level of a CPU's stack: its own code (depth 0) or an exception taken on top.
struct Context {
  int kind = kCtxTop;
  int ipinr = -1;             // the IPI taken, for IRQ and NMI contexts
  int cause = kCauseOther;    // who signalled an SDEI dispatch
  bool saved_daif_i = false;  // masks of the interrupted context, restored on return
  bool saved_pmr = false;
  pt_regs regs{};  // the interrupted context, handed to handlers
};

constexpr int kMaxDepth = 12;  // contexts per CPU (the harness bound is MachineConfig::max_depth)

struct Cpu {
  int id = 0;
  CpuState state = CpuState::kUnstarted;
  uint64_t wake_at = 0;
  bool daif_i = false;           // PSTATE.I (and D, A, F) set
  bool pmr_masked = false;       // ICC_PMR_EL1 masks normal-priority IRQs
  unsigned activities = 0;       // enum sf_activity bits, from marks (marks.def)
  int sdei_cause = kCauseOther;  // cause of the SDEI SGI pending here
  int depth = 0;
  std::array<Context, kMaxDepth> ctx{};
  const sf_site* site = nullptr;
  volatile int* waiting_lock = nullptr;
  std::jmp_buf top;

  // The cause an IPI or SDEI signal sent now carries.
  int cause() const {
    if (activities & (SF_ACT_STOP | SF_ACT_CRASH_STOP)) return kCauseStop;
    if (activities & SF_ACT_BACKTRACE) return kCauseBacktrace;
    return kCauseOther;
  }
};

}  // namespace sf
