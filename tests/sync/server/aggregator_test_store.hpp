#pragma once
// Which store the aggregator suite runs on. The same test binaries are registered twice in
// CTest (tests/sync/server/CMakeLists.txt): as they are, on SQLite (the default), and with
// --lp-store=postgresql (or LP_TEST_STORE=postgresql in the environment), where every
// aggregator a test starts gets a fresh database on the process-wide throwaway PostgreSQL
// (pg_test_support.hpp). Tests ask here instead of naming a store themselves.
#include "aggregator_test_support.hpp"

#include <lp/aggregator/store.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace lp::test {

/// True when this test process runs the aggregator suite on PostgreSQL.
bool on_postgresql();

/// Config lines choosing the store of a new aggregator data dir: "" on SQLite (the default
/// aggregator.db in the data dir), "store = URL" with a fresh database on PostgreSQL.
/// When PostgreSQL is wanted but not installed, prints "SKIP: PostgreSQL …" and ends the test
/// process with 0 (CTest reports the test as skipped).
std::string store_config();

/// The spec of a fresh, empty store for in-process tests: a SQLite file in dir, or a fresh
/// PostgreSQL database (skips like store_config when PostgreSQL is not installed).
std::string fresh_store_spec(const std::string& dir);

/// Opens the store that the aggregator with this data dir uses (as its aggregator.conf says).
std::unique_ptr<aggregator::Store> open_server_store(const std::string& data_dir);

/// One integer from a SQL query on the aggregator's own database, SQLite or PostgreSQL (the
/// query must be valid on both, or guarded by on_postgresql()).
std::int64_t store_sql_int(const std::string& data_dir, const std::string& sql);

/// PostgreSQL only: sessions other than ours still open on the aggregator's database, after
/// waiting up to 5 s for them to go (a backend notices its client has gone within moments).
std::int64_t pg_sessions_left(const std::string& data_dir);

/// Everything the aggregator's store keeps at rest, for "never stored in clear" checks: the
/// SQLite file and its write-ahead log, or a pg_dump of the PostgreSQL database.
std::string store_bytes_at_rest(const std::string& data_dir);

/// A real lp-aggregator on a fresh data dir with the test assets, on the suite's store; ca is
/// its TLS certificate. extra: more aggregator.conf lines.
struct RunningAggregator {
    TempDir tmp;
    std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess server;
    std::string ca = tmp.path() + "/data/tls.crt";
    explicit RunningAggregator(const std::string& extra = {})
        : server(tmp.path() + "/data", assets, store_config() + extra) {}
};

}  // namespace lp::test
