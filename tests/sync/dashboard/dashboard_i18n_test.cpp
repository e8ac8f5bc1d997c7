// The dashboard's words come from translation catalogues (assets/i18n/dashboard/*.json): every
// catalogue has every key, the pages use only keys that exist, and — rendered in a pseudo-locale
// where every English text is wrapped in [[ ]] — every visible word of every page is either from
// the catalogue or data (theme titles, findings, sites, comments, dates, numbers).
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <lp/aggregator/app.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/text.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/safeguarding.hpp>
#include <lp/shared/translations.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "../../pseudo_markers.hpp"
#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = LP_SOURCE_DIR;

// [SECTION] Catalogue files

Messages load_messages(const std::string& path) {
    auto text = read_file(path);
    REQUIRE_MESSAGE(text, path);
    auto m = parse_messages(*text);
    REQUIRE_MESSAGE(m, path, ": ", (m ? "" : m.error().message));
    return *m;
}

/// Keys built at run time from a prefix and data ("nav." + "themes"): used even though no literal names them.
bool dynamic_key(const std::string& key) {
    for (const char* prefix : {"nav.", "notice.", "role.", "category.", "audit.action.", "band.age.", "area."})
        if (key.rfind(prefix, 0) == 0) return true;
    return false;
}

// [SECTION] Visible text of a page

std::string decode_entities(std::string s) {
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities)
        for (std::size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, std::strlen(from), to);
    return s;
}

/// Text nodes and the attributes people see or hear (aria-label, title, data-label, data-confirm…).
/// A catalogue text may hold markup ("[[<strong>1</strong> item]]"), so the text nodes come back
/// joined by \x01 in page order, for the markers to be matched across tags; attributes one by one.
std::vector<std::string> visible_texts(std::string html) {
    for (const char* tag : {"script", "style"}) {
        const std::regex block(std::string("<") + tag + "[^>]*>[\\s\\S]*?</" + tag + ">");
        html = std::regex_replace(html, block, "<x>");
    }
    std::vector<std::string> out(1);
    const std::regex attr("\\b(aria-label|title|alt|placeholder|data-label|data-confirm)=\"([^\"]*)\"");
    std::size_t pos = 0;
    while (pos < html.size()) {
        const std::size_t lt = html.find('<', pos);
        const std::string text = html.substr(pos, lt == std::string::npos ? std::string::npos : lt - pos);
        if (text.find_first_not_of(" \n\t\r") != std::string::npos) out[0] += decode_entities(text) + "\x01";
        if (lt == std::string::npos) break;
        const std::size_t gt = html.find('>', lt);
        if (gt == std::string::npos) break;
        const std::string tag = html.substr(lt, gt - lt + 1);
        for (std::sregex_iterator it(tag.begin(), tag.end(), attr), end; it != end; ++it)
            out.push_back(decode_entities((*it)[2]));
        pos = gt + 1;
    }
    return out;
}

/// Text with the [[…]] parts (nested too) taken out; the \x01 data markers stay.
std::string without_markers(const std::string& text) { return lp::testing::without_markers(text, '\x01'); }

