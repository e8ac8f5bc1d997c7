// Council reporting on both stores (compiled again with LP_DASH_PG): cohorts all or nothing,
// response counts, and the board pack PDF read back with pdftotext and checked against the
// database, including suppression; page 1 rendered with pdftoppm for a screenshot.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <regex>
#include <sstream>

#include "dashboard_test_support.hpp"

using namespace lp;
using namespace lp::dashboard;

namespace {

/// Runs a shell command and returns its standard output (the command's own words are ours).
std::string run(const std::string& command) {
    std::string out;
    std::FILE* p = ::popen(command.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    CHECK(::pclose(p) == 0);
    return out;
}

/// The line of text that holds `key` (first match), "" when none does.
std::string line_with(const std::string& text, const std::string& key) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(key) != std::string::npos) return line;
    return "";
}

/// pdftotext -layout of a PDF written to path.
std::string pdf_text(const std::string& path) { return run("pdftotext -layout '" + path + "' -"); }

struct PackWorld {
    dashtest::Fixture fx;
    std::unique_ptr<ReportingStore> reporting = fx.open_reporting();
    Catalogue catalogue;
    PackWorld() {
        auto cat = load_catalogue_file(dashtest::assets_dir() + "/themes/kirklees.json");
        REQUIRE(cat);
        catalogue = *cat;
        REQUIRE(fx.dash->replace_catalogue(*cat));
        const auto north = fx.add_device("Northgate Hub");
        const auto south = fx.add_device("Southfield House");
        const auto tiny = fx.add_device("Tiny Lodge");
        // Last quarter at Northgate: advisers answered well ("yes", they know how to reach them).
        fx.add_responses(north, 30, [](int, Response& r) {
            r.created_hour = "2026-05-11T10:00:00Z";
            r.answers[1] = Answer::of_choice("pa-know", "yes");
        });
        // This quarter: Northgate says "no" (a negative answer each), one asks for help.
        fx.add_responses(north, 40, [](int i, Response& r) {
            r.created_hour = "2026-08-14T16:00:00Z";
            if (i == 0) r.comment = "my personal adviser changed three times since spring";
            if (i == 1) r.needs_help = true;
        });
        fx.add_responses(south, 12, [](int, Response& r) {
            r.created_hour = "2026-09-02T09:00:00Z";
            r.age_band = AgeBand::age_13_17;
        });
        fx.add_responses(tiny, 3, [](int i, Response& r) {
            r.created_hour = "2026-07-20T12:00:00Z";
            if (i == 0) r.comment = "nobody from the leaving care team gets back to me about my flat";
        });
        fx.index();
        auto items = fx.dash->safeguarding_items(true, 10).value();
        REQUIRE(items.size() == 1);
        REQUIRE(fx.dash->acknowledge(items[0].id, "alice", "called back", items[0].received_at + 5400));
        REQUIRE(reporting->upsert_cohorts({{"2026-Q3", "Northgate Hub", "", 200},
                                           {"2026-Q3", "Southfield House", "13-17", 100},
                                           {"2026-Q3", "Tiny Lodge", "", 50}}));
        Action late;
        late.title = "Weekly PA drop-in";
        late.owner = "Leaving care team";
        late.due = "2026-08-31";
        late.status = "in_progress";
        late.links = {{"theme", "personal-advisers"}};
        REQUIRE(reporting->add_action(late, "alice", now_unix()));
    }
    Result<BoardPack> pack(const std::string& site, const CatalogueIndex& cat, const DashboardConfig& config = {}) {
        return build_board_pack({*fx.dash, *reporting, cat, config}, *parse_quarter("2026-Q3"), site, now_unix());
    }
};

std::int64_t quarter_responses(ReportingStore& r, const std::string& site) {
    std::int64_t n = 0;
    const auto counts = r.response_counts("2026-07", "2026-09").value();
    for (const auto& c : counts)
        if (site.empty() || c.site == site) n += c.responses;
    return n;
}

}  // namespace

