/* smp.c - the arm64 stop path of revision `linux-6.1` (arch/arm64/kernel/smp.c).
 *
 * Spec: stop-path.md §12.6 (the Linux 6.1 design), §5 (pre-2024: one 1 s IPI
 * wait, crash acks counted in a separate atomic), §4.7 (local_cpu_stop()
 * clears the online bit first), §4.8 (__cpu_try_die). No escalation ladder,
 * no NMI of any kind, no stop_in_progress guard; the crash stop is its own
 * function with its own IPI and counter. Only the stop-path functions of the
 * file are here.
 */

enum ipi_msg_type {
	IPI_RESCHEDULE,
	IPI_CALL_FUNC,
	IPI_CPU_STOP,
	IPI_CPU_CRASH_STOP,
	IPI_TIMER,
	IPI_IRQ_WORK,
	IPI_WAKEUP,
	NR_IPI
};

static struct irq_desc *ipi_desc[NR_IPI] __ro_after_init;

/* Number of CPUs which aren't online, but looping in kernel text. */
static int cpus_stuck_in_kernel;

static void __cpu_try_die(int cpu)
{
#ifdef CONFIG_HOTPLUG_CPU
	const struct cpu_operations *ops = get_cpu_ops(cpu);

	if (ops && ops->cpu_die)
		ops->cpu_die(cpu);
#endif
}

static void smp_cross_call(const struct cpumask *target, unsigned int ipinr)
{
	trace_ipi_raise(target, ipi_types[ipinr]);
	__ipi_send_mask(ipi_desc[ipinr], target);
}

/*
 * The plain stop: the online bit goes first, before any masking, so the
 * requester may see this CPU gone while it can still take interrupts.
 */
/* STOPFUZZ: __noreturn added so panic_smp_self_stop() matches core.h. */
static void __noreturn local_cpu_stop(void)
{
	set_cpu_online(smp_processor_id(), false);

	local_daif_mask();
	sdei_mask_local_cpu();
	cpu_park_loop();
}

/*
 * A CPU that lost the panic_cpu race stops itself the same way, so that
 * smp_send_stop() on the winner does not wait for it.
 */
void panic_smp_self_stop(void)
{
	local_cpu_stop();
}

#ifdef CONFIG_KEXEC_CORE
static atomic_t waiting_for_crash_ipi = ATOMIC_INIT(0);
#endif

/*
 * The crash stop: note first, then a relaxed decrement of the crash
 * counter as the acknowledgement. The online bit is never cleared.
 */
static void ipi_cpu_crash_stop(unsigned int cpu, struct pt_regs *regs)
{
#ifdef CONFIG_KEXEC_CORE
	crash_save_cpu(regs, cpu);

	atomic_dec(&waiting_for_crash_ipi);

	local_irq_disable();
	sdei_mask_local_cpu();

	if (IS_ENABLED(CONFIG_HOTPLUG_CPU))
		__cpu_try_die(cpu);

	/* just in case */
	cpu_park_loop();
#endif
}

/*
 * Main handler for inter-processor interrupts
 */
static void do_handle_IPI(int ipinr)
{
	unsigned int cpu = smp_processor_id();

	if ((unsigned)ipinr < NR_IPI)
		trace_ipi_entry_rcuidle(ipi_types[ipinr]);

	switch (ipinr) {
	case IPI_RESCHEDULE:
		scheduler_ipi();
		break;

	case IPI_CALL_FUNC:
		generic_smp_call_function_interrupt();
		break;

	case IPI_CPU_STOP:
		local_cpu_stop();
		break;

	case IPI_CPU_CRASH_STOP:
		if (IS_ENABLED(CONFIG_KEXEC_CORE)) {
			ipi_cpu_crash_stop(cpu, get_irq_regs());

			unreachable();
		}
		break;

	case IPI_TIMER:
		tick_receive_broadcast();
		break;

	case IPI_IRQ_WORK:
		irq_work_run();
		break;

	case IPI_WAKEUP:
		/* STOPFUZZ: the ACPI parking-protocol wake-up has no stop-path effect. */
		break;

	default:
		pr_crit("CPU%u: Unknown IPI message 0x%x\n", cpu, ipinr);
		break;
	}

	if ((unsigned)ipinr < NR_IPI)
		trace_ipi_exit_rcuidle(ipi_types[ipinr]);
}

