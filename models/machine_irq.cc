// machine_irq.cc - interrupt delivery at yield points, exception entry and return, IRQ masks.
//
// Spec: design.md §2 (interrupts taken at a yield point of the target as a
// nested call), stop-path.md §1 items 2-5 (DAIF, PMR, pseudo-NMI, SDEI
// reach), §4.11 (EL3 dispatch, equal-priority blocking, masked PE drops),
// §12.1.2 (IRQ entry with pseudo-NMI leaves DAIF.I clear).
#include <cstdlib>

#include "models/machine.h"
#include "models/symbols.h"

namespace sf {
namespace {

// The IRQ-entry yield point: the window between exception entry and the
// handler's own masking in which pseudo-NMIs (and SDEI) may nest (§12.1.2).
const sf_site kIrqEntrySite = {"arch/arm64/kernel/entry-common.c", "el1_interrupt", 0};

}  // namespace

int Machine::ipi_kind(int ipinr) const {
  if (!rev_ || ipinr < 0 || ipinr >= rev_->nr_ipi) return SF_IPI_OTHER;
  return rev_->ipi_kind(ipinr);
}

bool Machine::can_take(const Cpu& c) const {
  if (gic_.pending(c.id) == 0 && !fw_.sgi_pending(c.id)) return false;  // the common case, in two loads
  if (c.state == CpuState::kOff || c.state == CpuState::kDone) return false;
  if (fw_.sgi_pending(c.id) && fw_.outstanding(c.id) == 0) return true;
  return gic_.any_deliverable(c.id, c.daif_i, c.pmr_masked);
}

void Machine::wake_if_deliverable(Cpu& c) {
  if ((c.state == CpuState::kSleeping || c.state == CpuState::kWaitIrq) && can_take(c))
    set_state(c, CpuState::kRunnable);
}

bool Machine::deliver_one(Cpu& c) {
  if (!can_take(c)) return false;
  if (c.depth + 1 >= cfg_.max_depth) end_execution(EndReason::kDepthLimit);
  if (fw_.sgi_pending(c.id)) {
    switch (fw_.take_sgi(c.id)) {
      case SdeiFirmware::Take::kDispatch: take_sdei(c); return true;
      case SdeiFirmware::Take::kDropMasked: emit(ev::SdeiDrop{1, 0, c.sdei_cause}); return true;
      case SdeiFirmware::Take::kDropUnregistered: emit(ev::SdeiDrop{2, 0, c.sdei_cause}); return true;
      case SdeiFirmware::Take::kNothing:
      case SdeiFirmware::Take::kBlocked: break;
    }
  }
  bool nmi = false;
  const int ipinr = gic_.next(c.id, c.daif_i, c.pmr_masked, &nmi);
  if (ipinr < 0) return false;
  take_ipi(c, ipinr, nmi);
  return true;
}

Context& Machine::push_ctx(Cpu& c, int kind) {
  const Context& parent = c.ctx[c.depth];
  ++c.depth;
  Context& x = c.ctx[c.depth];
  x = Context{};
  x.kind = kind;
  x.saved_daif_i = c.daif_i;
  x.saved_pmr = c.pmr_masked;
  x.regs.sf_ctx_kind = parent.kind;
  x.regs.sf_ctx_depth = c.depth - 1;
  x.regs.sf_site = c.site;
  x.regs.sf_irqs_masked = (c.daif_i || c.pmr_masked) ? 1 : 0;
  return x;
}

void Machine::pop_ctx(Cpu& c, const Context& x) {
  c.daif_i = x.saved_daif_i;
  c.pmr_masked = x.saved_pmr;
  --c.depth;
}

void Machine::take_ipi(Cpu& c, int ipinr, bool nmi) {
  gic_.acknowledge(c.id, ipinr);
  Context& x = push_ctx(c, nmi ? kCtxNmi : kCtxIrq);
  x.ipinr = ipinr;
  const int kind = ipi_kind(ipinr);
  if (nmi) {
    c.daif_i = true;
  } else if (cfg_.pseudo_nmi) {
    // GICv3 with priority masking: the IRQ path masks through PMR and runs
    // the handler with DAIF.I clear so pseudo-NMIs can preempt it.
    c.pmr_masked = true;
    c.daif_i = false;
  } else {
    c.daif_i = true;
  }
  if (weak_) wmem_.exception_entry(c.id);  // docs/memory_model.md M8
  emit(ev::IrqEnter{ipinr, nmi ? 1 : 0, kind});
  yield_point(&kIrqEntrySite);
  rev_->handle_ipi(ipinr);
  emit(ev::IrqExit{ipinr, nmi ? 1 : 0, kind});
  pop_ctx(c, x);
}

void Machine::take_sdei(Cpu& c) {
  Context& x = push_ctx(c, kCtxSdei);
  x.cause = c.sdei_cause;
  // EL3 enters the EL1 handler with all exceptions masked (§4.11 item 5).
  c.daif_i = true;
  if (weak_) wmem_.exception_entry(c.id);  // docs/memory_model.md M8
  emit(ev::SdeiDispatch{x.cause});
  const int exit = rev_->sdei_entry(0, &x.regs);
  const int err = exit == SF_SDEI_EXIT_COMPLETE ? fw_.event_complete(c.id) : fw_.event_complete_and_resume(c.id);
  emit(ev::SdeiComplete{exit, err});
  pop_ctx(c, x);
}

void Machine::enter_foreign_sdei_dispatch() {
  Cpu& c = cpus_[cur_];
  fw_.push_foreign_dispatch(c.id);
  push_ctx(c, kCtxSdei);
  c.daif_i = true;
}

void Machine::irq(const sf_site* s, int op) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  switch (op) {
    case SF_IRQ_DISABLE:
      if (cfg_.pseudo_nmi)
        c.pmr_masked = true;
      else
        c.daif_i = true;
      emit(ev::IrqOff{});
      break;
    case SF_IRQ_ENABLE:
      if (cfg_.pseudo_nmi)
        c.pmr_masked = false;
      else
        c.daif_i = false;
      emit(ev::IrqOn{});
      break;
    case SF_DAIF_MASK:
      c.daif_i = true;
      if (cfg_.pseudo_nmi) c.pmr_masked = true;
      emit(ev::DaifMask{});
      break;
  }
}

