#pragma once
// What the sync engine needs from a device outbox. The kiosk adapts its SQLite outbox to this
// (kiosk/src/sync); tests use an in-memory one.
#include <cstdint>
#include <lp/shared/result.hpp>
#include <lp/shared/wire.hpp>
#include <string>
#include <vector>

namespace lp::sync {

class OutboxPort {
public:
    virtual ~OutboxPort() = default;
    /// Up to `limit` unacknowledged rows, "I need to talk to someone" rows first, then by seq.
    virtual Result<std::vector<wire::Item>> pending(std::size_t limit) = 0;
    virtual Result<std::int64_t> pending_count() = 0;
    /// Marks acknowledged rows sent (one transaction).
    virtual Status mark_sent(const std::vector<std::string>& ids, std::int64_t now_unix) = 0;
    /// Moves a row out of the queue with a reason staff can read.
    virtual Status quarantine(const std::string& id, const std::string& reason) = 0;
    /// Deletes sent rows older than the retention; never touches unacknowledged rows.
    virtual Result<std::int64_t> purge_sent_before(std::int64_t unix_time) = 0;
};

}  // namespace lp::sync
