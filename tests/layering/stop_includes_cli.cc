// stop_includes_cli.cc - the harness may not reach the command.
#include "cli/commands.h"
