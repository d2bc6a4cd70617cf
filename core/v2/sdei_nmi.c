/* sdei_nmi.c - the SDEI cross-CPU NMI of revision `v2` (drivers/firmware/sdei_nmi.c).
 *
 * Spec: stop-path.md §9 ([v2] column), §4.9 [v2] (bool sdei_nmi_stop_cpus():
 * false if SDEI is unavailable, else OR the mask into sdei_nmi_stop_mask,
 * smp_wmb(), signal each), §4.13 [v2] (handler test-and-clears its own bit),
 * §4.14 (backtrace raise with no barrier), §4.15 (init, no sdei_is_present()
 * gate), §6.9 (the OR is a plain store; smp_wmb() does not order the SMC).
 */

#define SDEI_NMI_EVENT	0

static bool sdei_nmi_available;
static cpumask_t sdei_nmi_stop_mask;

void __noreturn arm64_nmi_cpu_stop(struct pt_regs *regs);

static void sdei_nmi_fire(int cpu)
{
	int err;

	err = sdei_event_signal(SDEI_NMI_EVENT, cpu_logical_map(cpu));
	if (err)
		pr_warn("SDEI NMI: failed to signal CPU%d: %d\n", cpu, err);
}

/**
 * sdei_nmi_stop_cpus() - stop CPUs through the SDEI NMI
 * @mask: the CPUs to stop
 *
 * Returns false if the SDEI NMI is not available (nothing was sent), true
 * once every CPU in @mask has been signalled. The caller waits.
 */
bool sdei_nmi_stop_cpus(const cpumask_t *mask)
{
	int cpu;

	if (!sdei_nmi_available)
		return false;

	cpumask_or(&sdei_nmi_stop_mask, &sdei_nmi_stop_mask, mask);
	/* The handlers must see their bit. */
	smp_wmb();

	for_each_cpu(cpu, mask)
		sdei_nmi_fire(cpu);

	return true;
}

static void sdei_nmi_raise_backtrace(cpumask_t *mask)
{
	int cpu;

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
	/* A stop request names this CPU: take it (once) and never return. */
	if (cpumask_test_and_clear_cpu(smp_processor_id(), &sdei_nmi_stop_mask))
		arm64_nmi_cpu_stop(regs);

	nmi_cpu_backtrace(regs);

	return SDEI_EV_HANDLED;
}

static int sdei_nmi_init(void)
{
	int err;

	err = sdei_event_register(SDEI_NMI_EVENT, sdei_nmi_handler, NULL);
	if (err) {
		pr_warn("SDEI NMI: failed to register event: %d\n", err);
		return err;
	}

	err = sdei_event_enable(SDEI_NMI_EVENT);
	if (err) {
		pr_warn("SDEI NMI: failed to enable event: %d\n", err);
		sdei_event_unregister(SDEI_NMI_EVENT);
		return err;
	}

	sdei_nmi_available = true;

	return 0;
}
device_initcall(sdei_nmi_init);
