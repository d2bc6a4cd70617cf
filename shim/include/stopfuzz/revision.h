/* revision.h - what one build of the code under test exports to the machine.
 *
 * Spec: design.md §5 (revisions), §1 (kernel-source mode). Each revision is
 * one translation unit (hand-written core/ files, or real kernel source plus
 * hand-written callers) whose only global symbol is a struct sf_revision;
 * everything else is localized at build time, so several revisions with the
 * same kernel names link into one binary and are chosen at run time.
 */
#ifndef STOPFUZZ_REVISION_H
#define STOPFUZZ_REVISION_H

#include <stdbool.h>
#include "stopfuzz/machine_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What an IPI number means to the oracles (kernel numbering differs). */
enum sf_ipi_kind {
	SF_IPI_OTHER,
	SF_IPI_STOP,          /* IPI_CPU_STOP */
	SF_IPI_STOP_NMI,      /* IPI_CPU_STOP_NMI */
	SF_IPI_CRASH_STOP,    /* IPI_CPU_CRASH_STOP (linux-6.1) */
	SF_IPI_BACKTRACE,     /* IPI_CPU_BACKTRACE */
};

/* How the Linux SDEI entry glue finished a dispatch (spec §4.12). */
enum sf_sdei_exit {
	SF_SDEI_EXIT_COMPLETE,            /* EVENT_COMPLETE (HANDLED/FAILED) */
	SF_SDEI_EXIT_COMPLETE_AND_RESUME, /* pretend an IRQ was taken */
};

enum sf_feature {
	SF_FEAT_PSEUDO_NMI_RUNG = 1 << 0, /* has IPI_CPU_STOP_NMI */
	SF_FEAT_SDEI_STOP = 1 << 1,       /* SDEI stop of some form */
	SF_FEAT_SDEI_BACKTRACE = 1 << 2,  /* backtrace over SDEI event 0 */
	SF_FEAT_IPI_BACKTRACE = 1 << 3,   /* arch_trigger_cpumask_backtrace */
	SF_FEAT_KERNEL_SOURCE = 1 << 4,   /* stop path read from a kernel tree */
};

/* Knobs of the hand-written callers, set before boot. */
struct sf_panic_config {
	bool crash_kernel_loaded;
	bool crash_kexec_post_notifiers;
	bool panic_timeout;         /* panic_timeout != 0: emergency_restart() */
	bool kexec_lock_busy;       /* __crash_kexec() finds the kexec lock taken */
	bool panic_print_backtrace; /* PANIC_PRINT_ALL_CPU_BT before the stop */
	bool panic_on_oops;
};

struct sf_revision {
	const char *name;
	const char *summary;
	unsigned int features;
	int nr_ipi;

	/* Restore every file-scope and function-scope static to its initial value. */
	void (*reset)(void);
	void (*configure)(const struct sf_panic_config *cfg);
	/* Boot-time set-up on the boot CPU (sdei_nmi_init()). */
	void (*boot)(void);
	int (*ipi_kind)(int ipinr);
	bool (*ipi_is_nmi)(int ipinr);
	int (*ipi_number)(int kind);   /* inverse of ipi_kind, -1 if absent */
	void (*handle_ipi)(int ipinr);
	void (*set_cpu_online)(unsigned int cpu, bool online);
	/* Linux SDEI entry for a registered event: returns enum sf_sdei_exit. */
	int (*sdei_entry)(unsigned int event, struct pt_regs *regs);
	/* Record that the current CPU is inside another event's handler. */
	void (*sdei_set_active)(int active);

	/* Entry points (spec §3, §12.2). Most never return. */
	void (*panic)(const char *msg);
	void (*die)(const char *msg);
	void (*machine_restart)(void);
	void (*machine_halt)(void);
	void (*machine_power_off)(void);
	void (*trigger_backtrace)(void);
	void (*nmi_panic)(const char *msg);

	/* State the oracles read (never through the shim: no yield). */
	bool (*crash_stop_set)(void);
	bool (*sdei_nmi_available)(void);
	unsigned long *online_mask;   /* __cpu_online_mask bits */
	int *num_online;
	int *waiting_for_crash_ipi;   /* linux-6.1 crash ack counter, else NULL */
	unsigned long *backtrace_mask;
};

#ifdef __cplusplus
}
#endif

#endif /* STOPFUZZ_REVISION_H */
