#include <exception>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>
#include <lp/client/engine.hpp>
#include <lp/client/gzip.hpp>
#include <lp/client/url.hpp>
#include <lp/shared/enum_names.hpp>

namespace lp::sync {

const char* to_string(PassState s) noexcept {
    static constexpr const char* names[] = {"complete",         "retry_later", "stopped_reenrol",
                                            "stopped_identity", "local_error", "cancelled"};
    return enum_name(s, names, "local_error");
}

SyncEngine::SyncEngine(DeviceConfig device, SyncSettings settings)
    : device_(std::move(device)),
      settings_(settings),
      client_(TlsSettings{device_.ca_file, device_.tls_pin}, settings.timeouts),
      batch_size_(settings.batch_size == 0 ? 1 : settings.batch_size) {}

SyncEngine::~SyncEngine() = default;
SyncEngine::SyncEngine(SyncEngine&&) noexcept = default;

namespace {

PassReport local_failure(PassReport report, const Error& e) {
    report.state = PassState::local_error;
    report.plain_error = "The kiosk could not read or write its own answers store: " + e.message;
    report.detail = std::string(to_string(e.code)) + ": " + e.message;
    return report;
}

}  // namespace

PassReport SyncEngine::run_pass(OutboxPort& outbox, const std::function<void(const PassProgress&)>& progress,
                                const std::atomic<bool>* cancel) {
    PassReport report;
    client_.set_abort_flag(cancel);
    // Each pass probes the full size again: a 413 may have come from a limit since raised.
    batch_size_ = settings_.batch_size == 0 ? 1 : settings_.batch_size;
    try {
        const std::int64_t started = now_unix();
        auto purged = outbox.purge_sent_before(started - settings_.sent_retention_s);
        if (!purged) return local_failure(report, purged.error());
        report.purged = *purged;

        auto count = outbox.pending_count();
        if (!count) return local_failure(report, count.error());
        PassProgress prog{0, *count};
        if (progress) progress(prog);

        const std::string url = join_url(device_.server_url, "/api/v1/batches");
        while (true) {
            if (cancel != nullptr && cancel->load()) {
                report.state = PassState::cancelled;
                break;
            }
            auto rows = outbox.pending(batch_size_);
            if (!rows) return local_failure(report, rows.error());
            if (rows->empty()) {
                report.state = PassState::complete;
                break;
            }
            wire::Batch batch{device_.device_id, crypto::uuid4(), std::move(rows.value())};
            std::vector<std::string> ids;
            ids.reserve(batch.items.size());
            for (const auto& item : batch.items) ids.push_back(item.id);

            HttpRequest req;
            req.method = "POST";
            req.url = url;
            req.body = gzip_compress(wire::encode_batch(batch));
            req.headers = {"Authorization: Bearer " + device_.token, "Content-Type: application/json",
                           "Content-Encoding: gzip", "Accept: application/json", "Idempotency-Key: " + batch.batch_id};
            ++report.batches;
            const Decision d = decide_batch_reply(client_.perform(req), now_unix());

            if (d.verdict == Verdict::apply_results) {
                const RowPlan plan = plan_rows(ids, d.results);
                if (!plan.sent.empty()) {
                    if (Status s = outbox.mark_sent(plan.sent, now_unix()); !s) return local_failure(report, s.error());
                }
                for (const auto& [id, reason] : plan.quarantine) {
                    if (Status s = outbox.quarantine(id, reason); !s) return local_failure(report, s.error());
                }
                report.sent += static_cast<std::int64_t>(plan.sent.size());
                report.duplicates += static_cast<std::int64_t>(plan.duplicates);
                report.quarantined += static_cast<std::int64_t>(plan.quarantine.size());
                prog.done += static_cast<std::int64_t>(plan.sent.size() + plan.quarantine.size());
                if (prog.done > prog.total) prog.total = prog.done;
                if (progress) progress(prog);
                if (!plan.unresolved.empty()) {
                    // The server skipped some rows; they stay pending and the next pass retries.
                    report.state = PassState::retry_later;
                    report.plain_error = "The server did not answer for every item: they will be sent again";
                    report.detail = std::to_string(plan.unresolved.size()) + " items without a result";
                    break;
                }
                continue;
            }
            if (d.verdict == Verdict::halve_batch) {
                if (batch.items.size() > 1) {
                    batch_size_ = halved(std::min(batch_size_, batch.items.size()));
                    continue;
                }
                // One row alone is too big: it can never be sent, so staff must see it.
                if (Status s = outbox.quarantine(ids.front(), "too large for the server: " + d.server_message); !s)
                    return local_failure(report, s.error());
                ++report.quarantined;
                continue;
            }
            if (d.verdict == Verdict::quarantine_batch) {
                for (const auto& id : ids) {
                    if (Status s = outbox.quarantine(id, "the server refused the batch: " + d.server_message); !s)
                        return local_failure(report, s.error());
                }
                report.quarantined += static_cast<std::int64_t>(ids.size());
                prog.done += static_cast<std::int64_t>(ids.size());
                if (progress) progress(prog);
                continue;
            }
            if (cancel != nullptr && cancel->load()) {
                report.state = PassState::cancelled;
                break;
            }
            report.state = d.verdict == Verdict::stop_reenrol    ? PassState::stopped_reenrol
                           : d.verdict == Verdict::stop_identity ? PassState::stopped_identity
                                                                 : PassState::retry_later;
            report.retry_after_s = d.retry_after_s;
            report.plain_error = d.plain_words;
            report.detail = d.server_message;
            break;
        }
        auto left = outbox.pending_count();
        report.remaining = left ? *left : -1;
        if (report.state == PassState::complete && report.remaining > 0) report.state = PassState::retry_later;
        return report;
    } catch (const std::exception& e) {
        return local_failure(report, Error{Errc::internal, e.what()});
    }
}

}  // namespace lp::sync
