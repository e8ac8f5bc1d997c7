// The dashboard store and indexer on real SQLite files: migrations, summary maintenance from a
// cursor, comment links, the safeguarding queue, link corrections, relinking, and relinking with
// a linker that learnt from the council's corrections.
#include <doctest/doctest.h>

#include <algorithm>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/dashboard/report_history.hpp>
#include <lp/shared/safeguarding.hpp>
#include <lp/dashboard/council_linker.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/relink.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>

#include "dashboard_test_support.hpp"

using namespace lp;
using namespace lp::dashboard;

namespace {

const ThemeMonth* find_theme(const std::vector<ThemeMonth>& rows, const std::string& theme) {
    for (const auto& r : rows)
        if (r.theme == theme) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("dashboard migrations keep to their own version table and run once") {
    dashtest::Fixture fx;
    if (!fx.db_path.empty()) {  // PostgreSQL: dashboard_pg_test.cpp checks its version table
        db::Database db(fx.db_path);
        CHECK(db.scalar_int("SELECT version FROM dashboard_schema") ==
              static_cast<std::int64_t>(dashboard_migrations().size()));
        // The aggregator's own user_version is untouched by the dashboard.
        CHECK(db.user_version() == static_cast<int>(aggregator::sqlite_migrations().size()));
    }
    auto again = fx.open_dashboard();
    CHECK(again->cursor().value() == 0);
}

TEST_CASE("the indexer adds new responses to the summaries from its cursor, once") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 6);
    CHECK(fx.index() == 6);
    auto rows = fx.dash->theme_months({}).value();
    const ThemeMonth* pa = find_theme(rows, "personal-advisers");
    REQUIRE(pa);
    CHECK(pa->responses == 6);  // one per response, though two of its questions count
    CHECK(pa->answers == 12);   // pa-help (0.75) and pa-know ("no": 0)
    CHECK(pa->score_sum == doctest::Approx(6 * 0.75));
    CHECK(pa->negatives == 6);
    CHECK(fx.index() == 0);  // nothing new: nothing counted twice
    fx.add_responses(dev, 2);
    CHECK(fx.index() == 2);
    rows = fx.dash->theme_months({}).value();
    CHECK(find_theme(rows, "personal-advisers")->responses == 8);
    // Filters narrow the same summary.
    Filter f;
    f.site = "Elsewhere";
    CHECK(fx.dash->theme_months(f).value().empty());
    f.site = "Hub";
    f.age_band = "16-25";
    CHECK(find_theme(fx.dash->theme_months(f).value(), "personal-advisers")->responses == 8);
    // One theme's rows (a theme page): the same rows as the full read, and no other theme's.
    const auto all_rows = fx.dash->theme_months(f).value();
    const auto pa_rows = fx.dash->theme_months_of(f, "personal-advisers").value();
    REQUIRE(!pa_rows.empty());
    std::size_t matching = 0;
    for (const auto& r : all_rows) {
        if (r.theme != "personal-advisers") continue;
        REQUIRE(matching < pa_rows.size());
        CHECK(pa_rows[matching].month == r.month);
        CHECK(pa_rows[matching].responses == r.responses);
        CHECK(pa_rows[matching].negatives == r.negatives);
        ++matching;
    }
    CHECK(matching == pa_rows.size());
    for (const auto& r : pa_rows) CHECK(r.theme == "personal-advisers");
    f.site = "Elsewhere";
    CHECK(fx.dash->theme_months_of(f, "personal-advisers").value().empty());
    auto values = fx.dash->value_counts({}, {"pa-know"}).value();
    REQUIRE(values.size() == 1);
    CHECK(values[0].value == "no");
    CHECK(values[0].count == 8);
}

