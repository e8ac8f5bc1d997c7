// lp-kiosk salvage --data DIR [--from FILE]: copies every readable, intact response from a damaged
// database (by default the newest DIR/kiosk.db.corrupt-*) into the outbox. Safe to run again.
#include <cstdio>
#include <filesystem>
#include <lp/kiosk/outbox_recovery.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace lp::kiosk::app {

int cmd_salvage(int argc, char** argv) {
    std::string dir, from;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data", "--from"}, {"--help"});
        if (args.has("--help")) {
            std::printf(
                "usage: lp-kiosk salvage --data DIR [--from FILE]\n"
                "Copies the answers that can still be read (and whose locked bytes match their hash) from a\n"
                "damaged database into DIR/kiosk.db. FILE defaults to the newest DIR/kiosk.db.corrupt-*.\n"
                "Prints counts as JSON. Running it again copies nothing twice.\n");
            return 0;
        }
        dir = args.require("--data");
        from = args.get("--from").value_or("");
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals[0]);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "lp-kiosk salvage: %s\n", e.what());
        return 2;
    }
    // Opening first finds a damage nobody has noticed yet and moves that file aside.
    auto outbox = open_outbox_recovering(dir, now_unix());
    if (!outbox) {
        std::fprintf(stderr, "lp-kiosk salvage: %s\n", outbox.error().message.c_str());
        return 1;
    }
    if (from.empty()) {
        auto files = damaged_outbox_files(dir);
        if (files.empty()) {
            std::fprintf(stderr, "lp-kiosk salvage: no damaged database (kiosk.db.corrupt-*) in %s; use --from FILE\n",
                         dir.c_str());
            return 1;
        }
        from = files.front();
    }
    if (!std::filesystem::exists(from)) {
        std::fprintf(stderr, "lp-kiosk salvage: %s does not exist\n", from.c_str());
        return 1;
    }
    SalvageReport r = salvage_into(*outbox, from);
    nlohmann::json j = {{"from", from},
                        {"read", r.read},
                        {"bad_hash", r.bad_hash},
                        {"imported", r.imported},
                        {"imported_pending", r.imported_pending},
                        {"already_there", r.already_there},
                        {"seq_taken", r.seq_taken},
                        {"complete", r.complete},
                        {"problem", r.problem}};
    std::printf("%s\n", j.dump().c_str());
    if (r.imported > 0) {
        auto note = outbox->recovery_note();
        std::string text = note ? *note : std::string();
        text += (text.empty() ? "" : " ") + std::string("Salvage on ") + iso_utc(now_unix()) + " brought back " +
                std::to_string(r.imported) + " responses (" + std::to_string(r.imported_pending) + " to send).";
        (void)outbox->set_recovery_note(text);
        if (auto facts = outbox->recovery_facts(); facts && *facts) {
            (*facts)->brought_back += r.imported;
            (void)outbox->set_recovery_facts(**facts);
        }
    }
    return 0;
}

}  // namespace lp::kiosk::app
