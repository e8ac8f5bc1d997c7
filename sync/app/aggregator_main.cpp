// lp-aggregator: the central service. All behaviour lives in lp_aggregator (cli.hpp) and the
// dashboard (lp_dashboard: its pages on `serve`, and the import-report / relink commands).
#include <lp/aggregator/cli.hpp>
#include <lp/dashboard/cli.hpp>
#include <lp/dashboard/dashboard.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string command = argc >= 2 ? argv[1] : "";
    if (lp::dashboard::is_cli_command(command)) return lp::dashboard::run_cli(argc, argv);
    const int rc = lp::aggregator::run_cli(argc, argv, {lp::dashboard::route_registrar(lp::aggregator::default_assets_dir())});
    if (argc == 2 && (command == "--help" || command == "-h" || command == "help")) std::cout << lp::dashboard::cli_usage_lines();
    return rc;
}
