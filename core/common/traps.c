/* traps.c - die() of arch/arm64/kernel/traps.c.
 *
 * Spec: stop-path.md §12.2: die() -> crash_kexec(regs) when
 * kexec_should_crash(); other CPUs oopsing at the same time wait on die_lock
 * with IRQs masked, the population only rungs 2 and 3 reach.
 */

static DEFINE_RAW_SPINLOCK(die_lock);

/* STOPFUZZ: kexec_should_crash(current): in interrupt, pid 0, init or
 * panic_on_oops; never with crash_kexec_post_notifiers. */
static bool kexec_should_crash(void)
{
	if (crash_kexec_post_notifiers)
		return false;
	return panic_on_oops || sf_choose("oops_in_interrupt", 2);
}

void die(const char *str, struct pt_regs *regs, long err)
{
	unsigned long flags;

	(void)err;
	SF_MARK(SF_MARK_DIE_ENTER, 0);
	raw_spin_lock_irqsave(&die_lock, flags);

	pr_emerg("Internal error: %s\n", str);
	if (regs && kexec_should_crash())
		crash_kexec(regs);

	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (panic_on_oops)
		panic("Fatal exception");

	raw_spin_unlock_irqrestore(&die_lock, flags);
	/* STOPFUZZ: make_task_dead(SIGSEGV): the CPU goes back to idle. */
}