/// What is left of a text node (markers already out) once ISO times and data are taken out.
std::string unexplained(std::string out, const std::vector<std::string>& data) {
    out = std::regex_replace(out, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "");
    // A long finding is cut with "…": its beginning is data too.
    const std::string ellipsis = "\xE2\x80\xA6";
    const auto first = out.find_first_not_of(" ");
    if (first != std::string::npos && out.size() > ellipsis.size() &&
        out.compare(out.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0) {
        const std::string head = out.substr(first, out.size() - ellipsis.size() - first);
        for (const auto& d : data)
            if (!head.empty() && d.rfind(head, 0) == 0) return "";
    }
    // Data as whole words only (longest first), so "pa" does not eat a word the code wrote.
    auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (const auto& d : data) {
        if (d.empty()) continue;
        for (std::size_t at = out.find(d); at != std::string::npos; at = out.find(d, at)) {
            const bool starts = at == 0 || !word_char(out[at - 1]) || !word_char(d.front());
            const bool ends = at + d.size() == out.size() || !word_char(out[at + d.size()]) || !word_char(d.back());
            if (starts && ends)
                out.erase(at, d.size());
            else
                at += 1;
        }
    }
    return out;
}

bool has_letters(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

// [SECTION] A running dashboard on pseudo-locale assets

/// The shipped assets plus the dashboard pseudo-locale "qps" (every English text as "[[text]]").
struct PseudoAssets {
    dashtest::TempDir dir;
    PseudoAssets() {
        for (const auto& e : fs::directory_iterator(dashtest::assets_dir()))
            if (e.path().filename() != "i18n")
                fs::create_directory_symlink(e.path(), dir.path() + "/" + e.path().filename().string());
        const std::string i18n = dir.path() + "/i18n/dashboard";
        REQUIRE(make_dirs(i18n));
        const std::string en = dashtest::assets_dir() + "/i18n/dashboard/en.json";
        for (const char* code : {"en", "pl", "ro"})
            fs::create_symlink(dashtest::assets_dir() + "/i18n/dashboard/" + code + ".json",
                               i18n + "/" + code + ".json");
        nlohmann::json pseudo = nlohmann::json::object();
        for (const auto& [key, text] : load_messages(en)) pseudo[key] = "[[" + text + "]]";
        pseudo["language_name"] = "Pseudo";
        pseudo["html_lang"] = "qps";
        REQUIRE(write_file_atomic(i18n + "/qps.json", pseudo.dump()));
    }
    std::string path() const { return dir.path(); }
};


// The server reads the pseudo-locale assets, made before it starts.
struct WithPseudoAssets {
    PseudoAssets assets;
};
struct RunningDashboard : WithPseudoAssets, dashtest::RunningDashboard {
    RunningDashboard() : dashtest::RunningDashboard(assets.path()) {}
};

using dashtest::ManagerBrowser;
using test::Browser;

/// Everything a page may show that is not the dashboard's own words.
std::vector<std::string> data_words(RunningDashboard& d, const std::vector<std::string>& extra) {
    std::set<std::string> data(extra.begin(), extra.end());
    for (const auto& t : d.catalogue.themes) data.insert({t.title, t.young_title, t.id});
    for (const auto& f : d.catalogue.findings) data.insert(f.text);
    for (const auto& r : d.catalogue.reports) {
        data.insert({r.title, r.date, r.kind, r.id});  // the history page names each report's framework or kind
        if (r.framework == "ilacs") data.insert("ILACS " + r.framework_version);
        if (r.framework == "sif") data.insert("SIF " + r.framework_version);
        for (const auto& j : r.judgements) data.insert({j.area, j.grade});
        for (const auto& e : r.history)  // earlier inspections a report quotes: columns of the history page
            for (const auto& j : e.judgements) data.insert({e.date, j.area, j.grade});
    }
    auto sets = dashboard::load_latest_question_sets(dashtest::assets_dir() + "/question-sets");
    REQUIRE(sets);
    for (const auto& qs : *sets) {
        data.insert({qs.id, qs.title});
        for (const auto& q : qs.questions) data.insert({q.id, q.text_13_17, q.text_16_25});
    }
    dashboard::CatalogueIndex index(d.catalogue, *sets);
    for (const auto& t : index.themes())
        for (const auto& f : t.findings) data.insert(f.matched.begin(), f.matched.end());
    if (auto devices = d.fx.agg->list_devices())
        for (const auto& dev : *devices) data.insert({dev.id, dev.name, dev.site});
    if (auto log = d.fx.dash->audit_log(1000))
        for (const auto& e : *log) data.insert({e.detail, e.user});
    if (auto items = d.fx.dash->safeguarding_items(true, 1000))
        for (const auto& i : *items) {
            data.insert(i.matched.begin(), i.matched.end());
            data.insert({i.comment, i.note});
        }
    dashboard::CommentQuery all;
    all.limit = 1000;
    if (auto comments = d.fx.dash->comments(all))
        for (const auto& c : *comments) {
            data.insert(c.text);
            for (const auto& l : c.links) data.insert(l.matched.begin(), l.matched.end());
        }
    data.erase("");
    std::vector<std::string> out(data.begin(), data.end());
    std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
}

void check_page(const std::string& where, const httplib::Result& r, const std::vector<std::string>& data,
                int status = 200) {
    REQUIRE_MESSAGE(r, where);
    CHECK_MESSAGE(r->status == status, where);
    CHECK_MESSAGE(r->body.find("<html lang=\"qps\">") != std::string::npos, where, " is not in the pseudo-locale");
    int texts = 0;
    const auto found = visible_texts(r->body);
    std::vector<std::string> nodes;
    std::stringstream joined(without_markers(found[0]));
    for (std::string node; std::getline(joined, node, '\x01');) nodes.push_back(node);
    for (std::size_t i = 1; i < found.size(); ++i) nodes.push_back(without_markers(found[i]));
    for (const auto& text : nodes) {
        ++texts;
        const std::string rest = unexplained(text, data);
        CHECK_MESSAGE(!has_letters(rest), where, ": '", text, "' has words not from the catalogue: '", rest, "'");
    }
    CHECK_MESSAGE(texts > 5, where, ": no text found");
}

}  // namespace

TEST_CASE("every dashboard catalogue has every key of en.json and keeps its placeholders") {
    const std::string dir = source_dir + "/assets/i18n/dashboard";
    const Messages en = load_messages(dir + "/en.json");
    CHECK(en.size() > 150);
    std::vector<std::string> problems;
    auto files = load_message_dir(dir, &problems);
    CHECK(problems.empty());
    REQUIRE_FALSE(files.empty());
    for (const auto& f : files) {
        for (const auto& p : compare_messages(en, f.messages)) FAIL_CHECK(f.code, ".json: ", p);
        CHECK_MESSAGE(f.messages.count("language_name"), f.code);
    }
    // The compiled-in English is this en.json (CMake re-reads it when it changes).
    CHECK(dashboard::builtin_english_messages() == en);
    problems.clear();
    auto langs = dashboard::Languages::load(dir, &problems);
    CHECK(problems.empty());
    const auto choices = langs.choices();
    REQUIRE(choices.size() == 3);
    CHECK(choices[0].code == "en");
    CHECK(choices[0].name == "English");
    CHECK(choices[1].name == "Polski");
    CHECK(choices[2].name == "Rom\xC3\xA2n\xC4\x83");
    // Translated means different words, not a copy of English.
    for (const char* code : {"pl", "ro"}) {
        int same = 0;
        for (const auto& [key, text] : en)
            if (langs.get(code).plain(key) == text) ++same;
        CHECK_MESSAGE(same < 20, code, ": ", same, " texts are the same as English");
        CHECK(langs.get(code).plain("nav.themes") != "Themes");
    }
}

TEST_CASE("every key the dashboard's pages name is in en.json, and every key of en.json is used") {
    const Messages en = load_messages(source_dir + "/assets/i18n/dashboard/en.json");
    std::string sources;
    for (const auto& e : fs::directory_iterator(source_dir + "/sync/dashboard/src"))
        if (e.path().extension() == ".cpp" && e.path().filename() != "text.cpp")  // text.cpp: the lookup itself
            sources += read_file(e.path().string()).value();
    // Direct uses: t.html("key"…), t.plain("key"…), text->plain("key"…), t.has("key").
    const std::regex use("(?:html|plain|has)\\(\\s*\"([a-z][a-z0-9_.-]*)\"");
    int uses = 0;
    for (std::sregex_iterator it(sources.begin(), sources.end(), use), end; it != end; ++it) {
        if ((*it)[1].str().back() == '.') continue;  // a prefix: "role." + the role
        ++uses;
        CHECK_MESSAGE(en.count((*it)[1]), "the code uses '", (*it)[1], "', which en.json has not");
    }
    CHECK(uses > 100);
    for (const auto& [key, text] : en) {
        (void)text;
        if (dynamic_key(key) || key == "language_name") continue;
        CHECK_MESSAGE(sources.find("\"" + key + "\"") != std::string::npos, "en.json key '", key, "' is not used");
    }
    // The dynamic families cover what the code builds keys from.
    for (const char* nav : {"themes", "reach", "actions", "comments", "safeguarding", "devices", "replies", "evidence", "audit"})
        CHECK(en.count(std::string("nav.") + nav));
    for (const auto& c : safeguarding_categories()) CHECK_MESSAGE(en.count("category." + c), c);
}

TEST_CASE("catalogue rules shared by the kiosk and the dashboard: placeholders, fill, Accept-Language") {
    CHECK(placeholders_of("Wrong PIN. %d tries left.") == "%d");
    CHECK(placeholders_of("{n} comments, {site}") == "{n}{site}");
    CHECK(placeholders_of("{site}: {n}") == placeholders_of("{n} at {site}"));  // order may change
    CHECK(placeholders_of("100%% {Not a placeholder}") == "%%");
    CHECK(fill_placeholders("{n} of {m} {x}", {{"n", "3"}, {"m", "5"}}) == "3 of 5 {x}");
    Messages en{{"a", "{n} comments"}, {"b", "Hello"}};
    auto problems = compare_messages(en, Messages{{"a", "komentarze"}, {"c", "x"}});
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "key 'a' must keep the placeholders {n}");
    CHECK(problems[1] == "missing key 'b'");
    CHECK(problems[2] == "unknown key 'c'");
    CHECK_FALSE(parse_messages("[1, 2]"));
    CHECK_FALSE(parse_messages(R"({"a": 1})"));
    const std::vector<std::string> codes = {"en", "pl", "ro"};
    CHECK(best_language("pl-PL,pl;q=0.9,en;q=0.5", codes) == "pl");
    CHECK(best_language("de-DE, ro;q=0.4, en;q=0.8", codes) == "en");
    CHECK(best_language("de, fr", codes).empty());
    CHECK(best_language("", codes).empty());
}

