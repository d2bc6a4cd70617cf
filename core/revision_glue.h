/* revision_glue.h - turns one revision translation unit into a struct sf_revision.
 *
 * Spec: design.md §1 (statics reset between executions), §5 (revisions).
 * Included last by core/revisions/<name>.c (and by kernel-source builds),
 * after these are defined:
 *   SF_REV_SYMBOL    the exported struct's name (sf_rev_<name>)
 *   SF_REV_NAME, SF_REV_SUMMARY, SF_REV_FEATURES
 *   SF_REV_SECTION_DATA / SF_REV_SECTION_BSS  the names given to
 *                    "#pragma clang section" at the top of the unity file
 *   SF_REV_NR_IPI    number of IPI numbers (MAX_IPI or NR_IPI)
 *   SF_REV_BOOT()    boot-time calls (e.g. sdei_nmi_init())
 *   SF_HAVE_STOP_NMI, SF_HAVE_CRASH_STOP_IPI, SF_HAVE_BACKTRACE_IPI,
 *   SF_HAVE_IPI_SHOULD_BE_NMI, SF_HAVE_CRASH_STOP_FLAG,
 *   SF_HAVE_WAITING_FOR_CRASH_IPI, SF_HAVE_SDEI_NMI  (0 or 1)
 */

#define SF_GLUE_CAT2(a, b) a##b
#define SF_GLUE_CAT(a, b) SF_GLUE_CAT2(a, b)
#define SF_SEC_START(sec) SF_GLUE_CAT(__start_, sec)
#define SF_SEC_STOP(sec) SF_GLUE_CAT(__stop_, sec)

extern char SF_SEC_START(SF_REV_SECTION_DATA)[] __attribute__((weak, visibility("hidden")));
extern char SF_SEC_STOP(SF_REV_SECTION_DATA)[] __attribute__((weak, visibility("hidden")));
extern char SF_SEC_START(SF_REV_SECTION_BSS)[] __attribute__((weak, visibility("hidden")));
extern char SF_SEC_STOP(SF_REV_SECTION_BSS)[] __attribute__((weak, visibility("hidden")));

static struct irq_desc sf_ipi_descs[32];

/*
 * STOPFUZZ: restore the data section from its pristine copy and zero bss.
 * Byte loops without sanitizer checks: the sections hold ASan redzones.
 * The pristine copy lives outside the sections (rodata-free heap block).
 */
__attribute__((no_sanitize("address", "thread", "undefined", "memory")))
static void sf_rev_restore(char *dst, const char *src, unsigned long n)
{
	volatile char *d = dst;
	unsigned long i;

	for (i = 0; i < n; i++)
		d[i] = src ? src[i] : 0;
}

/* Outside the restored sections (an explicit section beats the pragma). */
static char *sf_rev_pristine __attribute__((section(".data.sf_keep")));
static unsigned long sf_rev_pristine_len __attribute__((section(".data.sf_keep")));

void *malloc(unsigned long);

__attribute__((no_sanitize("address", "thread", "undefined", "memory")))
static void sf_rev_reset(void)
{
	char *ds = SF_SEC_START(SF_REV_SECTION_DATA);
	char *de = SF_SEC_STOP(SF_REV_SECTION_DATA);
	char *bs = SF_SEC_START(SF_REV_SECTION_BSS);
	char *be = SF_SEC_STOP(SF_REV_SECTION_BSS);
	unsigned long dn = ds ? (unsigned long)(de - ds) : 0;

	if (!sf_rev_pristine && dn) {
		unsigned long i;

		sf_rev_pristine = malloc(dn);
		for (i = 0; i < dn; i++)
			sf_rev_pristine[i] = ((volatile char *)ds)[i];
		sf_rev_pristine_len = dn;
	}
	if (dn)
		sf_rev_restore(ds, sf_rev_pristine, sf_rev_pristine_len);
	if (bs)
		sf_rev_restore(bs, 0, (unsigned long)(be - bs));
}

static void sf_rev_configure(const struct sf_panic_config *cfg)
{
	sf_panic_configure(cfg);
}

