// shim_api.cc - the C entry points of the kernel shim, forwarded to the running machine.
//
// Spec: design.md §1 (every shim effect is a call into the machine). Nothing
// here keeps state of its own except the active mutation id.
#include <cstdarg>
#include <cstring>
#include <string>

#include "models/machine.h"
#include "models/printk_format.h"
#include "stopfuzz/machine_api.h"

namespace sf {
namespace {
std::string g_mutation;
}  // namespace

void set_active_mutation(const std::string& id) { g_mutation = id; }
const std::string& active_mutation() { return g_mutation; }

void sf_call_set_cpu_online(const sf_revision* rev, unsigned cpu, bool online) {
  rev->set_cpu_online(cpu, online);
}

}  // namespace sf

using sf::Machine;

extern "C" {

unsigned long sf_load(const struct sf_site* s, const volatile void* addr, int size) {
  return Machine::current()->load(s, addr, size);
}
void sf_store(const struct sf_site* s, volatile void* addr, int size, unsigned long val) {
  Machine::current()->store(s, addr, size, val);
}
int sf_bitop(const struct sf_site* s, int op, unsigned long nr, volatile unsigned long* addr) {
  return Machine::current()->bitop(s, op, nr, addr);
}
int sf_atomic(const struct sf_site* s, int op, volatile int* addr, int val) {
  return Machine::current()->atomic(s, op, addr, val);
}
int sf_atomic_cmpxchg_impl(const struct sf_site* s, volatile int* addr, int old, int new_val) {
  return Machine::current()->cmpxchg(s, addr, old, new_val);
}
void sf_bitmap_copy(const struct sf_site* s, unsigned long* dst, const volatile unsigned long* src,
                    unsigned int nbits) {
  Machine::current()->bitmap_copy(s, dst, src, nbits);
}
void sf_barrier(const struct sf_site* s, int kind) { Machine::current()->barrier(s, kind); }
int sf_smp_processor_id(void) { return Machine::current()->current_cpu(); }
void sf_irq(const struct sf_site* s, int op) { Machine::current()->irq(s, op); }
unsigned long sf_irq_save(const struct sf_site* s) { return Machine::current()->irq_save(s); }
void sf_irq_restore(const struct sf_site* s, unsigned long flags) {
  Machine::current()->irq_restore(s, flags);
}
bool sf_irqs_disabled(void) { return Machine::current()->irqs_disabled(); }
bool sf_in_interrupt(void) {
  Machine* m = Machine::current();
  return m->cpu(m->current_cpu()).depth > 0;
}
bool sf_system_uses_irq_prio_masking(void) { return Machine::current()->config().pseudo_nmi; }
struct pt_regs* sf_get_irq_regs(void) { return Machine::current()->get_irq_regs(); }
void sf_udelay(const struct sf_site* s, unsigned long units) { Machine::current()->udelay(s, units); }
void sf_cpu_relax(const struct sf_site* s) { Machine::current()->yield_point(s); }
void sf_ipi_send_mask(const struct sf_site* s, int ipinr, const unsigned long* mask) {
  Machine::current()->ipi_send_mask(s, ipinr, static_cast<uint32_t>(mask[0] & 0xff));
}
static void vprintk_site(const struct sf_site* s, const char* fmt, va_list ap) {
  char buf[512];
  sf::format_printk(buf, sizeof buf, fmt, ap);
  size_t n = strlen(buf);
  while (n > 0 && buf[n - 1] == '\n') buf[--n] = 0;
  Machine::current()->printk(s, buf);
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
  Machine::current()->crash_save_cpu(s, regs, cpu);
}
void sf_cpu_park_loop(const struct sf_site* s) { Machine::current()->cpu_park_loop(s); }
void sf_psci_cpu_off(const struct sf_site* s, unsigned int) { Machine::current()->psci_cpu_off(s); }
void sf_psci_cpu_die(unsigned int) { Machine::current()->psci_cpu_off(nullptr); }
bool sf_psci_has_cpu_die(unsigned int cpu) {
  return Machine::current()->psci_has_cpu_die(static_cast<int>(cpu));
}
void sf_bug(const struct sf_site* s) { Machine::current()->bug(s); }
void sf_warn(const struct sf_site* s, const char* what) { Machine::current()->warn(s, what); }

int sf_sdei_is_present(void) { return Machine::current()->sdei_is_present() ? 1 : 0; }
int sf_sdei_event_register(const struct sf_site* s, unsigned int event, sdei_event_callback* cb,
                           void* arg) {
  return Machine::current()->sdei_register(s, static_cast<int>(event), cb, arg);
}
int sf_sdei_event_enable(const struct sf_site* s, unsigned int event) {
  return Machine::current()->sdei_call(s, 1, static_cast<int>(event));
}
int sf_sdei_event_unregister(const struct sf_site* s, unsigned int event) {
  return Machine::current()->sdei_call(s, 2, static_cast<int>(event));
}
int sf_sdei_event_signal(const struct sf_site* s, unsigned int event, unsigned long mpidr) {
  return Machine::current()->sdei_signal(s, static_cast<int>(event), mpidr);
}
int sf_sdei_pe_mask(const struct sf_site* s) { return Machine::current()->sdei_pe_mask(s, true); }
int sf_sdei_pe_unmask(const struct sf_site* s) { return Machine::current()->sdei_pe_mask(s, false); }
int sf_sdei_handler_abort(const struct sf_site* s) { return Machine::current()->sdei_handler_abort(s); }
sdei_event_callback* sf_sdei_registered_callback(void** arg) {
  Machine* m = Machine::current();
  if (arg) *arg = m->sdei_callback_arg();
  return m->sdei_callback();
}
unsigned long sf_cpu_logical_map(int cpu) { return static_cast<unsigned long>(cpu); }

int sf_mutation(const char* id) { return sf::active_mutation() == id ? 1 : 0; }
void sf_mark(const struct sf_site* s, int mark, long arg) { Machine::current()->mark(s, mark, arg); }
void sf_spin_lock(const struct sf_site* s, volatile int* lock) { Machine::current()->spin_lock(s, lock); }
void sf_spin_unlock(const struct sf_site* s, volatile int* lock) {
  Machine::current()->spin_unlock(s, lock);
}
unsigned int sf_choose(const char* label, unsigned int n) { return Machine::current()->choose(n, label); }

const struct cpu_operations* get_cpu_ops(int cpu) {
  static const struct cpu_operations psci_ops = {"psci", sf_psci_cpu_die};
  static const struct cpu_operations spin_table_ops = {"spin-table", nullptr};
  return Machine::current()->psci_has_cpu_die(cpu) ? &psci_ops : &spin_table_ops;
}

}  // extern "C"
