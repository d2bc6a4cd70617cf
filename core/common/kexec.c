/* kexec.c - the crash-kexec path: kernel/kexec_core.c, kernel/crash_core.c and
 * arch/arm64/kernel/machine_kexec.c, as far as the stop path is concerned.
 *
 * Spec: stop-path.md §3 item 2, §4.2 step 5, §12.2 (crash entry order,
 * crash_kexec() from die() returns when it loses panic_cpu).
 */

static void machine_crash_shutdown(struct pt_regs *regs)
{
	local_irq_disable();

	/* shutdown non-crashing cpus */
	sf_call_crash_smp_send_stop();

	/* for crashing cpu */
	crash_save_cpu(regs, smp_processor_id());
	/* STOPFUZZ: machine_kexec_mask_interrupts() touches no modelled state. */

	pr_info("Starting crashdump kernel...\n");
}

static void machine_kexec(void)
{
	bool stuck_cpus = cpus_are_stuck_in_kernel();

	/*
	 * New cpus may have become stuck_in_kernel after we loaded the image.
	 */
	if (stuck_cpus || smp_crash_stop_failed()) {
		SF_MARK(SF_MARK_CRASH_FAILED, stuck_cpus);
		pr_warn("Some CPUs may be stale, kdump will be unreliable.\n");
	}

	SF_MARK(SF_MARK_KEXEC_CAPTURE, 0);
	BUG();	/* the capture kernel never returns */
}

void __crash_kexec(struct pt_regs *regs)
{
	struct pt_regs fixed_regs;

	/* Take the kexec_lock here to prevent sys_kexec_load
	 * running on one cpu from replacing the crash kernel
	 * we are using after a panic on a different cpu.
	 *
	 * If the crash kernel was not located in a fixed area
	 * of memory the xchg(&kexec_crash_image) would be
	 * sufficient.  But since I reuse the memory...
	 */
	if (!sf_kexec_lock_busy) {	/* STOPFUZZ: kexec_trylock() */
		if (sf_crash_image_loaded) {
			/* STOPFUZZ: crash_setup_regs(): the requester's own context */
			fixed_regs.sf_ctx_kind = kCtxTopRegs;
			fixed_regs.sf_ctx_depth = 0;
			fixed_regs.sf_site = SF_SITE;
			fixed_regs.sf_irqs_masked = 1;
			(void)regs;
			machine_crash_shutdown(&fixed_regs);
			machine_kexec();
		}
	}
}

void crash_kexec(struct pt_regs *regs)
{
	int old_cpu, this_cpu;

	/*
	 * Only one CPU is allowed to execute the crash_kexec() code as with
	 * panic().  Otherwise parallel calls of panic() and crash_kexec()
	 * may stop each other.  To exclude them, we use panic_cpu here too.
	 */
	old_cpu = PANIC_CPU_INVALID;
	this_cpu = raw_smp_processor_id();

	if (atomic_try_cmpxchg(&panic_cpu, &old_cpu, this_cpu)) {
		/* This is the 1st CPU which comes here, so go ahead. */
		__crash_kexec(regs);

		/*
		 * Reset panic_cpu to allow another panic()/crash_kexec()
		 * call.
		 */
		atomic_set(&panic_cpu, PANIC_CPU_INVALID);
	}
}
