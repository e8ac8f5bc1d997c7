// End-to-end on PostgreSQL: the real lp-aggregator processes (`store = postgresql://…`) over
// loopback TLS, two instances sharing one database, and a SQLite council (aggregator and
// dashboard, filled through the real commands and pages) moved across with
// `lp-aggregator migrate-store`.
#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"
#include "test_browser.hpp"

#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

using namespace lp;
using lp::test::https;
using nlohmann::json;

namespace {

std::string statuses(const std::string& body) {
    std::string out;
    const json parsed = json::parse(body);
    for (const auto& r : parsed["results"]) out += (out.empty() ? "" : ",") + r["status"].get<std::string>();
    return out;
}

struct Site {
    test::TempDir tmp;
    std::string assets = test::write_test_assets(tmp.path() + "/assets");
    std::string data = tmp.path() + "/data";
    std::string ca = data + "/tls.crt";

    test::HttpResult post(test::ServerProcess& s, const std::string& token, const std::string& body) {
        return https("POST", s.url("/api/v1/batches"), ca,
                     {"Authorization: Bearer " + token, "Content-Type: application/json"}, body);
    }
    std::string batch(const std::string& device, int n, std::int64_t first_seq = 1) {
        std::vector<Response> rs;
        for (int i = 0; i < n; ++i)
            rs.push_back(test::test_response(crypto::uuid4(), first_seq + i, "note " + std::to_string(i)));
        return batch(device, rs);
    }
    std::string batch(const std::string& device, const std::vector<Response>& rs) {
        std::vector<wire::Item> items;
        for (const auto& r : rs) items.push_back(test::sealed_item(r, test::read_public_key(data)));
        return wire::encode_batch(wire::Batch{device, crypto::uuid4(), items});
    }
    std::string export_jsonl() {
        std::string out;
        REQUIRE(test::run({test::aggregator_exe(), "export", "--data", data, "--format", "jsonl"}, &out) == 0);
        return out;
    }
};

using test::Browser;

std::string first_match(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return "";
    return m[1];
}

/// The real assets (taxonomy, Kirklees catalogue, dashboard CSS/JS) plus the tests' question set,
/// its questions linked to two real themes so the dashboard has figures to show.
std::string full_assets(const std::string& dir) {
    std::filesystem::copy(std::string(LP_SOURCE_DIR) + "/assets", dir, std::filesystem::copy_options::recursive);
    std::string set = test::test_question_set_json();
    set = std::regex_replace(set, std::regex("\"t-smile\""), "\"personal-advisers\"");
    set = std::regex_replace(set, std::regex("\"t-yes\""), "\"health-histories\"");
    REQUIRE(write_file_atomic(dir + "/question-sets/test-set.json", set));
    return dir;
}

/// Tables of the SQLite file with their row counts (schema bookkeeping left out).
std::map<std::string, std::int64_t> sqlite_counts(const std::string& path) {
    db::Database d(path);
    std::map<std::string, std::int64_t> out;
    auto names = d.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name <> 'dashboard_schema'");
    while (names.step()) out[names.column_text(0)] = 0;
    for (auto& [t, n] : out) n = d.scalar_int("SELECT count(*) FROM " + t);
    return out;
}

std::map<std::string, std::int64_t> pg_counts(const std::string& url, const std::map<std::string, std::int64_t>& like) {
    pqxx::connection c(url);
    pqxx::nontransaction n(c);
    std::map<std::string, std::int64_t> out;
    for (const auto& [t, ignored] : like) out[t] = n.exec1("SELECT count(*) FROM " + t)[0].as<std::int64_t>();
    return out;
}

}  // namespace

