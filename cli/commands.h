// commands.h - the subcommands of `stopfuzz`, each declared once with CLI11.
//
// Spec: design.md §7 (engines and outputs), §8.4 (options defined once: the
// declarations in cmd_*.cc are the only place an option, its help text and
// its checks exist). Each add_*_command() adds one subcommand to the app;
// its callback runs the command and stores the exit status in *rc.
#pragma once

namespace CLI {
class App;
}

namespace sf {

void add_fuzz_command(CLI::App& app, int* rc);
void add_replay_command(CLI::App& app, int* rc);
void add_minimize_command(CLI::App& app, int* rc);
void add_list_command(CLI::App& app, int* rc);
void add_kill_table_command(CLI::App& app, int* rc);
void add_check_command(CLI::App& app, int* rc);
void add_litmus_command(CLI::App& app, int* rc);

}  // namespace sf
