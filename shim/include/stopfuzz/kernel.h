/* kernel.h - the kernel shim: kernel names whose every effect is a machine call.
 *
 * Spec: design.md §1 (one boundary header set), §2 (yield points, virtual
 * time), §6 (every shared access and barrier routed through here).
 * core/ and real kernel source (kernel-source mode) include only this.
 *
 * Modelling choices stated here and tested in tests/shim/:
 *  - Time: USEC_PER_SEC is 1000 and udelay(n) waits n milliseconds of
 *    virtual time, so `timeout = USEC_PER_SEC; while (.. && timeout--)
 *    udelay(1);` still waits one second but in 1000 steps instead of 10^6.
 *    All kernel waits keep their real durations at 1 ms resolution.
 *  - Plain C accesses to kernel variables are not yield points; READ_ONCE,
 *    WRITE_ONCE, atomics, bitops, cpumask operations and barriers are.
 */
#ifndef STOPFUZZ_KERNEL_H
#define STOPFUZZ_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#include "stopfuzz/machine_api.h"

/* ---- compiler.h ---------------------------------------------------------- */
#define SF_SITE ({ static const struct sf_site __sf_site = { __FILE__, __func__, __LINE__ }; &__sf_site; })
#define __noreturn		__attribute__((__noreturn__))
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define __maybe_unused		__attribute__((__unused__))
#define __init
#define __initdata
#define __exit
#define __ro_after_init
#define __read_mostly
#define __tracepoint_string
#define __cacheline_aligned
#define noinstr
#define notrace
#define __kprobes
#define NOKPROBE_SYMBOL(x)
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define device_initcall(fn)
#define early_initcall(fn)
#define subsys_initcall(fn)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define unreachable()		__builtin_unreachable()
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(nr)			(1UL << (nr))
#define BITS_PER_LONG		64
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define BITS_TO_LONGS(n)	DIV_ROUND_UP(n, BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

/* IS_ENABLED() for the configuration the model is built with. */
#define CONFIG_SMP 1
#define CONFIG_KEXEC_CORE 1
#define CONFIG_CRASH_DUMP 1
#define CONFIG_HOTPLUG_CPU 1
#define CONFIG_ARM64_PSEUDO_NMI 1
#define CONFIG_ARM_SDE_INTERFACE 1
/* The SDEI cross-CPU NMI driver of the 2026 series (arch/arm64/include/asm/nmi.h
 * declares its hooks under it; trees without the driver do not use it). */
#define CONFIG_ARM_SDEI_NMI 1
/* Set in arm64 defconfig and Debian's config; real smp.c wraps the IPI_TIMER,
 * IPI_IRQ_WORK and IPI_WAKEUP cases of do_handle_IPI() in them. */
#define CONFIG_GENERIC_CLOCKEVENTS_BROADCAST 1
#define CONFIG_IRQ_WORK 1
#define CONFIG_ARM64_ACPI_PARKING_PROTOCOL 1
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			___is_defined(x)
#define ___is_defined(val)		____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	__take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		__is_defined(option)
#define IS_BUILTIN(option)		__is_defined(option)

/* ---- types.h ------------------------------------------------------------- */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef struct { int counter; } atomic_t;
#define ATOMIC_INIT(i)	{ (i) }
/* gfp.h: allocations cannot fail or sleep here (cpumask_var_t is on the stack). */
#define GFP_KERNEL	0
#define GFP_ATOMIC	0
#define GFP_NOWAIT	0

#define EPERM		1
#define EIO		5
#define ENOMEM		12
#define EINVAL		22
#define EOPNOTSUPP	95
#define EINPROGRESS	115

/* ---- READ_ONCE / WRITE_ONCE and barriers (asm/barrier.h) ------------------- */
#define READ_ONCE(x) \
	(sf_solo(SF_SITE) ? *(volatile __typeof__(x) *)&(x) : \
	 (__typeof__(x))sf_load(SF_SITE, &(x), sizeof(x)))
#define WRITE_ONCE(x, val) \
	sf_store(SF_SITE, &(x), sizeof(x), (unsigned long)(val))
#define smp_mb()	sf_barrier(SF_SITE, SF_BARRIER_MB)
#define smp_rmb()	sf_barrier(SF_SITE, SF_BARRIER_RMB)
#define smp_wmb()	sf_barrier(SF_SITE, SF_BARRIER_WMB)
#define mb()		sf_barrier(SF_SITE, SF_BARRIER_DSB_SY)
#define rmb()		sf_barrier(SF_SITE, SF_BARRIER_DSB_SY)
#define wmb()		sf_barrier(SF_SITE, SF_BARRIER_DSB_SY)
#define isb()		sf_barrier(SF_SITE, SF_BARRIER_ISB)
#define __SF_DSB_ishst	SF_BARRIER_DSB_ISHST
#define __SF_DSB_ish	SF_BARRIER_DSB_ISH
#define __SF_DSB_sy	SF_BARRIER_DSB_SY
#define dsb(opt)	sf_barrier(SF_SITE, __SF_DSB_##opt)
#define cpu_relax()	sf_cpu_relax(SF_SITE)

/* ---- atomic.h ------------------------------------------------------------ */
static inline int sf_fast_atomic_read(const volatile int *p)
{
	int r = *p;

	if (p == sf_fast.online_count)
		sf_fast.counter_read[sf_fast.cpu] = r;
	return r;
}
#define atomic_read(v) \
	(sf_solo(SF_SITE) ? sf_fast_atomic_read(&(v)->counter) : \
	 sf_atomic(SF_SITE, SF_ATOMIC_READ, &(v)->counter, 0))
#define raw_atomic_read(v)	atomic_read(v)
#define atomic_set(v, i)	((void)sf_atomic(SF_SITE, SF_ATOMIC_SET, &(v)->counter, (i)))
#define atomic_inc(v)		((void)sf_atomic(SF_SITE, SF_ATOMIC_ADD, &(v)->counter, 1))
#define atomic_dec(v)		((void)sf_atomic(SF_SITE, SF_ATOMIC_ADD, &(v)->counter, -1))
#define atomic_inc_return(v)	sf_atomic(SF_SITE, SF_ATOMIC_ADD_RETURN, &(v)->counter, 1)
#define atomic_dec_return(v)	sf_atomic(SF_SITE, SF_ATOMIC_ADD_RETURN, &(v)->counter, -1)
#define atomic_try_cmpxchg(v, oldp, new) \
	sf_atomic_try_cmpxchg(SF_SITE, &(v)->counter, (oldp), (new))
static inline bool sf_atomic_try_cmpxchg(const struct sf_site *s, volatile int *addr,
					 int *old, int new_val)
{
	int r = sf_atomic_cmpxchg_impl(s, addr, *old, new_val);

	if (r == *old)
		return true;
	*old = r;
	return false;
}
#define atomic_cmpxchg(v, old, new) sf_atomic_cmpxchg_impl(SF_SITE, &(v)->counter, (old), (new))

/* ---- bitops.h ------------------------------------------------------------ */
#define test_bit(nr, addr) \
	(sf_solo(SF_SITE) ? (int)((((const volatile unsigned long *)(addr))[(unsigned long)(nr) / 64] >> \
			       ((unsigned long)(nr) % 64)) & 1) : \
	 sf_bitop(SF_SITE, SF_BIT_TEST, (nr), (volatile unsigned long *)(addr)))
#define set_bit(nr, addr)		((void)sf_bitop(SF_SITE, SF_BIT_SET, (nr), (volatile unsigned long *)(addr)))
#define clear_bit(nr, addr)		((void)sf_bitop(SF_SITE, SF_BIT_CLEAR, (nr), (volatile unsigned long *)(addr)))
#define test_and_set_bit(nr, addr)	sf_bitop(SF_SITE, SF_BIT_TEST_AND_SET, (nr), (volatile unsigned long *)(addr))
#define test_and_clear_bit(nr, addr)	sf_bitop(SF_SITE, SF_BIT_TEST_AND_CLEAR, (nr), (volatile unsigned long *)(addr))
#define clear_bit_unlock(nr, addr)	clear_bit(nr, addr)
#define test_and_set_bit_lock(nr, addr)	test_and_set_bit(nr, addr)

/* ---- cpumask.h: the whole family, in its own file ------------------------ */
#include "stopfuzz/cpumask.h"

/* ---- smp.h / percpu.h ---------------------------------------------------- */
/* sf_fast.cpu always names the running CPU (kept by the machine). */
#define smp_processor_id()	(sf_fast.cpu)
#define raw_smp_processor_id()	(sf_fast.cpu)
#define DEFINE_PER_CPU(type, name)	__typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name[NR_CPUS]
#define DEFINE_PER_CPU_READ_MOSTLY(type, name)	DEFINE_PER_CPU(type, name)
#define DECLARE_PER_CPU_READ_MOSTLY(type, name)	DECLARE_PER_CPU(type, name)
#define per_cpu(var, cpu)		((var)[(cpu)])
#define per_cpu_ptr(ptr, cpu)		(&(*(ptr))[(cpu)])
#define this_cpu_ptr(ptr)		(&(*(ptr))[sf_smp_processor_id()])
#define __this_cpu_read(var)		((var)[sf_smp_processor_id()])
#define __this_cpu_write(var, val)	((var)[sf_smp_processor_id()] = (val))
#define cpu_logical_map(cpu)		sf_cpu_logical_map(cpu)

enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_FREEING_INITMEM,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
	SYSTEM_SUSPEND,
};
extern enum system_states system_state;