unsigned long Machine::irq_save(const sf_site* s) {
  const Cpu& c = cpus_[cur_];
  const unsigned long flags = (c.daif_i ? 1UL : 0UL) | (c.pmr_masked ? 2UL : 0UL);
  irq(s, SF_IRQ_DISABLE);
  return flags;
}

void Machine::irq_restore(const sf_site* s, unsigned long flags) {
  yield_point(s);
  Cpu& c = cpus_[cur_];
  c.daif_i = (flags & 1) != 0;
  c.pmr_masked = (flags & 2) != 0;
}

bool Machine::irqs_disabled() const {
  const Cpu& c = cpus_[cur_];
  return c.daif_i || c.pmr_masked;
}

pt_regs* Machine::get_irq_regs() {
  Cpu& c = cpus_[cur_];
  for (int d = c.depth; d > 0; --d)
    if (c.ctx[d].kind == kCtxIrq || c.ctx[d].kind == kCtxNmi) return &c.ctx[d].regs;
  return nullptr;
}

void Machine::ipi_send_mask(const sf_site* s, int ipinr, uint32_t mask) {
  yield_point(s);
  mask &= (1u << cfg_.ncpus) - 1;
  emit(ev::IpiSend{static_cast<int>(mask), ipinr, ipi_kind(ipinr)});
  if (ipinr < 0 || ipinr >= 32) return;
  // gic_ipi_send_mask() (irq-gic-v3.c) completes earlier stores with a
  // dsb(ishst) before it writes ICC_SGI1R_EL1 (spec §6.5; M10).
  if (weak_) wmem_.complete(cur_);
  if (cfg_.record_memory) record(Ev::kMemBarrier, {kBarrierGicSgi, 0, 0}, nullptr, barrier_name(kBarrierGicSgi));
  for (uint32_t m = mask; m; m &= m - 1) {
    Cpu& t = cpus_[__builtin_ctz(m)];
    gic_.raise(t.id, ipinr);
    wake_if_deliverable(t);
  }
}

}  // namespace sf
