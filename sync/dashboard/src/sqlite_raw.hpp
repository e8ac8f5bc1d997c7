#pragma once
// Reading stored responses back as the indexer sees them, on SQLite: the indexer reads the next
// batch and the purge reads what it takes out of the summaries, with one reader.
#include <lp/dashboard/store.hpp>
#include <lp/shared/sqlite.hpp>

#include <vector>

namespace lp::dashboard::detail {

/// The columns sqlite_raw_responses reads, for the caller's `SELECT ... FROM responses`.
extern const char* const sqlite_raw_columns;

/// The responses `picked` returns (a bound SELECT of sqlite_raw_columns FROM responses), each with
/// its answers in order and its comment. Throws db::Error on a database error.
std::vector<RawResponse> sqlite_raw_responses(db::Database& db, db::Statement& picked);

}  // namespace lp::dashboard::detail
