#pragma once
// Lets the sync engine drive the kiosk's SQLite outbox.
#include <lp/kiosk/outbox.hpp>
#include <lp/client/outbox_port.hpp>

namespace lp::kiosk {

/// Converts an outbox row into the wire item that carries it.
wire::Item to_wire_item(const OutboxRow& row);

class OutboxAdapter final : public sync::OutboxPort {
public:
    explicit OutboxAdapter(Outbox& outbox) : outbox_(outbox) {}
    Result<std::vector<wire::Item>> pending(std::size_t limit) override;
    Result<std::int64_t> pending_count() override;
    Status mark_sent(const std::vector<std::string>& ids, std::int64_t now_unix) override;
    Status quarantine(const std::string& id, const std::string& reason) override;
    Result<std::int64_t> purge_sent_before(std::int64_t unix_time) override;

private:
    Outbox& outbox_;
};

}  // namespace lp::kiosk