/* ---- irqflags.h / daifflags.h / arch_gicv3 ------------------------------- */
#define local_irq_disable()	sf_irq(SF_SITE, SF_IRQ_DISABLE)
#define local_irq_enable()	sf_irq(SF_SITE, SF_IRQ_ENABLE)
#define local_daif_mask()	sf_irq(SF_SITE, SF_DAIF_MASK)
#define local_irq_save(flags)	((flags) = sf_irq_save(SF_SITE))
#define local_irq_restore(flags) sf_irq_restore(SF_SITE, (flags))
#define raw_local_irq_save(f)	local_irq_save(f)
#define raw_local_irq_restore(f) local_irq_restore(f)
#define irqs_disabled()		sf_irqs_disabled()
#define in_interrupt()		sf_in_interrupt()
#define system_uses_irq_prio_masking()	sf_system_uses_irq_prio_masking()
#define get_irq_regs()		sf_get_irq_regs()

/* ---- delay.h / time64.h -------------------------------------------------- */
#define MSEC_PER_SEC	1000L
#define USEC_PER_MSEC	1L
#define USEC_PER_SEC	1000L
#define NSEC_PER_USEC	1000L
/* One udelay unit is 1000 us of virtual time (see the top of this file). */
static inline int sf_fast_delay(const struct sf_site *s, unsigned long units)
{
	unsigned long long until = sf_fast.now + (unsigned long long)units * 1000;

	if (until >= sf_fast.horizon || !sf_solo(s))
		return 0;
	sf_fast.now = until;
	return 1;
}
#define udelay(n)	(sf_fast_delay(SF_SITE, (n)) ? (void)0 : sf_udelay(SF_SITE, (n)))
#define ndelay(n)	sf_udelay(SF_SITE, 0)
#define mdelay(n)	udelay((unsigned long)(n) * USEC_PER_MSEC)

