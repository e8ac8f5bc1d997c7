#pragma once
// Wiring: everything a running aggregator owns, built from a data directory. `serve` uses it;
// tests can too. Other modules add routes by passing a RouteRegistrar (see install_routes).
#include <lp/aggregator/config.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/device_auth.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/ingest_service.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/server.hpp>
#include <lp/aggregator/store.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lp::aggregator {

class Aggregator;
/// Adds a module's routes (e.g. the dashboard's "/" pages) to a running aggregator.
using RouteRegistrar = std::function<void(Aggregator&)>;

struct AggregatorOptions {
    std::string data_dir;
    std::string assets_dir;                 // question-sets/ lives here
    std::optional<std::string> listen;      // overrides the config
    std::vector<RouteRegistrar> extra_routes;
};

class Aggregator {
    struct Key {};  // only open() constructs (passkey)

public:
    explicit Aggregator(Key) {}
    /// Loads config, keys, database and question sets and builds the server with every API
    /// route plus options.extra_routes. Errors name the file at fault.
    static Result<std::unique_ptr<Aggregator>> open(const AggregatorOptions& options);

    Store& store() { return *store_; }
    Server& server() { return *server_; }
    const Config& config() const { return config_; }
    const QuestionSetCatalog& catalog() const { return catalog_; }
    IngestService& ingest() { return *ingest_; }
    const DataDir& data_dir() const { return dir_; }

private:
    DataDir dir_;
    Config config_;
    crypto::KeyPair keys_;
    std::unique_ptr<Store> store_;
    QuestionSetCatalog catalog_;
    std::unique_ptr<IngestService> ingest_;
    std::unique_ptr<EnrolService> enrol_;
    std::unique_ptr<DeviceAuthenticator> auth_;
    std::unique_ptr<Server> server_;
};

/// Serves until SIGTERM/SIGINT: prints "listening on https://HOST:PORT" as the first stdout
/// line, then drains, checkpoints the database and returns 0. Returns 1 when it cannot start.
int serve(const AggregatorOptions& options);

/// Where assets are: --assets, else $LP_ASSETS_DIR, else the compiled-in directory.
std::string default_assets_dir();

}  // namespace lp::aggregator
