// lp-kiosk status --data DIR: counts and identity as JSON, without creating anything.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/outbox_recovery.hpp>
#include <lp/kiosk/question_source.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace lp::kiosk::app {

std::string assets_dir_or_default(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("LP_ASSETS_DIR"); env && *env) return env;
    return LP_DEFAULT_ASSETS_DIR;
}

std::string default_data_dir() {
    if (const char* env = std::getenv("LP_KIOSK_DATA"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/listening-post/kiosk";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/listening-post/kiosk";
    return "kiosk-data";
}

int cmd_status(int argc, char** argv) {
    std::string dir, assets;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data", "--assets"}, {"--help"});
        if (args.has("--help")) {
            std::printf("usage: lp-kiosk status --data DIR [--assets DIR]\n");
            return 0;
        }
        dir = args.require("--data");
        assets = assets_dir_or_default(args.get("--assets").value_or(""));
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals[0]);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "lp-kiosk status: %s\n", e.what());
        return 2;
    }
    nlohmann::json out;
    KioskConfig config;
    if (file_exists(config_path(dir))) {
        auto values = load_config_file(config_path(dir));
        auto c = values ? config_from_values(*values) : Result<KioskConfig>(values.error());
        if (!c) {
            std::fprintf(stderr, "lp-kiosk status: %s\n", c.error().message.c_str());
            return 1;
        }
        config = *c;
    }
    out["data_dir"] = dir;
    out["stored"] = 0;
    out["pending"] = 0;
    out["sent"] = 0;
    out["quarantined"] = 0;
    out["needs_help_pending"] = 0;
    out["last_success"] = nullptr;
    out["last_error"] = "";
    if (file_exists(outbox_path(dir))) {
        auto ob = Outbox::open(outbox_path(dir));
        if (!ob) {
            bool damaged = false;
            check_outbox_file(outbox_path(dir), damaged);
            std::fprintf(stderr, "lp-kiosk status: %s%s\n", ob.error().message.c_str(),
                         damaged ? " (the database is damaged: starting the kiosk or `lp-kiosk salvage --data DIR` "
                                   "moves it aside and brings back what can be read)"
                                 : "");
            return 1;
        }
        if (auto c = ob->counts()) {
            out["stored"] = c->stored;
            out["pending"] = c->pending;
            out["sent"] = c->sent;
            out["quarantined"] = c->quarantined;
            out["needs_help_pending"] = c->needs_help_pending;
        }
        if (auto s = ob->last_sync()) {
            if (s->last_success_time) out["last_success"] = s->last_success_time;
            out["last_error"] = s->last_error;
        }
    }
    auto device = load_device_info(dir);
    std::optional<DeviceInfo> dev = device ? *device : std::nullopt;
    if (dev && !dev->device_id.empty())
        out["device_id"] = dev->device_id;
    else
        out["device_id"] = nullptr;
    out["set_up"] = resolve_sealing_key(dev, config).has_value();
    auto chosen = choose_question_set(dir, assets, config.question_set, config.question_set_explicit);
    if (chosen)
        out["question_set"] = {{"id", chosen->set.id}, {"version", chosen->set.version}};
    else
        out["question_set"] = nullptr;
    std::cout << out.dump() << std::endl;
    return 0;
}

}  // namespace lp::kiosk::app
