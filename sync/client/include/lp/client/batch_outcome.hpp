#pragma once
// Pure decisions of the sync loop (no network, no database): what an HTTP reply to a batch
// means, which outbox rows become sent or quarantined, and how big the next batch is.
#include <cstdint>
#include <lp/shared/wire.hpp>
#include <lp/client/http_client.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lp::sync {

enum class Verdict {
    apply_results,     // 200 with per-item results
    retry_later,       // network, timeout, 408, 429, 5xx, unreadable 200: nothing changes locally
    halve_batch,       // 413: the batch was too big
    quarantine_batch,  // 400 for the whole batch: every row goes to quarantine with the message
    stop_reenrol,      // 401: the device token is no longer valid
    stop_identity,     // TLS / pin failure: not the server we enrolled with, send nothing
};
/// "apply_results", "retry_later", ...
const char* to_string(Verdict v) noexcept;

struct Decision {
    Verdict verdict = Verdict::retry_later;
    std::vector<wire::ItemResult> results;      // apply_results only
    std::optional<std::int64_t> retry_after_s;  // 429/503 with Retry-After
    std::string server_message;                 // the server's {"message"} or a technical detail
    std::string plain_words;                    // what staff read, e.g. "Can't reach the server: check the Wi-Fi"
};

/// Interprets the reply to POST /api/v1/batches.
Decision decide_batch_reply(const HttpReply& reply, std::int64_t now_unix);

/// Plain words for staff about a reply that did not succeed (also used by enrolment).
std::string plain_words_for(const HttpReply& reply);

/// What to do with each row of a batch after the server's results.
struct RowPlan {
    std::vector<std::string> sent;                                // stored or duplicate
    std::vector<std::pair<std::string, std::string>> quarantine;  // id, reason
    std::vector<std::string> unresolved;                          // no result: stay pending
    std::size_t duplicates = 0;  // of `sent`, how many the server already had (a lost answer)
};

/// Matches results to the batch by id (unknown ids and repeats are ignored; a missing result
/// leaves the row pending, since only an acknowledgement may mark a row sent).
RowPlan plan_rows(const std::vector<std::string>& batch_ids, const std::vector<wire::ItemResult>& results);

/// Batch size after a 413 (halved, at least 1).
std::size_t halved(std::size_t batch_size) noexcept;

/// Reads the "message" (or "error") of a JSON error body; the raw text (cut to 200 chars) otherwise.
std::string server_message(const std::string& body);

}  // namespace lp::sync
