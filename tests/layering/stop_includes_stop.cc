// stop_includes_stop.cc - the stop path includes the harness and below.
#include "harness/stop/run.h"
#include "harness/stop/stop_search.h"
