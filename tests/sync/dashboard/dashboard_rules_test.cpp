// Pure rules of the dashboard: suppression, status words, escaping, CSV, SVG, config.
#include <doctest/doctest.h>

#include <lp/dashboard/config.hpp>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/relink.hpp>
#include <lp/dashboard/svg.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

#include "dashboard_test_support.hpp"

using namespace lp::dashboard;

TEST_CASE("groups under the threshold are suppressed, and the threshold never goes below 3") {
    CHECK(suppressed(4, 5));
    CHECK_FALSE(suppressed(5, 5));
    CHECK(count_text(4, 5) == "fewer than 5");
    CHECK(count_text(12, 5) == "10");  // shown counts are rounded to the nearest 5
    CHECK(count_text(13, 5) == "15");
    CHECK(count_text(5, 5) == "5");
    CHECK(rounded_count(0) == 0);
    CHECK(rounded_count(2) == 0);
    CHECK(rounded_count(3) == 5);
    CHECK(rounded_share(0.624) == doctest::Approx(0.6));
    CHECK(rounded_share(0.626) == doctest::Approx(0.65));
    CHECK(suppressed(2, 1));  // a misconfigured 1 still means 3
    CHECK_FALSE(suppressed(3, 1));
    CHECK(fewer_than(2) == "fewer than 3");
}

TEST_CASE("dashboard.conf may raise the threshold but not set it below 3") {
    lp::dashtest::TempDir dir;
    const std::string path = dir.path() + "/dashboard.conf";
    auto defaults = load_dashboard_config(path);
    REQUIRE(defaults);
    CHECK(defaults->min_group == 5);
    CHECK(defaults->overdue_s == 24 * 3600);
    REQUIRE(lp::write_file_atomic(path, "min_group = 10\noverdue_s = 7200\n"));
    auto raised = load_dashboard_config(path);
    REQUIRE(raised);
    CHECK(raised->min_group == 10);
    CHECK(raised->overdue_s == 7200);
    REQUIRE(lp::write_file_atomic(path, "min_group = 2\n"));
    auto low = load_dashboard_config(path);
    REQUIRE_FALSE(low);
    CHECK(low.error().message.find("min_group") != std::string::npos);
}

TEST_CASE("the nightly relink waits until the next relink_hour UTC, and relink_hour may turn it off") {
    CHECK(seconds_until_hour(0, 3) == 3 * 3600);
    CHECK(seconds_until_hour(3 * 3600, 3) == 86400);  // just ran: tomorrow
    CHECK(seconds_until_hour(4 * 3600 + 5, 3) == 23 * 3600 - 5);
    CHECK(seconds_until_hour(86400 * 1000 + 1, 0) == 86400 - 1);
    lp::dashtest::TempDir dir;
    const std::string path = dir.path() + "/dashboard.conf";
    CHECK(load_dashboard_config(path)->relink_hour == 3);
    REQUIRE(lp::write_file_atomic(path, "relink_hour = -1\n"));
    CHECK(load_dashboard_config(path)->relink_hour == -1);
    REQUIRE(lp::write_file_atomic(path, "relink_hour = 24\n"));
    CHECK_FALSE(load_dashboard_config(path));
}

TEST_CASE("status words compare young people's answers with the inspectors' stance") {
    const auto negative = stance_of({"improvement", "improvement", "strength"});
    const auto positive = stance_of({"strength"});
    CHECK(negative == Stance::negative);
    CHECK(positive == Stance::positive);
    CHECK(stance_of({"finding"}) == Stance::neutral);
    CHECK(status_word(negative, 0.2, 40, 5) == "Young people agree");
    CHECK(status_word(negative, 0.9, 40, 5) == "Young people disagree");
    CHECK(status_word(positive, 0.9, 40, 5) == "Young people agree");
    CHECK(status_word(positive, 0.1, 40, 5) == "Young people disagree");
    CHECK(status_word(positive, 0.5, 40, 5) == "Mixed");
    CHECK(status_word(Stance::neutral, 0.9, 40, 5) == "Mixed");
    CHECK(status_word(positive, 0.9, 4, 5) == "Not enough answers yet");
}

