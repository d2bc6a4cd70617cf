/* core_includes_models.c - core/ may not reach the machine. */
#include "models/machine.h"
