// Roles by site (finding 12) and removed accounts (finding 3) through the real routes: an
// account given sites sees and acts on nothing of other sites in pages, JSON, CSV and the
// safeguarding queue; an admin (no sites) sees all; a removed account's session stops at once.
#include <doctest/doctest.h>
#include <httplib.h>

#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>

#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;
using dashtest::RunningDashboard;
using test::Browser;

namespace {

bool has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }

struct TwoSites {
    RunningDashboard d;
    std::string dev_a, dev_b;
    TwoSites() {
        dev_a = d.fx.add_device("Hub A");
        dev_b = d.fx.add_device("Hub B");
        d.fx.add_responses(dev_a, 8, [](int i, Response& r) { r.comment = i == 0 ? "my step dad hits me" : "alpha words"; });
        d.fx.add_responses(dev_b, 9, [](int i, Response& r) {
            r.comment = i == 0 ? "someone at home hurts me" : "bravo words";
        });
        d.fx.index();
        REQUIRE(d.fx.agg->upsert_manager(
            {"mia", crypto::hash_password("manager of hub a"), "manager", 1, {"Hub A"}}));
        REQUIRE(d.fx.agg->upsert_manager({"val", crypto::hash_password("viewer of hub a"), "viewer", 1, {"Hub A"}}));
    }
    std::int64_t item_at(const std::string& site) {
        const auto items = d.fx.dash->safeguarding_items(true, 100).value();
        for (const auto& i : items)
            if (i.site == site) return i.id;
        FAIL("no safeguarding item at " << site);
        return -1;
    }
};

}  // namespace

TEST_CASE("finding 12: a manager of site A sees and acts on nothing of site B, anywhere") {
    TwoSites s;
    Browser mia(s.d.port);
    const std::string csrf = mia.login("mia", "manager of hub a");
    for (const std::string path : {"/comments", "/comments?site=Hub%20B", "/comments?q=bravo", "/safeguarding?show=all",
                                   "/evidence", "/evidence?site=Hub%20B", "/evidence.csv", "/evidence.csv?site=Hub%20B",
                                   "/themes/personal-advisers?site=Hub%20B", "/devices", "/audit",
                                   "/api/v1/dashboard/matrix?site=Hub%20B", "/?site=Hub%20B", "/reach",
                                   "/reach?site=Hub%20B", "/to-read", "/actions"}) {
        auto r = mia.get(path);
        REQUIRE(r);
        CHECK_MESSAGE((r->status == 200 || r->status == 403), path);
        CHECK_MESSAGE(!has(r->body, "bravo words"), path);
        CHECK_MESSAGE(!has(r->body, "hurts me"), path);
        CHECK_MESSAGE(!has(r->body, s.dev_b), path);
        // The site's name may come back only where she typed it (the filter) or in her own
        // audit entries ("exported evidence CSV, site Hub B").
        if (path.find("Hub%20B") == std::string::npos && path != "/audit") CHECK_MESSAGE(!has(r->body, "Hub B"), path);
    }
    // Her own site is there.
    CHECK(has(mia.page("/comments"), "alpha words"));
    CHECK(has(mia.page("/safeguarding"), "hits me"));
    // Site B's figures read as nothing: the JSON for B is all suppressed.
    auto b_json = mia.get("/api/v1/dashboard/matrix?site=Hub%20B");
    REQUIRE(b_json);
    CHECK(!has(b_json->body, "\"suppressed\":false"));
    // Acting on site B: refused, nothing changes.
    const auto b_item = s.item_at("Hub B");
    auto ack = mia.post("/safeguarding/ack", {{"csrf", csrf}, {"id", std::to_string(b_item)}, {"note", "not mine"}});
    REQUIRE(ack);
    auto items = s.d.fx.dash->safeguarding_items(true, 100).value();
    for (const auto& i : items)
        if (i.id == b_item) CHECK_FALSE(i.acknowledged_at.has_value());
    auto revoke = mia.post("/devices/revoke", {{"csrf", csrf}, {"device", s.dev_b}});
    REQUIRE(revoke);
    const auto devices = s.d.fx.agg->list_devices().value();
    for (const auto& dv : devices)
        if (dv.id == s.dev_b) CHECK_FALSE(dv.revoked);
    auto code = mia.post("/devices/enrol-code", {{"csrf", csrf}, {"site", "Hub B"}, {"expires", "3600"}});
    REQUIRE(code);
    CHECK(!has(code->body, "class=\"big\""));
    // Her own site's item she can acknowledge.
    auto own = mia.post("/safeguarding/ack", {{"csrf", csrf}, {"id", std::to_string(s.item_at("Hub A"))}, {"note", "seen"}});
    REQUIRE(own);
    CHECK(s.d.fx.dash->unacknowledged_count().value() == 1);  // B's is still waiting

    // A viewer of A: the matrix for B is empty too, and "all sites" is A's figures only.
    Browser val(s.d.port);
    val.login("val", "viewer of hub a");
    auto all = val.get("/api/v1/dashboard/matrix");
    auto a_only = val.get("/api/v1/dashboard/matrix?site=Hub%20A");
    REQUIRE(all);
    REQUIRE(a_only);
    CHECK(all->body == a_only->body);

    // An admin (alice, no sites) sees both.
    Browser alice(s.d.port);
    alice.login("alice", "correct horse battery");
    const std::string every = alice.page("/comments?q=words");
    CHECK(has(every, "alpha words"));
    CHECK(has(every, "bravo words"));
}

