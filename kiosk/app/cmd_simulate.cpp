// lp-kiosk simulate --data DIR --count N [--seed S]: synthetic young people through the same
// session, flow and store as the touch screen.
#include <cstdio>
#include <iostream>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/simulate.hpp>
#include <lp/shared/cli.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "commands.hpp"

namespace lp::kiosk::app {

int cmd_simulate(int argc, char** argv) {
    std::string dir, assets;
    long long count = 0, seed = 0;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data", "--count", "--seed", "--assets"}, {"--help"});
        if (args.has("--help")) {
            std::printf("usage: lp-kiosk simulate --data DIR --count N [--seed S] [--assets DIR]\n");
            return 0;
        }
        dir = args.require("--data");
        count = args.get_int("--count", -1, 0, 10000000);
        if (count < 0) throw cli::UsageError("missing --count");
        seed = args.get_int("--seed", static_cast<long long>(std::random_device{}() & 0x7fffffff), 0,
                            9223372036854775807LL);
        assets = assets_dir_or_default(args.get("--assets").value_or(""));
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals[0]);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "lp-kiosk simulate: %s\n", e.what());
        return 2;
    }
    double now = 0;
    auto session = KioskSession::open(SessionOptions{dir, assets, false, {}}, now);
    if (!session) {
        std::fprintf(stderr, "lp-kiosk simulate: %s\n", session.error().message.c_str());
        return 1;
    }
    if (!(*session)->has_sealing_key()) {
        std::fprintf(stderr,
                     "lp-kiosk simulate: this kiosk is not set up (enrol it, or set sealing_public_key in %s)\n",
                     config_path(dir).c_str());
        return 1;
    }
    auto summary = simulate_responses(**session, static_cast<int>(count), static_cast<std::uint64_t>(seed), now);
    nlohmann::json out = {
        {"saved", summary.saved}, {"failed", summary.failed}, {"help_flags", summary.help_flags}, {"seed", seed}};
    std::cout << out.dump() << std::endl;
    if (summary.failed > 0) {
        std::fprintf(stderr, "lp-kiosk simulate: %d responses could not be saved: %s\n", summary.failed,
                     (*session)->last_save_error().c_str());
        return 1;
    }
    return 0;
}

}  // namespace lp::kiosk::app
