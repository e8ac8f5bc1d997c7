#pragma once
// The PostgreSQL implementation of DashboardStore, for several stateless aggregator instances
// sharing one database (`store = postgresql://…`). Same semantics as the SQLite store
// (sqlite_store.hpp): its own dash_* tables next to the aggregator's, own versioned migrations
// (table dashboard_schema, applied under an advisory lock), sessions and logins in the database
// so any instance serves any manager. Indexing is safe with many instances indexing at once:
// apply_indexed() serialises on a transaction-level advisory lock and skips what another
// instance already counted. Only pg_dashboard_store.cpp includes <pqxx/pqxx>.
#include <lp/dashboard/store.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp::dashboard {

/// Connects to a libpq URL (the aggregator's, without lp_* parameters), applies the dashboard's
/// pending migrations and returns the store. io_error with the server's message on failure.
Result<std::unique_ptr<DashboardStore>> open_pg_dashboard_store(const std::string& url, int pool_size = 4);

/// The dashboard's PostgreSQL schema steps, in order (dashboard_schema.version = number applied).
const std::vector<std::string>& pg_dashboard_migrations();

}  // namespace lp::dashboard