static void sf_rev_boot(void)
{
	int i;

	system_state = SYSTEM_RUNNING;
	for (i = 0; i < SF_REV_NR_IPI; i++) {
		sf_ipi_descs[i].sf_ipinr = i;
#ifdef get_ipi_desc
		/* Per-CPU IPI descriptors (Linux 7.x), all sharing the SGI's as
		 * ipi_setup_sgi() sets them. */
		{
			int cpu;

			for (cpu = 0; cpu < NR_CPUS; cpu++)
				get_ipi_desc(cpu, i) = &sf_ipi_descs[i];
		}
#else
		ipi_desc[i] = &sf_ipi_descs[i];
#endif
	}
	SF_REV_BOOT();
}

static int sf_rev_ipi_kind(int ipinr)
{
	if (ipinr == IPI_CPU_STOP)
		return SF_IPI_STOP;
#if SF_HAVE_STOP_NMI
	if (ipinr == IPI_CPU_STOP_NMI)
		return SF_IPI_STOP_NMI;
#endif
#if SF_HAVE_CRASH_STOP_IPI
	if (ipinr == IPI_CPU_CRASH_STOP)
		return SF_IPI_CRASH_STOP;
#endif
#if SF_HAVE_BACKTRACE_IPI
	if (ipinr == IPI_CPU_BACKTRACE)
		return SF_IPI_BACKTRACE;
#endif
	return SF_IPI_OTHER;
}

static int sf_rev_ipi_number(int kind)
{
	int i;

	for (i = 0; i < SF_REV_NR_IPI; i++)
		if (sf_rev_ipi_kind(i) == kind)
			return i;
	return -1;
}

static bool sf_rev_ipi_is_nmi(int ipinr)
{
#if SF_HAVE_IPI_SHOULD_BE_NMI
	return ipi_should_be_nmi((enum ipi_msg_type)ipinr);
#else
	(void)ipinr;
	return false;
#endif
}

static void sf_rev_handle_ipi(int ipinr)
{
	do_handle_IPI(ipinr);
}

static void sf_rev_panic(const char *msg)
{
	panic(msg);
}

static void sf_rev_die(const char *msg)
{
	struct pt_regs regs = { kCtxTopRegs, 0, SF_SITE, 1 };

	die(msg, &regs, 0);
}

static void sf_rev_restart(void)
{
	sf_kernel_reboot(0);
}

static void sf_rev_halt(void)
{
	sf_kernel_reboot(1);
}

static void sf_rev_power_off(void)
{
	sf_kernel_reboot(2);
}

static void sf_rev_backtrace(void)
{
	trigger_all_cpu_backtrace();
}

static void sf_rev_nmi_panic(const char *msg)
{
	nmi_panic(msg);
}

static bool sf_rev_crash_stop_set(void)
{
#if SF_HAVE_CRASH_STOP_FLAG
	return crash_stop;
#else
	return false;
#endif
}

static bool sf_rev_sdei_nmi_available(void)
{
#if SF_HAVE_SDEI_NMI
	return sdei_nmi_available;
#else
	return false;
#endif
}

__attribute__((visibility("default")))
const struct sf_revision SF_REV_SYMBOL = {
	.name = SF_REV_NAME,
	.summary = SF_REV_SUMMARY,
	.features = SF_REV_FEATURES,
	.nr_ipi = SF_REV_NR_IPI,
	.reset = sf_rev_reset,
	.configure = sf_rev_configure,
	.boot = sf_rev_boot,
	.ipi_kind = sf_rev_ipi_kind,
	.ipi_is_nmi = sf_rev_ipi_is_nmi,
	.ipi_number = sf_rev_ipi_number,
	.handle_ipi = sf_rev_handle_ipi,
	.set_cpu_online = set_cpu_online,
	.sdei_entry = sf_sdei_entry,
	.sdei_set_active = sf_sdei_set_active,
	.panic = sf_rev_panic,
	.die = sf_rev_die,
	.machine_restart = sf_rev_restart,
	.machine_halt = sf_rev_halt,
	.machine_power_off = sf_rev_power_off,
	.trigger_backtrace = sf_rev_backtrace,
	.nmi_panic = sf_rev_nmi_panic,
	.crash_stop_set = sf_rev_crash_stop_set,
	.sdei_nmi_available = sf_rev_sdei_nmi_available,
	.online_mask = __cpu_online_mask.bits,
	.num_online = &__num_online_cpus.counter,
#if SF_HAVE_WAITING_FOR_CRASH_IPI
	.waiting_for_crash_ipi = &waiting_for_crash_ipi.counter,
#else
	.waiting_for_crash_ipi = 0,
#endif
	.backtrace_mask = backtrace_mask,
};
