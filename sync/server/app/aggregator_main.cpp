// lp-aggregator: the central service. All behaviour lives in lp_aggregator (cli.hpp) and the
// dashboard (lp_dashboard: its pages on `serve`, and the import-report / relink commands).
#include <lp/aggregator/cli.hpp>
#include <lp/aggregator/store_commands.hpp>
#include <lp/dashboard/cli.hpp>
#include <lp/dashboard/copy_set.hpp>
#include <lp/dashboard/dashboard.hpp>

#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    const std::string command = argc >= 2 ? argv[1] : "";
    if (lp::dashboard::is_cli_command(command)) return lp::dashboard::run_cli(argc, argv);
    // migrate-store moves the dashboard's tables in the same transaction as the aggregator's.
    if (command == "migrate-store") return lp::aggregator::run_store_command(argc, argv, {lp::dashboard::copy_set()});
    // The dashboard reads its CSS/JS, taxonomy and question sets from the same --assets as serve.
    std::string assets = lp::aggregator::default_assets_dir();
    for (int i = 2; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--assets") assets = argv[i + 1];
    if (argc == 2 && (command == "--help" || command == "-h" || command == "help")) {
        // One list of commands: the dashboard's go in before the "Run ... --help" line.
        std::ostringstream text;
        auto* const old = std::cout.rdbuf(text.rdbuf());
        const int rc = lp::aggregator::run_cli(argc, argv, {});
        std::cout.rdbuf(old);
        std::string usage = text.str();
        const auto at = usage.find("\nRun 'lp-aggregator COMMAND --help'");
        usage.insert(at == std::string::npos ? usage.size() : at, lp::dashboard::cli_usage_lines());
        std::cout << usage;
        return rc;
    }
    return lp::aggregator::run_cli(argc, argv, {lp::dashboard::route_registrar(assets)});
}
