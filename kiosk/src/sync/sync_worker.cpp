#include <chrono>
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/kiosk/sync/outbox_adapter.hpp>
#include <lp/kiosk/sync/sync_worker.hpp>
#include <lp/shared/config_file.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <lp/client/enrol.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <lp/client/you_said_we_did.hpp>
#include <lp/client/url.hpp>

namespace lp::kiosk {

namespace {
using Clock = std::chrono::steady_clock;
}

SyncWorker::SyncWorker(std::string data_dir, WakeUi wake, SyncWorkerSettings settings)
    : data_dir_(std::move(data_dir)), wake_(std::move(wake)), settings_(settings) {
    status_.available = true;
    thread_ = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

SyncStatus SyncWorker::status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
}

void SyncWorker::sync_now() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        sync_requested_ = true;
    }
    cv_.notify_all();
}

Status SyncWorker::enrol(const std::string& server_url, const std::string& code) {
    if (Status ok = sync::check_server_url(server_url); !ok) return ok;
    if (code.empty()) return Status::fail(Errc::invalid_input, "Type the enrolment code from the aggregator");
    {
        std::lock_guard<std::mutex> lock(mu_);
        enrol_request_ = std::make_pair(server_url, code);
        status_.last_error_plain_words.clear();
    }
    cv_.notify_all();
    return ok_status();
}

std::vector<QuarantineEntry> SyncWorker::quarantine_list() {
    std::lock_guard<std::mutex> lock(mu_);
    return quarantine_;
}

bool SyncWorker::take_question_set_updated() {
    std::lock_guard<std::mutex> lock(mu_);
    const bool updated = question_set_updated_;
    question_set_updated_ = false;
    return updated;
}

void SyncWorker::publish() {
    // Once stopping, the UI (and GLFW) may already be gone: wake nobody.
    if (wake_ && !stop_) wake_();
}

void SyncWorker::refresh_counts(Outbox& outbox) {
    auto counts = outbox.counts();
    auto last = outbox.last_sync();
    auto quarantined = outbox.quarantined();
    std::lock_guard<std::mutex> lock(mu_);
    if (counts) {
        status_.pending = counts->pending;
        status_.sent = counts->sent;
        status_.quarantined = counts->quarantined;
    }
    if (last) status_.last_success = last->last_success_time;
    if (quarantined) {
        quarantine_.clear();
        for (const auto& row : *quarantined) quarantine_.push_back({row.id, row.reason, row.created_hour});
    }
}

