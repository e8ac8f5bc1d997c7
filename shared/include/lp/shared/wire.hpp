#pragma once
// Wire v1: the batch request a kiosk posts and the per-item results it gets back (docs/formats.md).
#include <lp/shared/crypto.hpp>
#include <lp/shared/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lp::wire {

struct Limits {
    std::size_t max_items = 100;
    std::size_t max_sealed_bytes = 64 * 1024;  // one sealed response
    int max_depth = 8;
};

struct Item {
    std::string id;  // uuid4
    std::int64_t seq = 0;
    std::string question_set_id;
    int question_set_version = 0;
    std::string created_hour;
    crypto::Bytes sealed;
    std::string sha256;  // hex of sealed bytes
};

struct Batch {
    std::string device_id;
    std::string batch_id;
    std::vector<Item> items;
};

enum class ItemStatus { stored, duplicate, conflict, rejected };
const char* to_string(ItemStatus s) noexcept;

struct ItemResult {
    std::string id;
    ItemStatus status = ItemStatus::rejected;
    std::string reason;  // for conflict / rejected
};

/// A decoded batch: the well-formed items, and a `rejected` result for each malformed one
/// (in request order, `order[i]` says whether request item i is items[k] or rejected[k]).
struct DecodedBatch {
    Batch batch;
    std::vector<ItemResult> rejected;
    struct Slot {
        bool ok;
        std::size_t index;
    };
    std::vector<Slot> order;
};

/// True for a canonical lower-case uuid4 text.
bool is_uuid(std::string_view s);

std::string encode_batch(const Batch& batch);
/// Whole-batch problems (not JSON, not an object, missing device_id/batch_id/items, too many
/// items) are invalid_input errors; problems inside one item only reject that item.
Result<DecodedBatch> decode_batch(std::string_view json_text, const Limits& limits = {});

std::string encode_results(const std::vector<ItemResult>& results);
Result<std::vector<ItemResult>> decode_results(std::string_view json_text);

/// Builds a wire item from a sealed payload (computes the sha256).
Item make_item(std::string id, std::int64_t seq, std::string question_set_id, int question_set_version,
               std::string created_hour, crypto::Bytes sealed);

}  // namespace lp::wire
