#pragma once
// The retention purge on the SQLite store (sqlite_store.cpp calls these inside its writing()/
// reading() guards, which turn exceptions into errors). Kept apart so the store stays readable.
#include <lp/dashboard/store.hpp>
#include <lp/shared/sqlite.hpp>

namespace lp::dashboard::detail {

PurgeCounts sqlite_purge_due(db::Database& db, const RetentionCutoffs& cutoffs);
PurgeCounts sqlite_purge_batch(db::Database& db, const RetentionCutoffs& cutoffs, int limit,
                               const ResponseIndexer& index, const std::string& user, std::int64_t now);
PurgeCounts sqlite_purged_totals(db::Database& db);

}  // namespace lp::dashboard::detail
