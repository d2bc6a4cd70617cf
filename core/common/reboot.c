/* reboot.c - machine_restart/halt/power_off (arch/arm64/kernel/process.c) and
 * emergency_restart() (kernel/reboot.c).
 *
 * Spec: stop-path.md §3 item 1, §12.2 (emergency_restart runs no notifiers),
 * §12.5 (the SDEI reboot notifier of an orderly reboot is a scenario fault).
 */

/* STOPFUZZ: the hardware reset/halt/power-off that ends the execution. */
static void __noreturn sf_machine_reset(int how)
{
	SF_MARK(SF_MARK_MACHINE_RESET, how);
	BUG();
}

void machine_restart(char *cmd)
{
	(void)cmd;
	/* Disable interrupts first */
	local_irq_disable();
	sf_call_smp_send_stop();

	/* Now call the architecture specific reboot code. */
	sf_machine_reset(0);
}

void machine_halt(void)
{
	local_irq_disable();
	sf_call_smp_send_stop();
	sf_machine_reset(1);
}

void machine_power_off(void)
{
	local_irq_disable();
	sf_call_smp_send_stop();
	sf_machine_reset(2);
}

void emergency_restart(void)
{
	/* machine_emergency_restart() -> machine_restart(NULL) */
	machine_restart(NULL);
}

/* STOPFUZZ: kernel_restart() and friends for an orderly request: notifiers
 * (modelled by the scenario), system_state, then the machine_* call. */
static void sf_kernel_reboot(int how)
{
	SF_MARK(SF_MARK_REBOOT_ENTER, how);
	/* kernel_restart_prepare(): reboot notifiers, the SDEI one among them */
	if (sdei_is_present())
		sdei_reboot_notifier();
	system_state = how == 0 ? SYSTEM_RESTART : how == 1 ? SYSTEM_HALT : SYSTEM_POWER_OFF;
	if (how == 0)
		machine_restart(NULL);
	else if (how == 1)
		machine_halt();
	else
		machine_power_off();
}