TEST_CASE("comments are linked with their matched words and concerns go to the queue") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 3, [](int i, Response& r) {
        if (i == 0) r.comment = "my PA never rings back";
        if (i == 1) r.comment = "my step dad hits me";
        if (i == 2) r.needs_help = true;
    });
    fx.index();
    CommentQuery q;
    q.theme = "personal-advisers";
    auto list = fx.dash->comments(q).value();
    REQUIRE(list.size() == 1);
    CHECK(list[0].text == "my PA never rings back");
    REQUIRE_FALSE(list[0].links.empty());
    CHECK(list[0].links[0].theme == "personal-advisers");
    CHECK_FALSE(list[0].links[0].matched.empty());
    CHECK(fx.dash->unacknowledged_count().value() == 2);
    auto items = fx.dash->safeguarding_items(false, 10).value();
    REQUIRE(items.size() == 2);
    bool scan_hit = false, flagged = false;
    for (const auto& i : items) {
        scan_hit = scan_hit || (i.comment == "my step dad hits me" && !i.matched.empty());
        flagged = flagged || i.needs_help;
        CHECK(i.site == "Hub");
    }
    CHECK(scan_hit);
    CHECK(flagged);
    // Acknowledge once; a second acknowledgement is refused.
    REQUIRE(fx.dash->acknowledge(items[0].id, "alice", "called", 100));
    auto again = fx.dash->acknowledge(items[0].id, "bob", "again", 101);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Errc::conflict);
    CHECK(fx.dash->unacknowledged_count().value() == 1);
    CHECK_FALSE(fx.dash->acknowledge(999, "alice", "x", 1));
}

TEST_CASE("relinking rebuilds the same summaries and keeps managers' corrections and acknowledgements") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 5, [](int i, Response& r) { r.comment = i == 0 ? "my PA never rings back" : "hits me"; });
    fx.index();
    auto list = fx.dash->comments({}).value();
    std::int64_t pa_comment = 0;
    for (const auto& c : list)
        if (c.text == "my PA never rings back") pa_comment = c.response;
    REQUIRE(pa_comment > 0);
    REQUIRE(fx.dash->correct_link(pa_comment, "personal-advisers", false, "alice", 5));
    REQUIRE(fx.dash->correct_link(pa_comment, "somewhere-to-live", true, "alice", 6));
    const auto queue = fx.dash->safeguarding_items(true, 10).value();
    REQUIRE_FALSE(queue.empty());
    REQUIRE(fx.dash->acknowledge(queue[0].id, "alice", "done", 7));
    const auto before = fx.dash->theme_months({}).value();

    REQUIRE(fx.dash->reset_index());
    auto emptied = fx.dash->theme_months({});
    REQUIRE(emptied);
    for (const auto& row : *emptied) CHECK(row.responses == 0);  // only managers' links left
    CHECK(fx.index() == 5);
    const auto after = fx.dash->theme_months({}).value();
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].theme == before[i].theme);
        CHECK(after[i].responses == before[i].responses);
        CHECK(after[i].score_sum == doctest::Approx(before[i].score_sum));
    }
    CommentQuery q;
    q.search = "never rings";
    auto c = fx.dash->comments(q).value();
    REQUIRE(c.size() == 1);
    REQUIRE(c[0].links.size() == 1);  // the linker's link stays removed; the manager's stays
    CHECK(c[0].links[0].theme == "somewhere-to-live");
    CHECK(c[0].links[0].source == "manager");
    CHECK(fx.dash->safeguarding_items(true, 10).value().size() == queue.size());
    CHECK(fx.dash->unacknowledged_count().value() == static_cast<std::int64_t>(queue.size()) - 1);
    // Theme comment counts come from the summary: they follow corrections exactly.
    for (const char* theme : {"somewhere-to-live", "personal-advisers"}) {
        CommentQuery tq;
        tq.theme = theme;
        tq.limit = 1000;
        CHECK(fx.dash->count_comments(tq).value() == static_cast<std::int64_t>(fx.dash->comments(tq).value().size()));
    }
    auto examples = fx.dash->labelled_examples().value();
    REQUIRE(examples.size() == 1);
    CHECK(examples[0].find("\"themes\":[\"somewhere-to-live\"]") != std::string::npos);
}

