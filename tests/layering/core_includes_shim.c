/* core_includes_shim.c - core/ compiles against the shim. */
#include "stopfuzz/kernel.h"
#include "core/include/core.h"
