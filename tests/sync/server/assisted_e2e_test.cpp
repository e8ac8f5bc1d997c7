// End-to-end: "A grown-up helped me" (assisted) goes from sealed responses posted over TLS to
// the real lp-aggregator, on SQLite and on PostgreSQL, out through `lp-aggregator export` (CSV
// and JSON lines) and onto the dashboard's matrix (HTML and JSON), where the 4 to 7 band's
// assisted share is suppressed like every other small group.
#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"
#include "test_browser.hpp"

#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

using namespace lp;
using nlohmann::json;

namespace {

// The tests' question set with an under-8s path: two questions with 4-7 words and a picture.
const char* const under_8s_set = R"({"id": "test-set", "version": 1, "title": "Test set", "languages": ["en"],
  "questions": [
    {"id": "q-home", "kind": "smiley3", "themes": ["t-home"], "picture": "home",
     "text": {"4-7": "Do you like your home?", "8-12": "Home?", "13-17": "Home?", "16-25": "Home?"}},
    {"id": "q-safe", "kind": "yes_no", "themes": ["t-safe"], "picture": "safe",
     "text": {"4-7": "Do you feel safe?", "8-12": "Safe?", "13-17": "Safe?", "16-25": "Safe?"}},
    {"id": "q-older", "kind": "smiley5", "themes": ["t-older"],
     "text": {"8-12": "Older?", "13-17": "Older?", "16-25": "Older?"}},
    {"id": "comment", "kind": "comment", "themes": [],
     "text": {"8-12": "Anything else?", "13-17": "Anything else?", "16-25": "Anything else?"}}
  ]})";

Response under_8s(std::int64_t seq, bool assisted) {
    Response r;
    r.id = crypto::uuid4();
    r.seq = seq;
    r.question_set_id = "test-set";
    r.question_set_version = 1;
    r.created_hour = hour_rounded_utc(now_unix());  // inside the dashboard's default period
    r.age_band = AgeBand::age_4_7;
    r.language = "en";
    r.answers = {Answer::of_scale("q-home", 3), Answer::of_choice("q-safe", "yes")};
    r.assisted = assisted;
    return r;
}

Response older(std::int64_t seq) {
    Response r = under_8s(seq, false);
    r.age_band = AgeBand::age_13_17;
    r.answers = {Answer::of_scale("q-older", 4)};
    return r;
}

struct Council {
    test::TempDir tmp;
    std::string assets = tmp.path() + "/assets";
    std::string data = tmp.path() + "/data";
    std::string device, token;
    std::int64_t seq = 0;

    Council() {
        REQUIRE(make_dirs(assets + "/question-sets"));
        // The shipped assets (the dashboard's pages and words, themes) with only this set.
        for (const auto& e : std::filesystem::directory_iterator(std::string(LP_SOURCE_DIR) + "/assets"))
            if (e.path().filename() != "question-sets")
                std::filesystem::create_directory_symlink(e.path(), assets + "/" + e.path().filename().string());
        REQUIRE(write_file_atomic(assets + "/question-sets/test-set.json", under_8s_set));
    }
    /// Seals and posts responses as an enrolled kiosk does; every one must be stored.
    void send(test::ServerProcess& s, const std::vector<Response>& rs) {
        std::vector<wire::Item> items;
        for (const auto& r : rs) items.push_back(test::sealed_item(r, test::read_public_key(data)));
        auto res = test::https("POST", s.url("/api/v1/batches"), data + "/tls.crt",
                               {"Authorization: Bearer " + token, "Content-Type: application/json"},
                               wire::encode_batch(wire::Batch{device, crypto::uuid4(), items}));
        REQUIRE(res.status == 200);
        for (const auto& item : json::parse(res.body)["results"]) CHECK(item["status"] == "stored");
    }
    std::string exported(const char* format) {
        std::string out;
        REQUIRE(test::run({test::aggregator_exe(), "export", "--data", data, "--format", format}, &out) == 0);
        return out;
    }
};

std::string first_match(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return "";
    return m[1];
}

/// The ids whose CSV row says assisted=true (the column named in the header), and the rows read.
std::set<std::string> csv_assisted(const std::string& csv, int& rows) {
    std::istringstream in(csv);
    std::string line;
    REQUIRE(std::getline(in, line));
    std::vector<std::string> header;
    std::stringstream hs(line);
    for (std::string cell; std::getline(hs, cell, ',');) header.push_back(cell);
    const auto col = static_cast<std::size_t>(std::find(header.begin(), header.end(), "assisted") - header.begin());
    REQUIRE(col < header.size());
    std::set<std::string> ids;
    rows = 0;
    while (std::getline(in, line)) {  // no quoted commas before the comment column in these rows
        std::vector<std::string> cells;
        std::stringstream ls(line);
        for (std::string cell; std::getline(ls, cell, ',');) cells.push_back(cell);
        REQUIRE(cells.size() > col);
        ++rows;
        if (cells[col] == "true") ids.insert(cells[0]);
        else CHECK(cells[col] == "false");
    }
    return ids;
}