TEST_CASE("search and theme filters of comments use bound values, never SQL text") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 2, [](int i, Response& r) { r.comment = i ? "it's '; DROP TABLE comments; --" : "fine"; });
    fx.index();
    CommentQuery q;
    q.search = "'; DROP TABLE comments; --";
    CHECK(fx.dash->count_comments(q).value() == 1);
    q.search = "%";
    CHECK(fx.dash->count_comments(q).value() == 0);  // no LIKE wildcards either
    CHECK(fx.dash->count_comments({}).value() == 2);
}

TEST_CASE("the catalogue round-trips and bumps its version") {
    dashtest::Fixture fx;
    auto cat = load_catalogue_file(dashtest::assets_dir() + "/themes/kirklees.json");
    REQUIRE(cat);
    CHECK(fx.dash->catalogue_version().value() == 0);
    REQUIRE(fx.dash->replace_catalogue(*cat));
    REQUIRE(fx.dash->replace_catalogue(*cat));
    CHECK(fx.dash->catalogue_version().value() == 2);
    auto back = fx.dash->catalogue().value();
    CHECK(back.reports.size() == cat->reports.size());
    CHECK(back.findings.size() == cat->findings.size());
    CHECK(back.themes.size() == cat->themes.size());
    CHECK(back.links.size() == cat->links.size());
    CHECK(back.findings[0].paragraphs == cat->findings[0].paragraphs);
}

