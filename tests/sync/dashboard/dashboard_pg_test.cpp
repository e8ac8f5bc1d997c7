// The dashboard on PostgreSQL (scale-out): its own versioned migrations next to the
// aggregator's, two instances indexing the same responses at once without counting any twice,
// and two real `lp-aggregator serve` processes on one database sharing manager sessions.
// The store-level dashboard tests also run on PostgreSQL (dashboard_test_support with LP_DASH_PG).
#include <doctest/doctest.h>

#include <httplib.h>

#include <lp/aggregator/pg_store.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/shared/crypto.hpp>

#include <pqxx/pqxx>

#include <map>
#include <regex>
#include <thread>

#include "aggregator_test_support.hpp"
#include "dashboard_test_support.hpp"
#include "test_browser.hpp"
#include "pg_test_support.hpp"

using namespace lp;

namespace {

const dashboard::ThemeMonth* find_theme(const std::vector<dashboard::ThemeMonth>& rows, const std::string& theme) {
    for (const auto& r : rows)
        if (r.theme == theme) return &r;
    return nullptr;
}

using test::Browser;

}  // namespace

TEST_CASE("dashboard on PostgreSQL: own migrations under a lock, run once, next to the aggregator's") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    REQUIRE(aggregator::open_pg_store(url));
    // Several instances starting together migrate once (advisory lock), whoever wins.
    std::vector<std::thread> starters;
    std::vector<int> opened(3, 0);
    for (int i = 0; i < 3; ++i)
        starters.emplace_back([&, i] { opened[static_cast<std::size_t>(i)] = dashboard::open_pg_dashboard_store(url) ? 1 : 0; });
    for (auto& t : starters) t.join();
    CHECK(opened == std::vector<int>{1, 1, 1});
    pqxx::connection c(url);
    pqxx::read_transaction w(c);
    CHECK(w.exec1("SELECT version FROM dashboard_schema")[0].as<std::size_t>() ==
          dashboard::pg_dashboard_migrations().size());
    CHECK(w.exec1("SELECT count(*) FROM dashboard_schema")[0].as<int>() == 1);
    CHECK(w.exec1("SELECT max(version) FROM lp_schema_version")[0].as<std::size_t>() ==
          aggregator::pg_migrations().size());
}

TEST_CASE("dashboard on PostgreSQL: two instances indexing the same responses at once count each once") {
    test::PgServer::shared_or_skip();
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 150, [](int i, Response& r) {
        if (i % 10 == 0) r.comment = "my PA never rings back";
        if (i % 50 == 0) r.needs_help = true;
    });
    auto other = fx.open_dashboard();  // a second instance's store on the same database
    dashboard::Indexer a(*fx.dash, fx.sets, *fx.linker);
    dashboard::Indexer b(*other, fx.sets, *fx.linker);
    // Both instances index at once, each in batches of its own size.
    auto race = [&](int batch_a, int batch_b) {
        Result<std::int64_t> na = std::int64_t{0}, nb = std::int64_t{0};
        std::thread ta([&] { na = a.run_until_idle(batch_a); });
        std::thread tb([&] { nb = b.run_until_idle(batch_b); });
        ta.join();
        tb.join();
        REQUIRE(na);
        REQUIRE(nb);
    };
    race(7, 5);  // small batches, many rounds: the two passes overlap again and again
    fx.add_responses(dev, 40);
    race(3, 4);  // more arrives while both are at it: still once each
    auto rows = fx.dash->theme_months({}).value();
    const auto* pa = find_theme(rows, "personal-advisers");
    REQUIRE(pa);
    CHECK(pa->responses == 190);
    CHECK(pa->answers == 380);
    CHECK(pa->negatives == 190);
    CHECK(fx.dash->cursor().value() == other->cursor().value());
    CHECK(fx.dash->value_counts({}, {"pa-know"}).value().at(0).count == 190);
    dashboard::CommentQuery q;
    q.theme = "personal-advisers";
    CHECK(fx.dash->count_comments(q).value() == 15);
    CHECK(fx.dash->safeguarding_items(true, 100).value().size() == 3);
}

TEST_CASE("pg e2e: a manager logged in on one instance is logged in on the other (sessions in the store)") {
    auto& pg = test::PgServer::shared_or_skip();
    test::TempDir tmp;
    const std::string assets = dashtest::assets_dir();
    const std::string data = tmp.path() + "/data";
    const std::string url = pg.fresh_database();
    test::ServerProcess a(data, assets, "store = " + url);
    test::ServerProcess b(data, assets, "", false);  // same data dir and config, other port
    {
        auto store = aggregator::open_pg_store(url);
        REQUIRE(store);
        REQUIRE((*store)->upsert_manager({"alice", crypto::hash_password("correct horse battery"), "manager", 1}));
    }

    Browser on_a(a.port());
    auto page = on_a.get("/login");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    std::smatch m;
    REQUIRE(std::regex_search(page->body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
    auto r = on_a.client.Post("/login", on_a.headers(),
                              httplib::Params{{"csrf", m[1]}, {"user", "alice"}, {"password", "correct horse battery"},
                                              {"next", "/"}});
    REQUIRE(r);
    CHECK(r->status == 303);
    on_a.keep(r);
    REQUIRE(on_a.cookies.count("lp_session"));

    // Instance b never saw this login: the cookie alone opens its manager pages.
    Browser on_b(b.port());
    CHECK(on_b.get("/safeguarding")->status != 200);  // no cookie yet: sent to the login page
    on_b.cookies = on_a.cookies;
    CHECK(on_b.status("/") == 200);
    CHECK(on_b.status("/safeguarding") == 200);
    CHECK(on_b.status("/devices") == 200);
    CHECK(a.terminate() == 0);
    CHECK(b.terminate() == 0);
}
