#pragma once
// Copies a council's data from its SQLite store into an empty PostgreSQL store
// (`lp-aggregator migrate-store`), then proves the copy: per table, row counts and a SHA-256
// over every row (every column, in key order) must match on both sides, and every sealed
// payload in PostgreSQL must still hash to the sha256 its kiosk was acknowledged with.
#include <lp/shared/result.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lp::aggregator {

struct TableCopy {
    std::string table;
    std::int64_t rows = 0;
    std::string sha256;  // of the canonical row text, equal on both sides
};

struct CopyReport {
    std::vector<TableCopy> tables;
    std::vector<std::string> not_copied;  // SQLite tables that are not the aggregator's (e.g. the dashboard's)
};

/// Copies sqlite_path into pg_url (migrated first; must hold no aggregator data) in one
/// transaction. conflict when the target is not empty; io_error on a database failure;
/// internal when verification finds a difference (the transaction is then rolled back).
Result<CopyReport> copy_sqlite_to_pg(const std::string& sqlite_path, const std::string& pg_url);

}  // namespace lp::aggregator
