/* linux-6.1.c - revision `linux-6.1`: Debian's Linux 6.1 stop path, one translation unit.
 *
 * Spec: stop-path.md §12.6 (no ladder, separate crash stop with its own IPI
 * and ack counter), §5 (pre-2024 design). No pseudo-NMI rung, no SDEI NMI
 * driver, no arm64 arch_trigger_cpumask_backtrace(). All statics of this
 * unit live in the sections named below so the glue can restore them.
 */
#pragma clang section bss="sf_bss_linux_6_1" data="sf_data_linux_6_1"

#include "core/include/core.h"

#include "core/common/cpu.c"
#include "core/linux-6.1/smp.c"
#include "core/common/nmi_backtrace.c"
#include "core/common/sdei_glue.c"
#include "core/common/panic.c"
#include "core/common/kexec.c"
#include "core/common/reboot.c"
#include "core/common/traps.c"

#define SF_REV_SYMBOL			sf_rev_linux_6_1
#define SF_REV_NAME			"linux-6.1"
#define SF_REV_SUMMARY			"Linux 6.1: IPI 1 s only, separate crash stop (IPI_CPU_CRASH_STOP, ack counter)"
#define SF_REV_FEATURES			0
#define SF_REV_SECTION_DATA		sf_data_linux_6_1
#define SF_REV_SECTION_BSS		sf_bss_linux_6_1
#define SF_REV_NR_IPI			NR_IPI
#define SF_REV_BOOT()			do { } while (0)
#define SF_HAVE_STOP_NMI		0
#define SF_HAVE_CRASH_STOP_IPI		1
#define SF_HAVE_BACKTRACE_IPI		0
#define SF_HAVE_IPI_SHOULD_BE_NMI	0
#define SF_HAVE_CRASH_STOP_FLAG		0
#define SF_HAVE_WAITING_FOR_CRASH_IPI	1
#define SF_HAVE_SDEI_NMI		0

#include "core/revision_glue.h"
