#pragma once
// The dashboard's tables as `lp-aggregator migrate-store` copies them from SQLite to PostgreSQL,
// next to the aggregator's and in the same transaction: catalogue, summaries, comment links,
// corrections, the safeguarding queue with its acknowledgements, sessions, logins, audit log,
// "you said, we did" replies and the indexer's state.
#include <lp/aggregator/store_copy.hpp>

namespace lp::dashboard {

/// Every dash_* table with its columns and key; prepares both sides by applying the
/// dashboard's migrations (SQLite source and PostgreSQL target).
aggregator::CopySet copy_set();

}  // namespace lp::dashboard
