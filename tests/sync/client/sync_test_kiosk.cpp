// lp-sync-test-kiosk: the kiosk's real sync code paths (the same cmd_enrol / cmd_sync /
// cmd_export that lp-kiosk runs) plus helpers the fault tests need: fill an outbox through the
// real kiosk flow (simulated young people), and print counts and (id, sha256) rows.
#include <chrono>
#include <iostream>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/simulate.hpp>
#include <lp/kiosk/sync/commands.hpp>
#include <lp/kiosk/sync/sync_worker.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/sqlite.hpp>
#include <string>
#include <thread>

namespace {

/// A session without speech on a kiosk data dir at time now; nullptr, with the reason printed
/// after "command: ", when it does not open, or when needs_sealing_key and none is set yet.
std::unique_ptr<lp::kiosk::KioskSession> open_session(const std::string& dir, const std::string& assets, double now,
                                                      const char* command, bool needs_sealing_key) {
    lp::kiosk::SessionOptions options;
    options.data_dir = dir;
    options.assets_dir = assets;
    options.enable_speech = false;
    auto session = lp::kiosk::KioskSession::open(options, now);
    if (!session) {
        std::cerr << command << ": " << session.error().message << "\n";
        return nullptr;
    }
    if (needs_sealing_key && !(*session)->has_sealing_key()) {
        std::cerr << command << ": no sealing key (enrol first)\n";
        return nullptr;
    }
    return std::move(*session);
}

int fill(int argc, char** argv) {
    auto args = lp::cli::parse(argc, argv, 2, {"--data", "--count", "--rows", "--seed", "--assets"}, {});
    const std::string dir = args.require("--data");
    const int count = static_cast<int>(args.get_int("--count", 100, 1, 1000000));
    double now = 1000;
    auto session = open_session(dir, args.get("--assets").value_or(LP_SOURCE_DIR "/assets"), now, "fill", true);
    if (!session) return 1;
    const auto seed = static_cast<std::uint64_t>(args.get_int("--seed", 1, 0, 1LL << 40));
    if (args.has("--rows")) {
        // Exactly N outbox rows (a session may store a help-only row too), for benchmarks.
        const long long rows = args.get_int("--rows", 100, 1, 10000000);
        auto* outbox = session->outbox();
        long long stored = outbox->counts()->stored;
        for (std::uint64_t i = 0; stored < rows; ++i) {
            const auto before = stored;
            (void)lp::kiosk::simulate_responses(*session, 1, seed + i, now);
            stored = outbox->counts()->stored;
            if (stored - before > 1 && stored > rows) {
                std::cerr << "fill: overshot to " << stored << " rows\n";
                break;
            }
        }
        std::cout << "rows " << stored << "\n";
        return 0;
    }
    const auto summary = lp::kiosk::simulate_responses(*session, count, seed, now);
    std::cout << "saved " << summary.saved << " failed " << summary.failed << "\n";
    return summary.failed == 0 ? 0 : 1;
}

// One young person through the real flow: skips every question, types --comment on the comment
// screen key by key, presses "I need to talk to someone" and asks for a follow-up with --help,
// and sends. For tests that need a known comment (alerts, the "To read" queue).
int say(int argc, char** argv) {
    namespace ev = lp::kiosk::ev;
    auto args = lp::cli::parse(argc, argv, 2, {"--data", "--comment", "--assets"}, {"--help-request"});
    double now = 1000;
    auto session = open_session(args.require("--data"), args.get("--assets").value_or(LP_SOURCE_DIR "/assets"), now,
                                "say", true);
    if (!session) return 1;
    auto& k = *session;
    auto tap = [&](lp::kiosk::UiEvent e) {
        now += 0.5;
        k.apply(e, now);
        k.poll(now);
    };
    const std::string comment = args.get("--comment").value_or("");
    tap(ev::Start{});
    tap(ev::ChooseAge{lp::AgeBand::unsaid});
    if (args.has("--help-request")) {
        tap(ev::OpenHelp{});
        tap(ev::FlagForFollowUp{});
        tap(ev::CloseHelp{});
    }
    using lp::kiosk::Screen;
    while (k.flow().screen() == Screen::question || k.flow().screen() == Screen::comment) {
        const lp::Question* q = k.flow().current_question();
        if (q && q->kind == lp::QuestionKind::comment) {
            for (char c : comment) k.apply(ev::TypeText{std::string(1, c)}, now);
            tap(ev::Next{});
        } else {
            tap(ev::Skip{});
        }
    }
    if (k.flow().screen() == Screen::review) tap(ev::Send{false});
    if (k.flow().screen() != Screen::thank_you) {
        std::cerr << "say: the response was not saved\n";
        return 1;
    }
    tap(ev::DismissMessage{});
    std::cout << "saved 1\n";
    return 0;
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
    lp::db::Database db(lp::kiosk::outbox_path(args.require("--data")),
                        lp::db::OpenOptions{true, false, true, true, 5000});
    auto st = db.prepare("SELECT id, sha256 FROM outbox ORDER BY id");
    while (st.step()) std::cout << st.column_text(0) << " " << st.column_text(1) << "\n";
    return 0;
}

// Runs the real background SyncWorker (as the kiosk app does) while simulated young people
// save responses; exits 0 once everything is acknowledged, 1 on timeout.
int worker(int argc, char** argv) {
    auto args = lp::cli::parse(
        argc, argv, 2,
        {"--data", "--fill", "--seed", "--timeout-s", "--backoff-base-ms", "--backoff-cap-ms", "--low-speed-time-s"},
        {});
    const std::string dir = args.require("--data");
    lp::kiosk::SyncWorkerSettings settings;
    settings.sync.backoff.base_ms = args.get_int("--backoff-base-ms", 200, 1, 600000);
    settings.sync.backoff.cap_ms = args.get_int("--backoff-cap-ms", 2000, 1, 3600000);
    settings.sync.timeouts.low_speed_time_s = static_cast<long>(args.get_int("--low-speed-time-s", 20, 1, 600));
    settings.watch_interval_ms = 100;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(args.get_int("--timeout-s", 60, 1, 3600));

    double now = 1000;
    auto session = open_session(dir, LP_SOURCE_DIR "/assets", now, "worker", false);
    if (!session) return 1;
    // Same order as the app: the session (and its outbox) first, then the sync worker.
    std::atomic<int> wakes{0};
    lp::kiosk::SyncWorker w(
        dir, [&] { ++wakes; }, settings);
    const int fill_count = static_cast<int>(args.get_int("--fill", 0, 0, 1000000));
    const auto seed = static_cast<std::uint64_t>(args.get_int("--seed", 1, 0, 1LL << 40));
    for (int i = 0; i < fill_count; i += 10) {
        (void)lp::kiosk::simulate_responses(*session, std::min(10, fill_count - i),
                                            seed + static_cast<std::uint64_t>(i), now);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::string last_line;
    while (std::chrono::steady_clock::now() < deadline) {
        const lp::kiosk::SyncStatus s = w.status();
        const std::string line = "pending " + std::to_string(s.pending) + " sent " + std::to_string(s.sent) +
                                 (s.last_error_plain_words.empty() ? "" : " error: " + s.last_error_plain_words);
        if (line != last_line) {
            std::cout << line << std::endl;
            last_line = line;
        }
        if (s.pending == 0 && s.sent > 0 && !s.syncing) {
            std::cout << "drained (ui wakes " << wakes.load() << ")" << std::endl;
            return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cout << "timed out" << std::endl;
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string cmd = argc > 1 ? argv[1] : "";
    try {
        if (cmd == "enrol") return lp::kiosk::cmd_enrol(argc, argv);
        if (cmd == "sync") return lp::kiosk::cmd_sync(argc, argv);
        if (cmd == "export") return lp::kiosk::cmd_export(argc, argv);
        if (cmd == "fill") return fill(argc, argv);
        if (cmd == "say") return say(argc, argv);
        if (cmd == "counts") return counts(argc, argv);
        if (cmd == "dump") return dump(argc, argv);
        if (cmd == "worker") return worker(argc, argv);
        if (cmd == "--help") {
            std::cout << "usage: lp-sync-test-kiosk enrol|sync|export|fill|say|counts|dump --data DIR ...\n";
            return 0;
        }
    } catch (...) {
        return lp::cli::exit_for_exception("lp-sync-test-kiosk");
    }
    std::cerr << "lp-sync-test-kiosk: unknown command '" << cmd << "'\n";
    return 2;
}
