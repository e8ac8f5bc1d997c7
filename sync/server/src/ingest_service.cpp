#include <lp/aggregator/ingest_service.hpp>

#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/metrics.hpp>
#include <lp/shared/response_codec.hpp>

#include <algorithm>
#include <chrono>

namespace lp::aggregator {
namespace {

std::size_t utf8_chars(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

void add_theme(std::vector<std::string>& themes, const std::string& t) {
    if (std::find(themes.begin(), themes.end(), t) == themes.end()) themes.push_back(t);
}

}  // namespace

wire::Limits wire_limits(const Limits& limits) {
    wire::Limits w;
    w.max_items = limits.max_items_per_batch;
    return w;
}

namespace {
const std::string over_item_limit_prefix = "a batch may hold at most ";
}  // namespace

bool IngestService::is_over_item_limit(const Error& error) {
    return error.code == Errc::invalid_input && error.message.rfind(over_item_limit_prefix, 0) == 0;
}

IngestService::IngestService(Store& store, const QuestionSetCatalog& catalog, const crypto::KeyPair& keys,
                             Limits limits)
    : store_(store), catalog_(catalog), opener_(keys), limits_(limits) {}

IncomingItem unopened_item(wire::Item w) {
    IncomingItem item;
    item.id = std::move(w.id);
    item.seq = w.seq;
    item.question_set_id = std::move(w.question_set_id);
    item.question_set_version = w.question_set_version;
    item.created_hour = std::move(w.created_hour);
    item.sealed = std::move(w.sealed);
    item.sha256 = std::move(w.sha256);
    return item;
}

IncomingItem IngestService::open_item(wire::Item w) const {
    IncomingItem item = unopened_item(std::move(w));

    // Any sealing key not yet retired opens it: kiosks switch keys at their own pace (ops/keyring).
    auto opened = ops::open_sealed_any(item.sealed, opener_);
    auto plain = opened ? std::optional<std::string>(std::string(opened->begin(), opened->end())) : std::nullopt;
    if (!plain) {
        item.rejection = "bad seal: the payload was not sealed to this server's key or was altered";
        return item;
    }
    auto response = decode_response(*plain);
    if (!response) {
        item.rejection = "bad fields: " + response.error().message;
        return item;
    }
    if (response->id != item.id || response->seq != item.seq || response->question_set_id != item.question_set_id ||
        response->question_set_version != item.question_set_version || response->created_hour != item.created_hour) {
        item.rejection = "bad fields: the sealed response does not match the item's id, seq, question_set or hour";
        return item;
    }
    const QuestionSet* set = catalog_.find(item.question_set_id, item.question_set_version);
    if (!set) {
        item.rejection = "unknown question set " + item.question_set_id + " v" +
                         std::to_string(item.question_set_version);
        return item;
    }
    if (auto ok = validate_response(*response, *set); !ok) {
        item.rejection = "bad fields: " + ok.error().message;
        return item;
    }
    if (utf8_chars(response->comment) > limits_.max_comment_chars) {
        item.rejection = "bad fields: comment is longer than " + std::to_string(limits_.max_comment_chars) +
                         " characters";
        return item;
    }
    for (const auto& a : response->answers) {
        const Question* q = set->find(a.question);
        item.scores.push_back(q ? answer_score(a, *q) : std::nullopt);
        if (!q || a.state != AnswerState::value) continue;
        for (const auto& t : q->themes) add_theme(item.themes, t);
        for (const auto& chip : a.chips)
            for (const auto& o : q->options)
                if (o.id == chip)
                    for (const auto& t : o.themes) add_theme(item.themes, t);
    }
    item.opened = std::move(*response);
    return item;
}

Result<std::string> IngestService::batch_device_id(std::string_view body, const Limits& limits) {
    auto decoded = wire::decode_batch(body, wire_limits(limits));
    if (!decoded) return decoded.error();
    return decoded->batch.device_id;
}

Result<std::vector<ItemResult>> IngestService::ingest(const std::string& device_id, std::string_view body,
                                                      std::int64_t now) {
    const auto started = std::chrono::steady_clock::now();  // metrics: batch latency
    ops::begin_batch_keys();
    // The item count is checked here, not by the decoder, so that the refusal is recognisable
    // (is_over_item_limit); the body limit already bounds how many items can be decoded.
    wire::Limits w = wire_limits(limits_);
    w.max_items = limits_.max_body_bytes;
    auto decoded = wire::decode_batch(body, w);
    if (!decoded) return decoded.error();
    auto& d = *decoded;
    if (d.order.size() > limits_.max_items_per_batch)
        return Error{Errc::invalid_input, over_item_limit_prefix + std::to_string(limits_.max_items_per_batch) +
                                              " items; send smaller batches"};
    if (d.batch.device_id != device_id)
        return Error{Errc::invalid_input, "'device_id' in the batch is not the device this token belongs to"};

    // Items that failed decoding still go to the store (with their reason), so a replayed item
    // that was stored before is answered `duplicate` and a changed one `conflict`, never lost.
    std::vector<IncomingItem> items;
    items.reserve(d.order.size());
    for (const auto& slot : d.order) {
        if (slot.ok) {
            items.push_back(open_item(std::move(d.batch.items[slot.index])));
        } else {
            IncomingItem bad;
            bad.id = d.rejected[slot.index].id;
            bad.rejection = d.rejected[slot.index].reason;
            items.push_back(std::move(bad));
        }
    }
    // Malformed items without a usable id cannot match anything stored: answer them directly.
    std::vector<IncomingItem> storable;
    std::vector<std::size_t> where;
    std::vector<ItemResult> results(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].opened && (items[i].id.empty() || items[i].sha256.empty())) {
            results[i] = {items[i].id, ItemStatus::rejected, items[i].rejection};
        } else {
            where.push_back(i);
            storable.push_back(std::move(items[i]));
        }
    }
    auto stored = store_.store_batch(device_id, d.batch.batch_id, storable, now);
    if (!stored) {
        ops::observe_store_error();
        return stored.error();
    }
    for (std::size_t k = 0; k < where.size(); ++k) results[where[k]] = std::move((*stored)[k]);
    ops::note_batch_keys(device_id, now);
    ops::observe_batch(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), results);
    return results;
}

ItemResult classify_existing(const IncomingItem& item, const std::string& stored_sha256) {
    if (stored_sha256 == item.sha256) return {item.id, ItemStatus::duplicate, {}};
    return {item.id, ItemStatus::conflict,
            "an item with this id and different contents is already stored; kept aside for review"};
}

}  // namespace lp::aggregator
