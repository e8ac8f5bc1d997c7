#pragma once
// The retention purge on the PostgreSQL store (pg_dashboard_store.cpp calls these on a pooled
// connection, with its retries). Kept apart so the store stays readable.
#include <lp/dashboard/store.hpp>

#include <pqxx/pqxx>

namespace lp::dashboard::detail {

PurgeCounts pg_purge_due(pqxx::connection& conn, const RetentionCutoffs& cutoffs);
/// index_lock_key: the advisory lock apply_indexed and reset_index take, so the cursor is stable.
PurgeCounts pg_purge_batch(pqxx::connection& conn, long long index_lock_key, const RetentionCutoffs& cutoffs, int limit,
                           const ResponseIndexer& index, const std::string& user, std::int64_t now);
PurgeCounts pg_purged_totals(pqxx::connection& conn);

}  // namespace lp::dashboard::detail
