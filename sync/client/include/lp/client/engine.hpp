#pragma once
// One sync pass: send the outbox in batches until it is empty or the server/network says
// stop. Retrying later (backoff) is the caller's job: the worker thread or `lp-kiosk sync`.
#include <atomic>
#include <cstdint>
#include <functional>
#include <lp/client/backoff.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/http_client.hpp>
#include <lp/client/outbox_port.hpp>
#include <optional>
#include <string>

namespace lp::sync {

struct SyncSettings {
    std::size_t batch_size = 100;                    // rows per POST (the server's limit)
    std::int64_t sent_retention_s = 30 * 24 * 3600;  // sent rows are purged after this
    BackoffPolicy backoff;
    HttpTimeouts timeouts;
};

enum class PassState {
    complete,          // nothing left pending
    retry_later,       // network/server trouble: try again after a backoff
    stopped_reenrol,   // 401: do not retry until enrolled again
    stopped_identity,  // TLS / pin failure: do not send
    local_error,       // the outbox could not be read or written
    cancelled,         // asked to stop
};
/// "complete", "retry_later", ...
const char* to_string(PassState s) noexcept;

struct PassReport {
    PassState state = PassState::complete;
    std::int64_t sent = 0;         // rows acknowledged stored or duplicate this pass
    std::int64_t duplicates = 0;   // of those, already on the server (an earlier answer was lost)
    std::int64_t quarantined = 0;  // rows moved to quarantine this pass
    std::int64_t remaining = 0;    // pending after the pass (-1 when unknown)
    std::int64_t purged = 0;
    int batches = 0;                            // POSTs attempted
    std::optional<std::int64_t> retry_after_s;  // the server asked for this wait
    std::string plain_error;                    // for staff; "" when complete
    std::string detail;                         // technical detail for logs
};

struct PassProgress {
    std::int64_t done = 0;   // rows resolved this pass
    std::int64_t total = 0;  // rows pending when the pass started (grows if new ones arrive)
};

class SyncEngine {
public:
    SyncEngine(DeviceConfig device, SyncSettings settings);
    ~SyncEngine();
    SyncEngine(SyncEngine&&) noexcept;

    /// Runs one pass over the outbox. Never throws. `progress` is called after every batch.
    PassReport run_pass(OutboxPort& outbox, const std::function<void(const PassProgress&)>& progress = {},
                        const std::atomic<bool>* cancel = nullptr);

    /// The reused client (for the question-set refresh on the same connection).
    HttpClient& client() noexcept { return client_; }
    const DeviceConfig& device() const noexcept { return device_; }
    const SyncSettings& settings() const noexcept { return settings_; }

private:
    DeviceConfig device_;
    SyncSettings settings_;
    HttpClient client_;
    std::size_t batch_size_;
};

}  // namespace lp::sync
