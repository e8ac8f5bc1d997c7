#pragma once
// Response rates and reach: quarters, cohort look-up, rates with small-group suppression, and
// the quarter-against-quarter test on the share of negative answers. Pure functions, unit-tested.
#include <cstdint>
#include <lp/dashboard/reporting_store.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard {

/// A calendar quarter: 2026-Q3 is July to September 2026.
struct Quarter {
    int year = 0;
    int q = 1;  // 1..4
    std::string id() const;           // "2026-Q3"
    std::string first_month() const;  // "2026-07"
    std::string last_month() const;   // "2026-09"
    Quarter previous() const;
};
/// "2026-Q3" → the quarter; nullopt for anything else.
std::optional<Quarter> parse_quarter(const std::string& text);
/// The quarter a "YYYY-MM" month falls in (nullopt for a bad month).
std::optional<Quarter> quarter_of_month(const std::string& month);

/// The cohort size of a group in a quarter: the row entered for it, else (site "") the sum of
/// the sites' sizes, else (band "") the sum of the bands' sizes; nullopt when none was entered.
std::optional<std::int64_t> cohort_size(const std::vector<Cohort>& cohorts, const std::string& quarter,
                                        const std::string& site, const std::string& band);

/// A count with its response rate, suppressed like every other figure.
struct Rate {
    std::int64_t responses = 0;  // as published: rounded to rounding_base; 0 when suppressed
    std::optional<std::int64_t> cohort;
    bool suppressed = true;      // responses < min_group: neither the count nor the rate is shown
    std::optional<double> rate;  // the published responses / cohort; nullopt without a cohort or when suppressed
    bool flagged = false;        // below the warning rate: "not hearing enough from"
};
/// The rate of responses out of cohort, from the rounded count (the rate and the flag then tell
/// no more than the count shown beside them). A suppressed group is flagged only when even
/// min_group answers would be below the warning rate, so a flag never tells more than "fewer than N".
Rate rate_of(std::int64_t responses, std::optional<std::int64_t> cohort, int min_group, double warning_rate);

/// The age bands cohorts are entered for ("" is every age).
const std::vector<std::string>& cohort_bands();

/// One site's (or the council's, site "") rates by band ("" first: every age).
struct ReachRow {
    std::string site;  // "" = whole council
    std::vector<Rate> by_band;  // in cohort_bands() order
};
struct Reach {
    Quarter quarter;
    std::vector<ReachRow> rows;  // the council first, then sites by name
    std::int64_t flagged = 0;    // groups flagged
};
/// Reach of a quarter from the stored counts (any months; only the quarter's are used) and
/// cohorts. site "" lists every site with responses, a cohort or in known_sites; else only that site.
Reach build_reach(const std::vector<ResponseCount>& counts, const std::vector<Cohort>& cohorts, const Quarter& q,
                  const std::string& site, int min_group, double warning_rate,
                  const std::vector<std::string>& known_sites = {});

/// A 95% interval.
struct Interval {
    double low = 0;
    double high = 0;
};
/// Wilson score interval for k successes out of n (n > 0), at z = 1.96.
Interval wilson(std::int64_t k, std::int64_t n);
/// The change in the share of negative answers from before (k0 of n0) to now (k1 of n1), with
/// Newcombe's interval for a difference of two Wilson intervals. shown only when the interval
/// leaves out 0, i.e. the change is larger than its uncertainty, and both periods have n ≥ min_group.
struct Change {
    bool shown = false;
    double difference = 0;  // now - before, as a share
    Interval interval;
};
Change negative_change(std::int64_t k0, std::int64_t n0, std::int64_t k1, std::int64_t n1, int min_group);

/// The median of values (the lower middle for an even count); 0 for none.
std::int64_t median(std::vector<std::int64_t> values);

}  // namespace lp::dashboard
