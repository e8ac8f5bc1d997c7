#pragma once
// Copies a council's data from its SQLite store into a PostgreSQL store
// (`lp-aggregator migrate-store`), then proves the copy: per table, row counts and a SHA-256
// over every row (every column, in key order) must match on both sides, and every sealed
// payload in PostgreSQL must still hash to the sha256 its kiosk was acknowledged with.
// The aggregator's tables are always copied; other modules (the dashboard) add their own
// tables as a CopySet, so one transaction moves everything a council has.
// Re-running is safe: a set whose tables already hold exactly the source's rows is verified
// and left alone; a set holding anything else is refused and nothing is written.
#include <lp/shared/result.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lp::aggregator {

/// How a column's values are read, compared and written (SQLite type → PostgreSQL type).
enum class CopyKind { text, integer, real, blob, boolean };

struct CopyColumn {
    std::string name;
    CopyKind kind;
};

/// One table, the same name and columns on both sides.
struct CopyTable {
    std::string name;
    std::vector<CopyColumn> columns;
    std::string key;            // ORDER BY on both sides; must be unique (text compares bytewise)
    std::string sqlite_select;  // "" = SELECT the columns as named (else yields them in order)
    std::string identity;       // column whose sequence must continue after the copy, or ""
    std::string seeded;         // PostgreSQL condition on rows a fresh migration inserts ("" = none):
                                // they do not make the target non-empty and are replaced by the copy
};

/// A module's tables, with the steps that bring each side's schema up to date first.
struct CopySet {
    std::string name;  // "aggregator", "dashboard": used in messages
    std::vector<CopyTable> tables;
    std::function<Status(const std::string& sqlite_path)> prepare_source;  // may be empty
    std::function<Status(const std::string& pg_url)> prepare_target;       // may be empty
};

/// The aggregator's own tables (sites, devices, responses, answers, … managers).
CopySet aggregator_copy_set();

struct TableCopy {
    std::string table;
    std::int64_t rows = 0;
    std::string sha256;  // of the canonical row text, equal on both sides
    bool already_there = false;  // the target held these rows before (re-run): verified, not written
};

struct CopyReport {
    std::vector<TableCopy> tables;
    std::vector<std::string> not_copied;  // SQLite tables no set names
};

/// Copies sqlite_path into pg_url (migrated first) in one transaction: the aggregator's tables
/// and those of every extra set. Per set: an empty target is filled, an identical one is
/// verified and kept. conflict (naming each differing table with both row counts) when the
/// target holds other data; io_error on a database failure; internal when verification finds a
/// difference after copying (the transaction is then rolled back).
Result<CopyReport> copy_sqlite_to_pg(const std::string& sqlite_path, const std::string& pg_url,
                                     const std::vector<CopySet>& extra = {});

}  // namespace lp::aggregator
