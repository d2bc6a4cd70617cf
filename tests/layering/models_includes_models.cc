// models_includes_models.cc - models/ includes its own headers.
#include "models/machine.h"
