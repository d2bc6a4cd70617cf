/* cpu.c - the online mask and counter of kernel/cpu.c.
 *
 * Spec: stop-path.md §2, §12.3: set_cpu_online() is a fully ordered
 * test-and-clear of the bit, then, only if the bit was set, a relaxed
 * decrement of the counter; a second call does not decrement again.
 */

struct cpumask __cpu_online_mask __read_mostly;
struct cpumask __cpu_possible_mask __read_mostly;
atomic_t __num_online_cpus __read_mostly;
enum system_states system_state __read_mostly;

void set_cpu_online(unsigned int cpu, bool online)
{
	/*
	 * Atomic updates: the reboot and kexec paths call this from IPI, NMI
	 * and SDEI context on several CPUs at once.
	 */
	if (online) {
		if (!cpumask_test_and_set_cpu(cpu, &__cpu_online_mask))
			atomic_inc(&__num_online_cpus);
	} else {
		if (cpumask_test_and_clear_cpu(cpu, &__cpu_online_mask))
			atomic_dec(&__num_online_cpus);
	}
}
