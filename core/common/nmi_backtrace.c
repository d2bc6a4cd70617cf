/* nmi_backtrace.c - the generic all-CPU backtrace of lib/nmi_backtrace.c.
 *
 * Spec: stop-path.md §4.14: a flag bit serialises requests, each target
 * clears its own bit in backtrace_mask, the requester waits up to 10 s in
 * 1 ms steps. No barrier of its own: the raise() callback must publish.
 */

static DECLARE_BITMAP(backtrace_mask, NR_CPUS) __read_mostly;

/* "in progress" flag of arch_trigger_cpumask_backtrace */
static unsigned long backtrace_flag;

void nmi_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu,
				   void (*raise)(cpumask_t *mask))
{
	int i, this_cpu = smp_processor_id();

	if (test_and_set_bit(0, &backtrace_flag)) {
		/*
		 * If there is already a trigger_all_cpu_backtrace() in progress
		 * (backtrace_flag == 1), don't output double cpu dump infos.
		 */
		return;
	}

	cpumask_copy(to_cpumask(backtrace_mask), mask);
	if (exclude_cpu != -1)
		cpumask_clear_cpu(exclude_cpu, to_cpumask(backtrace_mask));

	/*
	 * Don't try to send an NMI to this cpu; it may work on some
	 * architectures, but on others it may not, and we'll get
	 * information at least as useful just by doing a dump_stack() here.
	 * Note that nmi_cpu_backtrace(NULL) will clear the cpu bit.
	 */
	if (cpumask_test_cpu(this_cpu, to_cpumask(backtrace_mask)))
		nmi_cpu_backtrace(NULL);

	if (!cpumask_empty(to_cpumask(backtrace_mask))) {
		pr_info("Sending NMI from CPU %d to CPUs %*pbl:\n",
			this_cpu, cpumask_pr_args(to_cpumask(backtrace_mask)));
		raise(to_cpumask(backtrace_mask));
	}

	/* Wait for up to 10 seconds for all CPUs to do the backtrace */
	for (i = 0; i < 10 * 1000; i++) {
		if (cpumask_empty(to_cpumask(backtrace_mask)))
			break;
		mdelay(1);
	}

	/* STOPFUZZ: P12 oracle marker: did every targeted CPU answer? */
	SF_MARK(SF_MARK_BACKTRACE_DONE, cpumask_empty(to_cpumask(backtrace_mask)));

	clear_bit_unlock(0, &backtrace_flag);
}

bool nmi_cpu_backtrace(struct pt_regs *regs)
{
	int cpu = smp_processor_id();

	if (cpumask_test_cpu(cpu, to_cpumask(backtrace_mask))) {
		pr_warn("NMI backtrace for cpu %d\n", cpu);
		cpumask_clear_cpu(cpu, to_cpumask(backtrace_mask));
		return true;
	}

	return false;
}
