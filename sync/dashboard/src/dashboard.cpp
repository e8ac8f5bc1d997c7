#include <algorithm>
#include <filesystem>
#include <lp/aggregator/ops/metrics.hpp>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/dashboard/council_linker.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/scoped_store.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <lp/shared/time.hpp>
#include <map>

namespace lp::dashboard {

Result<std::vector<QuestionSet>> load_latest_question_sets(const std::string& dir) {
    std::map<std::string, QuestionSet> latest;
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    if (ec) return Error{Errc::not_found, dir + ": " + ec.message()};
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto set = load_question_set(f);
        if (!set) return set.error();
        auto it = latest.find(set->id);
        if (it == latest.end() || it->second.version < set->version) latest[set->id] = std::move(*set);
    }
    std::vector<QuestionSet> out;
    for (auto& [id, set] : latest) out.push_back(std::move(set));
    return out;
}

namespace {

/// The store config.store names, opened by open_pg or open_sqlite (each with its own pool size).
template <class OpenPg, class OpenSqlite>
auto open_named_store(const aggregator::Config& config, const std::string& data_dir, OpenPg open_pg,
                      OpenSqlite open_sqlite) -> decltype(open_sqlite(std::string())) {
    auto spec = aggregator::parse_store_spec(config.store, data_dir);
    if (!spec) return spec.error();
    if (spec->kind == aggregator::StoreKind::postgresql) return open_pg(spec->target);
    return open_sqlite(spec->target);
}

}  // namespace

Result<std::unique_ptr<DashboardStore>> open_dashboard_store(const aggregator::Config& config,
                                                             const std::string& data_dir) {
    return open_named_store(
        config, data_dir, [](const std::string& url) { return open_pg_dashboard_store(url); },
        open_sqlite_dashboard_store);
}

// The reporting store sits next to the dashboard's: the same SQLite file or PostgreSQL database.
Result<std::unique_ptr<ReportingStore>> open_reporting_store(const aggregator::Config& config,
                                                             const std::string& data_dir) {
    return open_named_store(
        config, data_dir, [](const std::string& url) { return open_pg_reporting_store(url); },
        open_sqlite_reporting_store);
}

Dashboard::Dashboard(Key, DashboardParts parts) : parts_(std::move(parts)) {}

Dashboard::~Dashboard() {
    alerts_.reset();
    daily_purge_.reset();
    nightly_.reset();
    background_.reset();
}

Result<std::unique_ptr<Dashboard>> Dashboard::create(DashboardParts parts) {
    auto d = std::make_unique<Dashboard>(Key{}, std::move(parts));
    // The classifier-backed linker with this council's corrections (trained once per process).
    auto linker = council_linker(d->taxonomy_path(), *d->parts_.store);
    if (!linker) return linker.error();
    auto sets = load_latest_question_sets(d->parts_.assets_dir + "/question-sets");
    if (!sets) return sets.error();
    d->latest_sets_ = std::move(*sets);
    auto css = read_file(d->parts_.assets_dir + "/dashboard/dashboard.css");
    if (!css) return css.error();
    auto js = read_file(d->parts_.assets_dir + "/dashboard/dashboard.js");
    if (!js) return js.error();
    auto icon = read_file(d->parts_.assets_dir + "/dashboard/favicon.svg");
    if (!icon) return icon.error();
    d->icon_ = std::move(*icon);
    d->css_ = std::move(*css);
    std::vector<std::string> problems;  // a translation's gaps show in English; say so in the log
    d->languages_ = Languages::load(d->parts_.assets_dir + "/i18n/dashboard", &problems);
    for (const auto& p : problems) aggregator::ops::log_error("dashboard translation: " + p);
    d->js_ = std::move(*js);
    d->auth_ = std::make_unique<Auth>(*d->parts_.aggregator_store, *d->parts_.store, d->parts_.config);
    // The safeguarding scan's second opinion (fastText, aggregator side only): trained at start-up
    // from assets/safeguarding/examples.jsonl; without that file the rules scan alone.
    std::shared_ptr<const SafeguardingScorer> safeguarding_model;
    const std::string examples = safeguarding_examples_path(d->parts_.assets_dir);
    if (std::filesystem::exists(examples)) {
        auto model = load_safeguarding_model(examples);
        if (!model) return model.error();
        safeguarding_model = std::move(model).value();
    }
    d->indexer_ = std::make_unique<Indexer>(*d->parts_.store, d->parts_.question_sets, std::move(*linker),
                                            std::move(safeguarding_model));
    return d;
}

