// main.cc - the `stopfuzz` command: fuzz, replay, minimize, list, kill-table, check.
//
// Spec: design.md §7 (one-line repro, per-CPU timeline, JSON), §8.4 (options
// declared once, with CLI11, in cli/cmd_*.cc). Exit status: 0 clean (known
// findings allowed), 1 a property violation, 2 usage, I/O or build error;
// every error is one line starting "stopfuzz: " (a usage error adds one line
// pointing at --help).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli_common.h"
#include "cli/commands.h"

namespace {

const char kDescription[] =
    "Property-based fuzzing of the Linux arm64 CPU stop path (smp_send_stop(): IPI,\n"
    "pseudo-NMI and SDEI rungs) on a simulated SMP machine.";

const char kFooter[] =
    "Inputs are choice tapes: any byte string up to 4096 bytes is valid; an empty\n"
    "file is the simplest scenario. Exit status: 0 clean (known findings allowed),\n"
    "1 a property violation, 2 usage, I/O or build error.\n"
    "`stopfuzz COMMAND --help` shows the options of one command.";

}  // namespace

int main(int argc, char** argv) {
  using namespace sf;
  CLI::App app{kDescription, "stopfuzz"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough(false);
  int rc = kExitError;
  add_fuzz_command(app, &rc);
  add_replay_command(app, &rc);
  add_minimize_command(app, &rc);
  add_list_command(app, &rc);
  add_kill_table_command(app, &rc);
  add_check_command(app, &rc);
  add_litmus_command(app, &rc);
  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "this text, or the options of one command");
  help->add_option("command", help_topic, "a command")->option_text("COMMAND");
  help->callback([&] {
    if (help_topic.empty()) {
      // app.help() would describe the selected subcommand, i.e. `help`.
      std::cout << app.get_formatter()->make_help(&app, "stopfuzz", CLI::AppFormatMode::Normal);
      rc = kExitClean;
      return;
    }
    for (CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() == help_topic) {
        std::cout << sub->help("stopfuzz");
        rc = kExitClean;
        return;
      }
    rc = cli_error("no command '" + help_topic + "' (see `stopfuzz help`)");
  });

  if (argc < 2) {
    std::cerr << app.help();
    return kExitError;
  }
  // An unknown first word is an unknown command, not a missing one.
  const std::string first = argv[1];
  bool known = first.empty() || first[0] == '-';
  for (const CLI::App* sub : app.get_subcommands({})) known |= sub->get_name() == first;
  if (!known) return cli_error("unknown command '" + first + "' (see `stopfuzz help`)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();  // the help of the selected command, if any
    return kExitClean;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    const auto subs = app.get_subcommands();
    const std::string where = subs.empty() ? "stopfuzz help" : "stopfuzz " + subs.front()->get_name() + " --help";
    fprintf(stderr, "stopfuzz: %s\n(see `%s`)\n", without_prefix(e.what()).c_str(), where.c_str());
    return kExitError;
  }
  return rc;
}