namespace {

// A one-report catalogue: improvement points (with themes), a strength that is not a point.
Catalogue one_report(const std::string& id, const std::string& date, const std::string& version,
                     const std::vector<std::string>& points, const std::string& care_grade) {
    Catalogue c;
    Report r{id, "Exville", "ilacs", date, "Exville inspection " + date, "sha-" + id, {}};
    r.framework = "ilacs";
    r.framework_version = version;
    r.judgements = {{"Overall effectiveness", "Good", "overall"},
                    {"The experiences and progress of children in care", care_grade, "children-in-care"}};
    c.reports.push_back(r);
    c.themes = {{"health-histories", "Health histories", "Your health"}, {"pathway-plans", "Pathway plans", "Plans"}};
    int n = 0;
    for (const auto& p : points) {
        const std::string fid = id + "-improve-" + std::to_string(++n);
        c.findings.push_back({fid, id, "improvement", "care leavers", p, {}});
        c.links.push_back({fid, n % 2 ? "health-histories" : "pathway-plans", 0.5, {"health"}});
    }
    c.findings.push_back({id + "-strength-1", id, "strength", "leadership", "Leaders know their services well", {}});
    return c;
}

const HistoryReport* find_report(const std::vector<HistoryReport>& h, const std::string& id) {
    for (const auto& r : h)
        if (r.report.id == id) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("every imported report is kept with its framework, version and improvement points after a later import") {
    dashtest::Fixture fx;
    REQUIRE(fx.dash->replace_catalogue(
        one_report("exville-2019-ilacs", "2019-05", "2018",
                   {"Care leavers' access to their health histories", "The quality of pathway plans"}, "Inadequate")));
    REQUIRE(fx.dash->replace_catalogue(
        one_report("exville-2023-ilacs", "2023-06", "2023", {"Pathway plans that young people help to write"}, "Good")));

    // The matrix's catalogue holds only the latest import, with its framework recorded.
    auto current = fx.dash->catalogue().value();
    REQUIRE(current.reports.size() == 1);
    CHECK(current.reports[0].id == "exville-2023-ilacs");
    CHECK(current.reports[0].framework == "ilacs");
    CHECK(current.reports[0].framework_version == "2023");

    auto history = fx.dash->report_history().value();
    REQUIRE(history.size() == 2);
    const HistoryReport* old = find_report(history, "exville-2019-ilacs");
    REQUIRE(old);
    CHECK(old->report.framework_version == "2018");
    CHECK(old->imported_at > 0);
    REQUIRE(old->report.judgements.size() == 2);
    CHECK(old->report.judgements[1].canonical == "children-in-care");
    CHECK(old->report.judgements[1].grade == "Inadequate");
    REQUIRE(old->points.size() == 2);  // the strength is not an improvement point
    CHECK(old->points[0].text == "Care leavers' access to their health histories");
    CHECK(old->points[0].themes == std::vector<std::string>{"health-histories"});
    CHECK(old->points[1].themes == std::vector<std::string>{"pathway-plans"});

    // Importing the same report again refreshes its entry (no second copy, no stale points).
    REQUIRE(fx.dash->replace_catalogue(one_report("exville-2019-ilacs", "2019-05", "2018", {"Only one point"}, "Good")));
    history = fx.dash->report_history().value();
    CHECK(history.size() == 2);
    old = find_report(history, "exville-2019-ilacs");
    REQUIRE(old);
    REQUIRE(old->points.size() == 1);
    CHECK(old->points[0].text == "Only one point");
    CHECK(old->report.judgements[1].grade == "Good");
    // Another instance on the same database reads the same history.
    auto other = fx.open_dashboard();
    CHECK(other->report_history().value().size() == 2);
}

TEST_CASE("an earlier inspection that minutes quote is kept in the history beside the reports") {
    dashtest::Fixture fx;
    Catalogue c = one_report("exville-2024-minutes", "2024-07", "2023", {"Pathway plans"}, "Good");
    c.reports[0].kind = "minutes";
    c.reports[0].history = {{"2021-11", {{"Overall effectiveness", "Requires improvement to be good", "overall"}}}};
    REQUIRE(fx.dash->replace_catalogue(c));
    auto history = fx.dash->report_history().value();
    REQUIRE(history.size() == 2);
    const HistoryReport* quoted = find_report(history, "exville-2024-minutes/earlier/2021-11");
    REQUIRE(quoted);
    CHECK(quoted->report.kind == kEarlierKind);
    CHECK(quoted->report.date == "2021-11");
    CHECK(quoted->report.authority == "Exville");
    CHECK(quoted->report.title == "Exville inspection 2024-07");  // the document that quotes it
    REQUIRE(quoted->report.judgements.size() == 1);
    CHECK(quoted->report.judgements[0].grade == "Requires improvement to be good");
    CHECK(quoted->points.empty());
    // It stays after a later import, like every report, and is refreshed by a new import of its source.
    REQUIRE(fx.dash->replace_catalogue(one_report("exville-2026-ilacs", "2026-05", "2026", {}, "Good")));
    REQUIRE(fx.dash->replace_catalogue(c));
    CHECK(fx.dash->report_history().value().size() == 3);
}

TEST_CASE("unacknowledged items older than the limit are overdue, and the count shows on every manager page") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 1, [](int, Response& r) { r.needs_help = true; });
    fx.index();
    CatalogueIndex cat(Catalogue{}, {});
    DashboardConfig config;
    ViewContext fresh{*fx.dash, *fx.agg, cat, config, PageUser{"alice", "manager", "t"}, now_unix()};
    const std::string now_page = safeguarding_page(fresh, {});
    CHECK(now_page.find("Overdue") == std::string::npos);
    CHECK(now_page.find("<strong>1</strong> safeguarding item needs reading") != std::string::npos);
    ViewContext later{
        *fx.dash, *fx.agg, cat, config, PageUser{"alice", "manager", "t"}, now_unix() + config.overdue_s + 60};
    CHECK(safeguarding_page(later, {}).find("Overdue") != std::string::npos);
    CHECK(matrix_page(later, {}).find("<strong>1</strong> safeguarding item needs reading") != std::string::npos);
    ViewContext viewer{*fx.dash, *fx.agg, cat, config, PageUser{"victor", "viewer", "t"}, now_unix()};
    CHECK(matrix_page(viewer, {}).find("safeguarding item") == std::string::npos);
}

