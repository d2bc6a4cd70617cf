/* panic.c - the parts of kernel/panic.c that lead into the stop path.
 *
 * Spec: stop-path.md §4.1 (panic), §3 items 2-3 (crash stop, parallel panic),
 * §12.2 (crash entry order, second smp_send_stop() via emergency_restart(),
 * kexec lock busy). Notifiers, kmsg_dump and console flushing are modelled as
 * console time chosen by the scenario; everything else is kept in order.
 */

atomic_t panic_cpu = ATOMIC_INIT(PANIC_CPU_INVALID);
bool crash_kexec_post_notifiers;
int panic_timeout;
int panic_on_oops;
#define PANIC_PRINT_ALL_CPU_BT		0x00000040
unsigned long panic_print;

/* STOPFUZZ: kexec_crash_image != NULL, and kexec_trylock() failing. */
static bool sf_crash_image_loaded;
static bool sf_kexec_lock_busy;

void sf_panic_configure(const struct sf_panic_config *cfg)
{
	sf_crash_image_loaded = cfg->crash_kernel_loaded;
	crash_kexec_post_notifiers = cfg->crash_kexec_post_notifiers;
	panic_timeout = cfg->panic_timeout ? 1 : 0;
	sf_kexec_lock_busy = cfg->kexec_lock_busy;
	panic_print = cfg->panic_print_backtrace ? PANIC_PRINT_ALL_CPU_BT : 0;
	panic_on_oops = cfg->panic_on_oops;
}

/* STOPFUZZ: time spent in notifiers, kmsg_dump and console flush. */
static void sf_panic_console_time(const char *what)
{
	unsigned int ms = sf_choose(what, 4) * 5;

	if (ms)
		mdelay(ms);
}

static void trigger_all_cpu_backtrace(void)
{
	SF_MARK(SF_MARK_BACKTRACE_ENTER, 0);
	arch_trigger_cpumask_backtrace(cpu_online_mask, -1);
	SF_MARK(SF_MARK_BACKTRACE_EXIT, 0);
}

static void panic_other_cpus_shutdown(bool crash_kexec)
{
	if (panic_print & PANIC_PRINT_ALL_CPU_BT)
		trigger_all_cpu_backtrace();

	/*
	 * Note that smp_send_stop() is the usual SMP shutdown function,
	 * which unfortunately may not be hardened to work in a panic
	 * situation. If we want to do crash dump after notifier calls
	 * and kmsg_dump, we will need architecture dependent extra
	 * bits in addition to stopping other CPUs, hence we rely on
	 * crash_smp_send_stop() for that.
	 */
	if (!crash_kexec)
		sf_call_smp_send_stop();
	else
		sf_call_crash_smp_send_stop();
}

void __noreturn panic(const char *msg)
{
	int old_cpu, this_cpu;

	SF_MARK(SF_MARK_PANIC_ENTER, 0);

	/*
	 * Disable local interrupts. This will prevent panic_smp_self_stop
	 * from deadlocking the first cpu that invokes the panic, since
	 * there is nothing to prevent an interrupt handler (that runs
	 * after setting panic_cpu) from invoking panic() again.
	 */
	local_irq_disable();

	/*
	 * Only one CPU is allowed to execute the panic code from here. For
	 * multiple parallel invocations of panic, all other CPUs either
	 * stop themself or will wait until they are stopped by the 1st CPU
	 * with smp_send_stop().
	 */
	this_cpu = raw_smp_processor_id();
	old_cpu = PANIC_CPU_INVALID;

	if (atomic_try_cmpxchg(&panic_cpu, &old_cpu, this_cpu)) {
		/* go ahead */
	} else if (old_cpu != this_cpu) {
		SF_MARK(SF_MARK_PANIC_LOSER, 1);
		SF_MARK(SF_MARK_SELF_STOP, 0);
		panic_smp_self_stop();
	}

	pr_emerg("Kernel panic - not syncing: %s\n", msg);

	/*
	 * If we have crashed and we have a crash kernel loaded let it handle
	 * everything else.
	 * If we want to run this after calling panic_notifiers, pass
	 * the "crash_kexec_post_notifiers" option to the kernel.
	 *
	 * Bypass the panic_cpu check and call __crash_kexec directly.
	 */
	if (!crash_kexec_post_notifiers)
		__crash_kexec(NULL);

	panic_other_cpus_shutdown(crash_kexec_post_notifiers);

	/* STOPFUZZ: panic notifiers and kmsg_dump. */
	sf_panic_console_time("panic_notifier_ms");

	/*
	 * If you doubt kdump always works fine in any situation,
	 * "crash_kexec_post_notifiers" offers you a chance to run
	 * panic_notifiers and dumping kmsg before kdump.
	 * Note: since some panic_notifiers can make crashed kernel
	 * more unstable, it can increase risks of the kdump failure too.
	 *
	 * Bypass the panic_cpu check and call __crash_kexec directly.
	 */
	if (crash_kexec_post_notifiers)
		__crash_kexec(NULL);

	/* STOPFUZZ: console_flush_on_panic(). */
	sf_panic_console_time("panic_flush_ms");

	if (panic_timeout != 0) {
		/*
		 * This will not be a clean reboot, with everything
		 * shutting down.  But if there is a chance of
		 * rebooting the system it will be rebooted.
		 */
		emergency_restart();
	}

	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);

	/* Do not scroll important messages printed above */
	local_irq_enable();
	SF_MARK(SF_MARK_SPIN_FOREVER, 0);
	for (;;)
		cpu_relax();
}

/*
 * nmi_panic - a panic from NMI context: a CPU that loses the panic_cpu race
 * stops itself through the weak nmi_panic_self_stop(), which on arm64 is
 * panic_smp_self_stop() with the registers dropped.
 */
void nmi_panic(const char *msg)
{
	int old_cpu, this_cpu;

	old_cpu = PANIC_CPU_INVALID;
	this_cpu = raw_smp_processor_id();

	/* atomic_try_cmpxchg updates old_cpu on failure */
	if (atomic_try_cmpxchg(&panic_cpu, &old_cpu, this_cpu))
		panic(msg);
	else if (old_cpu != this_cpu) {
		SF_MARK(SF_MARK_PANIC_LOSER, 1);
		SF_MARK(SF_MARK_SELF_STOP, 0);
		panic_smp_self_stop();
	}
}