TEST_CASE("pg e2e: two servers on one PostgreSQL share devices, codes and exactly-once ingest") {
    auto& pg = test::PgServer::shared_or_skip();
    Site site;
    const std::string url = pg.fresh_database();
    test::ServerProcess a(site.data, site.assets, "store = " + url);
    test::ServerProcess b(site.data, site.assets, "", false);  // same data dir and config, other port

    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "migrate", "--data", site.data}, &out) == 0);
    CHECK(out.find("at schema version ") != std::string::npos);

    auto [device, token] = test::enrol(a);
    REQUIRE(!token.empty());
    // A code is single-use across instances: the one minted for b and used there fails on a.
    REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", site.data, "--site", "hub"}, &out) == 0);
    const std::string code = out.substr(out.find("code: ") + 6, 10);
    const std::string enrol_body = R"({"code":")" + code + R"(","name":"k2"})";
    CHECK(https("POST", b.url("/api/v1/enrol"), site.ca, {"Content-Type: application/json"}, enrol_body).status == 200);
    CHECK(https("POST", a.url("/api/v1/enrol"), site.ca, {"Content-Type: application/json"}, enrol_body).status != 200);

    // The token issued by a works on b; a batch sent to both is stored once.
    const std::string body = site.batch(device, 5);
    auto first = site.post(b, token, body);
    REQUIRE(first.status == 200);
    CHECK(statuses(first.body) == "stored,stored,stored,stored,stored");
    auto again = site.post(a, token, body);
    REQUIRE(again.status == 200);
    CHECK(statuses(again.body) == "duplicate,duplicate,duplicate,duplicate,duplicate");

    // Killing one instance loses nothing the other acknowledged.
    a.kill9();
    auto more = site.post(b, token, site.batch(device, 3, 6));
    REQUIRE(more.status == 200);
    const std::string exported = site.export_jsonl();
    CHECK(std::count(exported.begin(), exported.end(), '\n') == 8);
    REQUIRE(test::run({test::aggregator_exe(), "devices", "--data", site.data}, &out) == 0);
    CHECK(out.find(device) != std::string::npos);
    CHECK(b.terminate() == 0);
}