TEST_CASE("a comment in a language the scan cannot read goes to the top of To read, not to the safeguarding queue") {
    // The scan reads English; other languages and other scripts are for a person to read first.
    CHECK(safeguarding_can_read("en", "my sw never rings back"));
    CHECK(safeguarding_can_read("en", "the caf\u00e9 at the hub is good"));  // a few accents: still English
    CHECK_FALSE(safeguarding_can_read("pl", "nikt mnie nie slucha"));
    CHECK_FALSE(safeguarding_can_read("en", "\u0644\u0627 \u0623\u062d\u062f \u064a\u0633\u0645\u0639"));  // Arabic script

    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 3, [](int i, Response& r) {
        if (i == 0) r.comment = "the hub is great";
        if (i == 1) {
            r.language = "pl";
            r.comment = "nikt mnie tu nie slucha";
        }
        if (i == 2) r.comment = "more trips please";
    });
    fx.index();
    auto unread = fx.dash->unread_comments(10, 0).value();
    REQUIRE(unread.size() == 3);
    CHECK(unread[0].text == "nikt mnie tu nie slucha");
    CHECK(unread[0].flagged);  // first, and on the shorter deadline
    CHECK(unread[0].read_first);  // ... only to be read first: the page says so, and no alert went
    CHECK(unread[0].categories.empty());
    CHECK_FALSE(unread[1].flagged);
    CHECK_FALSE(unread[1].read_first);
    // Not a disclosure the scan found: no safeguarding item, so no alert either.
    CHECK(fx.dash->safeguarding_items(true, 10).value().empty());
    // The page says why it is first, and that no alert went, rather than "Flagged".
    CatalogueIndex cat(Catalogue{}, {});
    DashboardConfig config;
    ViewContext ctx{*fx.dash, *fx.agg, cat, config, PageUser{"alice", "manager", "t"}, now_unix()};
    const std::string page = to_read_page(ctx, {});
    CHECK(page.find(">Read first</strong>") != std::string::npos);
    CHECK(page.find("No alert was sent.") != std::string::npos);
    CHECK(page.find(">Flagged</strong>") == std::string::npos);
}

TEST_CASE("every comment waits in To read until marked read: flagged first, oldest first, bulk for unflagged only") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    fx.add_responses(dev, 4, [](int i, Response& r) {
        if (i == 0) r.comment = "the hub is great";
        if (i == 1) r.comment = "my step dad hits me";
        if (i == 2) r.needs_help = true;  // a help request without a comment: nothing to read
        if (i == 3) r.comment = "more trips please";
    });
    fx.index();
    const ReviewDeadlines d;  // 72 h for comments, 24 h for flagged ones
    const std::int64_t now = now_unix();
    auto counted = fx.dash->review_counts(d, now);
    REQUIRE_MESSAGE(counted, counted.error().message);
    auto counts = *counted;
    auto listed_unread = fx.dash->unread_comments(10, 0);
    REQUIRE_MESSAGE(listed_unread, listed_unread.error().message);
    CHECK(counts.unread == 3);
    CHECK(counts.overdue == 0);
    auto unread = fx.dash->unread_comments(10, 0).value();
    REQUIRE(unread.size() == 3);
    CHECK(unread[0].text == "my step dad hits me");
    CHECK(unread[0].flagged);
    CHECK_FALSE(unread[0].read_first);  // a scan hit is flagged, not merely read first
    CHECK(unread[0].categories == std::vector<std::string>{"physical-abuse"});
    CHECK(unread[1].text == "the hub is great");
    CHECK_FALSE(unread[1].flagged);
    CHECK(unread[2].text == "more trips please");
    CHECK(fx.dash->review_counts(d, now + 25 * 3600).value().overdue == 1);  // the flagged one
    CHECK(fx.dash->review_counts(d, now + 73 * 3600).value().overdue == 3);
    CHECK(unread_overdue(unread[0], d, now + 25 * 3600));
    CHECK_FALSE(unread_overdue(unread[1], d, now + 25 * 3600));

    // Bulk marks the unflagged ones only; the flagged one stays until it is read on its own.
    std::vector<std::int64_t> all;
    for (const auto& c : unread) all.push_back(c.response);
    auto marked = fx.dash->mark_read(all, true, "alice", now + 60).value();
    CHECK(marked.size() == 2);
    CHECK(std::find(marked.begin(), marked.end(), unread[0].response) == marked.end());
    CHECK(fx.dash->review_counts(d, now).value().unread == 1);
    CHECK(fx.dash->mark_read({unread[0].response}, false, "bob", now + 120).value().size() == 1);
    CHECK(fx.dash->mark_read({unread[0].response}, false, "bob", now + 180).value().empty());  // read once
    CHECK(fx.dash->mark_read({999999}, false, "bob", now).value().empty());                    // unknown
    CHECK(fx.dash->review_counts(d, now + 100 * 3600).value().unread == 0);
    CHECK(fx.dash->unread_comments(10, 0).value().empty());

    // Who read each comment, and when, shows with the comment; relinking keeps it.
    REQUIRE(fx.dash->reset_index());
    fx.index();
    CHECK(fx.dash->review_counts(d, now).value().unread == 0);
    CommentQuery q;
    q.filter.site = "Hub";
    bool saw_bob = false;
    const auto listed = fx.dash->comments(q).value();
    CHECK(listed.size() == 3);
    for (const auto& c : listed) {
        REQUIRE(c.read_at.has_value());
        if (c.text == "my step dad hits me") {
            saw_bob = c.read_by == "bob" && *c.read_at == now + 120;
        } else {
            CHECK(c.read_by == "alice");
        }
    }
    CHECK(saw_bob);
    // A new comment is new again.
    fx.add_responses(dev, 1, [](int, Response& r) { r.comment = "can we have a pool table"; });
    fx.index();
    CHECK(fx.dash->review_counts(d, now).value().unread == 1);
}

