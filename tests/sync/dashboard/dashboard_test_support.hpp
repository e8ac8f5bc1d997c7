#pragma once
// Helpers of the dashboard tests: a temp aggregator database with the real question sets and
// taxonomy, devices, and responses stored through the aggregator Store's own ingest method.
// Compiled with LP_DASH_PG (test target dashboard_pg), both stores are on a throwaway
// PostgreSQL instead, so the same store-level tests run against both implementations.
#include <functional>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/store.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/shared/linker.hpp>
#include <memory>
#include <string>

#include "aggregator_test_support.hpp"

namespace lp::dashtest {

using test::TempDir;

std::string assets_dir();

struct Fixture {
    Fixture();
    TempDir dir;
    std::string db_path;  // the SQLite file; empty when the stores are on PostgreSQL
    std::string pg_url;   // built with LP_DASH_PG: a fresh PostgreSQL database for this fixture
    std::unique_ptr<aggregator::Store> agg;
    std::unique_ptr<dashboard::DashboardStore> dash;
    aggregator::QuestionSetCatalog sets;
    std::unique_ptr<Linker> linker;

    std::string last_token;  // bearer token of the last device added
    /// Enrols a device at site and returns its id.
    std::string add_device(const std::string& site);
    /// Stores n care-leavers responses from device; edit(i, response) shapes each one.
    void add_responses(const std::string& device, int n, const std::function<void(int, Response&)>& edit = {});
    /// A second dashboard store on the same database (another instance, or a reopen).
    std::unique_ptr<dashboard::DashboardStore> open_dashboard() const;
    /// Runs the indexer until idle; returns how many responses it indexed.
    std::int64_t index();
};

}  // namespace lp::dashtest
