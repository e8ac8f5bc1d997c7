#pragma once
// The lp-aggregator command line: init, serve, enrol-code, devices, revoke, add-manager,
// export, import. The executable's main() only calls run_cli().
#include <lp/aggregator/app.hpp>

#include <string>
#include <vector>

namespace lp::aggregator {

/// Runs one subcommand; returns the exit code (0 ok, 1 failure, 2 usage error). extra_routes
/// are added to `serve` (the dashboard's pages).
int run_cli(int argc, char** argv, const std::vector<RouteRegistrar>& extra_routes = {});

/// Parses "90s", "15m", "24h", "7d" (or plain seconds); -1 when malformed.
long long parse_duration_s(const std::string& text);

}  // namespace lp::aggregator