TEST_CASE("pg e2e: migrate-store moves a whole council (aggregator and dashboard) into PostgreSQL, verified, re-runnable") {
    auto& pg = test::PgServer::shared_or_skip();
    Site site;
    const std::string assets = full_assets(site.tmp.path() + "/full-assets");
    const std::string db_path = site.data + "/aggregator.db";
    const std::string reply_text = "You said your PA never rings back: every PA now calls back within a day";
    const std::string ack_note = "Spoke to the hub manager; the young person is safe";
    std::string device, token, replay, matrix_before, theme_before;
    std::map<std::string, std::string> cookies;
    {
        // SQLite, the default; alerts to a webhook that is never up, so their deliveries wait in the store.
        test::ServerProcess s(site.data, assets,
                              "alert_webhook_url = https://127.0.0.1:9/hook\nalert_webhook_secret = a-secret-of-twenty-chars\n");
        std::tie(device, token) = test::enrol(s);
        REQUIRE(!token.empty());
        replay = site.batch(device, 20);
        REQUIRE(site.post(s, token, replay).status == 200);
        // Comments the linker files under themes, one that trips the safeguarding scan, one
        // young person who asked to talk to someone.
        std::vector<Response> rs;
        for (int i = 0; i < 30; ++i) {
            const char* texts[] = {"my personal adviser never rings me back", "nobody told me about my health history",
                                   "the drop-in is great"};
            rs.push_back(test::test_response(crypto::uuid4(), 21 + i, texts[i % 3]));
        }
        rs[4].comment = "someone older makes me carry stuff for them";
        rs[7].needs_help = true;
        REQUIRE(site.post(s, token, site.batch(device, rs)).status == 200);
        // The same id with other content: kept aside as a conflict.
        Response clash = rs[0];
        clash.comment = "changed after the fact";
        auto clashed = site.post(s, token, site.batch(device, std::vector<Response>{clash}));
        REQUIRE(clashed.status == 200);
        CHECK(statuses(clashed.body) != "stored");
        std::string out;
        REQUIRE(test::run({test::aggregator_exe(), "add-manager", "--data", site.data, "--user", "ana"}, &out,
                          "correct horse battery\n") == 0);
        REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", site.data, "--site", "library",
                           "--question-set", "care-leavers", "--assets", assets},
                          &out) == 0);
        REQUIRE(test::run({test::aggregator_exe(), "import-report", "--data", site.data, "--assets", assets,
                           assets + "/reports/kirklees/kirklees-2019-ilacs-report.txt"},
                          &out) == 0);
        MESSAGE(out);
        // The server's indexer takes in all 50 responses (cursor at the last pk).
        for (int i = 0; i < 200; ++i) {
            db::Database d(db_path);
            if (d.scalar_int("SELECT count(*) FROM dash_state WHERE key = 'cursor' AND value = '50'") == 1) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }

        // A manager at work: one mistyped password, then in; acknowledges the safeguarding
        // items, corrects two comment links, writes a "you said, we did" reply.
        Browser b(s.port());
        std::string page = b.page("/login");
        b.submit("/login", {{"csrf", first_match(page, "name=\"csrf\" value=\"([0-9a-f]+)\"")},
                          {"user", "ana"}, {"password", "wrong"}, {"next", "/"}});
        page = b.page("/login");
        CHECK(b.submit("/login", {{"csrf", first_match(page, "name=\"csrf\" value=\"([0-9a-f]+)\"")},
                                {"user", "ana"}, {"password", "correct horse battery"}, {"next", "/"}}) == "/");
        REQUIRE(b.cookies.count("lp_session"));
        const std::string home = b.page("/");
        REQUIRE(home.find("/themes/personal-advisers") != std::string::npos);
        page = b.page("/safeguarding");
        const std::string csrf = first_match(page, "name=\"csrf\" value=\"([0-9a-f]+)\"");
        REQUIRE(!csrf.empty());
        std::vector<std::string> ids;
        const std::regex id_field("name=\"id\" value=\"([0-9]+)\"");
        for (std::sregex_iterator it(page.begin(), page.end(), id_field), end; it != end; ++it)
            ids.push_back((*it)[1]);
        REQUIRE(ids.size() == 2);  // the scan hit and the young person who asked for help
        CHECK(b.submit("/safeguarding/ack", {{"csrf", csrf}, {"id", ids[0]}, {"note", ack_note}}) ==
              "/safeguarding?done=ack");
        CHECK(b.submit("/comments/link", {{"csrf", csrf}, {"response", "23"}, {"theme", "personal-advisers"},
                                        {"action", "add"}, {"back", "/comments"}})
                  .find("done=link-added") != std::string::npos);
        CHECK(b.submit("/comments/link", {{"csrf", csrf}, {"response", "21"}, {"theme", "personal-advisers"},
                                        {"action", "remove"}, {"back", "/comments"}})
                  .find("done=link-removed") != std::string::npos);
        CHECK(b.submit("/replies", {{"csrf", csrf}, {"theme", "personal-advisers"}, {"text", reply_text}}) ==
              "/replies?done=reply-added");
        // The site's own help contact for its kiosks.
        CHECK(b.submit("/sites/contact", {{"csrf", csrf}, {"site", "hub"}, {"name", "Hub duty team"},
                                          {"phone", "01484 000000"}}) == "/devices?done=contact-saved");
        // Council reporting's tables: a cohort, and an action with a link and a status history.
        CHECK(b.submit("/reach/cohorts", {{"csrf", csrf}, {"quarter", "2026-Q3"}, {"site", ""}, {"band", ""},
                                          {"size", "120"}})
                  .find("done=saved") != std::string::npos);
        CHECK(b.submit("/actions", {{"csrf", csrf}, {"title", "Weekly PA drop-in"}, {"young", "Your PA is at the hub every week"},
                                    {"owner", "Leaving care team"}, {"due", "2026-12-31"}, {"status", "planned"},
                                    {"evidence", ""}, {"theme", "personal-advisers"}})
                  .find("done=added") != std::string::npos);
        matrix_before = b.page("/api/v1/dashboard/matrix");
        theme_before = b.page("/themes/personal-advisers");
        CHECK(theme_before.find(reply_text.substr(0, 30)) != std::string::npos);
        cookies = b.cookies;
        REQUIRE(s.terminate() == 0);
    }
    // Every table of the council's file holds rows (so the copy below is tested on each).
    const auto before_counts = sqlite_counts(db_path);
    REQUIRE(before_counts.size() >= 24);
    for (const auto& [t, n] : before_counts) CHECK_MESSAGE(n > 0, t);
    const std::string before = site.export_jsonl();
    // The managers' corrections, as the relink learns from them (they stay in the council's store).
    std::string examples_before;
    REQUIRE(test::run({test::aggregator_exe(), "relink", "--data", site.data, "--examples"}, &examples_before) == 0);
    CHECK(std::count(examples_before.begin(), examples_before.end(), '\n') == 2);
    const std::string url = pg.fresh_database();
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "migrate-store", "--data", site.data, "--from", "sqlite:aggregator.db",
                       "--to", url},
                      &out) == 0);
    MESSAGE(out);
    CHECK(out.find("responses: 50 rows") != std::string::npos);
    CHECK(out.find("answers: 150 rows") != std::string::npos);
    CHECK(out.find("managers: 1 rows") != std::string::npos);
    CHECK(out.find("counts and hashes match") != std::string::npos);
    CHECK(out.find("not copied") == std::string::npos);
    for (const auto& [t, n] : before_counts)
        CHECK_MESSAGE(("\n" + out).find("\n" + t + ": " + std::to_string(n) + " rows, sha256 ") != std::string::npos, t);
    CHECK(pg_counts(url, before_counts) == before_counts);
    {
        pqxx::connection c(url);
        pqxx::nontransaction n(c);
        auto ack = n.exec1("SELECT ack_by, ack_note FROM dash_safeguarding WHERE ack_at IS NOT NULL");
        CHECK(ack[0].as<std::string>() == "ana");
        CHECK(ack[1].as<std::string>() == ack_note);
        CHECK(n.exec1("SELECT count(*) FROM dash_link_corrections WHERE \"user\" = 'ana'")[0].as<int>() == 2);
    }

    // Run again: everything is already there, verified, nothing written twice.
    REQUIRE(test::run({test::aggregator_exe(), "migrate-store", "--data", site.data, "--from", "sqlite:aggregator.db",
                       "--to", url},
                      &out) == 0);
    CHECK(out.find("dash_replies: 1 rows, sha256 ") != std::string::npos);
    CHECK(out.find("(already there, verified)") != std::string::npos);
    CHECK(out.find("copied 0 rows") != std::string::npos);
    CHECK(pg_counts(url, before_counts) == before_counts);
    CHECK(test::run({test::aggregator_exe(), "migrate-store", "--from", "postgresql://x", "--to", url}) == 2);

    std::ofstream(site.data + "/aggregator.conf", std::ios::app) << "\nstore = " << url << "\n";
    CHECK(site.export_jsonl() == before);  // the same responses, themes and order from PostgreSQL
    std::string examples_after;  // migrate-store carried the corrections: the relink learns the same
    REQUIRE(test::run({test::aggregator_exe(), "relink", "--data", site.data, "--examples"}, &examples_after) == 0);
    CHECK(examples_after == examples_before);
    test::ServerProcess s(site.data, assets, "", false);
    {
        // The manager's session came across: the same cookie opens the PostgreSQL-served pages,
        // which show the same figures, the acknowledgement, the reply and the audit trail.
        Browser b(s.port());
        b.cookies = cookies;
        CHECK(b.page("/api/v1/dashboard/matrix") == matrix_before);
        const std::string theme = b.page("/themes/personal-advisers");
        CHECK(theme.find(reply_text.substr(0, 30)) != std::string::npos);
        CHECK(theme.find("comments are linked to this theme") != std::string::npos);
        const std::string queue = b.page("/safeguarding?show=all");
        CHECK(queue.find(ack_note.substr(0, 20)) != std::string::npos);
        CHECK(std::regex_search(queue, std::regex("name=\"id\" value=\"[0-9]+\"")));  // one still waits
        const std::string audit = b.page("/audit");
        CHECK(audit.find("acknowledged safeguarding item") != std::string::npos);
        CHECK(audit.find("corrected link") != std::string::npos);
        CHECK(b.page("/replies").find(reply_text.substr(0, 30)) != std::string::npos);
    }
    auto r = site.post(s, token, replay);  // the kiosk's token still works; its old batch is known
    REQUIRE(r.status == 200);
    CHECK(statuses(r.body).find("stored") == std::string::npos);
    REQUIRE(site.post(s, token, site.batch(device, 2, 51)).status == 200);
    const std::string after = site.export_jsonl();
    CHECK(std::count(after.begin(), after.end(), '\n') == 52);

    // Now the stores differ: a re-run refuses, names what differs and changes nothing.
    CHECK(test::run({"/bin/sh", "-c",
                     "exec \"$0\" migrate-store --data \"$1\" --from sqlite:aggregator.db --to \"$2\" 2>&1",
                     test::aggregator_exe(), site.data, url},
                    &out) == 1);
    CHECK(out.find("already holds other data") != std::string::npos);
    CHECK(out.find("responses (SQLite 50 rows, PostgreSQL 52 rows)") != std::string::npos);
    CHECK(site.export_jsonl() == after);
    CHECK(s.terminate() == 0);
}
