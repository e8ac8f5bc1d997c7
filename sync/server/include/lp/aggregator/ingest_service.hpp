#pragma once
// Ingest: decode a batch, open each sealed payload, validate it against its question set,
// and store the batch in one transaction. No HTTP here: the batch routes and `import` call it.
#include <lp/aggregator/config.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/seal_opener.hpp>
#include <lp/aggregator/store.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/wire.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lp::aggregator {

class IngestService {
public:
    IngestService(Store& store, const QuestionSetCatalog& catalog, const crypto::KeyPair& keys, Limits limits);

    /// Decodes a batch body and stores it for device_id; one result per item in request order.
    /// invalid_input for whole-batch problems (bad JSON, too many items, device_id not the
    /// caller's); io_error/disk_full when the database failed (nothing of the batch stored).
    Result<std::vector<ItemResult>> ingest(const std::string& device_id, std::string_view body, std::int64_t now);

    /// True for ingest()'s refusal of a batch over max_items_per_batch. Such a batch is not
    /// malformed: the route answers 413 (not 400), so the kiosk halves it and sends the rest in
    /// the next batches instead of quarantining every item.
    static bool is_over_item_limit(const Error& error);

    /// The device_id a batch body names, without storing anything (import uses it).
    static Result<std::string> batch_device_id(std::string_view body, const Limits& limits);

    /// Opens and checks one item; the item's rejection says why when it could not be opened.
    IncomingItem open_item(wire::Item item) const;

private:
    Store& store_;
    const QuestionSetCatalog& catalog_;
    SealOpener opener_;
    Limits limits_;
};

/// The one rule for an item whose (device, id) the store already holds, called by every store
/// with the sha256 it found: the same bytes are a replay (`duplicate`, nothing written); other
/// bytes are a `conflict`, which the store keeps aside for review and never overwrites.
ItemResult classify_existing(const IncomingItem& item, const std::string& stored_sha256);

/// An item's envelope as the store takes it (id, seq, question set, hour, sealed bytes,
/// sha256), not yet opened: open_item() starts from it, and tests fill in the rest.
IncomingItem unopened_item(wire::Item w);

/// The wire decoder's limits matching the server limits.
wire::Limits wire_limits(const Limits& limits);

}  // namespace lp::aggregator