Result<std::unique_ptr<Dashboard>> Dashboard::for_aggregator(aggregator::Aggregator& agg,
                                                             const std::string& assets_dir) {
    DashboardParts parts;
    parts.aggregator_store = &agg.store();
    parts.question_sets = agg.catalog();
    parts.assets_dir = assets_dir;
    auto config = load_dashboard_config(agg.data_dir().root + "/dashboard.conf");
    if (!config) return config.error();
    parts.config = *config;
    auto store = open_dashboard_store(agg.config(), agg.data_dir().root);
    if (!store) return store.error();
    parts.store = std::move(*store);
    if (auto reporting = open_reporting_store(agg.config(), agg.data_dir().root))
        parts.reporting = std::move(*reporting);
    else
        aggregator::ops::log_error("dashboard reporting pages not available: " + reporting.error().message);
    parts.server_url = agg.config().public_url;
    parts.report_upload_max_bytes = agg.config().limits.report_upload_max_bytes;
    parts.trusted_proxies = agg.config().trusted_proxies;  // empty: the address the manager's browser used
    parts.retention = retention_policy(agg.config());
    parts.purge_hour = agg.config().purge_hour;
    if (auto cert = read_file(agg.data_dir().resolve(agg.config().cert_file)))
        if (auto pin = aggregator::public_key_pin(*cert)) parts.tls_pin = *pin;
    return create(std::move(parts));
}

std::shared_ptr<const CatalogueIndex> Dashboard::catalogue() {
    std::lock_guard<std::mutex> lock(catalogue_mutex_);
    auto version = parts_.store->catalogue_version();
    if (catalogue_ && (!version || *version == catalogue_version_)) return catalogue_;
    auto cat = parts_.store->catalogue();
    if (!cat) {
        if (!catalogue_) catalogue_ = std::make_shared<CatalogueIndex>(Catalogue{}, latest_sets_);
        return catalogue_;
    }
    catalogue_ = std::make_shared<CatalogueIndex>(std::move(*cat), latest_sets_);
    catalogue_version_ = version ? *version : 0;
    return catalogue_;
}

ViewContext Dashboard::context(const std::shared_ptr<const CatalogueIndex>& cat, std::optional<PageUser> user,
                               std::int64_t now, const Text* text) {
    // An account with sites reads through a ScopedStore: every view sees only those sites.
    if (user && !user->sites.empty()) {
        auto scoped = std::make_shared<ScopedStore>(*parts_.store, user->sites, user->user);
        ViewContext ctx{*scoped, *parts_.aggregator_store, *cat, parts_.config, std::move(user), now, text, &languages_};
        ctx.scoped = std::move(scoped);
        ctx.reporting = parts_.reporting.get();  // the reach views keep to user->sites themselves
        return ctx;
    }
    return ViewContext{*parts_.store, *parts_.aggregator_store, *cat, parts_.config, std::move(user), now, text,
                       &languages_, {}, parts_.reporting.get()};
}

std::string Dashboard::taxonomy_path() const { return parts_.assets_dir + "/themes/taxonomy.json"; }

Result<RelinkResult> Dashboard::relink(bool always) {
    return relink_council(*parts_.store, *indexer_, taxonomy_path(), parts_.config.index_batch, always);
}

