#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>

#include <cstdlib>

namespace lp::aggregator {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Removes our own "lp_pool=N" query parameter (libpq rejects unknown ones).
std::string take_pool_param(const std::string& url, int& pool_size) {
    const auto q = url.find('?');
    if (q == std::string::npos) return url;
    std::string kept;
    std::size_t start = q + 1;
    while (start <= url.size()) {
        std::size_t end = url.find('&', start);
        if (end == std::string::npos) end = url.size();
        const std::string param = url.substr(start, end - start);
        if (starts_with(param, "lp_pool=")) {
            pool_size = std::atoi(param.c_str() + 8);
        } else if (!param.empty()) {
            kept += (kept.empty() ? "" : "&") + param;
        }
        start = end + 1;
    }
    return url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

}  // namespace

Result<StoreSpec> parse_store_spec(const std::string& spec, const std::string& base_dir) {
    StoreSpec s;
    if (starts_with(spec, "sqlite:")) {
        s.kind = StoreKind::sqlite;
        s.target = spec.substr(7);
        if (s.target.empty()) return Error{Errc::invalid_input, "store 'sqlite:' needs a file path"};
        if (s.target[0] != '/' && !base_dir.empty()) s.target = base_dir + "/" + s.target;
        return s;
    }
    if (starts_with(spec, "postgresql://") || starts_with(spec, "postgres://")) {
        s.kind = StoreKind::postgresql;
        s.target = take_pool_param(spec, s.pool_size);
        if (s.pool_size < 1 || s.pool_size > 256)
            return Error{Errc::invalid_input, "lp_pool must be between 1 and 256"};
        return s;
    }
    return Error{Errc::invalid_input,
                 "store must be \"sqlite:PATH\" or \"postgresql://USER@HOST/DB\", got '" + redact_store_spec(spec) + "'"};
}

Result<std::unique_ptr<Store>> open_store(const std::string& spec, const std::string& base_dir, bool create) {
    auto s = parse_store_spec(spec, base_dir);
    if (!s) return s.error();
    if (s->kind == StoreKind::sqlite) {
        if (!create && !file_exists(s->target))
            return Error{Errc::not_found, "no database " + s->target + "; run 'lp-aggregator init' first"};
        return open_sqlite_store(s->target);
    }
    PgOptions o;
    o.pool_size = s->pool_size;
    return open_pg_store(s->target, o);
}

Result<int> migrate_store_schema(const std::string& spec, const std::string& base_dir) {
    auto s = parse_store_spec(spec, base_dir);
    if (!s) return s.error();
    if (s->kind == StoreKind::postgresql) return migrate_pg(s->target);
    try {
        db::Database d(s->target);
        db::migrate(d, sqlite_migrations());
        return d.user_version();
    } catch (const db::Error& e) {
        return Error{Errc::io_error, "migrate " + s->target + ": " + e.what()};
    }
}

std::string redact_store_spec(const std::string& spec) {
    // postgresql://user:secret@host/db → postgresql://user:***@host/db
    const auto scheme = spec.find("://");
    if (scheme == std::string::npos) return spec;
    const auto at = spec.find('@', scheme + 3);
    const auto colon = spec.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at) return spec;
    return spec.substr(0, colon + 1) + "***" + spec.substr(at);
}

}  // namespace lp::aggregator
