/* machine_api.h - the one boundary between kernel C and the simulated machine.
 *
 * Spec: design.md §1 (the kernel shim), §2 (yield points), §3 (choke point).
 * Every effect the kernel code has on shared state, interrupt masks, time,
 * firmware or the console goes through one of these calls; each call is a
 * yield point at which the scheduler may switch CPUs or deliver interrupts.
 * Implemented by models/shim_api.cc. Plain C so core/ and real kernel source
 * compile against it unmodified.
 */
#ifndef STOPFUZZ_MACHINE_API_H
#define STOPFUZZ_MACHINE_API_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a yield point is in the source: kernel file, function, line. */
struct sf_site {
	const char *file;
	const char *func;
	int line;
};

/* Interrupted context handed to handlers as struct pt_regs (see kernel.h). */
struct pt_regs {
	int sf_ctx_kind;               /* enum sf_ctx_kind of the interrupted context */
	int sf_ctx_depth;              /* nesting depth of the interrupted context */
	const struct sf_site *sf_site; /* where it was interrupted */
	int sf_irqs_masked;            /* interrupted context had IRQs masked */
};

enum sf_access_op {
	SF_BIT_TEST,
	SF_BIT_SET,
	SF_BIT_CLEAR,
	SF_BIT_TEST_AND_SET,
	SF_BIT_TEST_AND_CLEAR,
};

enum sf_atomic_op {
	SF_ATOMIC_READ,
	SF_ATOMIC_SET,
	SF_ATOMIC_ADD_RETURN, /* fully ordered */
	SF_ATOMIC_ADD,        /* relaxed, no return */
};

/* Ordering of an access or read-modify-write (the kernel's _relaxed,
 * _acquire, _release and fully ordered variants; stopfuzz/ordering.h). */
enum sf_order {
	SF_ORDER_RELAXED,
	SF_ORDER_ACQUIRE,
	SF_ORDER_RELEASE,
	SF_ORDER_FULL,
};

/* Read-modify-writes of a 4- or 8-byte word (stopfuzz/ordering.h). Each
 * returns the old value; the word is written only when the operation
 * writes (cmpxchg: old value == a; add_unless: old value != b). */
enum sf_rmw_op {
	SF_RMW_XCHG,     /* new = a */
	SF_RMW_CMPXCHG,  /* new = b if old == a */
	SF_RMW_ADD,      /* new = old + a */
	SF_RMW_AND,      /* new = old & a */
	SF_RMW_OR,       /* new = old | a */
	SF_RMW_XOR,      /* new = old ^ a */
	SF_RMW_ANDNOT,   /* new = old & ~a */
	SF_RMW_ADD_UNLESS, /* new = old + a if old != b */
};

enum sf_barrier_kind {
	SF_BARRIER_MB,
	SF_BARRIER_RMB,
	SF_BARRIER_WMB,
	SF_BARRIER_DSB_ISHST,
	SF_BARRIER_DSB_ISH,
	SF_BARRIER_DSB_SY,
	SF_BARRIER_ISB,
};

enum sf_irq_op {
	SF_IRQ_DISABLE,        /* local_irq_disable(): PMR with pseudo-NMI, else DAIF.I */
	SF_IRQ_ENABLE,
	SF_DAIF_MASK,          /* local_daif_mask(): D, A, I, F all set */
};

/* Requester-side markers issued by the hand-written callers (panic.c,
 * reboot.c, ...) so oracles know who is inside which entry point: the
 * catalogue is marks.def. */
enum sf_mark {
#define SF_MARK_DEF(id, label, args, begins, ends, effect) SF_MARK_##id,
#include "stopfuzz/marks.def"
#undef SF_MARK_DEF
	SF_MARK_COUNT
};

/* Activities a mark begins or ends on its CPU (marks.def). */
enum sf_activity {
	SF_ACT_STOP = 1 << 0,       /* inside smp_send_stop() */
	SF_ACT_CRASH_STOP = 1 << 1, /* inside crash_smp_send_stop() */
	SF_ACT_BACKTRACE = 1 << 2,  /* inside trigger_all_cpu_backtrace() */
};