namespace {

// Micro F1 of the links on comments that should carry exactly `theme`.
double f1_for(const std::vector<CommentView>& rows, const std::string& theme) {
    int tp = 0, fp = 0, fn = 0;
    for (const auto& c : rows) {
        bool found = false;
        for (const auto& l : c.links) {
            if (l.theme == theme)
                found = true;
            else
                ++fp;
        }
        tp += found ? 1 : 0;
        fn += found ? 0 : 1;
    }
    return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

// Comments naming an invented local service, "the Wrenfield team", which in this council is
// the personal advisers' team. The corrected and the held-out comments share only the name.
std::vector<std::string> wrenfield_comments(bool corrected) {
    const std::vector<std::string> who = {"wrenfield", "my wrenfield worker", "the wrenfield team",
                                          "the wrenfield lady", "wrenfield lot", "my worker at wrenfield"};
    const std::vector<std::string> taught = {"never text me back", "helped me sort my bank account",
                                             "came with me to the jobcentre", "is the only one who gets me",
                                             "forgot my birthday again"};
    const std::vector<std::string> held_out = {"didnt pick up when i rang 3 times", "got me a bus pass finally",
                                               "is alright i guess", "keeps cancelling on me",
                                               "sat with me at the doctors"};
    std::vector<std::string> out;
    for (const auto& w : who)
        for (const auto& p : corrected ? taught : held_out) out.push_back(w + " " + p);
    return out;
}

}  // namespace

TEST_CASE("managers' corrections teach the council's linker a local service's name, and relink uses them") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub");
    const auto taught = wrenfield_comments(true);
    const auto held_out = wrenfield_comments(false);
    REQUIRE(taught.size() == 30);
    REQUIRE(held_out.size() == 30);
    std::vector<std::string> all = taught;
    all.insert(all.end(), held_out.begin(), held_out.end());
    fx.add_responses(dev, static_cast<int>(all.size()), [&](int i, Response& r) { r.comment = all[i]; });
    const std::string taxonomy = dashtest::assets_dir() + "/themes/taxonomy.json";

