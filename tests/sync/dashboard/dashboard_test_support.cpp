#include "dashboard_test_support.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/tokens.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#ifdef LP_DASH_PG
#include <lp/aggregator/pg_store.hpp>

#include "pg_test_support.hpp"
#endif
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>
#include <stdexcept>
#include <vector>

namespace lp::dashtest {

std::string assets_dir() { return std::string(LP_SOURCE_DIR) + "/assets"; }

Fixture::Fixture() {
#ifdef LP_DASH_PG
    pg_url = test::PgServer::shared_or_skip().fresh_database();
    auto store = aggregator::open_pg_store(pg_url);
#else
    db_path = dir.path() + "/aggregator.db";
    auto store = aggregator::open_sqlite_store(db_path);
#endif
    if (!store) throw std::runtime_error(store.error().message);
    agg = std::move(*store);
    dash = open_dashboard();
    auto s = aggregator::QuestionSetCatalog::load_dir(assets_dir() + "/question-sets");
    if (!s) throw std::runtime_error(s.error().message);
    sets = std::move(*s);
    auto l = Linker::from_taxonomy_file(assets_dir() + "/themes/taxonomy.json");
    if (!l) throw std::runtime_error(l.error().message);
    linker = std::make_unique<Linker>(std::move(*l));
}

std::unique_ptr<dashboard::ReportingStore> Fixture::open_reporting() const {
    auto r = db_path.empty() ? dashboard::open_pg_reporting_store(pg_url) : dashboard::open_sqlite_reporting_store(db_path);
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
}

std::unique_ptr<dashboard::DashboardStore> Fixture::open_dashboard() const {
    auto d = db_path.empty() ? dashboard::open_pg_dashboard_store(pg_url) : dashboard::open_sqlite_dashboard_store(db_path);
    if (!d) throw std::runtime_error(d.error().message);
    return std::move(*d);
}

std::string Fixture::add_device(const std::string& site) {
    const std::string code = aggregator::make_enrol_code();
    const auto now = now_unix();
    if (!agg->add_enrol_code(aggregator::enrol_code_hash(code), site, now, now + 3600))
        throw std::runtime_error("enrol code");
    last_token = aggregator::make_device_token();
    aggregator::NewDevice nd{aggregator::make_device_id(), site + " kiosk", aggregator::device_token_hash(last_token),
                             now};
    auto dev = agg->enrol_device(aggregator::enrol_code_hash(code), nd, now);
    if (!dev) throw std::runtime_error(dev.error().message);
    return dev->id;
}

void Fixture::add_responses(const std::string& device, int n, const std::function<void(int, Response&)>& edit) {
    const QuestionSet* set = sets.latest("care-leavers");
    std::vector<aggregator::IncomingItem> items;
    static std::int64_t seq = 0;
    for (int i = 0; i < n; ++i) {
        Response r;
        r.id = crypto::uuid4();
        r.seq = ++seq;
        r.question_set_id = set->id;
        r.question_set_version = set->version;
        r.created_hour = hour_rounded_utc(now_unix());
        r.age_band = AgeBand::care_leaver_16_25;
        r.answers.push_back(Answer::of_scale("pa-help", 4));
        r.answers.push_back(Answer::of_choice("pa-know", "no"));
        if (edit) edit(i, r);
        aggregator::IncomingItem item;
        item.id = r.id;
        item.seq = r.seq;
        item.question_set_id = r.question_set_id;
        item.question_set_version = r.question_set_version;
        item.created_hour = r.created_hour;
        item.sealed = crypto::Bytes{1, 2, 3};
        item.sha256 = crypto::sha256_hex(r.id);
        for (const auto& a : r.answers) {
            const Question* q = set->find(a.question);
            item.scores.push_back(q ? answer_score(a, *q) : std::nullopt);
            if (q)
                for (const auto& t : q->themes) item.themes.push_back(t);
        }
        item.opened = r;
        items.push_back(std::move(item));
    }
    auto res = agg->store_batch(device, crypto::uuid4(), items, now_unix());
    if (!res) throw std::runtime_error(res.error().message);
}

std::int64_t Fixture::index() {
    dashboard::Indexer indexer(*dash, sets, *linker);
    auto n = indexer.run_until_idle(100);
    if (!n) throw std::runtime_error(n.error().message);
    return *n;
}

}  // namespace lp::dashtest
