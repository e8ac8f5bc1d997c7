// lp-sync-test-kiosk: the kiosk's real sync code paths (the same cmd_enrol / cmd_sync /
// cmd_export that lp-kiosk runs) plus helpers the fault tests need: fill an outbox through the
// real kiosk flow (simulated young people), and print counts and (id, sha256) rows.
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/simulate.hpp>
#include <lp/kiosk/sync/commands.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/sqlite.hpp>

#include <iostream>
#include <string>

namespace {

int fill(int argc, char** argv) {
    auto args = lp::cli::parse(argc, argv, 2, {"--data", "--count", "--seed", "--assets"}, {});
    const std::string dir = args.require("--data");
    const int count = static_cast<int>(args.get_int("--count", 100, 1, 1000000));
    lp::kiosk::SessionOptions options;
    options.data_dir = dir;
    options.assets_dir = args.get("--assets").value_or(LP_SOURCE_DIR "/assets");
    options.enable_speech = false;
    double now = 1000;
    auto session = lp::kiosk::KioskSession::open(options, now);
    if (!session) {
        std::cerr << "fill: " << session.error().message << "\n";
        return 1;
    }
    if (!(*session)->has_sealing_key()) {
        std::cerr << "fill: no sealing key (enrol first)\n";
        return 1;
    }
    const auto summary = lp::kiosk::simulate_responses(**session, count,
                                                       static_cast<std::uint64_t>(args.get_int("--seed", 1, 0, 1LL << 40)), now);
    std::cout << "saved " << summary.saved << " failed " << summary.failed << "\n";
    return summary.failed == 0 ? 0 : 1;
}

lp::kiosk::Outbox open_outbox(const std::string& dir) {
    auto o = lp::kiosk::Outbox::open(lp::kiosk::outbox_path(dir));
    if (!o) throw std::runtime_error(o.error().message);
    return std::move(o.value());
}

int counts(int argc, char** argv) {
    auto args = lp::cli::parse(argc, argv, 2, {"--data"}, {});
    auto outbox = open_outbox(args.require("--data"));
    auto c = outbox.counts();
    if (!c) return 1;
    std::cout << "{\"stored\":" << c->stored << ",\"pending\":" << c->pending << ",\"sent\":" << c->sent
              << ",\"quarantined\":" << c->quarantined << "}\n";
    return 0;
}

int dump(int argc, char** argv) {
    // Every row ever stored (sent rows are kept for 30 days, so nothing is purged in a test).
    auto args = lp::cli::parse(argc, argv, 2, {"--data"}, {});
    lp::db::Database db(lp::kiosk::outbox_path(args.require("--data")), lp::db::OpenOptions{true, false, true, true, 5000});
    auto st = db.prepare("SELECT id, sha256 FROM outbox ORDER BY id");
    while (st.step()) std::cout << st.column_text(0) << " " << st.column_text(1) << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string cmd = argc > 1 ? argv[1] : "";
    try {
        if (cmd == "enrol") return lp::kiosk::cmd_enrol(argc, argv);
        if (cmd == "sync") return lp::kiosk::cmd_sync(argc, argv);
        if (cmd == "export") return lp::kiosk::cmd_export(argc, argv);
        if (cmd == "fill") return fill(argc, argv);
        if (cmd == "counts") return counts(argc, argv);
        if (cmd == "dump") return dump(argc, argv);
        if (cmd == "--help") {
            std::cout << "usage: lp-sync-test-kiosk enrol|sync|export|fill|counts|dump --data DIR ...\n";
            return 0;
        }
    } catch (const lp::cli::UsageError& e) {
        std::cerr << "lp-sync-test-kiosk: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lp-sync-test-kiosk: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "lp-sync-test-kiosk: unknown command '" << cmd << "'\n";
    return 2;
}