void Dashboard::start_indexer() {
    if (!background_)
        background_ =
            std::make_unique<BackgroundIndexer>(*indexer_, parts_.config.index_interval_ms, parts_.config.index_batch);
    if (!nightly_ && parts_.config.relink_hour >= 0)
        nightly_ = std::make_unique<NightlyJob>(
            [this] {
                auto done = relink(false);
                if (!done)
                    aggregator::ops::log_error("nightly relink failed: " + done.error().message);
                else if (!done->skipped)
                    aggregator::ops::log_error("nightly relink: " + std::to_string(done->responses) +
                                               " responses relinked, learning from " +
                                               std::to_string(done->corrections) + " corrected comments");
            },
            parts_.config.relink_hour);
    if (!daily_purge_ && parts_.purge_hour >= 0)
        daily_purge_ = std::make_unique<NightlyJob>(
            [this] {
                auto done = purge_expired(lp::now_unix());
                if (!done)
                    aggregator::ops::log_error("daily purge failed: " + done.error().message);
                else if (done->counts.total() > 0)
                    aggregator::ops::log_error("daily purge: deleted " + describe(done->counts));
            },
            parts_.purge_hour);
}

Result<PurgeRun> Dashboard::purge_expired(std::int64_t now) {
    const auto cutoffs = retention_cutoffs(parts_.retention, now);
    return purge(*parts_.store, cutoffs, response_indexer(parts_.question_sets, indexer_->linker()),
                 parts_.config.index_batch, false, "retention", now);
}

void Dashboard::start_alerts(const AlertConfig& config) {
    if (!alerts_ && !config.channels().empty()) alerts_ = std::make_unique<AlertWorker>(*parts_.store, config);
}

Result<AlertConfig> load_aggregator_alert_config(const aggregator::Aggregator& agg) {
    auto values = load_config_file_if_any(agg.data_dir().config_file());
    if (!values) return values.error();
    auto config = load_alert_config(*values);
    if (!config) return Error{config.error().code, agg.data_dir().config_file() + ": " + config.error().message};
    config->dashboard_url =
        agg.config().public_url.empty() ? "https://" + agg.config().listen : agg.config().public_url;
    return config;
}

aggregator::RouteRegistrar route_registrar(std::string assets_dir) {
    // The dashboard lives as long as the registrar (the serve options), which outlives the
    // aggregator's server and so every request handler that refers to it.
    auto holder = std::make_shared<std::unique_ptr<Dashboard>>();
    return [holder, assets_dir](aggregator::Aggregator& agg) {
        auto d = Dashboard::for_aggregator(agg, assets_dir);
        if (!d) {
            aggregator::ops::log_error("dashboard not served: " + d.error().message);
            return;
        }
        (*d)->register_routes(agg.server().http());
        (*d)->start_indexer();
        // Help requests and flagged comments are sent by email / webhook within a minute.
        if (auto alerts = load_aggregator_alert_config(agg))
            (*d)->start_alerts(*alerts);
        else
            aggregator::ops::log_error("alerts not sent: " + alerts.error().message);
        // /metrics carries the safeguarding queue (waiting and overdue items) and the To read queue.
        // The source may outlive this dashboard (tests open several aggregators in one process).
        std::weak_ptr<std::unique_ptr<Dashboard>> weak = holder;
        aggregator::ops::add_metrics_source([weak] {
            auto held = weak.lock();
            if (!held || !*held) return std::string();
            Dashboard* dash = held->get();
            auto items = dash->store().safeguarding_items(false, 1000000);
            if (!items) return std::string();
            const std::int64_t now = lp::now_unix();
            std::int64_t overdue = 0;
            for (const auto& i : *items)
                if (!i.acknowledged_at && now - i.received_at > dash->config().overdue_s) ++overdue;
            std::string text = aggregator::ops::safeguarding_metrics(static_cast<std::int64_t>(items->size()), overdue);
            auto review = dash->store().review_counts(review_deadlines(dash->config()), now);
            if (review) text += aggregator::ops::comment_review_metrics(review->unread, review->overdue);
            if (auto purged = dash->store().purged_totals()) text += purge_metrics(*purged);
            return text + alert_metrics();
        });
        *holder = std::move(*d);
    };
}

}  // namespace lp::dashboard
