#pragma once
// The background sync thread behind staff mode's SyncControl: wakes after each saved response
// (it watches the outbox), every few minutes, on "Sync now" and after enrolment; backs off with
// full jitter after failures; stops after a 401 until the kiosk is enrolled again. Every public
// method returns at once (the UI thread calls them inside a frame).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/sync_status.hpp>
#include <lp/client/engine.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lp::kiosk {

struct SyncWorkerSettings {
    sync::SyncSettings sync;
    std::int64_t periodic_s = 180;          // sync at least this often while there is work
    std::int64_t watch_interval_ms = 1000;  // how often the outbox is checked for new responses
};

struct QuarantineEntry {
    std::string id;
    std::string reason;
    std::string created_hour;
};

class SyncWorker final : public SyncControl {
public:
    SyncWorker(std::string data_dir, WakeUi wake, SyncWorkerSettings settings = {});
    ~SyncWorker() override;
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    SyncStatus status() override;
    void sync_now() override;
    /// Uses DIR/server-ca.pem as the trusted certificate when it exists (self-signed servers).
    Status enrol(const std::string& server_url, const std::string& code) override;

    /// Quarantined rows with their reasons, as of the last refresh (for staff mode).
    std::vector<QuarantineEntry> quarantine_list();
    /// True once after sync delivered a new question set (apply it between sessions).
    bool take_question_set_updated();

private:
    void run();
    void refresh_counts(Outbox& outbox);
    void publish();

    std::string data_dir_;
    WakeUi wake_;
    SyncWorkerSettings settings_;

    std::mutex mu_;
    std::condition_variable cv_;
    SyncStatus status_;
    std::vector<QuarantineEntry> quarantine_;
    bool sync_requested_ = false;
    std::optional<std::pair<std::string, std::string>> enrol_request_;  // url, code
    bool question_set_updated_ = false;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

/// Registers SyncWorker as the kiosk's SyncControl factory (call before the UI starts).
void install_sync_worker(SyncWorkerSettings settings = {});

}  // namespace lp::kiosk
