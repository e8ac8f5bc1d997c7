// "Since the last inspection": ordering, grades across frameworks' areas, and whether a later
// report still names an improvement point (words alike, or fewer words alike on a shared theme).
#include <doctest/doctest.h>

#include <lp/dashboard/report_history.hpp>

using namespace lp;
using namespace lp::dashboard;

namespace {

HistoryReport report(const std::string& id, const std::string& authority, const std::string& date,
                     std::vector<Judgement> judgements, std::vector<HistoryPoint> points) {
    HistoryReport h;
    h.report = Report{id, authority, "ilacs", date, "Report " + date, "sha", std::move(judgements)};
    h.points = std::move(points);
    h.imported_at = 100;
    return h;
}

}  // namespace

TEST_CASE("improvement points in much the same words are alike, different subjects are not") {
    CHECK(point_similarity("The timeliness of pathway plans for care leavers",
                           "Pathway plans for care leavers are not timely enough") > 0.34);
    CHECK(point_similarity("The timeliness of pathway plans for care leavers",
                           "Management oversight of strategy meetings") < 0.1);
    // Words every point holds ("children", "ensure", "improve") do not make two points alike.
    CHECK(point_similarity("Ensure children are seen", "Improve the services children receive") < 0.34);
    CHECK(point_similarity("", "anything") == 0.0);
    // Nor does the group a point is about ("care leavers").
    CHECK(point_similarity("Care leavers' understanding of their health histories",
                           "to provide more choice and availability of homes for children and care leavers") < 0.18);
}

TEST_CASE("the history lists reports oldest first with each area's grade and the later reports naming each point") {
    std::vector<HistoryReport> stored;
    stored.push_back(report("x-2023", "Exville", "2023-06",
                            {{"The experiences and progress of care leavers", "Requires improvement to be good",
                              "care-leavers"},
                             {"Overall effectiveness", "Good", "overall"}},
                            {{"care leavers", "Pathway plans for care leavers are not timely enough", {"pathway-plans"}},
                             {"care leavers", "Help with health histories for those moving on", {"health"}}}));
    stored.push_back(report("x-2016", "Exville", "2016",
                            {{"Overall effectiveness", "Inadequate", "overall"},
                             {"Children looked after and achieving permanence", "Inadequate", "children-in-care"}},
                            {{"care leavers", "The timeliness of pathway plans for care leavers", {"pathway-plans"}},
                             {"leadership", "Management oversight of strategy meetings", {"oversight"}},
                             {"care leavers", "Care leavers' understanding of their health records", {"health"}}}));
    stored.push_back(report("y-2020", "Wyford", "2020", {{"Overall effectiveness", "Good", "overall"}},
                            {{"care leavers", "The timeliness of pathway plans for care leavers", {"pathway-plans"}}}));

    auto undated = stored;
    undated.push_back(report("x-minutes", "Exville", "", {}, {}));
    CHECK(build_history(undated).columns.back().report.id == "x-minutes");  // undated: after the dated ones

    const HistoryTable h = build_history(stored);
    REQUIRE(h.columns.size() == 3);
    CHECK(h.columns[0].report.id == "x-2016");
    CHECK(h.columns[1].report.id == "y-2020");
    CHECK(h.columns[2].report.id == "x-2023");

    // Areas in canonical order, one grade per report ("" where a report did not judge it).
    REQUIRE(h.areas.size() == 3);
    CHECK(h.areas[0].canonical == "overall");
    CHECK(h.areas[0].grades == std::vector<std::string>{"Inadequate", "Good", "Good"});
    CHECK(h.areas[1].canonical == "children-in-care");
    CHECK(h.areas[1].wording == "Children looked after and achieving permanence");
    CHECK(h.areas[1].grades == std::vector<std::string>{"Inadequate", "", ""});
    CHECK(h.areas[2].canonical == "care-leavers");

    const auto& old = h.columns[0];
    CHECK(old.has_later);
    REQUIRE(old.points.size() == 3);
    // Much the same words: named again, in the later report of the same council only.
    REQUIRE(old.points[0].later.size() == 1);
    CHECK(old.points[0].later[0].column == 2);
    CHECK(old.points[0].later[0].text == "Pathway plans for care leavers are not timely enough");
    CHECK(old.points[0].later[0].shared_themes == std::vector<std::string>{"pathway-plans"});
    // Nothing alike later: not named again.
    CHECK(old.points[1].later.empty());
    // Fewer words alike ("health") but the same theme: named again.
    REQUIRE(old.points[2].later.size() == 1);
    CHECK(old.points[2].later[0].text == "Help with health histories for those moving on");
    // The same fewer words without a shared theme would not be enough.
    MatchRule strict;
    strict.words_with_theme = 1.0;
    CHECK(build_history(stored, strict).columns[0].points[2].later.empty());
    // The newest report has nothing after it; Wyford has no later report of its own.
    CHECK_FALSE(h.columns[2].has_later);
    CHECK_FALSE(h.columns[1].has_later);
}

TEST_CASE("history points come from the catalogue's improvement findings with their linked themes") {
    Catalogue c;
    c.findings = {{"r-improve-1", "r", "improvement", "care leavers", "Pathway plans", {}},
                  {"r-strength-1", "r", "strength", "leadership", "Leaders", {}},
                  {"q-improve-1", "q", "improvement", "unknown", "Visits", {}}};
    c.links = {{"r-improve-1", "pathway-plans", 0.4, {}}, {"r-improve-1", "health", 0.2, {}},
               {"r-strength-1", "oversight", 0.3, {}}};
    auto points = history_points(c);
    REQUIRE(points.size() == 2);
    REQUIRE(points["r"].size() == 1);
    CHECK(points["r"][0].themes == std::vector<std::string>{"pathway-plans", "health"});
    CHECK(points["q"][0].themes.empty());
}

TEST_CASE("an earlier inspection quoted by minutes is a column of its own, unless its report was imported") {
    Catalogue c;
    Report minutes{"x-minutes", "Exville", "minutes", "2024-07", "Corporate parenting minutes", "sha", {}};
    minutes.judgements = {{"Overall effectiveness", "Good", "overall"}};
    minutes.history = {{"2021-11", {{"Overall effectiveness", "Requires improvement to be good", "overall"}}},
                       {"2018", {}}};  // nothing graded: nothing to show
    c.reports = {minutes};
    const auto quoted = earlier_inspections(c);
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0].id == "x-minutes/earlier/2021-11");
    CHECK(quoted[0].kind == kEarlierKind);

    std::vector<HistoryReport> stored;
    stored.push_back(report("x-minutes", "Exville", "2024-07", minutes.judgements, {}));
    HistoryReport q;
    q.report = quoted[0];
    stored.push_back(q);
    auto h = build_history(stored);
    REQUIRE(h.columns.size() == 2);
    CHECK(h.columns[0].report.kind == kEarlierKind);  // 2021 before 2024
    REQUIRE(h.areas.size() == 1);
    CHECK(h.areas[0].grades == std::vector<std::string>{"Requires improvement to be good", "Good"});

    // The 2021 report itself imported (another day of the same month): its own grades, one column.
    stored.push_back(report("x-2021", "Exville", "2021-11-19", {{"Overall effectiveness", "Inadequate", "overall"}}, {}));
    h = build_history(stored);
    REQUIRE(h.columns.size() == 2);
    CHECK(h.columns[0].report.id == "x-2021");
    CHECK(h.areas[0].grades == std::vector<std::string>{"Inadequate", "Good"});
    // Another council's 2021 report does not hide Exville's quotation.
    stored.back().report.authority = "Wyford";
    CHECK(build_history(stored).columns.size() == 3);
}