TEST_CASE("Reach, rates and the board pack for a site account keep to its sites") {
    TwoSites s;
    const std::string q = dashboard::quarter_of_month(dashboard::month_of(now_unix()))->id();
    Browser alice(s.d.port);
    const std::string admin_csrf = alice.login("alice", "correct horse battery");
    for (const auto& [site, size] : {std::pair<std::string, std::string>{"Hub A", "40"}, {"Hub B", "90"}, {"", "300"}}) {
        auto r = alice.post("/reach/cohorts", {{"csrf", admin_csrf}, {"quarter", q}, {"site", site}, {"band", ""}, {"size", size}});
        REQUIRE(r);
        CHECK(r->get_header_value("Location").find("done=saved") != std::string::npos);
    }
    Browser mia(s.d.port);
    const std::string csrf = mia.login("mia", "manager of hub a");
    // Her Reach page: Hub A's row with its rate (8 answers shown as 10, of 40), her sites' total,
    // and nothing of Hub B or the council's own cohort.
    const std::string reach = mia.page("/reach?quarter=" + q);
    CHECK(has(reach, "Hub A"));
    CHECK(has(reach, "10 (25%)"));
    CHECK(has(reach, "Your sites"));
    CHECK(!has(reach, "Hub B"));
    CHECK(!has(reach, "Whole council"));
    CHECK(!has(reach, ">300<"));
    CHECK(!has(reach, ">90<"));
    CHECK(!has(mia.page("/reach?quarter=" + q + "&site=Hub%20B"), "Hub B</th>"));
    // The matrix's rates are of her cohort too.
    CHECK(has(mia.page("/?period=3m"), "25% of the cohort"));
    // She sets cohorts and makes packs for her own site only.
    auto other = mia.post("/reach/cohorts", {{"csrf", csrf}, {"quarter", q}, {"site", "Hub B"}, {"band", ""}, {"size", "1"}});
    REQUIRE(other);
    CHECK(other->get_header_value("Location").find("done=bad") != std::string::npos);
    auto council = mia.post("/reach/cohorts", {{"csrf", csrf}, {"quarter", q}, {"site", ""}, {"band", ""}, {"size", "1"}});
    REQUIRE(council);
    CHECK(council->get_header_value("Location").find("done=bad") != std::string::npos);
    auto gone = mia.post("/reach/cohorts/delete", {{"csrf", csrf}, {"quarter", q}, {"site", "Hub B"}, {"band", ""}});
    REQUIRE(gone);
    CHECK(gone->get_header_value("Location").find("done=bad") != std::string::npos);
    auto reporting = s.d.fx.open_reporting();
    const auto cohorts = reporting->cohorts().value();
    REQUIRE(cohorts.size() == 3);
    for (const auto& c : cohorts) CHECK(c.size != 1);
    for (const std::string site : {"Hub%20B", ""}) {
        auto pdf = mia.get("/board-pack.pdf?quarter=" + q + "&site=" + site);
        REQUIRE(pdf);
        CHECK_MESSAGE(pdf->status == 403, site);
    }
    auto own = mia.get("/board-pack.pdf?quarter=" + q + "&site=Hub%20A");
    REQUIRE(own);
    CHECK(own->status == 200);
    CHECK(own->body.rfind("%PDF-", 0) == 0);
}

TEST_CASE("finding 3: a removed manager's open session stops working at once") {
    TwoSites s;
    Browser mia(s.d.port);
    mia.login("mia", "manager of hub a");
    CHECK(mia.page("/comments").size() > 0);
    REQUIRE(s.d.fx.agg->remove_manager("mia"));
    auto after = mia.get("/comments");
    REQUIRE(after);
    CHECK(after->status == 303);
    CHECK(after->get_header_value("Location").rfind("/login", 0) == 0);
    CHECK(mia.status("/api/v1/dashboard/matrix") == 401);
}