TEST_CASE("the dashboard's language: ?lang= (kept in a cookie), then dashboard.conf, then the browser's") {
    PseudoAssets assets;
    auto langs = dashboard::Languages::load(assets.path() + "/i18n/dashboard");
    REQUIRE(langs.has("qps"));
    CHECK(langs.choose("qps", "", "", "") == "qps");
    CHECK(langs.choose("xx", "qps", "en", "") == "qps");  // an unknown ?lang= is passed over
    CHECK(langs.choose("", "", "qps;q=0.9, en;q=0.1", "") == "qps");
    CHECK(langs.choose("", "", "en-GB", "qps") == "qps");  // the configured language before the browser's
    CHECK(langs.choose("", "", "de", "") == "en");
    CHECK(langs.get("qps").plain("nav.themes") == "[[Themes]]");
    // dashboard.conf names the default language.
    const std::string conf = assets.path() + "/dashboard.conf";
    REQUIRE(write_file_atomic(conf, "language = qps\nmin_group = 5\n"));
    auto config = dashboard::load_dashboard_config(conf);
    REQUIRE(config);
    CHECK(config->language == "qps");
    CHECK(langs.choose("", "", "en-GB,en;q=0.9", config->language) == "qps");
    CHECK(dashboard::load_dashboard_config(assets.path() + "/none.conf")->language.empty());
    CHECK(langs.get("xx").plain("nav.themes") == "Themes");
    // A language without a key shows that key in English.
    Messages partial{{"language_name", "Partial"}};
    dashboard::Text t("pt", partial, std::make_shared<Messages>(dashboard::builtin_english_messages()));
    CHECK(t.plain("nav.themes") == "Themes");
    CHECK(t.html("fewer_than", {{"n", "<b>5</b>"}}) == "fewer than <b>5</b>");
    CHECK(t.html("login.lead").find("What inspectors found") == 0);
}