TEST_CASE("escaping neutralises script, quotes and ampersands and keeps emoji") {
    CHECK(html::escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(html::escape("say \"hi\" & go") == "say &quot;hi&quot; &amp; go");
    CHECK(html::escape("😕 café") == "😕 café");
    CHECK(html::url_encode("a b&c/😕") == "a%20b%26c%2F%F0%9F%98%95");
    CHECK(html::query({{"site", "A&B"}, {"band", ""}, {"q", "x y"}}) == "?site=A%26B&amp;q=x%20y");
}

TEST_CASE("CSV fields are quoted and formulas neutralised") {
    CHECK(html::csv_field("plain") == "plain");
    CHECK(html::csv_field("a,b") == "\"a,b\"");
    CHECK(html::csv_field("say \"x\"") == "\"say \"\"x\"\"\"");
    CHECK(html::csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(html::csv_field("line\nbreak") == "\"line\nbreak\"");
    // Finding 10: a leading tab or carriage return also starts a formula in some spreadsheets.
    CHECK(html::csv_field("\t=1+1") == "'\t=1+1");
    CHECK(html::csv_field("\r=1+1") == "\"'\r=1+1\"");
    CHECK(html::csv_field("-5") == "'-5");
    CHECK(html::csv_field("@SUM(A1)") == "'@SUM(A1)");
}

TEST_CASE("sparklines are SVG with a title that says every point, gaps for suppressed months") {
    std::vector<svg::Point> points = {{"2026-01", 0.5}, {"2026-02", std::nullopt}, {"2026-03", 1.0}};
    const std::string s = svg::sparkline(points, "Trend for <b>");
    CHECK(s.rfind("<svg", 0) == 0);
    CHECK(s.find("role=\"img\"") != std::string::npos);
    CHECK(s.find("<title>Trend for &lt;b&gt;. 2026-01: 50%, 2026-02: not enough answers, 2026-03: 100%</title>") !=
          std::string::npos);
    CHECK(s.find("<b>") == std::string::npos);
    CHECK(s.find("style=") == std::string::npos);  // strict CSP: no inline style
    // The gap splits the line: two single-point segments, two dots.
    std::size_t circles = 0;
    for (auto p = s.find("<circle"); p != std::string::npos; p = s.find("<circle", p + 1)) ++circles;
    CHECK(circles == 2);
    CHECK(svg::sparkline({}, "none").find("no answers yet") != std::string::npos);
}

TEST_CASE("bar charts label every bar with text, count and share") {
    const std::string s = svg::bar_chart({{"Yes", 6, svg::Tone::positive}, {"No <&>", 2, svg::Tone::negative}}, "Q1");
    CHECK(s.find(">Yes</text>") != std::string::npos);
    CHECK(s.find(">No &lt;&amp;&gt;</text>") != std::string::npos);
    CHECK(s.find("6 (75%)") != std::string::npos);
    CHECK(s.find("2 (25%)") != std::string::npos);
    CHECK(s.find(svg::tone_colour(svg::Tone::positive)) != std::string::npos);
    CHECK(s.find("style=") == std::string::npos);
}

TEST_CASE("period filters become month ranges") {
    const std::int64_t now = lp::parse_iso_utc("2026-03-15");
    auto f = filter_from({{"period", "3m"}, {"band", "13-17"}, {"site", "Hub"}}, now);
    CHECK(f.from_month == "2026-01");
    CHECK(f.to_month == "2026-03");
    CHECK(f.age_band == "13-17");
    CHECK(f.site == "Hub");
    CHECK(filter_from({}, now).from_month == "2025-04");
    CHECK(filter_from({{"period", "all"}}, now).from_month.empty());
    CHECK(filter_from({{"band", "<script>"}}, now).age_band.empty());
    CHECK(month_range("2025-11", "2026-02") == std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"});
}

// The indexer asks the safeguarding model only through lp::SafeguardingScorer; a stub stands in
// for fastText here, so this stays a pure test.
namespace {
class StubScorer final : public lp::SafeguardingScorer {
public:
    double probability(const std::string& words) const override {
        if (words.find("zorp") != std::string::npos) return 0.99;
        return words.find("blorp") != std::string::npos ? 0.9 : 0.01;  // in doubt: under the bar
    }
    double read_first_from() const override { return 0.8; }
    double threshold() const override { return 0.95; }
    std::vector<std::string> explain(const std::string&, std::size_t) const override { return {"me", "zorp"}; }
    std::string category(const std::string&) const override { return "neglect"; }
    // The cue check doubts any comment about netball.
    double cue_probability(const std::string& words) const override {
        return words.find("netbal") != std::string::npos ? 0.01 : 0.9;
    }
    double set_aside_below() const override { return 0.3; }
};
}  // namespace

TEST_CASE("the indexer flags what only the safeguarding model sees, naming its words and saying it was the model") {
    lp::aggregator::QuestionSetCatalog sets;
    auto linker = lp::Linker::from_taxonomy_file(lp::dashtest::assets_dir() + "/themes/taxonomy.json");
    REQUIRE(linker.ok());
    StubScorer model;
    RawResponse raw;
    raw.comment = "they zorp me every night";
    auto rules_only = index_response(raw, sets, *linker);
    CHECK(rules_only.safeguarding_matched.empty());
    auto with_model = index_response(raw, sets, *linker, &model);
    CHECK(with_model.safeguarding_matched == std::vector<std::string>{"zorp", "(second opinion)"});
    CHECK(with_model.safeguarding_categories == std::vector<std::string>{"neglect"});
    raw.comment = "i really like the pizza here";
    CHECK(index_response(raw, sets, *linker, &model).safeguarding_matched.empty());
    raw.comment = "i want to kill myself";  // the rules' own words, no model marker
    auto rules_hit = index_response(raw, sets, *linker, &model);
    CHECK(rules_hit.safeguarding_matched == std::vector<std::string>{"kill myself"});
    CHECK_FALSE(rules_hit.read_first);
}

TEST_CASE("a comment the scan is in doubt about (cues set aside, or a score just under the bar) raises no alert but is read first") {
    lp::aggregator::QuestionSetCatalog sets;
    auto linker = lp::Linker::from_taxonomy_file(lp::dashtest::assets_dir() + "/themes/taxonomy.json");
    REQUIRE(linker.ok());
    StubScorer model;
    RawResponse raw;
    raw.comment = "got a bruise at netball, we won";
    REQUIRE_FALSE(index_response(raw, sets, *linker).safeguarding_matched.empty());  // the rules alone flag it
    auto indexed = index_response(raw, sets, *linker, &model);
    CHECK(indexed.safeguarding_matched.empty());  // no alert, no flagged count
    CHECK(indexed.safeguarding_categories.empty());
    CHECK(indexed.read_first);                    // but the top of "To read"

    raw.comment = "they blorp me";  // the second opinion is in doubt: the same
    auto doubtful = index_response(raw, sets, *linker, &model);
    CHECK(doubtful.safeguarding_matched.empty());
    CHECK(doubtful.read_first);
    raw.comment = "i really like the pizza here";
    CHECK_FALSE(index_response(raw, sets, *linker, &model).read_first);
}
