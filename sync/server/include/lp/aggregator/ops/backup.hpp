#pragma once
// Online backup and restore of the SQLite store. Backup uses SQLite's backup API in one read
// transaction, so it is a consistent snapshot even while `serve` is ingesting (WAL readers do
// not block writers). Restore refuses while any process has the database open.
#include <cstdint>
#include <lp/shared/result.hpp>
#include <string>

namespace lp::aggregator::ops {

struct BackupReport {
    std::int64_t pages = 0;
    std::int64_t devices = 0;
    std::int64_t responses = 0;
    std::int64_t comments = 0;
    std::int64_t safeguarding_items = 0;  // 0 when the dashboard's tables are not there
    std::string oldest_hour;              // created_hour of the oldest response ("" when none)
    std::string newest_hour;
};

/// Copies the database at db_path to file (0600, single file, integrity-checked), atomically.
Result<BackupReport> backup_sqlite(const std::string& db_path, const std::string& file);

/// Process id holding db_path open (SQLite's locks on the file or its -shm), 0 when none.
int database_holder(const std::string& db_path);

struct RestoreReport {
    BackupReport counts;
    std::string kept_aside;  // where the old database went ("" when there was none)
};

/// Replaces db_path with a checked copy of file, keeping the old database (and its -wal)
/// beside it. conflict while the database is in use, invalid_input when the file
/// is not a healthy aggregator database.
Result<RestoreReport> restore_sqlite(const std::string& db_path, const std::string& file, std::int64_t now);

}  // namespace lp::aggregator::ops
