#pragma once
// lp-kiosk subcommands. Each gets the whole argv; its own options start at argv[2].
// Exit codes: 0 ok, 1 failure, 2 usage error (one line on stderr).
#include <string>

namespace lp::kiosk::app {

int cmd_run(int argc, char** argv);  // the touch-screen UI (no subcommand)
int cmd_status(int argc, char** argv);
int cmd_simulate(int argc, char** argv);
int cmd_set_pin(int argc, char** argv);
int cmd_salvage(int argc, char** argv);

/// --assets, else $LP_ASSETS_DIR, else the build's assets folder.
std::string assets_dir_or_default(const std::string& option);
/// The default data dir when --data is not given (UI only).
std::string default_data_dir();

}  // namespace lp::kiosk::app
