/* sdei_glue.c - the Linux SDEI entry/exit glue (arch/arm64/kernel/sdei.c, entry.S).
 *
 * Spec: stop-path.md §4.12 (active event per CPU, return value mapping),
 * §4.2 step 4 (sdei_handler_abort()). Shared by every revision.
 */

static DEFINE_PER_CPU(unsigned long, sdei_active_normal_event);
static DEFINE_PER_CPU(unsigned long, sdei_active_critical_event);

/*
 * STOPFUZZ: stands for __sdei_handler() -> do_sdei_event() -> the driver's
 * sdei_event_handler(). Returns how the dispatch is finished (enum
 * sf_sdei_exit); the machine issues the firmware call.
 */
static int sf_sdei_entry(unsigned int event, struct pt_regs *regs)
{
	sdei_event_callback *cb;
	void *arg;
	int err;

	__this_cpu_write(sdei_active_normal_event, event + 1);

	cb = sf_sdei_registered_callback(&arg);
	err = cb ? cb(event, regs, arg) : -EINVAL;

	__this_cpu_write(sdei_active_normal_event, 0);

	/* callback error: SDEI_EV_FAILED, finished with EVENT_COMPLETE */
	if (err)
		return SF_SDEI_EXIT_COMPLETE;

	/* kernel mode with IRQs masked: SDEI_EV_HANDLED, resume exactly */
	if (regs->sf_irqs_masked)
		return SF_SDEI_EXIT_COMPLETE;

	/* otherwise pretend an IRQ was taken: COMPLETE_AND_RESUME */
	return SF_SDEI_EXIT_COMPLETE_AND_RESUME;
}

/* STOPFUZZ: a CPU stuck in (or panicking from) another event's handler. */
static void sf_sdei_set_active(int active)
{
	__this_cpu_write(sdei_active_normal_event, active ? 1 : 0);
}

void sdei_handler_abort(void)
{
	SF_MARK(SF_MARK_SDEI_ABORT_CALLED, 0);	/* STOPFUZZ: P15 oracle marker */
	/*
	 * If the crash happened in an SDEI event handler then we need to
	 * finish the handler with the firmware so that we can have working
	 * interrupts in the crash kernel.
	 */
	if (__this_cpu_read(sdei_active_critical_event)) {
		pr_warn("still in SDEI critical event context, attempting to finish handler.\n");
		sf_sdei_handler_abort(SF_SITE);
		__this_cpu_write(sdei_active_critical_event, 0);
	}
	if (__this_cpu_read(sdei_active_normal_event)) {
		pr_warn("still in SDEI normal event context, attempting to finish handler.\n");
		sf_sdei_handler_abort(SF_SITE);
		__this_cpu_write(sdei_active_normal_event, 0);
	}
}

/*
 * STOPFUZZ: sdei_reboot_notifier() of drivers/firmware/arm_sdei.c on an
 * orderly reboot: remove the hotplug state (per-CPU teardown), then the
 * platform reset (private reset on every CPU, shared reset). The teardown
 * needs every CPU to be scheduled (spec §12.5); the model applies its
 * effect only: event 0 gone, every PE masked.
 */
static void sdei_reboot_notifier(void)
{
	sf_sdei_platform_reset(SF_SITE);
}
