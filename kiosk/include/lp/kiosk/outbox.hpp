#pragma once
// The device outbox: every response sealed and stored in SQLite (WAL, synchronous=FULL) in one
// transaction, waiting for sync. Used by the kiosk (save) and the sync client (the rest).
// All functions are safe to call from one thread at a time per Outbox object; open a second
// Outbox on the same file for another thread (SQLite's WAL handles the concurrency).
#include <array>
#include <cstdint>
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lp::db {
class Database;
class Statement;
}  // namespace lp::db

namespace lp::kiosk {

using SealingKey = std::array<std::uint8_t, 32>;

enum class RowState { pending, sent, quarantined };
const char* to_string(RowState s) noexcept;

/// One stored response: everything the wire item needs (docs/formats.md) plus local state.
struct OutboxRow {
    std::int64_t row_id = 0;
    std::string id;  // uuid4, the wire "id"
    std::int64_t seq = 0;
    std::string question_set_id;
    int question_set_version = 0;
    std::string created_hour;  // "2026-11-25T14:00:00Z"
    std::string age_band;      // "8-12" | "13-17" | "16-25" | "unsaid"
    bool needs_help = false;
    std::vector<std::uint8_t> sealed;
    std::string sha256;  // hex of sealed
    RowState state = RowState::pending;
    std::string reason;           // quarantine reason
    std::int64_t created_at = 0;  // unix seconds, local only (never sent)
    std::int64_t sent_at = 0;
};

struct OutboxCounts {
    std::int64_t stored = 0;  // every row, whatever its state
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t quarantined = 0;
    std::int64_t needs_help_pending = 0;
};

/// What save() assigned.
struct SaveReceipt {
    std::string id;
    std::int64_t seq = 0;
    std::string sha256;
};

/// Sync bookkeeping kept beside the outbox.
struct LastSync {
    std::int64_t last_success_time = 0;  // unix seconds, 0 = never
    std::int64_t last_attempt_time = 0;
    std::string last_error;  // plain words, "" after a success
};

/// A damaged database that a new one replaced, as facts for the staff screen.
struct RecoveryFacts {
    std::int64_t at = 0;            // when, unix seconds
    std::string moved_to;           // the old file's name, e.g. kiosk.db.corrupt-20260101T000000Z
    std::int64_t held = 0;          // responses read from it (at least this many when !complete)
    bool complete = true;           // the whole old file could be read
    std::int64_t held_pending = 0;  // of those, not sent yet
    std::int64_t brought_back = 0;  // copied back into the outbox by salvage so far
};

class Outbox {
public:
    /// Opens (creating and migrating) DIR/kiosk.db or any path; io_error / disk_full on failure.
    static Result<Outbox> open(const std::string& path);
    Outbox(Outbox&&) noexcept;
    Outbox& operator=(Outbox&&) noexcept;
    ~Outbox();

    /// Seals and stores one response in one transaction: assigns uuid (if empty), the next
    /// per-device seq and created_hour (if empty, from the clock). On error nothing is stored:
    /// disk_full when the disk/database is full, io_error when it cannot be written.
    Status save(const Response& response, const SealingKey& key, SaveReceipt* receipt = nullptr);
    /// Rows waiting to be sent: needs_help rows first, then by seq.
    Result<std::vector<OutboxRow>> pending(std::size_t limit);
    /// Marks rows (by uuid) as sent at `now` (unix seconds). Unknown ids are ignored.
    Status mark_sent(const std::vector<std::string>& ids, std::int64_t now);
    /// Moves a row (by uuid) to quarantine with a reason staff can read.
    Status quarantine(const std::string& id, const std::string& reason);
    Result<OutboxCounts> counts();
    /// Quarantined rows (newest first) with their reasons.
    Result<std::vector<OutboxRow>> quarantined();
    /// Deletes rows that were sent before `unix_time`; returns how many. Never touches others.
    Result<std::int64_t> purge_sent_before(std::int64_t unix_time);
    /// One row by uuid, nullopt when absent.
    Result<std::optional<OutboxRow>> find(const std::string& id);

    Result<LastSync> last_sync();
    Status set_last_success(std::int64_t unix_time);
    /// Records a failed attempt in plain words (shown to staff).
    Status set_last_error(std::int64_t unix_time, const std::string& plain_words);

    /// Copies the write-ahead log into the database file. The outbox turns SQLite's automatic
    /// checkpoint off so a save never pays for one; the kiosk calls this between young people.
    Status checkpoint();

    /// Result of copying one row in from a damaged old file (lp-kiosk salvage).
    enum class ImportResult { inserted, already_there, seq_taken };
    /// Inserts a row exactly as it was (id, seq, sealed bytes, state); never a second copy of an id.
    Result<ImportResult> import_row(const OutboxRow& row);
    /// Makes the next sequence number at least `seq` (after starting over from a damaged file).
    Status raise_next_seq(std::int64_t seq);
    /// The next sequence number save() would use.
    Result<std::int64_t> next_seq();
    /// Staff-facing note about a damaged database this one replaced ("" when none), in English
    /// (lp-kiosk status prints it).
    Result<std::string> recovery_note();
    Status set_recovery_note(const std::string& plain_words);
    /// The same as facts, which the staff screen words in the kiosk's language (nullopt when none).
    Result<std::optional<RecoveryFacts>> recovery_facts();
    Status set_recovery_facts(const RecoveryFacts& facts);

    /// The underlying connection (tests use it to simulate a full disk).
    db::Database& database();
    const std::string& path() const noexcept { return path_; }

private:
    explicit Outbox(std::unique_ptr<db::Database> db, std::string path);
    std::unique_ptr<db::Database> db_;
    std::string path_;
    std::int64_t reserved_seq_ = 0;  // high-water mark on disk outside the database
};

/// The outbox path inside a kiosk data dir.
std::string outbox_path(const std::string& data_dir);

/// File beside the database holding a sequence number above every one ever handed out. It
/// survives the database being damaged, so a fresh database never reuses a number that may
/// already have been sent (the aggregator would take it for a replay).
std::string seq_mark_path(const std::string& db_path);
/// Reads the high-water mark (0 when there is none or it is unreadable).
std::int64_t read_seq_mark(const std::string& db_path);

/// Numbers reserved in the high-water file at a time (one small fsync'd write per this many saves).
constexpr std::int64_t seq_reserve_block = 1000;

namespace detail {
/// The outbox columns, in the order read_outbox_row expects them after "SELECT ".
extern const char* const outbox_row_columns;
/// Reads one row of a statement that selected outbox_row_columns.
OutboxRow read_outbox_row(const db::Statement& st);
}  // namespace detail

}  // namespace lp::kiosk
