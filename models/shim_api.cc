// shim_api.cc - the C entry points of the kernel shim, forwarded to the running machine.
//
// Spec: design.md §1 (every shim effect is a call into the machine). Nothing
// here keeps state of its own.
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include "models/machine.h"
#include "models/printk_format.h"
#include "stopfuzz/machine_api.h"

using sf::Machine;

// Every entry point that returns to kernel code recomputes the solo fast
// path first (machine_api.h), so inline reads and delays stay exact.
#define SF_CALL(expr)                 \
  ({                                  \
    Machine* m_ = Machine::current(); \
    auto r_ = m_->expr;               \
    m_->update_solo();                \
    r_;                               \
  })
#define SF_CALLV(expr)                \
  do {                                \
    Machine* m_ = Machine::current(); \
    m_->expr;                         \
    m_->update_solo();                \
  } while (0)

extern "C" {

unsigned long sf_load(const struct sf_site* s, const volatile void* addr, int size) {
  return SF_CALL(load(s, addr, size));
}
void sf_store(const struct sf_site* s, volatile void* addr, int size, unsigned long val) {
  SF_CALLV(store(s, addr, size, val));
}
int sf_bitop(const struct sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  return SF_CALL(bitop(s, op, nr, addr));
}
int sf_atomic(const struct sf_site* s, int op, volatile int* addr, int val) {
  return SF_CALL(atomic(s, op, addr, val));
}
int sf_atomic_cmpxchg_impl(const struct sf_site* s, volatile int* addr, int old, int new_val) {
  return SF_CALL(cmpxchg(s, addr, old, new_val));
}
unsigned long sf_load_acquire(const struct sf_site* s, const volatile void* addr, int size) {
  return SF_CALL(load_acquire(s, addr, size));
}
void sf_store_release(const struct sf_site* s, volatile void* addr, int size, unsigned long val) {
  SF_CALLV(store_release(s, addr, size, val));
}
long sf_rmw(const struct sf_site* s, int op, int order, volatile void* addr, int size, long a, long b) {
  return SF_CALL(rmw(s, op, order, addr, size, a, b));
}
void sf_bitmap_copy(const struct sf_site* s, unsigned long* dst, const volatile unsigned long* src,
                    unsigned int nbits) {
  SF_CALLV(bitmap_copy(s, dst, src, nbits));
}
void sf_barrier(const struct sf_site* s, int kind) {
  Machine* m = Machine::current();
  m->barrier(s, kind);
  m->update_solo();
}
int sf_smp_processor_id(void) { return Machine::current()->current_cpu(); }
void sf_irq(const struct sf_site* s, int op) {
  Machine* m = Machine::current();
  m->irq(s, op);
  m->update_solo();
}
unsigned long sf_irq_save(const struct sf_site* s) {
  Machine* m = Machine::current();
  auto r = m->irq_save(s);
  m->update_solo();
  return r;
}
void sf_irq_restore(const struct sf_site* s, unsigned long flags) { SF_CALLV(irq_restore(s, flags)); }
bool sf_irqs_disabled(void) { return Machine::current()->irqs_disabled(); }
bool sf_in_interrupt(void) { return Machine::current()->in_interrupt(); }
bool sf_system_uses_irq_prio_masking(void) { return Machine::current()->config().pseudo_nmi; }
struct pt_regs* sf_get_irq_regs(void) {
  return Machine::current()->get_irq_regs();
}
void sf_udelay(const struct sf_site* s, unsigned long units) {
  Machine* m = Machine::current();
  m->udelay(s, units);
  m->update_solo();
}
void sf_cpu_relax(const struct sf_site* s) {
  Machine* m = Machine::current();
  m->yield_point_local(s);
  m->update_solo();
}
void sf_ipi_send_mask(const struct sf_site* s, int ipinr, const unsigned long* mask) {
  SF_CALLV(ipi_send_mask(s, ipinr, static_cast<uint32_t>(mask[0] & 0xff)));
}
static void vprintk_site(const struct sf_site* s, const char* fmt, va_list ap) {
  char buf[512];
  sf::format_printk(buf, sizeof buf, fmt, ap);
  size_t n = strlen(buf);
  while (n > 0 && buf[n - 1] == '\n') buf[--n] = 0;
  SF_CALLV(printk(s, buf));
}
void sf_printk(const struct sf_site* s, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintk_site(s, fmt, ap);
  va_end(ap);
}
void sf_printk_kernel(const struct sf_site* s, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintk_site(s, fmt, ap);
  va_end(ap);
}
void sf_crash_save_cpu(const struct sf_site* s, struct pt_regs* regs, int cpu) {
  SF_CALLV(crash_save_cpu(s, regs, cpu));
}
void sf_cpu_park_loop(const struct sf_site* s) { Machine::current()->cpu_park_loop(s); }
void sf_psci_cpu_die(unsigned int) {
  Machine* m = Machine::current();
  m->psci_cpu_off(nullptr);
  m->update_solo();
}
void sf_bug(const struct sf_site* s) { SF_CALLV(bug(s)); }
void sf_warn(const struct sf_site* s, const char* what) {
  Machine* m = Machine::current();
  m->warn(s, what);
  m->update_solo();
}

int sf_sdei_is_present(void) { return Machine::current()->sdei_is_present() ? 1 : 0; }
int sf_sdei_event_register(const struct sf_site* s, unsigned int event, sdei_event_callback* cb, void* arg) {
  return SF_CALL(sdei_register(s, static_cast<int>(event), cb, arg));
}
int sf_sdei_event_enable(const struct sf_site* s, unsigned int event) {
  return SF_CALL(sdei_call(s, 1, static_cast<int>(event)));
}
int sf_sdei_event_unregister(const struct sf_site* s, unsigned int event) {
  return SF_CALL(sdei_call(s, 2, static_cast<int>(event)));
}
int sf_sdei_event_signal(const struct sf_site* s, unsigned int event, unsigned long mpidr) {
  return SF_CALL(sdei_signal(s, static_cast<int>(event), mpidr));
}
int sf_sdei_pe_mask(const struct sf_site* s) {
  Machine* m = Machine::current();
  auto r = m->sdei_pe_mask(s, true);
  m->update_solo();
  return r;
}
int sf_sdei_pe_unmask(const struct sf_site* s) {
  Machine* m = Machine::current();
  auto r = m->sdei_pe_mask(s, false);
  m->update_solo();
  return r;
}
int sf_sdei_handler_abort(const struct sf_site* s) {
  Machine* m = Machine::current();
  auto r = m->sdei_handler_abort(s);
  m->update_solo();
  return r;
}
int sf_sdei_platform_reset(const struct sf_site* s) { return SF_CALL(sdei_platform_reset(s)); }
sdei_event_callback* sf_sdei_registered_callback(void** arg) {
  Machine* m = Machine::current();
  if (arg) *arg = m->sdei_callback_arg();
  return m->sdei_callback();
}
unsigned long sf_cpu_logical_map(int cpu) { return static_cast<unsigned long>(cpu); }

int sf_mutation_slow(const char* id) { return Machine::current()->mutation() == id ? 1 : 0; }
void sf_mark(const struct sf_site* s, int mark, long arg) {
  Machine* m = Machine::current();
  m->mark(s, mark, arg);
  m->update_solo();
}
void sf_spin_lock(const struct sf_site* s, volatile int* lock) {
  Machine* m = Machine::current();
  m->spin_lock(s, lock);
  m->update_solo();
}
void sf_spin_unlock(const struct sf_site* s, volatile int* lock) { SF_CALLV(spin_unlock(s, lock)); }
unsigned int sf_choose(const char* label, unsigned int n) {
  Machine* m = Machine::current();
  auto r = m->choose(n, label);
  m->update_solo();
  return r;
}

const struct cpu_operations* get_cpu_ops(int cpu) {
  static const struct cpu_operations psci_ops = {"psci", sf_psci_cpu_die};
  static const struct cpu_operations spin_table_ops = {"spin-table", nullptr};
  return Machine::current()->psci_has_cpu_die(cpu) ? &psci_ops : &spin_table_ops;
}

}  // extern "C"
