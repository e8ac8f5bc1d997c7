#include "aggregator_test_store.hpp"

#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"

#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/sqlite.hpp>

#include <pqxx/pqxx>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace lp::test {

namespace {

// --lp-store=postgresql on the command line (how CTest runs the PostgreSQL variant; doctest
// ignores options it does not know) or LP_TEST_STORE=postgresql (handy by hand).
bool wants_postgresql() {
    const std::string cmdline = slurp("/proc/self/cmdline");
    std::size_t start = 0;
    while (start < cmdline.size()) {
        const std::size_t end = cmdline.find('\0', start);
        const std::string arg = cmdline.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (arg == "--lp-store=postgresql") return true;
        if (arg == "--lp-store=sqlite") return false;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    const char* env = std::getenv("LP_TEST_STORE");
    return env && std::strcmp(env, "postgresql") == 0;
}

// The shared server, or a clean skip of the whole test process when PostgreSQL is missing:
// there is nothing on PostgreSQL to test, and a failure would only say "not installed".
PgServer& server_or_skip() {
    return PgServer::shared_or_skip();
}

}  // namespace

bool on_postgresql() {
    static const bool pg = wants_postgresql();
    return pg;
}

std::string store_config() {
    if (!on_postgresql()) return {};
    return "store = " + server_or_skip().fresh_database() + "\n";
}

std::string fresh_store_spec(const std::string& dir) {
    if (!on_postgresql()) return "sqlite:" + dir + "/agg.db";
    return server_or_skip().fresh_database();
}

std::unique_ptr<aggregator::Store> open_server_store(const std::string& data_dir) {
    const aggregator::DataDir dir{data_dir};
    auto config = aggregator::load_data_dir_config(dir);
    if (!config) throw std::runtime_error("cannot read " + dir.config_file() + ": " + config.error().message);
    auto store = aggregator::open_store(config->store, data_dir);
    if (!store) throw std::runtime_error("cannot open store " + config->store + ": " + store.error().message);
    return std::move(*store);
}

namespace {

aggregator::StoreSpec server_store_spec(const std::string& data_dir) {
    const aggregator::DataDir dir{data_dir};
    auto config = aggregator::load_data_dir_config(dir);
    if (!config) throw std::runtime_error("cannot read " + dir.config_file() + ": " + config.error().message);
    auto spec = aggregator::parse_store_spec(config->store, data_dir);  // without our lp_pool parameter
    if (!spec) throw std::runtime_error(spec.error().message);
    return *spec;
}

}  // namespace

std::int64_t store_sql_int(const std::string& data_dir, const std::string& sql) {
    const auto spec = server_store_spec(data_dir);
    if (spec.kind == aggregator::StoreKind::sqlite) {
        db::Database d(spec.target, db::OpenOptions{true, false, false, true, 5000});
        return d.scalar_int(sql);
    }
    pqxx::connection c(spec.target);
    pqxx::nontransaction w(c);
    return w.exec1(sql)[0].as<std::int64_t>();
}

std::int64_t pg_sessions_left(const std::string& data_dir) {
    std::int64_t others = -1;
    for (int i = 0; i < 50 && others != 0; ++i) {
        if (i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        others = store_sql_int(data_dir, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                         " AND pid <> pg_backend_pid()");
    }
    return others;
}

std::string store_bytes_at_rest(const std::string& data_dir) {
    const auto spec = server_store_spec(data_dir);
    if (spec.kind == aggregator::StoreKind::sqlite) return slurp(spec.target) + slurp(spec.target + "-wal");
    const char* bin = std::getenv("LP_PGBIN");
    const std::string pg_dump = std::string(bin && *bin ? bin : "/usr/lib/postgresql/15/bin") + "/pg_dump";
    std::string dump;
    if (run({pg_dump, "--no-owner", "-d", spec.target}, &dump) != 0 || dump.empty())
        throw std::runtime_error("pg_dump of " + spec.target + " failed");
    return dump;
}

}  // namespace lp::test