void SyncWorker::run() {
    // The worker owns its own SQLite connection and HTTP handle: nothing is shared with the UI.
    auto opened = Outbox::open(outbox_path(data_dir_));
    // On a first start the UI may be creating the same database right now: give it a moment.
    for (int tries = 0; !opened && tries < 20 && !stop_; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        opened = Outbox::open(outbox_path(data_dir_));
    }
    if (!opened) {
        std::lock_guard<std::mutex> lock(mu_);
        status_.last_error_plain_words = "The kiosk cannot open its answers store: " + opened.error().message;
        publish();
        return;
    }
    Outbox outbox = std::move(opened.value());
    OutboxAdapter adapter(outbox);
    // Read kiosk.conf only if it exists: creating it is the UI's job (no two writers).
    if (file_exists(config_path(data_dir_))) {
        if (auto values = load_config_file(config_path(data_dir_)); values) {
            if (auto config = config_from_values(*values); config)
                settings_.sync.sent_retention_s = config->purge_sent_after_days * 24 * 3600;
        }
    }
    std::optional<sync::SyncEngine> engine;
    auto load_engine = [&] {
        engine.reset();
        auto device = sync::load_device_config(data_dir_);
        std::lock_guard<std::mutex> lock(mu_);
        status_.enrolled = device.ok();
        if (device) {
            status_.device_id = device->device_id;
            status_.server_url = device->server_url;
            engine.emplace(device.value(), settings_.sync);
        }
    };
    load_engine();
    if (auto last = outbox.last_sync(); last && !last->last_error.empty()) {
        std::lock_guard<std::mutex> lock(mu_);
        status_.last_error_plain_words = last->last_error;
    }
    refresh_counts(outbox);
    publish();

    int failures = 0;
    bool blocked = false;  // 401 / wrong server: wait for staff
    std::int64_t last_stored = -1;
    auto next_attempt = Clock::now();

    while (!stop_) {
        bool want = false;
        std::optional<std::pair<std::string, std::string>> enrol_request;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait_for(lock, std::chrono::milliseconds(settings_.watch_interval_ms),
                         [&] { return stop_.load() || sync_requested_ || enrol_request_.has_value(); });
            if (stop_) break;
            if (sync_requested_) {
                want = true;
                blocked = false;
                failures = 0;
            }
            sync_requested_ = false;
            enrol_request.swap(enrol_request_);
        }

        if (enrol_request) {
            sync::EnrolRequest req;
            req.data_dir = data_dir_;
            req.server_url = enrol_request->first;
            req.code = enrol_request->second;
            if (file_exists(data_dir_ + "/server-ca.pem")) req.ca_file = data_dir_ + "/server-ca.pem";
            auto result = sync::enrol(req, settings_.sync.timeouts);
            {
                std::lock_guard<std::mutex> lock(mu_);
                status_.last_error_plain_words = result ? std::string() : result.error().message;
                if (result) question_set_updated_ = true;
            }
            if (result) {
                load_engine();
                blocked = false;
                failures = 0;
                want = true;
            }
            publish();
        }

        // A new saved response (the stored count grew) is a reason to sync now, unless we are
        // backing off after a failure; the periodic timer covers everything else.
        if (auto counts = outbox.counts(); counts) {
            if (last_stored >= 0 && counts->stored > last_stored && failures == 0) want = true;
            if (counts->stored != last_stored) {
                last_stored = counts->stored;
                refresh_counts(outbox);
                publish();
            }
            // Periodic passes run even with nothing to send: they fetch question-set updates.
            if (Clock::now() >= next_attempt) want = true;
        }
        if (!want || !engine || blocked) continue;

        {
            std::lock_guard<std::mutex> lock(mu_);
            status_.syncing = true;
            status_.progress = 0;
        }
        publish();
        auto last_progress_wake = Clock::now();
        const sync::PassReport report = engine->run_pass(
            adapter,
            [&](const sync::PassProgress& p) {
                {
                    std::lock_guard<std::mutex> lock(mu_);
                    status_.progress = p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0;
                }
                // At most ~20 wake-ups a second: the UI redraws, it does not need every batch.
                if (Clock::now() - last_progress_wake > std::chrono::milliseconds(50)) {
                    last_progress_wake = Clock::now();
                    publish();
                }
            },
            &stop_);

        bool set_updated = false;
        // Only after a clean pass: during an outage one more request would just wait on a timeout.
        if (report.state == sync::PassState::complete) {
            auto refreshed = sync::refresh_question_set(engine->client(), engine->device(), data_dir_);
            set_updated = refreshed && *refreshed == sync::RefreshOutcome::updated;
            // Managers' replies travel with the set; the attract screen picks up the file itself.
            (void)sync::refresh_you_said_we_did(engine->client(), engine->device(), data_dir_);
        }

        const std::int64_t now = now_unix();
        if (report.state == sync::PassState::complete) {
            (void)outbox.set_last_success(now);
            failures = 0;
            next_attempt = Clock::now() + std::chrono::seconds(settings_.periodic_s);
        } else if (report.state != sync::PassState::cancelled) {
            (void)outbox.set_last_error(now, report.plain_error);
            ++failures;
            std::int64_t wait_ms =
                sync::backoff_delay_ms(settings_.sync.backoff, failures, crypto::random_below(0xFFFFFFFFu));
            if (report.retry_after_s) wait_ms = std::max<std::int64_t>(wait_ms, *report.retry_after_s * 1000);
            next_attempt = Clock::now() + std::chrono::milliseconds(wait_ms);
            blocked =
                report.state == sync::PassState::stopped_reenrol || report.state == sync::PassState::stopped_identity;
        }
        {
            std::lock_guard<std::mutex> lock(mu_);
            status_.syncing = false;
            status_.progress = report.state == sync::PassState::complete ? 1.0 : status_.progress;
            status_.last_error_plain_words =
                report.state == sync::PassState::complete ? std::string() : report.plain_error;
            if (set_updated) question_set_updated_ = true;
        }
        refresh_counts(outbox);
        publish();
    }
}

void install_sync_worker(SyncWorkerSettings settings) {
    set_sync_factory([settings](const std::string& data_dir, WakeUi wake) -> std::unique_ptr<SyncControl> {
        return std::make_unique<SyncWorker>(data_dir, std::move(wake), settings);
    });
}

}  // namespace lp::kiosk
