// engine_includes_stop.cc - the generic harness may not reach harness/stop/.
#include "harness/stop/run.h"
