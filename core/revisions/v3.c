/* v3.c - revision `v3` of the SDEI series "arm64: cross-CPU NMI via SDEI", one translation unit.
 *
 * Spec: stop-path.md §9 ([v3] column), §4.3-§4.15, §12.4 (the base already
 * has the SDEI backtrace driver). All statics of this unit live in the
 * sections named below so the glue can restore them between executions.
 *
 * v3 differs from v4 and final: no NULL check before crash_save_cpu() in
 * arm64_nmi_cpu_stop() (§4.6 step 3, §9 "NULL regs on crash": a self-stopping
 * panic loser on the crash path writes a note from NULL regs); the SDEI
 * driver publishes sdei_nmi_stopping with smp_wmb(), has no barrier in the
 * backtrace raise (§4.14) and no sdei_is_present() gate in init (§4.15).
 */
#pragma clang section bss="sf_bss_v3" data="sf_data_v3"

#include "core/include/core.h"

#include "core/common/cpu.c"
#include "core/v3/smp.c"
/* STOPFUZZ: each kernel file has its own pr_fmt; the driver defines one. */
#undef pr_fmt
#include "core/v3/arm_sdei_nmi.c"
#undef pr_fmt
#define pr_fmt(fmt) fmt
#include "core/common/nmi_backtrace.c"
#include "core/common/sdei_glue.c"
#include "core/common/panic.c"
#include "core/common/kexec.c"
#include "core/common/reboot.c"
#include "core/common/traps.c"

#define SF_REV_SYMBOL			sf_rev_v3
#define SF_REV_NAME			"v3"
#define SF_REV_SUMMARY			"v3 (Jun 15): write-once sdei_nmi_stopping, unified arm64_nmi_cpu_stop() without the NULL-regs guard"
#define SF_REV_FEATURES			(SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_SDEI_STOP | \
					 SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE)
#define SF_REV_SECTION_DATA		sf_data_v3
#define SF_REV_SECTION_BSS		sf_bss_v3
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
