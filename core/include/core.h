/* core.h - declarations shared by the files of one revision of the stop path.
 *
 * Spec: stop-path.md §3, §4 (the functions and who calls whom). Each revision
 * is one translation unit (core/revisions/<name>.c) that includes its files;
 * these prototypes let the hand-written callers reach the stop path.
 *
 * Deviations from upstream are tagged "STOPFUZZ:" (grep for it).
 */
#ifndef STOPFUZZ_CORE_H
#define STOPFUZZ_CORE_H

#include "stopfuzz/kernel.h"
#include "stopfuzz/revision.h"

/* arch/arm64/kernel/smp.c */
void smp_send_stop(void);
void crash_smp_send_stop(void);
bool smp_crash_stop_failed(void);
void __noreturn panic_smp_self_stop(void);
void arch_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu);
bool cpus_are_stuck_in_kernel(void);

/* arch/arm64/kernel/sdei.c */
void sdei_handler_abort(void);

/* kernel/panic.c */
void __noreturn panic(const char *msg);
void nmi_panic(const char *msg);
extern atomic_t panic_cpu;
#define PANIC_CPU_INVALID	-1

/* STOPFUZZ: pt_regs context kind of a task (see models/trace_event.h). */
#define kCtxTopRegs		0

/* kernel/reboot.c, arch/arm64/kernel/process.c */
void machine_restart(char *cmd);
void machine_halt(void);
void machine_power_off(void);
void emergency_restart(void);

/* arch/arm64/kernel/traps.c */
void die(const char *str, struct pt_regs *regs, long err);

/* kernel/kexec_core.c, kernel/crash_core.c */
void crash_kexec(struct pt_regs *regs);
void __crash_kexec(struct pt_regs *regs);

/* Spinlocks block in the machine instead of spinning (no virtual time is
 * burnt; a waiter still takes the interrupts its masks allow). */
typedef struct { int locked; } raw_spinlock_t;
#define __RAW_SPIN_LOCK_UNLOCKED(name)	{ 0 }
#define DEFINE_RAW_SPINLOCK(name)	raw_spinlock_t name = __RAW_SPIN_LOCK_UNLOCKED(name)
#define raw_spin_lock(l)		sf_spin_lock(SF_SITE, &(l)->locked)
#define raw_spin_unlock(l)		sf_spin_unlock(SF_SITE, &(l)->locked)
#define raw_spin_lock_irqsave(l, f)	do { local_irq_save(f); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, f) do { raw_spin_unlock(l); local_irq_restore(f); } while (0)

/* STOPFUZZ: oracle markers around calls into the stop path. They live in the
 * hand-written callers only, so real kernel source needs none. */
#define SF_MARK(m, arg)		sf_mark(SF_SITE, (m), (arg))
#define sf_call_smp_send_stop() do {					\
	SF_MARK(SF_MARK_SMP_SEND_STOP_ENTER, 0);			\
	smp_send_stop();						\
	SF_MARK(SF_MARK_SMP_SEND_STOP_EXIT, 0);				\
} while (0)
#define sf_call_crash_smp_send_stop() do {				\
	SF_MARK(SF_MARK_CRASH_STOP_ENTER, 0);				\
	crash_smp_send_stop();						\
	SF_MARK(SF_MARK_CRASH_STOP_EXIT, 0);				\
} while (0)

/* Knobs of the hand-written callers (set from struct sf_panic_config). */
void sf_panic_configure(const struct sf_panic_config *cfg);

#endif /* STOPFUZZ_CORE_H */
