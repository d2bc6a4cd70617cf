/* v2.c - revision `v2` of the SDEI series "arm64: cross-CPU NMI via SDEI", one translation unit.
 *
 * Spec: stop-path.md §9 ([v2] column), §4.3-§4.15, §12.4 (the base already
 * has the SDEI backtrace driver). All statics of this unit live in the
 * sections named below so the glue can restore them between executions.
 */
#pragma clang section bss="sf_bss_v2" data="sf_data_v2"

/*
 * STOPFUZZ: the shim declares the merged series' prototypes of these two
 * (void sdei_nmi_stop_cpus(), arm64_nmi_cpu_stop(regs, die_on_crash)); v2's
 * differ (bool return, one argument), so the shim's declarations are moved
 * out of the way for this unit only.
 */
#define sdei_nmi_stop_cpus	sf_shim_unused_sdei_nmi_stop_cpus
#define arm64_nmi_cpu_stop	sf_shim_unused_arm64_nmi_cpu_stop
#include "core/include/core.h"
#undef sdei_nmi_stop_cpus
#undef arm64_nmi_cpu_stop

#include "core/common/cpu.c"
#include "core/v2/smp.c"
#include "core/v2/sdei_nmi.c"
#include "core/common/nmi_backtrace.c"
#include "core/common/sdei_glue.c"
#include "core/common/panic.c"
#include "core/common/kexec.c"
#include "core/common/reboot.c"
#include "core/common/traps.c"

#define SF_REV_SYMBOL			sf_rev_v2
#define SF_REV_NAME			"v2"
#define SF_REV_SUMMARY			"v2 (Jun 9): SDEI rung for every stop, sdei_nmi_stop_mask, bool sdei_nmi_stop_cpus()"
#define SF_REV_FEATURES			(SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_SDEI_STOP | \
					 SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE)
#define SF_REV_SECTION_DATA		sf_data_v2
#define SF_REV_SECTION_BSS		sf_bss_v2
#define SF_REV_NR_IPI			MAX_IPI
#define SF_REV_BOOT()			sdei_nmi_init()
#define SF_HAVE_STOP_NMI		1
#define SF_HAVE_CRASH_STOP_IPI		0
#define SF_HAVE_BACKTRACE_IPI		1
#define SF_HAVE_IPI_SHOULD_BE_NMI	1
#define SF_HAVE_CRASH_STOP_FLAG		1
#define SF_HAVE_WAITING_FOR_CRASH_IPI	0
#define SF_HAVE_SDEI_NMI		1

#include "core/revision_glue.h"