/*
 * The number of CPUs online, not counting this CPU (which may not be
 * fully online and so not counted in num_online_cpus()).
 */
static inline unsigned int num_other_online_cpus(void)
{
	unsigned int this_cpu_online = cpu_online(smp_processor_id());

	return num_online_cpus() - this_cpu_online;
}

/* No guard: concurrent callers all send IPIs and all wait (§12.6). */
void smp_send_stop(void)
{
	unsigned long timeout;

	if (num_other_online_cpus()) {
		cpumask_t mask;

		cpumask_copy(&mask, cpu_online_mask);
		cpumask_clear_cpu(smp_processor_id(), &mask);

		if (system_state <= SYSTEM_RUNNING)
			pr_crit("SMP: stopping secondary CPUs\n");
		smp_cross_call(&mask, IPI_CPU_STOP);
	}

	/* One second, then give up: there is nothing stronger to send. */
	timeout = USEC_PER_SEC;
	while (num_other_online_cpus() && timeout--)
		udelay(1);

	/* The warning lists the whole online mask, this CPU included. */
	if (num_other_online_cpus())
		pr_warn("SMP: failed to stop secondary CPUs %*pbl\n",
			cpumask_pr_args(cpu_online_mask));

	sdei_mask_local_cpu();
}

#ifdef CONFIG_KEXEC_CORE
void crash_smp_send_stop(void)
{
	static int cpus_stopped;
	cpumask_t mask;
	unsigned long timeout;

	/* Called twice with crash_kexec_post_notifiers: only the first works. */
	if (cpus_stopped)
		return;

	cpus_stopped = 1;

	/* Nobody else online (whether or not this CPU is): nothing to send. */
	if (num_other_online_cpus() == 0)
		goto skip_ipi;

	cpumask_copy(&mask, cpu_online_mask);
	cpumask_clear_cpu(smp_processor_id(), &mask);

	atomic_set(&waiting_for_crash_ipi, num_other_online_cpus());

	pr_crit("SMP: stopping secondary CPUs\n");
	smp_cross_call(&mask, IPI_CPU_CRASH_STOP);

	/* Acknowledgements are counted, not read from the online mask. */
	timeout = USEC_PER_SEC;
	while ((atomic_read(&waiting_for_crash_ipi) > 0) && timeout--)
		udelay(1);

	if (atomic_read(&waiting_for_crash_ipi) > 0)
		pr_warn("SMP: failed to stop secondary CPUs %*pbl\n",
			cpumask_pr_args(&mask));

skip_ipi:
	sdei_mask_local_cpu();
	sdei_handler_abort();
}

bool smp_crash_stop_failed(void)
{
	return (atomic_read(&waiting_for_crash_ipi) > 0);
}
#endif

static bool have_cpu_die(void)
{
#ifdef CONFIG_HOTPLUG_CPU
	int any_cpu = raw_smp_processor_id();
	const struct cpu_operations *ops = get_cpu_ops(any_cpu);

	if (ops && ops->cpu_die)
		return true;
#endif
	return false;
}

bool cpus_are_stuck_in_kernel(void)
{
	bool smp_spin_tables = (num_possible_cpus() > 1 && !have_cpu_die());

	return !!cpus_stuck_in_kernel || smp_spin_tables ||
		is_protected_kvm_enabled();
}

/*
 * STOPFUZZ: arm64 6.1 has no arch_trigger_cpumask_backtrace(); the generic
 * trigger_all_cpu_backtrace() returns false and does nothing. The shared
 * panic.c calls this name, so it is the empty stand-in.
 */
void arch_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu)
{
	(void)mask;
	(void)exclude_cpu;
}
