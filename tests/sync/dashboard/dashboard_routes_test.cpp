// The dashboard's routes in a real aggregator over loopback TLS: login, cookies, authorization
// per route, CSRF, escaping, suppression in HTML/JSON/CSV, the kiosks' replies endpoint.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <lp/aggregator/app.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>
#include <regex>
#include <thread>

#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;

namespace {

using dashtest::RunningDashboard;
using dashtest::ManagerBrowser;
using test::Browser;

}  // namespace

TEST_CASE("dashboard pages need a login and the session cookie is Secure, HttpOnly and SameSite=Strict") {
    RunningDashboard d;
    Browser b(d.port);
    auto home = b.get("/");
    REQUIRE(home);
    CHECK(home->status == 303);
    CHECK(home->get_header_value("Location").rfind("/login?next=", 0) == 0);
    CHECK(b.status("/api/v1/dashboard/matrix") == 401);
    auto page = b.get("/login");
    REQUIRE(page);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
    // A login form posted without its token (cross-site) is refused.
    auto forged = b.client.Post("/login", httplib::Params{{"user", "alice"}, {"password", "correct horse battery"}});
    REQUIRE(forged);
    CHECK(forged->status == 403);
    auto r = b.post("/login", {{"csrf", Browser::csrf_in(page->body)},
                               {"user", "alice"},
                               {"password", "correct horse battery"},
                               {"next", "//evil.example/"}});
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/");  // no open redirect
    std::string session_cookie;
    for (const auto& [k, v] : r->headers)
        if (k == "Set-Cookie" && v.rfind("lp_session=", 0) == 0) session_cookie = v;
    CHECK(session_cookie.find("; Secure") != std::string::npos);
    CHECK(session_cookie.find("; HttpOnly") != std::string::npos);
    CHECK(session_cookie.find("; SameSite=Strict") != std::string::npos);
    auto now_home = b.get("/");
    REQUIRE(now_home);
    CHECK(now_home->status == 200);
    CHECK(now_home->body.find("<script>") == std::string::npos);  // scripts only by src
}

TEST_CASE("a viewer cannot reach manager routes by URL, and forms without the CSRF token change nothing") {
    RunningDashboard d;
    const auto dev = d.fx.add_device("Hub");
    d.fx.add_responses(dev, 6, [](int i, Response& r) { r.comment = i == 0 ? "my step dad hits me" : "ok"; });
    d.fx.index();
    Browser viewer(d.port);
    const std::string viewer_csrf = viewer.login("victor", "viewer password 1");
    for (const char* path :
         {"/comments", "/to-read", "/safeguarding", "/devices", "/replies", "/evidence", "/evidence.csv", "/audit"}) {
        auto r = viewer.get(path);
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 403, path);
        CHECK(r->body.find("hits me") == std::string::npos);
    }
    auto theme = viewer.get("/themes/personal-advisers");
    REQUIRE(theme);
    CHECK(theme->status == 200);
    CHECK(theme->body.find("What young people wrote") == std::string::npos);
    auto items = d.fx.dash->safeguarding_items(false, 10).value();
    REQUIRE(items.size() == 1);
    auto ack =
        viewer.post("/safeguarding/ack", {{"csrf", viewer_csrf}, {"id", std::to_string(items[0].id)}, {"note", "x"}});
    REQUIRE(ack);
    CHECK(ack->status == 403);
    auto revoke = viewer.post("/devices/revoke", {{"csrf", viewer_csrf}, {"device", dev}});
    REQUIRE(revoke);
    CHECK(revoke->status == 403);

    ManagerBrowser manager(d);
    auto no_token = manager.post("/safeguarding/ack", {{"id", std::to_string(items[0].id)}, {"note", "x"}});
    REQUIRE(no_token);
    CHECK(no_token->status == 403);
    auto wrong_token =
        manager.post("/safeguarding/ack", {{"csrf", viewer_csrf}, {"id", std::to_string(items[0].id)}, {"note", "x"}});
    REQUIRE(wrong_token);
    CHECK(wrong_token->status == 403);
    CHECK(d.fx.dash->unacknowledged_count().value() == 1);
    auto good = manager.post("/safeguarding/ack",
                             {{"csrf", manager.csrf}, {"id", std::to_string(items[0].id)}, {"note", "seen <b>today</b>"}});
    REQUIRE(good);
    CHECK(good->status == 303);
    CHECK(d.fx.dash->unacknowledged_count().value() == 0);
    auto queue = manager.get("/safeguarding?show=all");
    REQUIRE(queue);
    CHECK(queue->body.find("seen &lt;b&gt;today&lt;/b&gt;") != std::string::npos);
    auto logout = manager.post("/logout", {{"csrf", manager.csrf}});
    REQUIRE(logout);
    CHECK(logout->status == 303);
    CHECK(manager.status("/comments") == 303);
}