/* ---- printk.h ------------------------------------------------------------ */
#define KERN_EMERG	"<0>"
#define KERN_ALERT	"<1>"
#define KERN_CRIT	"<2>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
/* The shim formatter understands %*pbl (cpumask lists); the format
 * attribute is not applied to the kernel-facing names because of it. */
#define printk(fmt, ...)	sf_printk_kernel(SF_SITE, fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)
#define BUG()			sf_bug(SF_SITE)
#define BUG_ON(c)		do { if (c) BUG(); } while (0)
#define WARN_ON(c)		({ int __sf_c = !!(c); if (__sf_c) sf_warn(SF_SITE, #c); __sf_c; })
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define WARN_ONCE(c, fmt, ...)	WARN_ON(c)
#define WARN(c, fmt, ...)	({ int __sf_c = !!(c); if (__sf_c) printk(KERN_WARNING fmt, ##__VA_ARGS__); __sf_c; })

/* ---- IPIs (asm/smp.h, kernel/irq) ---------------------------------------- */
struct irq_desc {
	int sf_ipinr;
};
typedef int irqreturn_t;
#define IRQ_HANDLED 1
#define __ipi_send_mask(desc, mask) \
	sf_ipi_send_mask(SF_SITE, (desc) ? (desc)->sf_ipinr : -1, cpumask_bits(mask))
