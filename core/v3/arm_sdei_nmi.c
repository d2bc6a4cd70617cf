/* arm_sdei_nmi.c - the SDEI cross-CPU NMI (drivers/firmware/arm_sdei_nmi.c)
 * of the SDEI series revision named by this directory (core/v3, core/v4,
 * core/final).
 *
 * Spec: stop-path.md §4.9 (write-once sdei_nmi_stopping, the barrier before
 * the signals), §4.13 (handler), §4.14 (backtrace over event 0), §4.15
 * (init), §6.1-§6.4 (why a DMB is not enough before the SMC). §9 says what
 * each revision changed, and so does a diff of this file against another
 * revision's (the header is the same in all three).
 */

#define pr_fmt(fmt) "sdei_nmi: " fmt

#define SDEI_NMI_EVENT	0

static bool sdei_nmi_available;
static bool sdei_nmi_stopping;

void __noreturn arm64_nmi_cpu_stop(struct pt_regs *regs, bool die_on_crash);

bool sdei_nmi_active(void)
{
	return sdei_nmi_available;
}

static void sdei_nmi_fire(unsigned int target_cpu)
{
	int err = sdei_event_signal(SDEI_NMI_EVENT, cpu_logical_map(target_cpu));

	if (err)
		pr_warn("SDEI_EVENT_SIGNAL to CPU %u failed: %d\n",
			target_cpu, err);
}

/**
 * sdei_nmi_stop_cpus() - stop CPUs through the SDEI NMI
 * @mask: the CPUs to stop
 *
 * A stop is terminal and global, so a write-once flag tells the handler
 * that every later delivery of event 0 means "stop". The caller has checked
 * sdei_nmi_active() and does the waiting.
 */
void sdei_nmi_stop_cpus(const cpumask_t *mask)
{
	unsigned int cpu;

	WRITE_ONCE(sdei_nmi_stopping, true);
	/* Publish the flag before the handlers run on the targets. */
	smp_wmb();

	for_each_cpu(cpu, mask)
		sdei_nmi_fire(cpu);
}

static void sdei_nmi_raise_backtrace(cpumask_t *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		sdei_nmi_fire(cpu);
}

bool sdei_nmi_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu)
{
	if (!sdei_nmi_available)
		return false;

	nmi_trigger_cpumask_backtrace(mask, exclude_cpu, sdei_nmi_raise_backtrace);
	return true;
}

static int sdei_nmi_handler(u32 event, struct pt_regs *regs, void *arg)
{
	(void)event;
	(void)arg;
	/*
	 * No smp_rmb(): the flag is the only value published to us, and the
	 * event is only delivered after the publishing store completed.
	 */
	if (READ_ONCE(sdei_nmi_stopping))
		arm64_nmi_cpu_stop(regs, false);

	nmi_cpu_backtrace(regs);

	return SDEI_EV_HANDLED;
}

static int __init sdei_nmi_init(void)
{
	int err;

	err = sdei_event_register(SDEI_NMI_EVENT, sdei_nmi_handler, NULL);
	if (err) {
		pr_err("sdei_event_register(%u) failed: %d\n",
		       SDEI_NMI_EVENT, err);
		return 0;
	}

	err = sdei_event_enable(SDEI_NMI_EVENT);
	if (err) {
		pr_err("sdei_event_enable(%u) failed: %d\n",
		       SDEI_NMI_EVENT, err);
		sdei_event_unregister(SDEI_NMI_EVENT);
		return 0;
	}

	sdei_nmi_available = true;
	pr_info("using SDEI cross-CPU NMI (SDEI_EVENT_SIGNAL, event %u)\n",
		SDEI_NMI_EVENT);

	return 0;
}
device_initcall(sdei_nmi_init);
