#include <chrono>
#include <iostream>
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/kiosk/sync/commands.hpp>
#include <lp/kiosk/sync/outbox_adapter.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/wire.hpp>
#include <lp/client/engine.hpp>
#include <lp/client/enrol.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <lp/client/you_said_we_did.hpp>
#include <thread>

namespace lp::kiosk {

namespace {

constexpr const char* enrol_usage =
    "usage: lp-kiosk enrol --data DIR --server URL --code CODE [--ca FILE | --pin sha256//...] [--name NAME]\n"
    "Trades a one-time code from `lp-aggregator enrol-code` for this kiosk's identity. A self-signed\n"
    "server is trusted through its certificate (--ca) or the pin that enrol-code prints (--pin).\n";
constexpr const char* sync_usage =
    "usage: lp-kiosk sync --data DIR [--attempts N] [--backoff-base-ms MS] [--backoff-cap-ms MS]\n"
    "         [--batch-size N] [--connect-timeout-s S] [--low-speed-time-s S] [--no-question-set]\n"
    "Sends waiting answers once (retrying up to N attempts with backoff). Exit 0 when nothing is\n"
    "left pending, 1 when some remain.\n";
constexpr const char* export_usage =
    "usage: lp-kiosk export --data DIR --to FILE\n"
    "Writes every waiting answer (still sealed) to FILE for `lp-aggregator import`. They stay\n"
    "pending until a sync acknowledges them.\n";

int usage_error(const char* cmd, const std::exception& e) {
    std::cerr << "lp-kiosk " << cmd << ": " << e.what() << "\n";
    return 2;
}

}  // namespace

int cmd_enrol(int argc, char** argv) {
    sync::EnrolRequest req;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data", "--server", "--code", "--ca", "--pin", "--name"}, {"--help"});
        if (args.has("--help")) {
            std::cout << enrol_usage;
            return 0;
        }
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals.front());
        req.data_dir = args.require("--data");
        req.server_url = args.require("--server");
        req.code = args.require("--code");
        req.ca_file = args.get("--ca").value_or("");
        req.pin = args.get("--pin").value_or("");
        req.name = args.get("--name").value_or("");
    } catch (const cli::UsageError& e) {
        return usage_error("enrol", e);
    }
    auto result = sync::enrol(req);
    if (!result) {
        std::cerr << "lp-kiosk enrol: " << result.error().message << "\n";
        return 1;
    }
    std::cout << "enrolled as " << result->device_id << " with " << result->server_url << "\n";
    return 0;
}

