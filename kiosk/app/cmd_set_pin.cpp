// lp-kiosk set-pin --data DIR: reads the new staff PIN from stdin and stores its argon2id hash.
#include <cstdio>
#include <iostream>
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/kiosk/staff_pin.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/crypto.hpp>

#include "commands.hpp"

namespace lp::kiosk::app {

int cmd_set_pin(int argc, char** argv) {
    std::string dir;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data"}, {"--help"});
        if (args.has("--help")) {
            std::printf("usage: echo 1234 | lp-kiosk set-pin --data DIR   (4 to 8 digits)\n");
            return 0;
        }
        dir = args.require("--data");
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals[0]);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "lp-kiosk set-pin: %s\n", e.what());
        return 2;
    }
    std::string pin;
    std::getline(std::cin, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    if (!pin_well_formed(pin)) {
        std::fprintf(stderr, "lp-kiosk set-pin: the PIN must be 4 to 8 digits\n");
        return 2;
    }
    auto config = load_or_create_config(dir);
    if (!config) {
        std::fprintf(stderr, "lp-kiosk set-pin: %s\n", config.error().message.c_str());
        return 1;
    }
    auto st = set_config_value(config_path(dir), "staff_pin_hash", crypto::hash_password(pin));
    if (!st) {
        std::fprintf(stderr, "lp-kiosk set-pin: %s\n", st.error().message.c_str());
        return 1;
    }
    std::printf("staff PIN set in %s\n", config_path(dir).c_str());
    return 0;
}

}  // namespace lp::kiosk::app
