// Reach and board pack rules without a database: quarters, cohort look-up, rates with
// suppression and flags, Wilson and Newcombe intervals, the cohort CSV.
#include <doctest/doctest.h>

#include <lp/dashboard/cohort_csv.hpp>
#include <lp/dashboard/reach.hpp>

using namespace lp;
using namespace lp::dashboard;

TEST_CASE("quarters parse, name their months and step back across a year") {
    auto q = parse_quarter("2026-Q3");
    REQUIRE(q);
    CHECK(q->first_month() == "2026-07");
    CHECK(q->last_month() == "2026-09");
    CHECK(q->previous().id() == "2026-Q2");
    CHECK(parse_quarter("2026-Q1")->previous().id() == "2025-Q4");
    CHECK(quarter_of_month("2026-12")->id() == "2026-Q4");
    CHECK(quarter_of_month("2026-04")->id() == "2026-Q2");
    for (const char* bad : {"2026-Q5", "2026-Q0", "2026Q3", "26-Q3", "2026-q3", "", "2026-Q3 "})
        CHECK_FALSE(parse_quarter(bad));
    CHECK_FALSE(quarter_of_month("2026-13"));
}

TEST_CASE("a group's cohort is its own row, else the sum of its sites or bands") {
    const std::vector<Cohort> c = {{"2026-Q3", "North", "", 100},   {"2026-Q3", "South", "8-12", 30},
                                   {"2026-Q3", "South", "13-17", 50}, {"2026-Q3", "", "16-25", 400},
                                   {"2026-Q2", "North", "", 90}};
    CHECK(cohort_size(c, "2026-Q3", "North", "") == 100);
    CHECK(cohort_size(c, "2026-Q3", "South", "") == 80);      // its bands
    CHECK(cohort_size(c, "2026-Q3", "", "") == 180);          // the sites' totals
    CHECK(cohort_size(c, "2026-Q3", "", "16-25") == 400);     // entered for the council
    CHECK(cohort_size(c, "2026-Q3", "", "8-12") == 30);       // only South entered it
    CHECK_FALSE(cohort_size(c, "2026-Q3", "North", "8-12"));  // nothing to go on
    CHECK_FALSE(cohort_size(c, "2026-Q4", "", ""));
    CHECK(cohort_size(c, "2026-Q2", "", "") == 90);
}

TEST_CASE("rates are suppressed with their counts and flags say no more than 'fewer than N'") {
    auto r = rate_of(30, 100, 5, 0.2);
    CHECK_FALSE(r.suppressed);
    REQUIRE(r.rate);
    CHECK(*r.rate == doctest::Approx(0.3));
    CHECK_FALSE(r.flagged);
    r = rate_of(15, 100, 5, 0.2);
    CHECK(r.flagged);
    // The count is published rounded, and the rate and flag follow from it: 18 reads as 20 of
    // 100, so neither the rate (20%) nor the flag (not under 20%) tells 18 from 22.
    r = rate_of(18, 100, 5, 0.2);
    CHECK(r.responses == 20);
    CHECK(*r.rate == doctest::Approx(0.2));
    CHECK_FALSE(r.flagged);
    CHECK(rate_of(22, 100, 5, 0.2).rate == r.rate);
    CHECK(rate_of(3, 100, 5, 0.2).responses == 0);  // nothing of a suppressed count is kept
    r = rate_of(3, 10, 5, 0.2);  // suppressed: 5 of 10 would be 50%, so no flag can tell 3 from 1
    CHECK(r.suppressed);
    CHECK_FALSE(r.rate);
    CHECK_FALSE(r.flagged);
    r = rate_of(3, 200, 5, 0.2);  // even 5 of 200 is under 20%: flagged, revealing nothing
    CHECK(r.suppressed);
    CHECK(r.flagged);
    r = rate_of(40, std::nullopt, 5, 0.2);
    CHECK_FALSE(r.rate);
    CHECK_FALSE(r.flagged);
    CHECK(rate_of(2, 100, 1, 0.2).suppressed);  // min_group never below 3
}

