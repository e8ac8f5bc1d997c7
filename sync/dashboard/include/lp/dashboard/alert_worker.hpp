#pragma once
// The background worker inside `lp-aggregator serve` that sends queued alerts: it claims due
// deliveries from the store (leased, counted before sending), sends each once, and records the
// outcome in the store, the audit log and the lp_alerts_total counter. A delivery whose sender
// died mid-send is claimed again after its lease with the same id (webhook body "id",
// Idempotency-Key, email Message-ID), so a receiver can drop the repeat.
#include <lp/dashboard/alerts.hpp>
#include <lp/dashboard/store.hpp>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace lp::dashboard {

/// One pass over the queue at now: claims up to `limit` due deliveries and attempts each.
/// Returns how many it attempted, or the store's error.
Result<int> send_due_alerts(DashboardStore& store, const AlertConfig& config, std::int64_t now, int limit = 20);

/// lp_alerts_total{channel,outcome} as Prometheus text (outcome: sent | retry | failed).
std::string alert_metrics();

/// Runs send_due_alerts every config.poll_ms on its own thread until destroyed.
class AlertWorker {
public:
    AlertWorker(DashboardStore& store, AlertConfig config);
    ~AlertWorker();
    AlertWorker(const AlertWorker&) = delete;
    AlertWorker& operator=(const AlertWorker&) = delete;

private:
    void loop();
    DashboardStore& store_;
    AlertConfig config_;
    std::mutex m_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;  // last: starts after the members above exist
};

}  // namespace lp::dashboard
