// Report upload in a real aggregator over loopback TLS: a PDF made by lp-make-report is read,
// shown, and stored only on its manager's confirmation (then it is on the history page); a viewer,
// a form without its CSRF token, an unrecognised document, a too-large or chunked body, a replayed
// or cancelled confirmation change nothing. Every upload leaves an audit entry.
#include <doctest/doctest.h>
#include <httplib.h>

#include <lp/dashboard/html.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <regex>
#include <string>

#include "aggregator_test_support.hpp"
#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;

namespace {

using dashtest::RunningDashboard;
using dashtest::ManagerBrowser;
using test::Browser;

const std::string corpus = std::string(LP_SOURCE_DIR) + "/tests/data/reports/train/";

std::string upload_id(const std::string& html) {
    std::smatch m;
    REQUIRE(std::regex_search(html, m, std::regex("name=\"upload\" value=\"([0-9a-f]{48})\"")));
    return m[1];
}

httplib::MultipartFormDataItems report_form(const std::string& csrf, const std::string& bytes,
                                            const std::string& file_name, const std::string& type) {
    httplib::MultipartFormDataItems items;
    if (!csrf.empty()) items.push_back({"csrf", csrf, "", ""});
    items.push_back({"authority", "Wensleydown", "", ""});
    items.push_back({"report", bytes, file_name, type});
    return items;
}

std::string audit_text(RunningDashboard& d) {
    std::string all;
    auto log = d.fx.dash->audit_log(100);
    REQUIRE(log);
    for (const auto& e : *log) all += e.user + " " + e.action + ": " + e.detail + "\n";
    return all;
}

}  // namespace

TEST_CASE("a manager uploads a report's PDF, sees what was found, and only her confirmation stores it") {
    // The PDF, made at test time from a corpus text of the tuning split, with page furniture.
    test::TempDir work;
    const std::string pdf_path = work.path() + "/wensleydown.pdf";
    REQUIRE(test::run({std::string(LP_BINARY_DIR) + "/tests/tools/lp-make-report", "--pdf", pdf_path, "--header",
                       "Wensleydown inspection of children's social care services",
                       corpus + "wensleydown-2023-ilacs-2023.md"}) == 0);
    auto pdf = read_file(pdf_path);
    REQUIRE(pdf);
    REQUIRE(pdf->rfind("%PDF-", 0) == 0);

    RunningDashboard d;
    const std::size_t reports_before = d.catalogue.reports.size();
    ManagerBrowser manager(d);
    const std::string form = manager.page("/reports/upload");
    CHECK(form.find("enctype=\"multipart/form-data\"") != std::string::npos);
    CHECK(manager.page("/history").find("href=\"/reports/upload\"") != std::string::npos);

    auto shown = manager.upload("/reports/upload", report_form(manager.csrf, *pdf, "C:\\reports\\wensleydown.pdf",
                                                               "application/pdf"));
    REQUIRE(shown);
    REQUIRE(shown->status == 200);
    CHECK(shown->body.find("What was found in wensleydown.pdf") != std::string::npos);  // no folder in the name
    CHECK(shown->body.find("ilacs (ILACS 2023)") != std::string::npos);
    CHECK(shown->body.find("The experiences and progress of care leavers") != std::string::npos);
    CHECK(shown->body.find("<h2>Improvement points</h2><ol><li>") != std::string::npos);
    CHECK(shown->body.find("adds it to the reports already imported") != std::string::npos);
    const std::string id = upload_id(shown->body);
    // Nothing is stored before the confirmation.
    CHECK(d.fx.dash->catalogue().value().reports.size() == reports_before);
    CHECK(audit_text(d).find("alice read uploaded report: wensleydown.pdf as wensleydown-2023") != std::string::npos);

    // A viewer cannot confirm it, and the id is no use without the session it was made in.
    Browser viewer(d.port);
    const std::string viewer_csrf = viewer.login("victor", "viewer password 1");
    auto forged = viewer.post("/reports/upload/confirm", {{"csrf", viewer_csrf}, {"upload", id}});
    REQUIRE(forged);
    CHECK(forged->status == 403);
    Browser other_session(d.port);
    const std::string other_csrf = other_session.login("alice", "correct horse battery");
    auto elsewhere = other_session.post("/reports/upload/confirm", {{"csrf", other_csrf}, {"upload", id}});
    REQUIRE(elsewhere);
    CHECK(elsewhere->status == 409);
    CHECK(d.fx.dash->catalogue().value().reports.size() == reports_before);

    auto confirmed = manager.post("/reports/upload/confirm", {{"csrf", manager.csrf}, {"upload", id}});
    REQUIRE(confirmed);
    CHECK(confirmed->status == 303);
    CHECK(confirmed->get_header_value("Location") == "/history?done=report-imported");
    auto after = d.fx.dash->catalogue().value();
    CHECK(after.reports.size() == reports_before + 1);
    CHECK(after.reports.back().id.rfind("wensleydown-2023", 0) == 0);
    CHECK(after.reports.back().framework_version == "2023");
    CHECK(audit_text(d).find("alice imported report: wensleydown.pdf") != std::string::npos);
    const std::string history = manager.page("/history?done=report-imported");
    CHECK(history.find("Report imported.") != std::string::npos);
    CHECK(history.find(dashboard::html::escape(after.reports.back().title)) != std::string::npos);
    // The one-time id cannot be used again.
    auto again = manager.post("/reports/upload/confirm", {{"csrf", manager.csrf}, {"upload", id}});
    REQUIRE(again);
    CHECK(again->status == 409);
    CHECK(d.fx.dash->catalogue().value().reports.size() == reports_before + 1);

    // The same report uploaded again replaces it (one copy), after saying so.
    auto twice = manager.upload("/reports/upload", report_form(manager.csrf, *pdf, "wensleydown.pdf", "application/pdf"));
    REQUIRE(twice);
    CHECK(twice->body.find("replaces the report already imported") != std::string::npos);
    REQUIRE(manager.post("/reports/upload/confirm", {{"csrf", manager.csrf}, {"upload", upload_id(twice->body)}}));
    CHECK(d.fx.dash->catalogue().value().reports.size() == reports_before + 1);
}

