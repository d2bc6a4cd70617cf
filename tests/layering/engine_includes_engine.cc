// engine_includes_engine.cc - the generic harness includes its own headers.
#include "harness/search.h"
#include "harness/timeline.h"
