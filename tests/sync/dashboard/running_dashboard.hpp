#pragma once
// A real aggregator serving the dashboard on a free loopback port, for the dashboard route
// tests: managers alice (manager) and victor (viewer), the Kirklees catalogue imported.
#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <lp/aggregator/app.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/server.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/crypto.hpp>
#include <memory>
#include <string>
#include <thread>

#include "dashboard_test_support.hpp"
#include "test_browser.hpp"

namespace lp::dashtest {

/// Sends the server's request log to /dev/null for the test's lifetime (it is not under test here).
struct QuietLog {
    std::FILE* sink = std::fopen("/dev/null", "w");
    QuietLog() { aggregator::Server::set_log_stream(sink); }
    ~QuietLog() {
        aggregator::Server::set_log_stream(nullptr);
        if (sink) std::fclose(sink);
    }
    QuietLog(const QuietLog&) = delete;
    QuietLog& operator=(const QuietLog&) = delete;
};

struct RunningDashboard {
    static constexpr const char* manager_password = "correct horse battery";  // alice's
    QuietLog quiet;
    Fixture fx;
    Catalogue catalogue;
    aggregator::AggregatorOptions options;
    std::unique_ptr<aggregator::Aggregator> agg;
    std::thread thread;
    int port = 0;

    /// assets: where the server reads its assets (the real ones unless a test made its own);
    /// conf_lines: settings appended to the data dir's aggregator.conf.
    explicit RunningDashboard(const std::string& assets = assets_dir(), const std::string& conf_lines = "") {
        REQUIRE(aggregator::init_data_dir(aggregator::DataDir{fx.dir.path()}));
        if (!conf_lines.empty()) {
            std::ofstream conf(fx.dir.path() + "/aggregator.conf", std::ios::app);
            conf << "\n" << conf_lines << "\n";
        }
        REQUIRE(fx.agg->upsert_manager({"alice", crypto::hash_password(manager_password), "manager", 1}));
        REQUIRE(fx.agg->upsert_manager({"victor", crypto::hash_password("viewer password 1"), "viewer", 1}));
        auto cat = load_catalogue_file(assets_dir() + "/themes/kirklees.json");
        REQUIRE(cat);
        catalogue = *cat;
        REQUIRE(fx.dash->replace_catalogue(*cat));
        options.data_dir = fx.dir.path();
        options.assets_dir = assets;
        options.listen = "127.0.0.1:0";
        options.extra_routes.push_back(dashboard::route_registrar(assets));
        auto opened = aggregator::Aggregator::open(options);
        REQUIRE(opened);
        agg = std::move(*opened);
        auto bound = agg->server().bind("127.0.0.1", 0);
        REQUIRE(bound);
        port = *bound;
        thread = std::thread([this] { agg->server().run(); });
    }
    /// The body of /metrics, read without logging in as a scraper does; REQUIREs a 200.
    std::string metrics() const {
        httplib::SSLClient plain("127.0.0.1", port);
        plain.enable_server_certificate_verification(false);
        auto r = plain.Get("/metrics");
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return r->body;
    }
    ~RunningDashboard() {
        agg->server().drain();
        thread.join();
    }
    RunningDashboard(const RunningDashboard&) = delete;
    RunningDashboard& operator=(const RunningDashboard&) = delete;
};

/// A browser logged in as alice, the manager every RunningDashboard has; csrf is her forms' token.
struct ManagerBrowser : test::Browser {
    std::string csrf;
    explicit ManagerBrowser(const RunningDashboard& d)
        : Browser(d.port), csrf(login("alice", RunningDashboard::manager_password)) {}
};

}  // namespace lp::dashtest
