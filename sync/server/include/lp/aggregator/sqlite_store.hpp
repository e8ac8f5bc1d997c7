#pragma once
// The SQLite implementation of Store (WAL, synchronous=FULL). Schema: sqlite_schema.cpp.
#include <lp/aggregator/store.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lp::aggregator {

/// Opens (creating and migrating) the database file; ":memory:" is not supported because the
/// store keeps a separate read connection. io_error naming the file on failure.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

/// The schema migrations, in order (user_version = number applied).
const std::vector<std::string>& sqlite_migrations();

}  // namespace lp::aggregator
