#include <lp/kiosk/sync/outbox_adapter.hpp>

namespace lp::kiosk {

wire::Item to_wire_item(const OutboxRow& row) {
    wire::Item item;
    item.id = row.id;
    item.seq = row.seq;
    item.question_set_id = row.question_set_id;
    item.question_set_version = row.question_set_version;
    item.created_hour = row.created_hour;
    item.sealed = row.sealed;
    item.sha256 = row.sha256;
    return item;
}

Result<std::vector<wire::Item>> OutboxAdapter::pending(std::size_t limit) {
    auto rows = outbox_.pending(limit);
    if (!rows) return rows.error();
    std::vector<wire::Item> items;
    items.reserve(rows->size());
    for (const auto& row : *rows) items.push_back(to_wire_item(row));
    return items;
}

Result<std::int64_t> OutboxAdapter::pending_count() {
    auto c = outbox_.counts();
    if (!c) return c.error();
    return c->pending;
}

Status OutboxAdapter::mark_sent(const std::vector<std::string>& ids, std::int64_t now_unix) {
    return outbox_.mark_sent(ids, now_unix);
}

Status OutboxAdapter::quarantine(const std::string& id, const std::string& reason) {
    return outbox_.quarantine(id, reason);
}

Result<std::int64_t> OutboxAdapter::purge_sent_before(std::int64_t unix_time) {
    return outbox_.purge_sent_before(unix_time);
}

}  // namespace lp::kiosk
