#pragma once
// Chooses the Store implementation from the `store` config value:
//   "sqlite:PATH"                      the embedded default (PATH relative to the data dir)
//   "postgresql://…" / "postgres://…"  a libpq URL, for several instances sharing one database.
// A PostgreSQL URL may carry "lp_pool=N" (connections per process); it is removed before the
// URL reaches libpq.
#include <lp/aggregator/store.hpp>

#include <memory>
#include <string>

namespace lp::aggregator {

enum class StoreKind { sqlite, postgresql };

struct StoreSpec {
    StoreKind kind = StoreKind::sqlite;
    std::string target;  // the SQLite file path, or the libpq URL without lp_* parameters
    int pool_size = 8;   // PostgreSQL only
};

/// Parses a store value; relative SQLite paths are resolved against base_dir. invalid_input
/// for anything else (the message shows the two accepted forms).
Result<StoreSpec> parse_store_spec(const std::string& spec, const std::string& base_dir = {});

/// Opens (and migrates) the store a spec names. For SQLite the file must already exist unless
/// create is true (init and migrate-store targets create it); not_found otherwise.
Result<std::unique_ptr<Store>> open_store(const std::string& spec, const std::string& base_dir = {},
                                          bool create = false);

/// Applies pending schema migrations; returns the schema version afterwards.
Result<int> migrate_store_schema(const std::string& spec, const std::string& base_dir = {});

/// The spec with any password in a URL replaced by "***", for logs and messages.
std::string redact_store_spec(const std::string& spec);

}  // namespace lp::aggregator