void assisted_end_to_end(const std::string& extra_config) {
    Council c;
    test::ServerProcess s(c.data, c.assets, extra_config);
    std::tie(c.device, c.token) = test::enrol(s);
    REQUIRE(!c.token.empty());
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "add-manager", "--data", c.data, "--user", "ana"}, &out,
                      "correct horse battery\n") == 0);

    // 7 under-8s answers, 2 helped by a grown-up, and older young people the share leaves out.
    std::vector<Response> first;
    std::set<std::string> helped;
    for (int i = 0; i < 7; ++i) first.push_back(under_8s(++c.seq, i < 2));
    for (int i = 0; i < 3; ++i) first.push_back(older(++c.seq));
    for (const auto& r : first)
        if (r.assisted) helped.insert(r.id);
    c.send(s, first);

    // The export carries it: a CSV column and the JSON field, for exactly those responses.
    int rows = 0;
    CHECK(csv_assisted(c.exported("csv"), rows) == helped);
    CHECK(rows == 10);
    std::set<std::string> json_helped;
    std::istringstream lines(c.exported("jsonl"));
    for (std::string line; std::getline(lines, line);) {
        const json j = json::parse(line);
        if (j.value("assisted", false)) json_helped.insert(j["id"].get<std::string>());
    }
    CHECK(json_helped == helped);

    test::Browser b(s.port());
    std::string page = b.page("/login");
    REQUIRE(b.submit("/login", {{"csrf", first_match(page, "name=\"csrf\" value=\"([0-9a-f]+)\"")},
                                {"user", "ana"}, {"password", "correct horse battery"}, {"next", "/"}}) == "/");

    // A site with no answers from 4 to 7 looks like one with a few.
    const json none = json::parse(b.page("/api/v1/dashboard/matrix?site=elsewhere"));
    CHECK(none["under_8s"]["suppressed"] == true);
    CHECK(none["under_8s"]["responses"] == "fewer than 5");

    // 2 helped and 5 on their own: the helped group is small, so only the total shows.
    json m = json::parse(b.page("/api/v1/dashboard/matrix"));
    REQUIRE(m.contains("under_8s"));
    CHECK(m["under_8s"]["responses"] == 5);  // 7, rounded to 5
    CHECK(m["under_8s"]["share_suppressed"] == true);
    CHECK(m["under_8s"]["assisted"].is_null());
    std::string html = b.page("/");
    CHECK(html.find("id=\"assisted-4-7\"") != std::string::npos);
    CHECK(html.find("is not shown") != std::string::npos);

    // 8 more, 4 helped: 6 of 15 helped, both groups big enough to show the split.
    std::vector<Response> more;
    for (int i = 0; i < 8; ++i) more.push_back(under_8s(++c.seq, i < 4));
    for (const auto& r : more)
        if (r.assisted) helped.insert(r.id);
    c.send(s, more);
    CHECK(csv_assisted(c.exported("csv"), rows) == helped);
    m = json::parse(b.page("/api/v1/dashboard/matrix"));
    CHECK(m["under_8s"]["responses"] == 15);
    CHECK(m["under_8s"]["share_suppressed"] == false);
    CHECK(m["under_8s"]["assisted"] == 5);  // 6, rounded to 5
    CHECK(m["under_8s"]["share_assisted"].get<double>() == doctest::Approx(0.4));
    html = b.page("/");
    CHECK(html.find("a grown-up helped with 5 of 15 answers (40%)") != std::string::npos);
    // The older bands alone have no under-8s line; the 4 to 7 band alone has it.
    CHECK_FALSE(json::parse(b.page("/api/v1/dashboard/matrix?band=13-17")).contains("under_8s"));
    CHECK(json::parse(b.page("/api/v1/dashboard/matrix?band=4-7"))["under_8s"]["responses"] == 15);
    CHECK(s.terminate() == 0);
}

}  // namespace

TEST_CASE("assisted e2e (SQLite): a grown-up's help travels from the kiosk's sealed answer to the export and dashboard") {
    assisted_end_to_end("");
}

TEST_CASE("assisted e2e (PostgreSQL): a grown-up's help travels from the kiosk's sealed answer to the export and dashboard") {
    auto* pg = test::PgServer::shared();
    if (!pg) return;
    assisted_end_to_end("store = " + pg->fresh_database());
}
