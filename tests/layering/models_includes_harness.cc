// models_includes_harness.cc - models/ may not reach the harness.
#include "harness/tape.h"