#define __ipi_send_single(desc, cpu) \
	sf_ipi_send_mask(SF_SITE, (desc) ? (desc)->sf_ipinr : -1, cpumask_bits(cpumask_of(cpu)))
#define trace_ipi_raise(target, reason)		do { } while (0)
#define trace_ipi_entry(reason)			do { } while (0)
#define trace_ipi_exit(reason)			do { } while (0)
#define trace_ipi_entry_rcuidle(reason)		do { } while (0)
#define trace_ipi_exit_rcuidle(reason)		do { } while (0)
#define trace_ipi_send_cpu(cpu, site, fn)	do { } while (0)
#define trace_ipi_send_cpumask(mask, site, fn)	do { } while (0)
/* Handlers of the IPIs the stop path does not model. */
#define scheduler_ipi()				do { } while (0)
#define generic_smp_call_function_interrupt()	do { } while (0)
#define tick_receive_broadcast()		do { } while (0)
#define irq_work_run()				do { } while (0)
#define kgdb_nmicallback(cpu, regs)		do { (void)(cpu); (void)(regs); } while (0)
#define acpi_parking_protocol_valid(cpu)	true
bool nmi_cpu_backtrace(struct pt_regs *regs);
void nmi_trigger_cpumask_backtrace(const cpumask_t *mask, int exclude_cpu,
				   void (*raise)(cpumask_t *mask));

/* ---- cpu_ops.h / PSCI ---------------------------------------------------- */
#define cpu_park_loop()		sf_cpu_park_loop(SF_SITE)

/* ---- kexec / crash ------------------------------------------------------- */
#define crash_save_cpu(regs, cpu)	sf_crash_save_cpu(SF_SITE, (regs), (cpu))
#define is_protected_kvm_enabled()	false

/* ---- SDEI (linux/arm_sdei.h, drivers/firmware/arm_sdei.c) ----------------- */
#define SDEI_EV_HANDLED		0
#define SDEI_EV_FAILED		1
#define sdei_mask_local_cpu()		sf_sdei_pe_mask(SF_SITE)
#define sdei_unmask_local_cpu()		sf_sdei_pe_unmask(SF_SITE)
#define sdei_is_present()		sf_sdei_is_present()
#define sdei_event_register(ev, cb, arg)	sf_sdei_event_register(SF_SITE, (ev), (cb), (arg))
#define sdei_event_enable(ev)		sf_sdei_event_enable(SF_SITE, (ev))
#define sdei_event_unregister(ev)	sf_sdei_event_unregister(SF_SITE, (ev))
/* Two-argument form of the author's base; the merged series keeps it. */
#define sdei_event_signal(ev, mpidr)	sf_sdei_event_signal(SF_SITE, (ev), (mpidr))
void sdei_handler_abort(void);

#endif /* STOPFUZZ_KERNEL_H */
