#pragma once
// The dashboard's lp-aggregator subcommands: import-report (load a theme catalogue written by
// `lp-themes import`) and relink (rebuild summaries, comment links and the safeguarding queue).
#include <string>

namespace lp::dashboard {

/// True for the subcommands this module handles.
bool is_cli_command(const std::string& name);
/// Runs one of them (argv[1] is the command); 0 ok, 1 failure, 2 usage error.
int run_cli(int argc, char** argv);
/// The lines lp-aggregator --help adds for these commands.
const char* cli_usage_lines();

}  // namespace lp::dashboard