int cmd_sync(int argc, char** argv) {
    std::string data_dir;
    sync::SyncSettings settings;
    long long attempts = 1;
    bool fetch_set = true;
    try {
        auto args = cli::parse(argc, argv, 2,
                               {"--data", "--attempts", "--backoff-base-ms", "--backoff-cap-ms", "--batch-size",
                                "--connect-timeout-s", "--low-speed-time-s"},
                               {"--help", "--no-question-set"});
        if (args.has("--help")) {
            std::cout << sync_usage;
            return 0;
        }
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals.front());
        data_dir = args.require("--data");
        attempts = args.get_int("--attempts", 1, 1, 1000000);
        settings.backoff.base_ms = args.get_int("--backoff-base-ms", settings.backoff.base_ms, 1, 3600000);
        settings.backoff.cap_ms = args.get_int("--backoff-cap-ms", settings.backoff.cap_ms, 1, 3600000);
        settings.batch_size = static_cast<std::size_t>(args.get_int("--batch-size", 100, 1, 100));
        settings.timeouts.connect_timeout_s = static_cast<long>(args.get_int("--connect-timeout-s", 10, 1, 600));
        settings.timeouts.low_speed_time_s = static_cast<long>(args.get_int("--low-speed-time-s", 20, 1, 600));
        fetch_set = !args.has("--no-question-set");
    } catch (const cli::UsageError& e) {
        return usage_error("sync", e);
    }

    auto device = sync::load_device_config(data_dir);
    if (!device) {
        std::cerr << "lp-kiosk sync: this kiosk is not enrolled (" << device.error().message
                  << "): run lp-kiosk enrol first\n";
        return 1;
    }
    if (auto config = load_or_create_config(data_dir); config)
        settings.sent_retention_s = config->purge_sent_after_days * 24 * 3600;
    auto opened = Outbox::open(outbox_path(data_dir));
    if (!opened) {
        std::cerr << "lp-kiosk sync: " << opened.error().message << "\n";
        return 1;
    }
    Outbox outbox = std::move(opened.value());
    OutboxAdapter adapter(outbox);
    sync::SyncEngine engine(device.value(), settings);

    std::int64_t sent = 0, duplicates = 0, quarantined = 0, batches = 0;
    sync::PassReport report;
    for (long long attempt = 1; attempt <= attempts; ++attempt) {
        report = engine.run_pass(adapter);
        sent += report.sent;
        duplicates += report.duplicates;
        quarantined += report.quarantined;
        batches += report.batches;
        if (report.state == sync::PassState::complete) {
            (void)outbox.set_last_success(now_unix());
            break;
        }
        (void)outbox.set_last_error(now_unix(), report.plain_error);
        if (report.state != sync::PassState::retry_later || attempt == attempts) break;
        std::int64_t wait_ms = sync::backoff_delay_ms(
            settings.backoff, static_cast<int>(std::min<long long>(attempt, 60)), crypto::random_below(0xFFFFFFFFu));
        if (report.retry_after_s) wait_ms = std::max<std::int64_t>(wait_ms, *report.retry_after_s * 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
    std::string set_note;
    if (fetch_set && report.state == sync::PassState::complete) {
        auto refreshed = sync::refresh_question_set(engine.client(), engine.device(), data_dir);
        set_note = !refreshed ? "question set: not checked (" + refreshed.error().message + ")"
                   : *refreshed == sync::RefreshOutcome::updated
                       ? "question set: updated (applies from the next person)"
                       : "question set: unchanged";
        auto replies = sync::refresh_you_said_we_did(engine.client(), engine.device(), data_dir);
        set_note += !replies ? "\nyou said, we did: not checked (" + replies.error().message + ")"
                    : *replies == sync::RefreshOutcome::updated ? "\nyou said, we did: updated"
                                                                 : "\nyou said, we did: unchanged";
    }
    std::cout << "sent " << sent << " (" << duplicates << " already on the server), quarantined " << quarantined
              << ", pending " << report.remaining << ", batches " << batches << "\n";
    if (!set_note.empty()) std::cout << set_note << "\n";
    if (quarantined > 0) {
        // Staff need the reasons, not just a number: show the newest few.
        if (auto held = outbox.quarantined(); held) {
            std::size_t shown = 0;
            for (const auto& row : *held) {
                if (shown++ == 10) break;
                std::cout << "held back " << row.id << ": " << row.reason << "\n";
            }
        }
    }
    if (report.state != sync::PassState::complete)
        std::cerr << "lp-kiosk sync: " << report.plain_error << " [" << to_string(report.state) << ": " << report.detail
                  << "]\n";
    return report.state == sync::PassState::complete && report.remaining == 0 ? 0 : 1;
}

int cmd_export(int argc, char** argv) {
    std::string data_dir, to;
    try {
        auto args = cli::parse(argc, argv, 2, {"--data", "--to"}, {"--help"});
        if (args.has("--help")) {
            std::cout << export_usage;
            return 0;
        }
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument " + args.positionals.front());
        data_dir = args.require("--data");
        to = args.require("--to");
    } catch (const cli::UsageError& e) {
        return usage_error("export", e);
    }
    auto device = sync::load_device_config(data_dir);
    if (!device) {
        std::cerr << "lp-kiosk export: this kiosk is not enrolled, so the aggregator could not tell whose answers "
                     "these are: enrol it first\n";
        return 1;
    }
    auto opened = Outbox::open(outbox_path(data_dir));
    if (!opened) {
        std::cerr << "lp-kiosk export: " << opened.error().message << "\n";
        return 1;
    }
    auto rows = opened->pending(static_cast<std::size_t>(1) << 30);
    if (!rows) {
        std::cerr << "lp-kiosk export: " << rows.error().message << "\n";
        return 1;
    }
    wire::Batch batch{device->device_id, crypto::uuid4(), {}};
    for (const auto& row : *rows) batch.items.push_back(to_wire_item(row));
    // 0600: the rows are sealed, but the file still says which device and when.
    if (Status w = write_file_atomic(to, wire::encode_batch(batch) + "\n", 0600); !w) {
        std::cerr << "lp-kiosk export: " << w.error().message << "\n";
        return 1;
    }
    std::cout << "exported " << batch.items.size() << " waiting answers to " << to << "\n";
    return 0;
}

}  // namespace lp::kiosk