TEST_CASE("small groups are suppressed in the matrix, its JSON and the CSV, comments are escaped") {
    RunningDashboard d;
    const auto big = d.fx.add_device("Big hub");
    const auto small = d.fx.add_device("Tiny hub");
    d.fx.add_responses(big, 10, [](int i, Response& r) {
        r.comment = i % 2 ? "<script>alert(\"x\")</script> my PA never rings back 😕" : "my PA is great";
    });
    d.fx.add_responses(small, 3, [](int, Response& r) { r.comment = "my PA never rings back from the tiny hub"; });
    d.fx.index();
    ManagerBrowser b(d);

    auto json = b.get("/api/v1/dashboard/matrix?site=Tiny%20hub");
    REQUIRE(json);
    CHECK(json->status == 200);
    CHECK(json->body.find("\"suppressed\":false") == std::string::npos);
    CHECK(json->body.find("\"answers\":\"fewer than 5\"") != std::string::npos);
    auto all = b.get("/api/v1/dashboard/matrix");
    REQUIRE(all);
    CHECK(all->body.find("\"answers\":25") != std::string::npos);  // 13 responses x 2 personal-adviser answers = 26, rounded to 5

    auto page = b.get("/?site=Tiny%20hub");
    REQUIRE(page);
    CHECK(page->body.find("fewer than 5") != std::string::npos);
    CHECK(page->body.find("Not enough answers yet") != std::string::npos);

    auto csv = b.get("/evidence.csv?site=Tiny%20hub");
    REQUIRE(csv);
    CHECK(csv->get_header_value("Content-Type").rfind("text/csv", 0) == 0);
    CHECK(csv->body.find("fewer than 5") != std::string::npos);
    CHECK(csv->body.find("tiny hub") == std::string::npos);  // no comment from a small group
    auto full_csv = b.get("/evidence.csv");
    REQUIRE(full_csv);
    CHECK(full_csv->body.find(small) == std::string::npos);        // no device ids
    CHECK(full_csv->body.find("Tiny hub,") == std::string::npos);  // a small site is never named

    auto theme = b.get("/themes/personal-advisers?site=Tiny%20hub");
    REQUIRE(theme);
    CHECK(theme->body.find("fewer than 5 answers: not shown") != std::string::npos);
    CHECK(theme->body.find("fewer than 5 comments: not shown") != std::string::npos);
    CHECK(theme->body.find("<svg class=\"bars\"") == std::string::npos);
    CHECK(theme->body.find("tiny hub") == std::string::npos);
    auto big_theme = b.get("/themes/personal-advisers?site=Big%20hub");
    REQUIRE(big_theme);
    CHECK(big_theme->body.find("<svg class=\"bars\"") != std::string::npos);
    auto evidence = b.get("/evidence?site=Tiny%20hub");
    REQUIRE(evidence);
    CHECK(evidence->body.find("Answers: fewer than 5") != std::string::npos);
    CHECK(evidence->body.find("tiny hub") == std::string::npos);

    auto comments = b.get("/comments?q=script");
    REQUIRE(comments);
    CHECK(comments->body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") != std::string::npos);
    CHECK(comments->body.find("😕") != std::string::npos);
    CHECK(comments->body.find("<script>alert") == std::string::npos);
    auto few = b.get("/comments?q=tiny");
    REQUIRE(few);
    CHECK(few->body.find("from the tiny hub") == std::string::npos);
    CHECK(few->body.find("fewer than 5 comments match") != std::string::npos);
}

TEST_CASE("comments with no theme yet: counted on the matrix (suppressed, rounded) and listed by their own filter") {
    RunningDashboard d;
    const auto big = d.fx.add_device("Big hub");
    const auto small = d.fx.add_device("Tiny hub");
    d.fx.add_responses(big, 12, [](int i, Response& r) { r.comment = i < 8 ? "zzz qqq xyzzy" : "my PA never rings back"; });
    d.fx.add_responses(small, 2, [](int, Response& r) { r.comment = "zzz qqq xyzzy from far away"; });
    d.fx.index();
    ManagerBrowser b(d);

    auto matrix = b.get("/");
    REQUIRE(matrix);
    // 10 comments without a theme, rounded to 10, linked to the filter that lists them.
    CHECK(matrix->body.find("10 comments are not linked to any theme yet.") != std::string::npos);
    CHECK(matrix->body.find("href=\"/comments?unlinked=1\"") != std::string::npos);
    auto tiny = b.get("/?site=Tiny%20hub");
    REQUIRE(tiny);
    CHECK(tiny->body.find("fewer than 5 comments are not linked to any theme yet.") != std::string::npos);
    CHECK(tiny->body.find("href=\"/comments?site=Tiny%20hub&amp;unlinked=1\"") != std::string::npos);

    auto list = b.get("/comments?unlinked=1");
    REQUIRE(list);
    CHECK(list->body.find("10 comments match") != std::string::npos);
    CHECK(list->body.find("zzz qqq xyzzy") != std::string::npos);
    CHECK(list->body.find("my PA never rings back") == std::string::npos);
    CHECK(list->body.find("name=\"unlinked\" type=\"checkbox\" value=\"1\" checked") != std::string::npos);
    auto everything = b.get("/comments");
    REQUIRE(everything);
    // 14 comments, rounded to the nearest 5 like every published count.
    CHECK(everything->body.find("15 comments match") != std::string::npos);
    CHECK(everything->body.find("14 comments match") == std::string::npos);
    CHECK(everything->body.find("value=\"1\" checked") == std::string::npos);

    // Linked by hand, a comment leaves the filter.
    dashboard::CommentQuery q;
    q.unlinked = true;
    auto unlinked = d.fx.dash->comments(q).value();
    REQUIRE(unlinked.size() == 10);
    const auto in_big = std::find_if(unlinked.begin(), unlinked.end(), [](const auto& c) { return c.site == "Big hub"; });
    REQUIRE(in_big != unlinked.end());
    REQUIRE(d.fx.dash->correct_link(in_big->response, "personal-advisers", true, "alice", 1));
    CHECK(d.fx.dash->count_comments(q).value() == 9);
    q.filter.site = "Tiny hub";
    CHECK(d.fx.dash->count_comments(q).value() == 2);

    // Viewers cannot read comments, so they are not offered the count.
    Browser v(d.port);
    v.login("victor", "viewer password 1");
    auto viewer = v.get("/");
    REQUIRE(viewer);
    CHECK(viewer->status == 200);
    CHECK(viewer->body.find("not linked to any theme") == std::string::npos);
}

TEST_CASE("kiosks fetch \"you said, we did\" replies with their bearer token only") {
    RunningDashboard d;
    d.fx.add_device("Hub");
    const std::string token = d.fx.last_token;
    ManagerBrowser b(d);
    auto saved = b.post("/replies",
                        {{"csrf", b.csrf}, {"theme", "personal-advisers"}, {"text", "PAs now ring back within a day"}});
    REQUIRE(saved);
    CHECK(saved->status == 303);
    httplib::SSLClient kiosk("127.0.0.1", d.port);
    kiosk.enable_server_certificate_verification(false);
    auto none = kiosk.Get("/api/v1/you-said-we-did");
    REQUIRE(none);
    CHECK(none->status == 401);
    auto wrong = kiosk.Get("/api/v1/you-said-we-did", {{"Authorization", "Bearer " + std::string(64, 'a')}});
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    auto ok = kiosk.Get("/api/v1/you-said-we-did", {{"Authorization", "Bearer " + token}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->body.find("PAs now ring back within a day") != std::string::npos);
    CHECK(ok->body.find("alice") == std::string::npos);  // no manager names to kiosks
}

TEST_CASE("the devices page marks a kiosk silent after 48 hours and /metrics counts the safeguarding queue") {
    RunningDashboard rd;
    const std::int64_t now = lp::now_unix();
    const std::int64_t long_ago = now - 72 * 3600;
    REQUIRE(rd.fx.agg->add_enrol_code(crypto::sha256_hex("code-old"), "Old hub", long_ago, now + 3600));
    REQUIRE(rd.fx.agg->enrol_device(crypto::sha256_hex("code-old"),
                                    {"dev-silent", "Quiet kiosk", crypto::sha256_hex("tok-old"), long_ago}, long_ago));
    REQUIRE(rd.fx.agg->add_enrol_code(crypto::sha256_hex("code-new"), "New hub", now, now + 3600));
    REQUIRE(rd.fx.agg->enrol_device(crypto::sha256_hex("code-new"),
                                    {"dev-fresh", "Busy kiosk", crypto::sha256_hex("tok-new"), now}, now));
    ManagerBrowser alice(rd);
    auto page = alice.get("/devices");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    const auto& body = page->body;
    auto quiet = body.find("Quiet kiosk"), busy = body.find("Busy kiosk");
    REQUIRE(quiet != std::string::npos);
    REQUIRE(busy != std::string::npos);
    // The silent marker sits in the quiet kiosk's row only.
    auto row_end = [&](std::size_t at) { return body.find("</tr>", at); };
    CHECK(body.substr(quiet, row_end(quiet) - quiet).find("Silent") != std::string::npos);
    CHECK(body.substr(busy, row_end(busy) - busy).find("Silent") == std::string::npos);

    const std::string metrics = rd.metrics();
    CHECK(metrics.find("lp_safeguarding_unacknowledged 0") != std::string::npos);
    CHECK(metrics.find("lp_safeguarding_overdue 0") != std::string::npos);
}

TEST_CASE(
    "To read lists unread comments flagged first, marks them read one by one or in bulk (unflagged only), "
    "audits it and counts them on every manager page and on /metrics") {
    RunningDashboard rd;
    const auto dev = rd.fx.add_device("Hub");
    rd.fx.add_responses(dev, 3, [](int i, Response& r) {
        r.comment = i == 0 ? "the hub is great" : i == 1 ? "my step dad hits me" : "more trips please";
    });
    rd.fx.index();
    const std::string metrics = rd.metrics();
    CHECK(metrics.find("lp_comments_unread 3\n") != std::string::npos);
    CHECK(metrics.find("lp_comments_unread_overdue 0\n") != std::string::npos);

    ManagerBrowser alice(rd);
    auto home = alice.get("/");
    REQUIRE(home);
    CHECK(home->body.find("<strong>3</strong> comments to read") != std::string::npos);
    auto page = alice.get("/to-read");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    const auto flagged_at = page->body.find("my step dad hits me");
    const auto great_at = page->body.find("the hub is great");
    REQUIRE(flagged_at != std::string::npos);
    REQUIRE(great_at != std::string::npos);
    CHECK(flagged_at < great_at);
    auto unread = rd.fx.dash->unread_comments(10, 0).value();
    REQUIRE(unread.size() == 3);

    // Bulk: all three ticked (a forged form), only the two unflagged ones are marked.
    httplib::Params bulk{{"csrf", alice.csrf}, {"bulk", "1"}};
    for (const auto& c : unread) bulk.emplace("response", std::to_string(c.response));
    auto r = alice.post("/to-read/read", bulk);
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/to-read?done=read-some");
    CHECK(rd.fx.dash->review_counts({}, now_unix()).value().unread == 1);
    auto no_token = alice.post("/to-read/read", {{"one", std::to_string(unread[0].response)}});
    REQUIRE(no_token);
    CHECK(no_token->status == 403);
    CHECK(rd.fx.dash->review_counts({}, now_unix()).value().unread == 1);
    r = alice.post("/to-read/read", {{"csrf", alice.csrf}, {"one", std::to_string(unread[0].response)}});
    REQUIRE(r);
    CHECK(r->get_header_value("Location") == "/to-read?done=read");
    CHECK(rd.fx.dash->review_counts({}, now_unix()).value().unread == 0);
    auto log = rd.fx.dash->audit_log(20).value();
    bool one = false, many = false;
    for (const auto& e : log) {
        one = one || (e.action == "marked comment read" && e.user == "alice" &&
                      e.detail == "comment " + std::to_string(unread[0].response));
        many = many || (e.action == "marked comments read" && e.detail.rfind("2 unflagged comments", 0) == 0);
    }
    CHECK(one);
    CHECK(many);
    CHECK(rd.metrics().find("lp_comments_unread 0\n") != std::string::npos);
}

TEST_CASE("Since the last inspection shows every imported report oldest first and is in the navigation") {
    RunningDashboard d;
    // A later inspection of the same council replaces the catalogue; the 2019 report stays in the history.
    Catalogue later;
    Report r{"kirklees-2024-ilacs", "Kirklees", "ilacs", "2024-03-01", "Later inspection of Kirklees", "sha", {}};
    r.framework = "ilacs";
    r.framework_version = "2023";
    r.judgements = {{"Overall effectiveness", "Good", "overall"},
                    {"The experiences and progress of care leavers", "Outstanding", "care-leavers"}};
    later.reports.push_back(r);
    std::string named_again;
    for (const auto& f : d.catalogue.findings)
        if (f.report == "kirklees-2019-ilacs" && f.kind == "improvement" && named_again.empty()) named_again = f.text;
    REQUIRE_FALSE(named_again.empty());
    later.findings.push_back({"kirklees-2024-ilacs-improve-01", r.id, "improvement", "care leavers", named_again, {}});
    later.findings.push_back(
        {"kirklees-2024-ilacs-improve-02", r.id, "improvement", "leadership", "Zebra crossings <near> hubs", {}});
    REQUIRE(d.fx.dash->replace_catalogue(later));

    Browser viewer(d.port);
    viewer.login("victor", "viewer password 1");
    const std::string home = viewer.page("/");
    CHECK(home.find("href=\"/history\"") != std::string::npos);
    const std::string page = viewer.page("/history");
    CHECK(page.find("aria-current=\"page\">Since the last inspection") != std::string::npos);
    const auto first = page.find("Inspection of children");  // the 2019 report's title
    const auto second = page.find("Later inspection of Kirklees");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    CHECK(first < second);
    // The 2016 inspection the 2019 report quotes is a column of its own, before the 2019 report.
    const auto quoted = page.find("Inspection of 2016-09, as reported in Inspection of children");
    REQUIRE(quoted != std::string::npos);
    CHECK(quoted < page.find("(2019-06-21)"));
    CHECK(page.find("ILACS 2023") != std::string::npos);
    CHECK(page.find("Outstanding") != std::string::npos);
    CHECK(page.find("Still named in Later inspection of Kirklees") != std::string::npos);
    CHECK(page.find("Not named again in a later report.") != std::string::npos);
    CHECK(page.find("Zebra crossings &lt;near&gt; hubs") != std::string::npos);  // escaped
    CHECK(page.find("This report lists no improvement points.") != std::string::npos);  // the 2017 report
    // The matrix keeps using the latest import only.
    CHECK(d.fx.dash->catalogue().value().reports.size() == 1);
}
