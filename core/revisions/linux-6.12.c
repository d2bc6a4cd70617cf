/* linux-6.12.c - revision `linux-6.12`: Debian's Linux 6.12 stop path, one translation unit.
 *
 * Spec: stop-path.md §12.4 (the author's base without the SDEI backtrace
 * driver; on-stack mask), §4.3 rungs 1-2, §4.7. All statics of this unit
 * live in the sections named below so the glue can restore them.
 */
#pragma clang section bss="sf_bss_linux_6_12" data="sf_data_linux_6_12"

#include "core/include/core.h"

#include "core/common/cpu.c"
#include "core/linux-6.12/smp.c"
#include "core/common/nmi_backtrace.c"
#include "core/common/sdei_glue.c"
#include "core/common/panic.c"
#include "core/common/kexec.c"
#include "core/common/reboot.c"
#include "core/common/traps.c"

#define SF_REV_SYMBOL			sf_rev_linux_6_12
#define SF_REV_NAME			"linux-6.12"
#define SF_REV_SUMMARY			"Linux 6.12: IPI 1 s, pseudo-NMI 10 ms, IPI backtrace, no SDEI NMI"
#define SF_REV_FEATURES			(SF_FEAT_PSEUDO_NMI_RUNG | SF_FEAT_IPI_BACKTRACE)
#define SF_REV_SECTION_DATA		sf_data_linux_6_12
#define SF_REV_SECTION_BSS		sf_bss_linux_6_12
#define SF_REV_NR_IPI			MAX_IPI
#define SF_REV_BOOT()			do { } while (0)
#define SF_HAVE_STOP_NMI		1
#define SF_HAVE_CRASH_STOP_IPI		0
#define SF_HAVE_BACKTRACE_IPI		1
#define SF_HAVE_IPI_SHOULD_BE_NMI	1
#define SF_HAVE_CRASH_STOP_FLAG		1
#define SF_HAVE_WAITING_FOR_CRASH_IPI	0
#define SF_HAVE_SDEI_NMI		0

#include "core/revision_glue.h"
