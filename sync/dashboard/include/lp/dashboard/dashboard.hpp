#pragma once
// The manager dashboard served by lp-aggregator under "/": owns its store, the theme linker
// (lexicon + classifier with the council's corrections, council_linker.hpp),
// the loaded catalogue, the incremental indexer (background thread while serving) and the
// routes. lp-aggregator adds it through AggregatorOptions::extra_routes (route_registrar()).
#include <lp/aggregator/app.hpp>
#include <lp/dashboard/alert_worker.hpp>
#include <lp/dashboard/alerts.hpp>
#include <lp/dashboard/auth.hpp>
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/relink.hpp>
#include <lp/dashboard/reporting_store.hpp>
#include <lp/dashboard/retention.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/dashboard/upload_stash.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/linker.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace httplib {
class Server;
}

namespace lp::dashboard {

struct RouteGuard;  // route_guard.hpp

struct DashboardParts {
    aggregator::Store* aggregator_store = nullptr;  // devices, managers, enrolment codes
    aggregator::QuestionSetCatalog question_sets;   // copied: the indexer may outlive the aggregator's
    std::unique_ptr<DashboardStore> store;
    std::unique_ptr<ReportingStore> reporting;  // cohorts, reach, board pack; nullptr: those pages say so
    DashboardConfig config;
    std::string assets_dir;  // dashboard/, themes/taxonomy.json, question-sets/
    std::string server_url;  // shown with new enrolment codes; empty: from the request's Host
    std::string tls_pin;
    std::vector<std::string> trusted_proxies;  // aggregator.conf: whose X-Forwarded-For to believe
    std::size_t report_upload_max_bytes = 16 * 1024 * 1024;  // aggregator.conf (the server refuses more)
    RetentionPolicy retention;  // aggregator.conf
    int purge_hour = -1;        // aggregator.conf: UTC hour of the daily purge; -1: none
};

class Dashboard {
public:
    /// Builds a dashboard from parts: loads the taxonomy (linker), question sets, CSS/JS and the
    /// stored catalogue. Errors name the file at fault.
    static Result<std::unique_ptr<Dashboard>> create(DashboardParts parts);
    /// Only create() can make the key, so only create() can construct (through std::make_unique).
    class Key {
        friend class Dashboard;
        Key() = default;
    };
    Dashboard(Key, DashboardParts parts);
    /// Builds one for a running aggregator (its store, question sets, data dir and TLS pin).
    static Result<std::unique_ptr<Dashboard>> for_aggregator(aggregator::Aggregator& agg,
                                                             const std::string& assets_dir);
    ~Dashboard();

    /// Adds every page, form and JSON route.
    void register_routes(httplib::Server& http);
    /// Starts the background indexer (every config.index_interval_ms), the nightly relink
    /// (at config.relink_hour UTC) and the daily retention purge (at purge_hour UTC).
    void start_indexer();
    /// Deletes what the retention policy lets go at now (retention.hpp), audited as "retention".
    Result<PurgeRun> purge_expired(std::int64_t now);
    /// Starts the alert worker when config has a channel (email or webhook); else does nothing.
    void start_alerts(const AlertConfig& config);
    /// Relinks every comment with a linker trained on the shipped examples plus the council's
    /// corrections; unless always, skipped when no correction changed since the last one.
    Result<RelinkResult> relink(bool always = true);

    DashboardStore& store() { return *parts_.store; }
    /// nullptr when the reporting store could not be opened.
    ReportingStore* reporting() { return parts_.reporting.get(); }
    Indexer& indexer() { return *indexer_; }
    const DashboardConfig& config() const { return parts_.config; }
    /// The current catalogue index, reloaded when an import changed the stored catalogue.
    std::shared_ptr<const CatalogueIndex> catalogue();
    /// A view context for a user (nullopt: logged out) at now, in a language (nullptr: English).
    ViewContext context(const std::shared_ptr<const CatalogueIndex>& cat, std::optional<PageUser> user,
                        std::int64_t now, const Text* text = nullptr);
    /// The loaded page languages (assets/i18n/dashboard/*.json).
    const Languages& languages() const { return languages_; }
    Auth& auth() { return *auth_; }

private:
    /// The reporting pages: Reach, cohort forms, the board pack PDF (routes_reporting.cpp).
    void register_reporting_routes(httplib::Server& http, const RouteGuard& guard);
    /// Report upload, confirmation and cancel (routes_upload.cpp).
    void register_upload_routes(httplib::Server& http, const RouteGuard& guard);

    std::string taxonomy_path() const;

    DashboardParts parts_;
    std::vector<QuestionSet> latest_sets_;
    std::string css_, js_, icon_;
    Languages languages_;
    std::unique_ptr<Auth> auth_;
    std::unique_ptr<Indexer> indexer_;
    std::mutex catalogue_mutex_;
    std::shared_ptr<const CatalogueIndex> catalogue_;
    std::int64_t catalogue_version_ = -1;
    UploadStash uploads_;  // uploaded reports waiting for their manager's confirmation
    std::unique_ptr<BackgroundIndexer> background_;  // stopped before the parts it uses
    std::unique_ptr<NightlyJob> nightly_;
    std::unique_ptr<NightlyJob> daily_purge_;
    std::unique_ptr<AlertWorker> alerts_;  // last: stopped first
};

/// Opens the dashboard's store next to the aggregator's: the same SQLite file, or the same
/// PostgreSQL database (`store = postgresql://…`), migrated. Errors name the store at fault.
Result<std::unique_ptr<DashboardStore>> open_dashboard_store(const aggregator::Config& config,
                                                             const std::string& data_dir);

/// Opens the reporting store (cohorts, reach, board pack) on the dashboard's database; call
/// after open_dashboard_store, whose migrations made its tables. Errors name the store at fault.
Result<std::unique_ptr<ReportingStore>> open_reporting_store(const aggregator::Config& config,
                                                             const std::string& data_dir);

/// Loads the latest version of every question set in dir (*.json).
Result<std::vector<QuestionSet>> load_latest_question_sets(const std::string& dir);

/// The alert settings of a running aggregator's aggregator.conf, links based on its public_url.
/// invalid_input names the file and key at fault.
Result<AlertConfig> load_aggregator_alert_config(const aggregator::Aggregator& agg);

/// For AggregatorOptions::extra_routes: opens the dashboard next to the aggregator, adds its
/// routes and starts the indexer. A dashboard that cannot open is reported on stderr and
/// left out; the kiosk API keeps working.
aggregator::RouteRegistrar route_registrar(std::string assets_dir);

}  // namespace lp::dashboard