TEST_CASE("every dashboard page shows only catalogue words and data (pseudo-locale)") {
    RunningDashboard d;
    const auto hub = d.fx.add_device("Hub");
    const auto tiny = d.fx.add_device("Tiny hub");
    d.fx.add_responses(hub, 12, [](int i, Response& r) {
        r.comment = i == 0  ? "my step dad hits me"
                    : i % 2 ? "my PA never rings back and I feel alone"
                            : "my PA is great, she helps with my flat";
        if (i == 1) r.needs_help = true;
        if (i == 2) r.age_band = AgeBand::unsaid;
    });
    d.fx.add_responses(tiny, 1, [](int, Response& r) { r.comment = "the tiny hub is cold"; });
    d.fx.index();

    Browser b(d.port);
    auto login_page = b.get("/login?lang=qps");
    REQUIRE(login_page);
    CHECK(b.cookies["lp_lang"] == "qps");
    auto wrong =
        b.post("/login", {{"csrf", Browser::csrf_in(login_page->body)}, {"user", "alice"}, {"password", "no"}});
    const std::string csrf = b.login("alice", "correct horse battery");

    // Forms first, so the pages below show their results.
    auto items = d.fx.dash->safeguarding_items(false, 10).value();
    REQUIRE(items.size() >= 2);
    REQUIRE(b.post("/safeguarding/ack", {{"csrf", csrf}, {"id", std::to_string(items[0].id)}, {"note", "rang her"}}));
    REQUIRE(b.post("/replies", {{"csrf", csrf}, {"theme", "personal-advisers"}, {"text", "PAs ring back in a day"}}));
    auto enrol = b.post("/devices/enrol-code", {{"csrf", csrf}, {"site", "New hub"}, {"expires", "3600"}});
    REQUIRE(enrol);
    std::smatch code, pin;
    REQUIRE(std::regex_search(enrol->body, code, std::regex("class=\"big\">([^<]+)<")));
    REQUIRE(std::regex_search(enrol->body, pin, std::regex("<dd><code>([^<]*)</code>")));
    dashboard::CommentQuery cq;
    auto comments = d.fx.dash->comments(cq).value();
    REQUIRE_FALSE(comments.empty());
    REQUIRE(b.post("/comments/link", {{"csrf", csrf},
                                      {"response", std::to_string(comments[0].response)},
                                      {"theme", "personal-advisers"},
                                      {"action", "add"},
                                      {"back", "/comments"}}));

    const std::vector<std::string> extra = {"Polski",   "Rom\xC3\xA2n\xC4\x83",
                                            "alice",    "victor",
                                            "New hub",  code[1],
                                            pin[1],     "https://127.0.0.1:" + std::to_string(d.port),
                                            "rang her", "PAs ring back in a day",
                                            "Pseudo",   "English",
                                            "qps",      "lp-aggregator import-report --data DIR FILE"};
    auto data = data_words(d, extra);
    check_page("login with an error", wrong, data, 401);
    check_page("enrolment code", enrol, data);
    for (const char* path : {"/",
                             "/?period=all&band=unsaid",
                             "/?site=Tiny%20hub",
                             "/comments",
                             "/comments?q=alone",
                             "/comments?q=tiny",
                             "/comments?page=1",
                             "/safeguarding",
                             "/safeguarding?show=all",
                             "/devices",
                             "/replies",
                             "/evidence",
                             "/evidence?site=Hub&period=all",
                             "/history",
                             "/history?done=report-imported",
                             "/reports/upload",
                             "/reports/upload?done=upload-cancelled",
                             "/comments?done=ack",
                             "/comments?done=already",
                             "/comments?done=link-added",
                             "/comments?done=link-removed",
                             "/comments?done=revoked",
                             "/comments?done=reply-added",
                             "/comments?done=reply-deleted",
                             "/comments?done=bad-input"})
        check_page(path, b.get(path), data);
    for (const auto& t : d.catalogue.themes) check_page("/themes/" + t.id, b.get("/themes/" + t.id), data);
    check_page("no such theme", b.get("/themes/no-such-theme"), data, 404);
    check_page("form expired", b.post("/replies", {{"csrf", "0000"}, {"theme", "x"}, {"text", "y"}}), data, 403);

    Browser viewer(d.port);
    viewer.extra = {{"Accept-Language", "qps, en;q=0.5"}};  // chosen by the browser this time
    viewer.login("victor", "viewer password 1");
    check_page("viewer home", viewer.get("/"), data);
    check_page("viewer on a manager page", viewer.get("/audit"), data, 403);
    check_page("viewer theme", viewer.get("/themes/personal-advisers"), data);
    // The audit log's details are what was recorded (data); its actions are translated.
    data = data_words(d, extra);
    check_page("/audit", b.get("/audit"), data);

    // English stays the default, and a language link leads to the others.
    ManagerBrowser plain(d);
    auto home = plain.get("/");
    REQUIRE(home);
    CHECK(home->body.find("<html lang=\"en-GB\">") != std::string::npos);
    CHECK(home->body.find("href=\"?lang=qps\"") != std::string::npos);
    CHECK(home->body.find("[[") == std::string::npos);
    auto polish = plain.get("/?lang=pl");
    REQUIRE(polish);
    CHECK(polish->body.find("<html lang=\"pl\">") != std::string::npos);
    CHECK(polish->body.find("Tematy: co ustalili inspektorzy") != std::string::npos);
    CHECK(plain.cookies["lp_lang"] == "pl");
    auto still = plain.get("/devices");  // the cookie keeps it
    REQUIRE(still);
    CHECK(still->body.find("Zarejestruj nowy kiosk") != std::string::npos);
}