    // Before any correction the council's linker is the shipped one, classifier and all.
    auto shipped = council_linker(taxonomy, *fx.dash);
    REQUIRE(shipped);
    CHECK((*shipped)->has_scorer());
    CHECK((shipped->get() == shipped_linker(taxonomy)->get()));  // trained once per process
    Indexer indexer(*fx.dash, fx.sets, *shipped);
    REQUIRE(indexer.run_until_idle(100).value() == 60);
    CommentQuery q;
    q.limit = 1000;
    auto rows = fx.dash->comments(q).value();
    REQUIRE(rows.size() == 60);
    std::vector<CommentView> held_before;
    for (const auto& c : rows) {
        const bool is_taught = std::find(taught.begin(), taught.end(), c.text) != taught.end();
        if (!is_taught) {
            held_before.push_back(c);
            continue;
        }
        // The manager files each taught comment under personal advisers, and only there.
        for (const auto& l : c.links)
            if (l.theme != "personal-advisers") REQUIRE(fx.dash->correct_link(c.response, l.theme, false, "ana", 10));
        REQUIRE(fx.dash->correct_link(c.response, "personal-advisers", true, "ana", 11));
    }
    REQUIRE(held_before.size() == 30);
    const double before = f1_for(held_before, "personal-advisers");

    auto corrections = council_corrections(*fx.dash);
    REQUIRE(corrections);
    CHECK(corrections->size() == 30);
    // The local name, and no everyday word, is what the corrections teach the lexicon.
    auto lexical = Linker::from_taxonomy_file(taxonomy);
    REQUIRE(lexical);
    auto shipped_examples = parse_theme_examples(read_file(examples_path_for(taxonomy)).value());
    REQUIRE(shipped_examples);
    const auto words = council_words(*lexical, *shipped_examples, *corrections);
    CHECK(std::any_of(words.begin(), words.end(),
                      [](const CouncilWord& w) { return w.word == "wrenfield" && w.theme == "personal-advisers"; }));
    for (const auto& w : words) CHECK_MESSAGE((w.word != "the" && w.word != "worker" && w.word != "never"), w.word);
    auto done = relink_council(*fx.dash, indexer, taxonomy, 100, false);
    REQUIRE(done);
    CHECK_FALSE(done->skipped);
    CHECK(done->corrections == 30);
    CHECK(done->responses == 60);
    CHECK((indexer.linker() != *shipped));
    // Nothing new since: the nightly relink has nothing to learn and is skipped.
    CHECK(relink_council(*fx.dash, indexer, taxonomy, 100, false)->skipped);

    std::vector<CommentView> held_after;
    bool name_explains = false;
    const auto relinked = fx.dash->comments(q).value();
    for (const auto& c : relinked) {
        if (std::find(held_out.begin(), held_out.end(), c.text) == held_out.end()) continue;
        held_after.push_back(c);
        for (const auto& l : c.links) {
            CHECK_MESSAGE(!l.matched.empty(), c.text);  // every link still names its words
            if (l.theme == "personal-advisers" &&
                std::find(l.matched.begin(), l.matched.end(), "wrenfield") != l.matched.end())
                name_explains = true;
        }
    }
    REQUIRE(held_after.size() == 30);
    const double after = f1_for(held_after, "personal-advisers");
    MESSAGE("held-out F1 on personal-advisers: before " << before << ", after " << after);
    CHECK(after >= before + 0.4);
    // Personal advisers now found on (nearly) every held-out comment; other links the comments'
    // own words earn (a doctor, a bus pass) may stay beside it.
    int found = 0;
    for (const auto& c : held_after)
        found += std::any_of(c.links.begin(), c.links.end(), [](const auto& l) { return l.theme == "personal-advisers"; });
    MESSAGE("personal advisers found on " << found << " of 30 held-out comments");
    CHECK(found >= 27);
    CHECK(name_explains);  // the local name itself is shown as the reason
    // The taught comments keep exactly the manager's links through the relink.
    CommentQuery tq;
    tq.search = "wrenfield lot never text";
    auto kept = fx.dash->comments(tq).value();
    REQUIRE(kept.size() == 1);
    REQUIRE(kept[0].links.size() == 1);
    CHECK(kept[0].links[0].theme == "personal-advisers");
}