TEST_CASE("uploads from a viewer, without the CSRF token, of an unrecognised document, or cancelled store nothing") {
    RunningDashboard d;
    const std::size_t reports_before = d.catalogue.reports.size();
    const std::size_t history_before = d.fx.dash->report_history().value().size();  // + quoted inspections
    auto text = read_file(corpus + "ravensmoor-2022-ilacs-short.txt");
    REQUIRE(text);

    Browser viewer(d.port);
    const std::string viewer_csrf = viewer.login("victor", "viewer password 1");
    CHECK(viewer.page("/reports/upload", 403).find("enctype") == std::string::npos);
    auto by_viewer = viewer.upload("/reports/upload", report_form(viewer_csrf, *text, "r.txt", "text/plain"));
    REQUIRE(by_viewer);
    CHECK(by_viewer->status == 403);

    // A manager of one site may not change the council's catalogue.
    REQUIRE(d.fx.agg->upsert_manager({"kim", crypto::hash_password("site manager pw 1"), "manager", 1, {"Hub"}}));
    Browser site_manager(d.port);
    const std::string kim_csrf = site_manager.login("kim", "site manager pw 1");
    CHECK(site_manager.page("/history").find("/reports/upload") == std::string::npos);
    auto by_site_manager = site_manager.upload("/reports/upload", report_form(kim_csrf, *text, "r.txt", "text/plain"));
    REQUIRE(by_site_manager);
    CHECK(by_site_manager->status == 403);

    ManagerBrowser manager(d);
    auto no_token = manager.upload("/reports/upload", report_form("", *text, "r.txt", "text/plain"));
    REQUIRE(no_token);
    CHECK(no_token->status == 403);
    auto wrong_token = manager.upload("/reports/upload", report_form(viewer_csrf, *text, "r.txt", "text/plain"));
    REQUIRE(wrong_token);
    CHECK(wrong_token->status == 403);
    CHECK(no_token->body.find("What was found") == std::string::npos);

    // Nothing an inspection says: refused, naming what was looked for; never an empty "other".
    auto shopping = manager.upload(
        "/reports/upload",
        report_form(manager.csrf, "Things to buy for the hub\n\nMilk and bread.\nNew beanbags for the quiet room.\n",
                    "notes.txt", "text/plain"));
    REQUIRE(shopping);
    CHECK(shopping->status == 422);
    CHECK(shopping->body.find("Nothing was stored.") != std::string::npos);
    CHECK(shopping->body.find("Looked for") != std::string::npos);
    CHECK(shopping->body.find("name=\"upload\"") == std::string::npos);
    CHECK(audit_text(d).find("alice refused uploaded report: notes.txt") != std::string::npos);
    auto image = manager.upload("/reports/upload",
                                report_form(manager.csrf, std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", 12), "scan.pdf",
                                            "application/pdf"));
    REQUIRE(image);
    CHECK(image->status == 422);
    auto empty = manager.upload("/reports/upload", report_form(manager.csrf, "", "empty.txt", "text/plain"));
    REQUIRE(empty);
    CHECK(empty->status == 400);
    CHECK(empty->body.find("Choose a file") != std::string::npos);

    // Read, then cancelled: the id is gone.
    auto shown = manager.upload("/reports/upload", report_form(manager.csrf, *text, "ravensmoor.txt", "text/plain"));
    REQUIRE(shown);
    REQUIRE(shown->status == 200);
    const std::string id = upload_id(shown->body);
    CHECK(manager.submit("/reports/upload/cancel", {{"csrf", manager.csrf}, {"upload", id}}) ==
          "/reports/upload?done=upload-cancelled");
    auto late = manager.post("/reports/upload/confirm", {{"csrf", manager.csrf}, {"upload", id}});
    REQUIRE(late);
    CHECK(late->status == 409);
    CHECK(d.fx.dash->catalogue().value().reports.size() == reports_before);
    CHECK(d.fx.dash->report_history().value().size() == history_before);
}

