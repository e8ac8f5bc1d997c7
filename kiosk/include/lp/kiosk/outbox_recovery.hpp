#pragma once
// A damaged kiosk.db (power cut on a cheap SD card, a truncated copy): move it aside, start a
// fresh outbox whose sequence numbers never repeat old ones, tell staff, and later copy back
// every row that can still be read and whose sealed bytes still match their hash.
#include <cstdint>
#include <lp/kiosk/outbox.hpp>
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp::kiosk {

/// Gap left above the highest number seen in a damaged file (rows we could not read may be higher).
constexpr std::int64_t recovery_seq_gap = 1000;

/// What could be read from a damaged outbox file.
struct DamagedScan {
    std::vector<OutboxRow> rows;  // every row read (hash not yet checked)
    std::int64_t max_seq = 0;     // highest seq read, or the file's own next_seq - 1 if higher
    bool complete = false;        // the whole table read without an error
    std::string problem;          // first error met, plain words
};

/// Reads what it can from a (possibly damaged) outbox file and its -wal, via a private copy
/// so the evidence is never changed. Rows are read from both ends to get past a bad region.
DamagedScan scan_damaged_outbox(const std::string& file);

/// "" when the database at `path` opens and passes PRAGMA quick_check; otherwise why not.
/// Sets `damaged` only when the file itself is corrupt (not for permissions or a full disk).
std::string check_outbox_file(const std::string& path, bool& damaged);

/// Opens DIR/kiosk.db. When the file is damaged it is renamed to kiosk.db.corrupt-<time> (with
/// its -wal), a new outbox is started with its sequence above max(old rows, high-water mark) plus
/// a gap, and a note for staff is stored in the new outbox. `moved_to` gets the old file's new name.
Result<Outbox> open_outbox_recovering(const std::string& data_dir, std::int64_t now_unix_s,
                                      std::string* moved_to = nullptr);

/// Damaged files moved aside in DIR, newest first.
std::vector<std::string> damaged_outbox_files(const std::string& data_dir);

struct SalvageReport {
    std::int64_t read = 0;      // rows read from the old file
    std::int64_t bad_hash = 0;  // sealed bytes no longer match their sha256: left out
    std::int64_t imported = 0;  // copied into the outbox now
    std::int64_t imported_pending = 0;
    std::int64_t already_there = 0;  // copied by an earlier salvage (idempotent)
    std::int64_t seq_taken = 0;      // a different row already has that seq: left out
    bool complete = false;
    std::string problem;
};

/// Copies every readable, intact row of `damaged_file` into `outbox` (same id, seq and state).
SalvageReport salvage_into(Outbox& outbox, const std::string& damaged_file);

}  // namespace lp::kiosk