TEST_CASE("cohort sizes are added, replaced and deleted, and a bad row changes nothing") {
    dashtest::Fixture fx;
    auto r = fx.open_reporting();
    REQUIRE(r->upsert_cohorts({{"2026-Q3", "", "", 1200}, {"2026-Q3", "North", "8-12", 310}}));
    REQUIRE(r->upsert_cohorts({{"2026-Q3", "North", "8-12", 320}}));
    auto all = r->cohorts().value();
    REQUIRE(all.size() == 2);
    CHECK(all[0].site.empty());
    CHECK(all[1].size == 320);
    // All or nothing: the good first row is not written when the second is bad.
    auto bad = r->upsert_cohorts({{"2026-Q4", "", "", 5}, {"2026-Q4", "North", "6-7", 5}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == Errc::invalid_input);
    CHECK(bad.error().message.find("age band") != std::string::npos);
    CHECK(r->cohorts().value().size() == 2);
    REQUIRE(r->delete_cohort("2026-Q3", "North", "8-12"));
    CHECK(r->delete_cohort("2026-Q3", "North", "8-12").error().code == Errc::not_found);
    CHECK(r->cohorts().value().size() == 1);
}

TEST_CASE("response counts per month, site and band are what the aggregator stored") {
    dashtest::Fixture fx;
    auto r = fx.open_reporting();
    const auto a = fx.add_device("A");
    fx.add_responses(a, 4, [](int i, Response& x) {
        x.created_hour = i < 3 ? "2026-07-01T00:00:00Z" : "2026-09-30T23:00:00Z";
        if (i == 0) x.age_band = AgeBand::age_8_12;
    });
    fx.add_responses(a, 2, [](int, Response& x) { x.created_hour = "2026-10-01T00:00:00Z"; });  // next quarter
    auto counts = r->response_counts("2026-07", "2026-09").value();
    std::int64_t total = 0, young = 0;
    for (const auto& c : counts) {
        CHECK(c.site == "A");
        CHECK(c.month >= "2026-07");
        CHECK(c.month <= "2026-09");
        total += c.responses;
        if (c.age_band == "8-12") young += c.responses;
    }
    CHECK(total == 4);
    CHECK(young == 1);
    CHECK(r->response_counts("2026-10", "2026-12").value().size() == 1);
}

TEST_CASE("the board pack PDF's figures match the database and small groups read 'fewer than 5'") {
    PackWorld w;
    const CatalogueIndex cat(w.fx.dash->catalogue().value(), load_latest_question_sets(dashtest::assets_dir() + "/question-sets").value());
    auto pack = w.pack("", cat);
    REQUIRE(pack);
    auto pdf = render_board_pack_pdf(*pack, english_text());
    REQUIRE(pdf);
    CHECK(pdf->rfind("%PDF-", 0) == 0);
    const std::string path = w.fx.dir.path() + "/pack.pdf";
    REQUIRE(write_file_atomic(path, *pdf));
    const std::string text = pdf_text(path);

    // Headline: the quarter's responses as the database counts them, and the rate over the cohorts.
    const std::int64_t total = quarter_responses(*w.reporting, "");
    CHECK(total == 55);
    CHECK(line_with(text, "Responses in 2026-Q3").find(std::to_string(rounded_count(total))) != std::string::npos);
    const auto cohorts = w.reporting->cohorts().value();
    const auto council = cohort_size(cohorts, "2026-Q3", "", "");
    REQUIRE(council);
    CHECK(*council == 350);
    CHECK(line_with(text, "Response rate").find(percent(double(rounded_count(total)) / double(*council)) + " of " +
                                                std::to_string(*council)) != std::string::npos);
    std::int64_t before = 0;
    const auto before_counts = w.reporting->response_counts("2026-04", "2026-06").value();
    for (const auto& c : before_counts) before += c.responses;
    CHECK(before == 30);
    CHECK(line_with(text, "Responses in 2026-Q2").find(std::to_string(rounded_count(before))) != std::string::npos);

    // Reach: each site's count and rate, rounded as everywhere (the rate from the rounded count);
    // the site with 3 answers shows "fewer than 5", and is
    // flagged because even 5 of its 50 would be under 20%.
    const std::int64_t north = quarter_responses(*w.reporting, "Northgate Hub");
    CHECK(line_with(text, "Northgate Hub").find(std::to_string(rounded_count(north)) + " (" +
                                                percent(double(rounded_count(north)) / 200) + ")") !=
          std::string::npos);
    const std::string tiny = line_with(text, "Tiny Lodge");
    CHECK(tiny.find("fewer than 5") != std::string::npos);
    CHECK(tiny.find(" 3 ") == std::string::npos);
    CHECK(text.find("Tiny Lodge, Every age: fewer than 5") != std::string::npos);
    const std::int64_t south = quarter_responses(*w.reporting, "Southfield House");
    CHECK(south == 12);
    CHECK(line_with(text, "Southfield House").find("10 (10%)") !=
          std::string::npos);

    // Theme matrix: personal advisers from the summary, with the change since last quarter.
    Filter f{"", "", "", "2026-07", "2026-09"};
    std::int64_t responses = 0, answers = 0, negatives = 0;
    const auto months = w.fx.dash->theme_months(f).value();
    for (const auto& r : months)
        if (r.theme == "personal-advisers") {
            responses += r.responses;
            answers += r.answers;
            negatives += r.negatives;
        }
    REQUIRE(answers > 0);
    const std::string pa = line_with(text, cat.title_of("personal-advisers").substr(0, 20));
    CHECK(pa.find(std::to_string(rounded_count(responses)) + " (" + percent(double(rounded_count(responses)) / 350) +
                  ")") != std::string::npos);
    CHECK(pa.find(percent(rounded_share(double(negatives) / double(answers)))) != std::string::npos);
    CHECK(pa.find("points") != std::string::npos);  // 0% → 50% negative: beyond its uncertainty

    // What young people said: the comment, its small site unnamed.
    CHECK(text.find("my personal adviser changed three times since spring") != std::string::npos);
    const auto at = text.find("nobody from the leaving care team");
    REQUIRE(at != std::string::npos);
    CHECK(text.substr(at, 300).find("a small site") != std::string::npos);
    CHECK(text.substr(at, 300).find("Tiny Lodge") == std::string::npos);

    // Safeguarding: counts and times, never the words.
    CHECK(line_with(text, "Asked to talk to someone").find("fewer than 5") != std::string::npos);  // 1 request
    // One item acknowledged (in 1 h 30 min): too few for times, which would describe that one case.
    CHECK(line_with(text, "Median time to acknowledge").find("fewer than 5") != std::string::npos);
    CHECK(line_with(text, "Longest time to acknowledge").find("fewer than 5") != std::string::npos);
    CHECK(text.find("1 h 30 min") == std::string::npos);
    // Actions: the overdue one says so.
    const auto drop_in = text.find("Weekly PA drop-in");
    REQUIRE(drop_in != std::string::npos);
    CHECK(text.substr(drop_in, 400).find("overdue") != std::string::npos);
    CHECK(text.substr(drop_in, 400).find("Leaving care") != std::string::npos);
    for (const char* section : {"Contents", "Headline numbers", "Reach: who we are not hearing from",
                                "Themes, this quarter against the last", "Inspection progress by area", "Method notes",
                                "Wilson"})
        CHECK_MESSAGE(text.find(section) != std::string::npos, section);

    // Accessible: tagged, A4, every font embedded.
    const std::string info = run("pdfinfo '" + path + "'");
    CHECK(line_with(info, "Tagged:").find("yes") != std::string::npos);
    CHECK(line_with(info, "Page size:").find("595.28 x 841.89") != std::string::npos);
    const std::string fonts = run("pdffonts '" + path + "'");
    int font_lines = 0;
    std::istringstream in(fonts);
    for (std::string line; std::getline(in, line);) {
        if (line.find("DejaVu") == std::string::npos) continue;
        ++font_lines;
        CHECK_MESSAGE(line.find(" yes ") != std::string::npos, line);  // emb column
    }
    CHECK(font_lines > 0);

    // Page 1 as a screenshot to look at (build/screenshots).
    const std::string shots = std::string(LP_BINARY_DIR) + "/screenshots";
    std::filesystem::create_directories(shots);
    run("pdftoppm -png -r 80 -f 1 -l 1 -singlefile '" + path + "' '" + shots + "/board_pack_page1'");
    REQUIRE(write_file_atomic(shots + "/board_pack.pdf", *pdf));  // the whole pack, to read
    CHECK(std::filesystem::file_size(shots + "/board_pack_page1.png") > 10000);
}

namespace {

/// "1 h 30 min", "45 min": a time to acknowledge under three days as the pack writes it.
std::string hours_minutes(std::int64_t seconds) {
    const std::int64_t minutes = (seconds + 59) / 60;
    if (minutes < 60) return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
}

/// True when line shows the time: pdftotext may drop the space in "5 h", so spaces are ignored.
bool shows_time(std::string line, std::string time) {
    line.erase(std::remove(line.begin(), line.end(), ' '), line.end());
    time.erase(std::remove(time.begin(), time.end(), ' '), time.end());
    return line.find(time) != std::string::npos;
}

/// The pack's safeguarding table: from its first row to its last.
std::string safeguarding_rows(const std::string& text) {
    const auto from = text.find("Asked to talk to someone");
    const auto last = text.find("Longest time to acknowledge");
    REQUIRE(from != std::string::npos);
    REQUIRE(last != std::string::npos);
    return text.substr(from, text.find('\n', last) - from);
}

}  // namespace

TEST_CASE("board pack safeguarding times: none for a site with 3 items, the database's median and longest for 7") {
    dashtest::Fixture fx;
    auto reporting = fx.open_reporting();
    const auto few = fx.add_device("Few House");
    const auto many = fx.add_device("Many Court");
    auto asked = [](int, Response& r) {
        r.created_hour = "2026-08-03T10:00:00Z";
        r.needs_help = true;
    };
    fx.add_responses(few, 3, asked);
    fx.add_responses(many, 7, asked);
    fx.index();
    // Each item acknowledged after a different delay (minutes), so median and longest differ.
    const std::int64_t delays[] = {20, 45, 70, 90, 130, 200, 300, 15, 600, 25};
    auto items = fx.dash->safeguarding_items(true, 100).value();
    REQUIRE(items.size() == 10);
    for (std::size_t i = 0; i < items.size(); ++i)
        REQUIRE(fx.dash->acknowledge(items[i].id, "alice", "", items[i].received_at + delays[i] * 60));
    const CatalogueIndex cat(Catalogue{}, {});

    // The truth, from the database: each site's acknowledged items.
    auto ack_times = [&](const std::string& site) {
        std::vector<std::int64_t> out;
        const auto stored = fx.dash->safeguarding_items(true, 100).value();
        for (const auto& i : stored)
            if (i.site == site && i.acknowledged_at) out.push_back(*i.acknowledged_at - i.received_at);
        std::sort(out.begin(), out.end());
        return out;
    };
    auto pack_text = [&](const std::string& site) {
        auto pack = build_board_pack({*fx.dash, *reporting, cat, DashboardConfig{}}, *parse_quarter("2026-Q3"), site,
                                     now_unix());
        REQUIRE(pack);
        const std::string path = fx.dir.path() + "/pack-" + std::to_string(site.size()) + ".pdf";
        REQUIRE(write_file_atomic(path, render_board_pack_pdf(*pack, english_text()).value()));
        return pdf_text(path);
    };

    const auto few_times = ack_times("Few House");
    REQUIRE(few_times.size() == 3);
    const std::string few_rows = safeguarding_rows(pack_text("Few House"));
    CHECK(line_with(few_rows, "Median time to acknowledge").find("fewer than 5") != std::string::npos);
    CHECK(line_with(few_rows, "Longest time to acknowledge").find("fewer than 5") != std::string::npos);
    CHECK_MESSAGE(!std::regex_search(few_rows, std::regex("[0-9]+ (h|min|days)\\b")), few_rows);  // no time at all

    const auto many_times = ack_times("Many Court");
    REQUIRE(many_times.size() == 7);
    const std::string many_rows = safeguarding_rows(pack_text("Many Court"));
    const std::string median_line = line_with(many_rows, "Median time to acknowledge");
    const std::string longest_line = line_with(many_rows, "Longest time to acknowledge");
    CHECK_MESSAGE(shows_time(median_line, hours_minutes(many_times[3])), median_line);
    CHECK_MESSAGE(shows_time(longest_line, hours_minutes(many_times.back())), longest_line);
    CHECK(many_times[3] != many_times.back());

    // The council's pack: all 10 items, their median and longest.
    auto all = few_times;
    all.insert(all.end(), many_times.begin(), many_times.end());
    std::sort(all.begin(), all.end());
    const std::string council_rows = safeguarding_rows(pack_text(""));
    CHECK(shows_time(line_with(council_rows, "Median time to acknowledge"), hours_minutes(all[(all.size() - 1) / 2])));
    CHECK(shows_time(line_with(council_rows, "Longest time to acknowledge"), hours_minutes(all.back())));
}

TEST_CASE("a site's board pack suppresses its small figures and prints the same in Polish") {
    PackWorld w;
    const CatalogueIndex cat(w.fx.dash->catalogue().value(), load_latest_question_sets(dashtest::assets_dir() + "/question-sets").value());
    auto pack = w.pack("Tiny Lodge", cat);
    REQUIRE(pack);
    CHECK(pack->headline.suppressed);
    for (const auto& t : pack->themes) {
        CHECK(t.answered.suppressed);
        CHECK(t.comments.empty());
        CHECK(t.mean == 0);
    }
    const std::string path = w.fx.dir.path() + "/tiny.pdf";
    REQUIRE(write_file_atomic(path, render_board_pack_pdf(*pack, english_text()).value()));
    const std::string text = pdf_text(path);
    CHECK(line_with(text, "Responses in 2026-Q3").find("fewer than 5") != std::string::npos);
    CHECK(text.find("nobody from the leaving care team") == std::string::npos);

    // Polish: the same figures, Polish words.
    const Languages langs = Languages::load(dashtest::assets_dir() + "/i18n/dashboard");
    auto all = w.pack("", cat);
    REQUIRE(all);
    const std::string pl = w.fx.dir.path() + "/pl.pdf";
    REQUIRE(write_file_atomic(pl, render_board_pack_pdf(*all, langs.get("pl")).value()));
    const std::string pl_text = pdf_text(pl);
    CHECK(pl_text.find("Materiały dla zarządu") != std::string::npos);
    CHECK(line_with(pl_text, "Odpowiedzi w 2026-Q3").find(std::to_string(rounded_count(quarter_responses(*w.reporting, "")))) !=
          std::string::npos);
    CHECK(line_with(pl_text, "Tiny Lodge").find("mniej niż 5") != std::string::npos);
}

TEST_CASE("actions are created, linked, moved through their statuses with dates, and done ones reach the kiosks") {
    dashtest::Fixture fx;
    auto r = fx.open_reporting();
    Action a;
    a.title = "Personal advisers answer messages within two working days";
    a.young_text = "Your PA now replies within two days";
    a.owner = "Leaving care team";
    a.due = "2026-10-31";
    a.links = {{"theme", "personal-advisers"}, {"finding", "kirklees-2019-ilacs-improve-05"}};
    auto id = r->add_action(a, "alice", 1000);
    REQUIRE(id);
    a.id = *id;
    a.status = "in_progress";
    a.evidence = "new rota from September";
    REQUIRE(r->update_action(a, "alice", 2000));
    auto all = r->actions().value();
    REQUIRE(all.size() == 1);
    CHECK(all[0].status == "in_progress");
    CHECK(all[0].status_at == 2000);
    CHECK(all[0].evidence == "new rota from September");
    REQUIRE(all[0].links.size() == 2);
    CHECK(all[0].links[0].kind == "theme");
    REQUIRE(all[0].history.size() == 2);
    CHECK(all[0].history[0].status == "planned");
    CHECK(all[0].history[0].at == 1000);
    CHECK(all[0].history[1].status == "in_progress");
    CHECK(overdue(all[0], "2026-11-01"));
    CHECK_FALSE(overdue(all[0], "2026-10-31"));
    // Not done yet: the kiosks see only the replies.
    const std::vector<Reply> replies = {{7, "stability", "We kept your social worker", "bob", 1500}};
    CHECK(kiosk_replies(replies, all).size() == 1);
    // Saving again without a status change adds no history; done adds one, and reaches kiosks.
    REQUIRE(r->update_action(a, "alice", 2500));
    CHECK(r->actions().value()[0].history.size() == 2);
    a.status = "done";
    REQUIRE(r->update_action(a, "bob", 3000));
    all = r->actions().value();
    CHECK(all[0].history.size() == 3);
    CHECK(all[0].history[2].user == "bob");
    CHECK_FALSE(overdue(all[0], "2027-01-01"));
    auto feed = kiosk_replies(replies, all);
    REQUIRE(feed.size() == 2);
    CHECK(feed[0].text == "Your PA now replies within two days");  // newest first
    CHECK(feed[0].theme == "personal-advisers");
    CHECK(feed[0].at == 3000);
    // Bad input: no theme, a bad date, an unknown status, an unknown id.
    Action bad = a;
    bad.links = {{"finding", "x"}};
    CHECK(r->update_action(bad, "alice", 4000).error().code == Errc::invalid_input);
    bad = a;
    bad.due = "31/10/2026";
    CHECK_FALSE(r->add_action(bad, "alice", 4000));
    bad = a;
    bad.status = "finished";
    CHECK_FALSE(r->add_action(bad, "alice", 4000));
    bad = a;
    bad.id = 999;
    CHECK(r->update_action(bad, "alice", 4000).error().code == Errc::not_found);
    CHECK(r->actions().value().size() == 1);
}

TEST_CASE("the matrix and theme pages compare a period with the one before and state the method") {
    PackWorld w;
    const CatalogueIndex cat(w.fx.dash->catalogue().value(),
                             load_latest_question_sets(dashtest::assets_dir() + "/question-sets").value());
    DashboardConfig config;
    ViewContext ctx{*w.fx.dash, *w.fx.agg, cat, config, PageUser{"alice", "manager", "x"}, now_unix(),
                    nullptr, nullptr, {}, w.reporting.get()};
    const Filter q3{"", "", "", "2026-07", "2026-09"};
    auto before = previous_period(q3);
    REQUIRE(before);
    CHECK(before->from_month == "2026-04");
    CHECK(before->to_month == "2026-06");
    auto changes = theme_changes(ctx, q3, theme_stats(ctx, q3).value());
    REQUIRE(changes.count("personal-advisers"));
    const Change& c = changes.at("personal-advisers");
    CHECK(c.shown);
    CHECK(c.difference == doctest::Approx(0.5));  // no "no" answers in May, half of all answers since
    CHECK(change_html(english_text(), changes, "personal-advisers", false).find("+50 points") != std::string::npos);
    CHECK(change_html(english_text(), changes, "personal-advisers", true) == "\u2013");
    // One site with 3 answers: no change is computed from it.
    Filter tiny = q3;
    tiny.site = "Tiny Lodge";
    CHECK(theme_changes(ctx, tiny, theme_stats(ctx, tiny).value()).empty());
    // The pages show the change and say how it was tested.
    const std::string page = matrix_page(ctx, {{"period", "all"}});
    CHECK(page.find("Wilson") != std::string::npos);
    CHECK(page.find("Newcombe") != std::string::npos);
    const ThemeEntry* pa = cat.find("personal-advisers");
    REQUIRE(pa);
    const std::string theme = theme_page(ctx, *pa, {{"period", "all"}});
    CHECK(theme.find("Change in negative") != std::string::npos);
    CHECK(theme.find("Weekly PA drop-in") != std::string::npos);  // the theme's actions
    CHECK(theme.find("overdue") != std::string::npos);

    // With the quarter's cohorts entered, the matrix, the theme page and the evidence pack show the
    // rate beside the count: the quarter's young people who answered (rounded) over the cohort.
    ViewContext sept = ctx;
    sept.now = parse_iso_utc("2026-09-20T12:00:00Z");
    std::int64_t responses = 0, answers = 0;
    const auto q3_rows = w.fx.dash->theme_months(q3).value();
    for (const auto& r : q3_rows)
        if (r.theme == "personal-advisers") {
            responses += r.responses;
            answers += r.answers;
        }
    const auto cohort = cohort_size(w.reporting->cohorts().value(), "2026-Q3", "", "");
    REQUIRE(cohort);
    const std::string rate = percent(double(rounded_count(responses)) / double(*cohort)) + " of the cohort";
    const std::string shown = std::to_string(rounded_count(answers));  // the answers, and who gave them
    const std::string matrix_q3 = matrix_page(sept, {{"period", "3m"}});
    const auto row = matrix_q3.find("/themes/personal-advisers");
    REQUIRE(row != std::string::npos);
    CHECK(matrix_q3.substr(row, matrix_q3.find("</tr>", row) - row).find(shown + " <small class=\"rate\">" + rate) !=
          std::string::npos);
    CHECK(theme_page(sept, *pa, {{"period", "3m"}}).find(shown + " <small class=\"rate\">" + rate) != std::string::npos);
    const std::string evidence = evidence_page(sept, {{"period", "3m"}});
    CHECK(evidence.find("<small class=\"rate\">" + rate) != std::string::npos);
    // A site with 3 answers: "fewer than 5", and no rate beside it.
    const std::string tiny_page = theme_page(sept, *pa, {{"period", "3m"}, {"site", "Tiny Lodge"}});
    CHECK(tiny_page.find("fewer than 5") != std::string::npos);
    CHECK(tiny_page.find("of the cohort") == std::string::npos);
}