TEST_CASE("reach lists the council then each site by band, flagging groups under the rate") {
    const std::vector<ResponseCount> counts = {{"2026-07", "North", "8-12", 10}, {"2026-08", "North", "8-12", 5},
                                               {"2026-08", "North", "13-17", 40}, {"2026-09", "South", "16-25", 3},
                                               {"2026-06", "North", "8-12", 999}};  // last quarter: left out
    const std::vector<Cohort> cohorts = {{"2026-Q3", "North", "8-12", 100}, {"2026-Q3", "North", "13-17", 80},
                                         {"2026-Q3", "South", "16-25", 50}};
    const Reach reach = build_reach(counts, cohorts, *parse_quarter("2026-Q3"), "", 5, 0.2);
    REQUIRE(reach.rows.size() == 3);
    CHECK(reach.rows[0].site.empty());
    CHECK(reach.rows[1].site == "North");
    CHECK(reach.rows[2].site == "South");
    const Rate& north_young = reach.rows[1].by_band[1];  // 8-12
    CHECK(north_young.responses == 15);
    CHECK(*north_young.rate == doctest::Approx(0.15));
    CHECK(north_young.flagged);
    CHECK(*reach.rows[1].by_band[2].rate == doctest::Approx(0.5));  // 13-17
    CHECK(reach.rows[1].by_band[0].responses == 55);
    CHECK(*reach.rows[1].by_band[0].rate == doctest::Approx(55.0 / 180));
    CHECK(reach.rows[0].by_band[0].responses == 60);  // 58 answers: published rounded, like every count
    CHECK(reach.rows[2].by_band[3].suppressed);  // South 16-25: 3 answers
    CHECK(reach.rows[2].by_band[3].flagged);  // even 5 of 50 would be 10%: the flag tells nothing more
    // One site only.
    const Reach south = build_reach(counts, cohorts, *parse_quarter("2026-Q3"), "South", 5, 0.2);
    REQUIRE(south.rows.size() == 1);
    CHECK(south.rows[0].site == "South");
    // A known site without an answer has its row too, reading like a site with a few.
    const Reach all = build_reach(counts, cohorts, *parse_quarter("2026-Q3"), "", 5, 0.2, {"East", "North"});
    REQUIRE(all.rows.size() == 4);
    CHECK(all.rows[1].site == "East");
    CHECK(all.rows[1].by_band[0].suppressed);
    CHECK(all.rows[1].by_band[0].responses == all.rows[3].by_band[3].responses);  // East and South 16-25: 0
}

TEST_CASE("Wilson intervals match published values and a change shows only beyond its uncertainty") {
    auto w = wilson(0, 10);
    CHECK(w.low == doctest::Approx(0.0));
    CHECK(w.high == doctest::Approx(0.2775).epsilon(0.001));
    w = wilson(50, 100);
    CHECK(w.low == doctest::Approx(0.4038).epsilon(0.001));
    CHECK(w.high == doctest::Approx(0.5962).epsilon(0.001));
    // Newcombe's worked example (1998, method 10): 56/70 vs 48/80 → difference 0.2, CI 0.0524 to 0.3339.
    auto c = negative_change(48, 80, 56, 70, 5);
    CHECK(c.difference == doctest::Approx(0.2));
    CHECK(c.interval.low == doctest::Approx(0.0524).epsilon(0.002));
    CHECK(c.interval.high == doctest::Approx(0.3339).epsilon(0.002));
    CHECK(c.shown);
    c = negative_change(10, 40, 12, 40, 5);  // 25% → 30%: within the noise
    CHECK_FALSE(c.shown);
    c = negative_change(0, 4, 4, 4, 5);  // a huge change from a suppressed group is never shown
    CHECK_FALSE(c.shown);
    CHECK(median({5, 1, 9}) == 5);
    CHECK(median({4, 1, 9, 7}) == 4);
    CHECK(median({}) == 0);
}

TEST_CASE("the cohort CSV imports every row or none, naming each bad line") {
    auto ok = parse_cohort_csv(
        "quarter,site,age_band,size\r\n2026-Q3,,,1200\r\n2026-Q3,\"Hub, North\",8-12,310\r\n\r\n2026-Q3,South,16-25,0\r\n");
    REQUIRE(ok);
    REQUIRE(ok->size() == 3);
    CHECK((*ok)[1].site == "Hub, North");
    CHECK((*ok)[1].size == 310);
    CHECK((*ok)[0].site.empty());
    auto bad = parse_cohort_csv(
        "quarter,site,age_band,size\n2026-Q3,North,8-12,10\n2026-Q9,North,,10\n2026-Q3,North,7-9,10\n"
        "2026-Q3,North,8-12,ten\n2026-Q3,North,8-12,12\n2026-Q3,North\n");
    REQUIRE_FALSE(bad);
    const std::string m = bad.error().message;
    CHECK(m.find("5 bad rows, nothing imported") != std::string::npos);
    CHECK(m.find("line 3: ") != std::string::npos);
    CHECK(m.find("quarter must look like 2026-Q3") != std::string::npos);
    CHECK(m.find("line 4: ") != std::string::npos);
    CHECK(m.find("line 5: size 'ten' is not a whole number") != std::string::npos);
    CHECK(m.find("line 6: the same quarter, site and age band as line 2") != std::string::npos);
    CHECK(m.find("line 7: expected 4 fields") != std::string::npos);
    CHECK(m.find("line 2:") == std::string::npos);  // line 2 itself is fine
    auto header = parse_cohort_csv("quarter,site,size\n2026-Q3,,1\n");
    REQUIRE_FALSE(header);
    CHECK(header.error().message.find("first line must be 'quarter,site,age_band,size'") != std::string::npos);
    CHECK_FALSE(parse_cohort_csv(""));
}
