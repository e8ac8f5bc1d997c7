#pragma once
// The PostgreSQL 15 implementation of Store, for several stateless aggregator instances sharing
// one database. Same tables, uniqueness rules and per-item outcomes as the SQLite store
// (sqlite_store.hpp); schema: pg_schema.cpp. Only pg_store.cpp and store_copy.cpp include
// <pqxx/pqxx>.
#include <lp/aggregator/store.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lp::aggregator {

struct PgOptions {
    int pool_size = 8;           // connections kept per process; callers beyond this wait
    int reconnect_budget_ms = 8000;  // how long a call keeps retrying while the server restarts
    bool migrate = true;         // apply pending migrations on open (safe with many instances)
};

/// Connects to a libpq URL ("postgresql://user@/db?host=/run/dir&port=5432"), applies pending
/// migrations (under an advisory lock, so instances starting together do not race) and returns
/// the store. io_error with the server's message when it cannot connect or migrate.
Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const PgOptions& options = {});

/// Applies pending migrations; returns the schema version afterwards. io_error on failure.
Result<int> migrate_pg(const std::string& url);

/// The schema migrations, in order (lp_schema_version holds the number applied).
const std::vector<std::string>& pg_migrations();

}  // namespace lp::aggregator
