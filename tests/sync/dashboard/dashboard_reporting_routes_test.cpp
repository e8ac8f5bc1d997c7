// The reporting pages in a real aggregator over loopback TLS: the Reach page and cohort forms,
// rates beside the matrix's counts, the board pack download, the action tracker and the
// kiosks' feed, every change audited; and the cohort import and board-pack subcommands run as
// real processes.
#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdio>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;
using dashtest::RunningDashboard;
using dashtest::ManagerBrowser;
using test::Browser;

namespace {

std::string this_quarter() {
    return dashboard::quarter_of_month(dashboard::month_of(now_unix()))->id();
}

/// Runs a command, returning its exit status and what it wrote to stdout and stderr.
std::pair<int, std::string> run(const std::string& command) {
    std::string out;
    std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

bool audited(RunningDashboard& d, const std::string& action) {
    const auto log = d.fx.dash->audit_log(100).value();
    for (const auto& e : log)
        if (e.action == action) return true;
    return false;
}

}  // namespace

TEST_CASE("the Reach page shows rates beside counts, flags groups under 20% and managers set cohorts") {
    RunningDashboard d;
    const auto north = d.fx.add_device("North");
    const auto south = d.fx.add_device("South");
    d.fx.add_responses(north, 30);
    d.fx.add_responses(south, 6);
    d.fx.index();
    const std::string q = this_quarter();
    ManagerBrowser b(d);
    for (const auto& [site, size] : {std::pair<std::string, std::string>{"North", "100"}, {"South", "60"}}) {
        auto r = b.post("/reach/cohorts", {{"csrf", b.csrf}, {"quarter", q}, {"site", site}, {"band", ""}, {"size", size}});
        REQUIRE(r);
        CHECK(r->status == 303);
        CHECK(r->get_header_value("Location").find("done=saved") != std::string::npos);
    }
    CHECK(
        b.submit("/reach/cohorts", {{"csrf", b.csrf}, {"quarter", "2026-Q7"}, {"site", ""}, {"band", ""}, {"size", "9"}})
            .find("done=bad") != std::string::npos);
    auto page = b.get("/reach?quarter=" + q);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK(page->body.find("30 (30%)") != std::string::npos);  // North: 30 of 100
    // Counts are rounded to 5 here as everywhere, and the rate follows the shown count.
    CHECK(page->body.find("5 (8%)") != std::string::npos);  // South: 6 of 60, shown as 5, under 20%
    CHECK(page->body.find("not hearing enough from") != std::string::npos);
    CHECK(page->body.find("35 (22%)") != std::string::npos);  // the council: 36 of 160, shown as 35
    CHECK(page->body.find(">36 (") == std::string::npos);
    CHECK(page->body.find("action=\"/board-pack.pdf\"") != std::string::npos);
    // The matrix shows the rate beside the count: personal advisers heard from 36 of 160, shown
    // as 35 (counts are rounded to 5, docs/privacy.md), so the rate follows the shown count: 22%.
    auto matrix = b.get("/?period=3m");
    REQUIRE(matrix);
    CHECK(matrix->body.find("22% of the cohort") != std::string::npos);
    // The board pack downloads as a PDF, and is audited.
    auto pdf = b.get("/board-pack.pdf?quarter=" + q);
    REQUIRE(pdf);
    CHECK(pdf->status == 200);
    CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
    CHECK(pdf->body.rfind("%PDF-", 0) == 0);
    CHECK(audited(d, "made board pack"));
    CHECK(audited(d, "set cohort size"));
    // Viewers read Reach but cannot change cohorts or make packs.
    Browser viewer(d.port);
    const std::string vcsrf = viewer.login("victor", "viewer password 1");
    auto vpage = viewer.get("/reach?quarter=" + q);
    REQUIRE(vpage);
    CHECK(vpage->status == 200);
    CHECK(vpage->body.find("/reach/cohorts") == std::string::npos);
    auto vpost = viewer.post("/reach/cohorts", {{"csrf", vcsrf}, {"quarter", q}, {"site", "North"}, {"band", ""}, {"size", "1"}});
    REQUIRE(vpost);
    CHECK(vpost->status == 403);
    CHECK(viewer.status("/board-pack.pdf?quarter=" + q) == 403);
    auto deleted = b.post("/reach/cohorts/delete", {{"csrf", b.csrf}, {"quarter", q}, {"site", "South"}, {"band", ""}});
    REQUIRE(deleted);
    CHECK(deleted->get_header_value("Location").find("done=deleted") != std::string::npos);
    CHECK(audited(d, "deleted cohort size"));
}

TEST_CASE("actions are added and completed through the forms, overdue ones marked, done ones sent to kiosks") {
    RunningDashboard d;
    d.fx.add_device("Hub");
    const std::string token = d.fx.last_token;
    ManagerBrowser b(d);
    // The action's form as the manager fills it in; only its status and evidence change later.
    auto action_form = [&](const std::string& status, const std::string& evidence) {
        return httplib::Params{{"csrf", b.csrf},
                               {"title", "Advisers answer within two working days"},
                               {"young", "Your PA now answers within two days"},
                               {"owner", "Leaving care team"},
                               {"due", "2020-01-31"},
                               {"status", status},
                               {"evidence", evidence}};
    };
    auto form = action_form("planned", "");
    form.emplace("theme", "personal-advisers");
    auto added = b.post("/actions", form);
    REQUIRE(added);
    CHECK(added->get_header_value("Location").find("done=added") != std::string::npos);
    CHECK(b.submit("/actions", {{"csrf", b.csrf}, {"title", "x"}, {"status", "planned"}}).find("done=bad") !=
          std::string::npos);
    auto theme = b.get("/themes/personal-advisers");
    REQUIRE(theme);
    CHECK(theme->body.find("Advisers answer within two working days") != std::string::npos);
    CHECK(theme->body.find("overdue") != std::string::npos);
    httplib::SSLClient kiosk("127.0.0.1", d.port);
    kiosk.enable_server_certificate_verification(false);
    auto before = kiosk.Get("/api/v1/you-said-we-did", {{"Authorization", "Bearer " + token}});
    REQUIRE(before);
    CHECK(before->body.find("Your PA now answers") == std::string::npos);  // not done yet
    auto page = b.get("/actions");
    REQUIRE(page);
    const auto id_at = page->body.find("name=\"id\" value=\"");
    REQUIRE(id_at != std::string::npos);
    const std::string id = page->body.substr(id_at + 17, page->body.find('"', id_at + 17) - id_at - 17);
    auto update = action_form("done", "rota since September");
    update.emplace("id", id);
    auto done = b.post("/actions/update", update);
    REQUIRE(done);
    CHECK(done->get_header_value("Location").find("done=updated") != std::string::npos);
    auto after = kiosk.Get("/api/v1/you-said-we-did", {{"Authorization", "Bearer " + token}});
    REQUIRE(after);
    CHECK(after->status == 200);
    CHECK(after->body.find("Your PA now answers within two days") != std::string::npos);
    CHECK(after->body.find("alice") == std::string::npos);
    theme = b.get("/themes/personal-advisers");
    REQUIRE(theme);
    CHECK(theme->body.find("overdue") == std::string::npos);  // done is never overdue
    CHECK(audited(d, "added action"));
    bool status_audited = false;
    const auto log = d.fx.dash->audit_log(100).value();
    for (const auto& e : log)
        if (e.action == "updated action" && e.detail.find("status planned -> done") != std::string::npos)
            status_audited = true;
    CHECK(status_audited);
}

TEST_CASE("lp-aggregator cohort import is all or nothing and board-pack writes the PDF") {
    RunningDashboard d;
    const auto dev = d.fx.add_device("North");
    d.fx.add_responses(dev, 8);
    const std::string dir = d.fx.dir.path();
    const std::string exe = test::aggregator_exe();
    REQUIRE(write_file_atomic(dir + "/bad.csv", "quarter,site,age_band,size\n2026-Q3,North,,120\n2026-Q3,North,9-10,5\n"));
    auto [bad_status, bad_out] = run(exe + " cohort import --data " + dir + " " + dir + "/bad.csv");
    CHECK(bad_status == 1);
    CHECK(bad_out.find("line 3") != std::string::npos);
    CHECK(bad_out.find("nothing imported") != std::string::npos);
    CHECK(d.fx.open_reporting()->cohorts().value().empty());
    const std::string q = this_quarter();
    REQUIRE(write_file_atomic(dir + "/good.csv", "quarter,site,age_band,size\n" + q + ",North,,40\n" + q + ",,,90\n"));
    auto [ok_status, ok_out] = run(exe + " cohort import --data " + dir + " " + dir + "/good.csv");
    CHECK_MESSAGE(ok_status == 0, ok_out);
    CHECK(ok_out.find("imported 2 cohort sizes") != std::string::npos);
    CHECK(d.fx.open_reporting()->cohorts().value().size() == 2);
    auto [pack_status, pack_out] =
        run(exe + " board-pack --data " + dir + " --assets " + dashtest::assets_dir() + " --quarter " + q + " --out " + dir + "/pack.pdf");
    CHECK_MESSAGE(pack_status == 0, pack_out);
    auto pdf = read_file(dir + "/pack.pdf");
    REQUIRE(pdf);
    CHECK(pdf->rfind("%PDF-", 0) == 0);
    auto [usage_status, usage_out] = run(exe + " board-pack --data " + dir + " --quarter 2026-Q9 --out x.pdf");
    CHECK(usage_status == 2);
    CHECK(usage_out.find("2026-Q3") != std::string::npos);
}