/* What the machine does after recording a mark (marks.def). */
enum sf_mark_effect {
	SF_MARK_FX_NONE,
	SF_MARK_FX_SPIN,  /* spin forever with the current masks */
	SF_MARK_FX_RESET, /* the hardware resets, halts or powers off */
	SF_MARK_FX_KEXEC, /* the capture kernel boots */
};

/*
 * The solo fast path. While `solo` is set, the running CPU is the only one
 * that can act before virtual time `horizon` and nothing can be delivered to
 * it: a yield point could neither switch CPUs nor deliver anything, so plain
 * reads and short delays are done inline without calling the machine (the
 * machine recomputes `solo` at the end of every call). This keeps a rung
 * that polls for a full second as cheap as possible; traces are unchanged.
 *
 * Two kinds (sf_solo()): SF_SOLO_PLAIN, nothing pending at all, reads and
 * delays as bare loads; SF_SOLO_TRACKED, an interrupt pending here but
 * masked (a reboot's requester polls with IRQs off while the other CPU's
 * stop IPI waits), where each inline access also does what the machine's
 * yield point records, the CPU's site and one step, as the call it replaces
 * did. (PLAIN records neither, as it always has: the traces keep the site of
 * the last call into the machine.)
 *
 * A third kind is not solo at all: SF_SOLO_COUNTED, other CPUs can run but
 * the scheduler's answer at a yield point is fixed (the tape is exhausted:
 * every preemption decision is "keep running" and only adds one to the
 * tape's decision count) and nothing can be delivered here. Each inline
 * read then records the site, one step and one decision, exactly what the
 * yield point it replaces did, so two CPUs that both poll (two panics, a
 * backtrace requester and a stop) read without entering the machine.
 * Delays are never inline then (`horizon` is 0): a delay blocks, and the
 * other CPU runs.
 */
enum { SF_SOLO_OFF, SF_SOLO_PLAIN, SF_SOLO_TRACKED, SF_SOLO_COUNTED };
struct sf_fast_path {
	int solo;
	int cpu;                          /* the running CPU */
	const struct sf_site **site;      /* TRACKED, COUNTED: the running CPU's site */
	size_t *decisions;                /* COUNTED: the tape's decision count */
	unsigned long long steps;         /* yield points so far (the machine's count) */
	unsigned long long max_steps;     /* the harness bound on them */
	unsigned long long now;           /* the virtual clock, microseconds */
	unsigned long long horizon;       /* nothing happens before this time */
	const volatile int *online_count; /* __num_online_cpus.counter */
	const volatile unsigned long *online_mask;
	int counter_read[8];              /* last online count each CPU read */
	char mutation[64];                /* active mutation id, "" for none */
};
extern struct sf_fast_path sf_fast;

/* Whether the access at `s` may be done inline (and, TRACKED or COUNTED, record it). */
static inline int sf_solo(const struct sf_site *s)
{
	if (sf_fast.solo == SF_SOLO_PLAIN)
		return 1;
	if (sf_fast.solo < SF_SOLO_TRACKED || sf_fast.steps >= sf_fast.max_steps)
		return 0;
	++sf_fast.steps;
	*sf_fast.site = s;
	if (sf_fast.solo == SF_SOLO_COUNTED)
		++*sf_fast.decisions;
	return 1;
}

/* Loads, stores and read-modify-writes of shared memory. */
unsigned long sf_load(const struct sf_site *s, const volatile void *addr, int size);
void sf_store(const struct sf_site *s, volatile void *addr, int size, unsigned long val);
int sf_bitop(const struct sf_site *s, int op, unsigned long nr, volatile unsigned long *addr);
int sf_atomic(const struct sf_site *s, int op, volatile int *addr, int val);
void sf_bitmap_copy(const struct sf_site *s, unsigned long *dst,
		    const volatile unsigned long *src, unsigned int nbits);
void sf_barrier(const struct sf_site *s, int kind);
/* smp_load_acquire() (LDAR), smp_store_release() (STLR) and the
 * read-modify-writes of stopfuzz/ordering.h (enum sf_rmw_op, sf_order). */
unsigned long sf_load_acquire(const struct sf_site *s, const volatile void *addr, int size);
void sf_store_release(const struct sf_site *s, volatile void *addr, int size, unsigned long val);
long sf_rmw(const struct sf_site *s, int op, int order, volatile void *addr, int size, long a, long b);

