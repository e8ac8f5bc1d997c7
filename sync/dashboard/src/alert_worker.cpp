// Sends queued alerts. The order in one attempt is: claim (attempt counted and leased, committed),
// send, record. A crash between send and record leaves a leased delivery that is retried with
// the same id after the lease, never a silent loss; receivers deduplicate on that id.
#include <lp/dashboard/alert_senders.hpp>
#include <lp/dashboard/worker.hpp>
#include <lp/dashboard/alert_worker.hpp>

#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/shared/time.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <utility>

namespace lp::dashboard {
namespace {

const char* const outcome_names[] = {"sent", "retry", "failed"};

struct Counters {
    std::mutex m;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
};
Counters& counters() {
    static Counters c;
    return c;
}
void count(const std::string& channel, AlertOutcome outcome) {
    auto& c = counters();
    std::lock_guard<std::mutex> lock(c.m);
    ++c.counts[{channel, outcome_names[static_cast<int>(outcome)]}];
}

Status attempt(const AlertConfig& config, const AlertDelivery& d, std::int64_t now) {
    if (d.channel == "email")
        return send_alert_email(config, alert_recipients(config, d.site),
                                email_message(config, d, alert_recipients(config, d.site), alert_email_date(now)));
    if (d.channel == "webhook") return send_alert_webhook(config, webhook_body(d, alert_link(config)), d.uid);
    return Error{Errc::invalid_input, "unknown alert channel '" + d.channel + "'"};
}

}  // namespace

Result<int> send_due_alerts(DashboardStore& store, const AlertConfig& config, std::int64_t now, int limit) {
    const auto channels = config.channels();
    if (channels.empty()) return 0;
    auto due = store.claim_alerts(channels, now - config.max_age_s, now, config.lease_s, limit);
    if (!due) return due.error();
    const std::int64_t started = lp::now_unix();
    for (const auto& d : *due) {
        const Status sent = attempt(config, d, now + (lp::now_unix() - started));
        const std::int64_t done = now + (lp::now_unix() - started);  // the pass's clock, moved on by real time
        AlertOutcome outcome = AlertOutcome::sent;
        std::int64_t next_at = done;
        if (!sent) {
            outcome = d.attempts >= config.max_attempts ? AlertOutcome::failed : AlertOutcome::retry;
            // Whole seconds (the queue's clock), at least one: a fast retry still waits a tick.
            next_at = done + std::max<std::int64_t>(1, (alert_retry_delay_ms(config, d.attempts) + 999) / 1000);
        }
        const std::string error = sent ? std::string() : sent.error().message;
        if (auto s = store.finish_alert(d.alert, d.channel, outcome, next_at, error, done); !s)
            aggregator::ops::log_error("alert " + d.uid + ": could not record the outcome: " + s.error().message);
        count(d.channel, outcome);
        // The audit names the alert, never the comment: response number, site, channel, outcome.
        std::string detail = d.channel + " alert " + d.uid + " (" + alert_kind(d) + ", response " +
                             std::to_string(d.response) + ", " + d.site + ", attempt " + std::to_string(d.attempts) + ")";
        if (!sent) detail += ": " + error;
        (void)store.audit({done, "alerts", std::string("alert ") + outcome_names[static_cast<int>(outcome)], detail});
        aggregator::ops::log_event(
            "alert", nlohmann::json{{"id", d.uid},
                                    {"channel", d.channel},
                                    {"outcome", outcome_names[static_cast<int>(outcome)]},
                                    {"attempt", d.attempts},
                                    {"error", error}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return static_cast<int>(due->size());
}

std::string alert_metrics() {
    auto& c = counters();
    std::lock_guard<std::mutex> lock(c.m);
    std::string out =
        "# HELP lp_alerts_total Alert delivery attempts by channel and outcome (sent, retry, failed = given up).\n"
        "# TYPE lp_alerts_total counter\n";
    for (const auto& [key, n] : c.counts)
        out += "lp_alerts_total{channel=\"" + key.first + "\",outcome=\"" + key.second + "\"} " + std::to_string(n) +
               "\n";
    return out;
}

AlertWorker::AlertWorker(DashboardStore& store, AlertConfig config)
    : store_(store), config_(std::move(config)), thread_([this] { loop(); }) {}

AlertWorker::~AlertWorker() { stop_worker(m_, cv_, stop_, thread_); }

void AlertWorker::loop() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_);
            if (cv_.wait_for(lock, std::chrono::milliseconds(config_.poll_ms), [this] { return stop_; })) return;
        }
        auto n = send_due_alerts(store_, config_, lp::now_unix());
        if (!n) aggregator::ops::log_error("alerts: " + n.error().message);  // a busy database: next tick
    }
}

}  // namespace lp::dashboard
