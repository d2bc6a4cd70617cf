/* final.c - revision `final`: the SDEI series as merged (v5), one translation unit.
 *
 * Spec: stop-path.md §4 ([FINAL]), §9, §12. All statics of this unit live in
 * the sections named below so the glue can restore them between executions.
 */
#pragma clang section bss="sf_bss_final" data="sf_data_final"

#include "core/include/core.h"

#include "core/common/cpu.c"
#include "core/final/smp.c"
/* STOPFUZZ: each kernel file has its own pr_fmt; the driver defines one. */
#undef pr_fmt
#include "core/final/arm_sdei_nmi.c"
#undef pr_fmt
#define pr_fmt(fmt) fmt
#include "core/common/nmi_backtrace.c"
#include "core/common/sdei_glue.c"
#include "core/common/panic.c"
#include "core/common/kexec.c"
#include "core/common/reboot.c"
#include "core/common/traps.c"

#define SF_REV_SYMBOL			sf_rev_final
#define SF_REV_NAME			"final"
#define SF_REV_SUMMARY			"merged SDEI series (v5): IPI 1 s, pseudo-NMI 10 ms, SDEI 100 ms"
#define SF_REV_FEATURES			(SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_SDEI_STOP | \
					 SF_FEAT_SDEI_BACKTRACE | SF_FEAT_IPI_BACKTRACE)
#define SF_REV_SECTION_DATA		sf_data_final
#define SF_REV_SECTION_BSS		sf_bss_final
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