/* CPU identity and interrupt masking. */
int sf_smp_processor_id(void);
void sf_irq(const struct sf_site *s, int op);
unsigned long sf_irq_save(const struct sf_site *s);
void sf_irq_restore(const struct sf_site *s, unsigned long flags);
bool sf_irqs_disabled(void);
bool sf_in_interrupt(void);  /* running in an IRQ, NMI or SDEI context */
bool sf_system_uses_irq_prio_masking(void);
struct pt_regs *sf_get_irq_regs(void);

/* Time: one udelay unit is one millisecond of virtual time (kernel.h). */
void sf_udelay(const struct sf_site *s, unsigned long units);
void sf_cpu_relax(const struct sf_site *s);

/* GIC: raise an SGI for IPI number ipinr at each CPU in the bitmap. */
void sf_ipi_send_mask(const struct sf_site *s, int ipinr, const unsigned long *mask);

/* Console. */
void sf_printk(const struct sf_site *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Crash notes, parking and PSCI. */
void sf_crash_save_cpu(const struct sf_site *s, struct pt_regs *regs, int cpu);
void sf_cpu_park_loop(const struct sf_site *s) __attribute__((noreturn));
void sf_bug(const struct sf_site *s) __attribute__((noreturn));
/* cpu_die() of the PSCI cpu_operations: CPU_OFF. */
void sf_psci_cpu_die(unsigned int cpu);
void sf_warn(const struct sf_site *s, const char *what);

/* SDEI firmware calls (SMC conduit). Return the Linux errno mapping of
 * drivers/firmware/arm_sdei.c (spec §4.10): 0 or -EOPNOTSUPP, -EINVAL, ... */
typedef int (sdei_event_callback)(unsigned int event, struct pt_regs *regs, void *arg);
int sf_sdei_is_present(void);
int sf_sdei_event_register(const struct sf_site *s, unsigned int event,
			   sdei_event_callback *cb, void *arg);
int sf_sdei_event_enable(const struct sf_site *s, unsigned int event);
int sf_sdei_event_unregister(const struct sf_site *s, unsigned int event);
int sf_sdei_event_signal(const struct sf_site *s, unsigned int event, unsigned long mpidr);
int sf_sdei_pe_mask(const struct sf_site *s);
int sf_sdei_pe_unmask(const struct sf_site *s);
/* EVENT_COMPLETE_AND_RESUME of the innermost outstanding dispatch, used by
 * sdei_handler_abort(). */
int sf_sdei_handler_abort(const struct sf_site *s);
/* The SDEI driver's reboot notifier: unregister, private reset on every PE,
 * shared reset (orderly reboot only, spec §10 Q1, §12.5). */
int sf_sdei_platform_reset(const struct sf_site *s);
/* The callback registered for event 0 (the Linux SDEI entry glue calls it). */
sdei_event_callback *sf_sdei_registered_callback(void **arg);
unsigned long sf_cpu_logical_map(int cpu);

int sf_atomic_cmpxchg_impl(const struct sf_site *s, volatile int *addr, int old, int new_val);
void sf_printk_kernel(const struct sf_site *s, const char *fmt, ...);
void sf_spin_lock(const struct sf_site *s, volatile int *lock);
void sf_spin_unlock(const struct sf_site *s, volatile int *lock);

/* PSCI enable method of a CPU (asm/cpu_ops.h): cpu_die is PSCI CPU_OFF. */
struct cpu_operations {
	const char *name;
	void (*cpu_die)(unsigned int cpu);
};
const struct cpu_operations *get_cpu_ops(int cpu);

/* Mutations (design §5): is mutation id active in this execution? Inline
 * so an unmutated run pays one load per seeded place. */
int sf_mutation_slow(const char *id);
static inline int sf_mutation(const char *id)
{
	return sf_fast.mutation[0] != 0 && sf_mutation_slow(id);
}
/* Markers from hand-written callers (enum sf_mark). */
void sf_mark(const struct sf_site *s, int mark, long arg);
/* Deterministic choices for hand-written callers (e.g. kexec lock busy). */
unsigned int sf_choose(const char *label, unsigned int n);

#ifdef __cplusplus
}
#endif

#endif /* STOPFUZZ_MACHINE_API_H */