TEST_CASE("an upload over report_upload_max_bytes or sent chunked is refused before it is read") {
    RunningDashboard d(dashtest::assets_dir(), "report_upload_max_bytes = 2097152\nmax_body_bytes = 4096");
    ManagerBrowser manager(d);
    CHECK(manager.page("/reports/upload").find("at most 2 MB") != std::string::npos);
    // Refusals close the connection before the body is read: sent with libcurl, which reads an
    // early answer while it is still sending.
    const std::string base = "https://127.0.0.1:" + std::to_string(d.port);
    const std::string ca = d.fx.dir.path() + "/tls.crt";
    const std::string cookie = "Cookie: " + manager.headers().find("Cookie")->second;
    auto multipart = [&](const std::string& content) {
        return "--xyz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + manager.csrf +
               "\r\n--xyz\r\nContent-Disposition: form-data; name=\"report\"; filename=\"notes.txt\"\r\n"
               "Content-Type: text/plain\r\n\r\n" +
               content + "\r\n--xyz--\r\n";
    };
    const std::string type = "Content-Type: multipart/form-data; boundary=xyz";
    auto big = test::https("POST", base + "/reports/upload", ca, {cookie, type}, multipart(std::string(2200000, 'a')));
    CHECK(big.status == 413);
    CHECK(big.body.find("the report may be at most 2097152 bytes") != std::string::npos);
    // Between the two limits: the upload route reads it (and refuses it for its content), while
    // any other form of that size is refused for its size (max_body_bytes). At 1.5 MB it is also
    // past the raw-bytes guard's bound for other requests, which the upload route lifts.
    const std::string middling = "Notes from the hub\n" + std::string(1500000, 'x') + "\n";
    auto upload = test::https("POST", base + "/reports/upload", ca, {cookie, type}, multipart(middling));
    CHECK(upload.status == 422);
    auto form = test::https("POST", base + "/replies", ca, {cookie, "Content-Type: application/x-www-form-urlencoded"},
                            "csrf=" + manager.csrf + "&theme=personal-advisers&text=" + middling);
    CHECK(form.status == 413);
    // Chunked: no Content-Length to check, so it is refused whatever its size.
    auto chunked =
        test::https("POST", base + "/reports/upload", ca, {cookie, type, "Transfer-Encoding: chunked"}, multipart("a"));
    CHECK(chunked.status == 411);
    CHECK(audit_text(d).find("read uploaded report") == std::string::npos);
    CHECK(audit_text(d).find("refused uploaded report") != std::string::npos);  // the middling one, for its content
}
