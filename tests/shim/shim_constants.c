/* shim_constants.c - the shim's time constants as seen by kernel C (design §2).
 *
 * kernel.h is a C header with kernel names (macros such as udelay, printk)
 * that cannot share a C++ translation unit with the machine, so the values
 * the test checks are exported from here. */
#include "stopfuzz/kernel.h"

const long sf_test_usec_per_sec = USEC_PER_SEC;
const long sf_test_usec_per_msec = USEC_PER_MSEC;
