#include <algorithm>
#include <cmath>
#include <cstdio>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/reach.hpp>
#include <map>
#include <set>

namespace lp::dashboard {

namespace {

constexpr double z95 = 1.959963984540054;

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string month_text(int year, int month) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

}  // namespace

std::string Quarter::id() const { return std::to_string(year) + "-Q" + std::to_string(q); }
std::string Quarter::first_month() const { return month_text(year, (q - 1) * 3 + 1); }
std::string Quarter::last_month() const { return month_text(year, q * 3); }
Quarter Quarter::previous() const { return q == 1 ? Quarter{year - 1, 4} : Quarter{year, q - 1}; }

std::optional<Quarter> parse_quarter(const std::string& text) {
    if (text.size() != 7 || text[4] != '-' || text[5] != 'Q' || !all_digits(text.substr(0, 4))) return std::nullopt;
    const int q = text[6] - '0';
    if (q < 1 || q > 4) return std::nullopt;
    return Quarter{std::stoi(text.substr(0, 4)), q};
}

std::optional<Quarter> quarter_of_month(const std::string& month) {
    if (month.size() != 7 || month[4] != '-' || !all_digits(month.substr(0, 4)) || !all_digits(month.substr(5)))
        return std::nullopt;
    const int m = std::stoi(month.substr(5));
    if (m < 1 || m > 12) return std::nullopt;
    return Quarter{std::stoi(month.substr(0, 4)), (m - 1) / 3 + 1};
}

const std::vector<std::string>& cohort_bands() {
    static const std::vector<std::string> bands = {"", "8-12", "13-17", "16-25"};
    return bands;
}

Status check_cohort(const Cohort& c) {
    const std::string which = "cohort " + c.quarter + " '" + c.site + "' '" + c.age_band + "'";
    if (!parse_quarter(c.quarter))
        return Error{Errc::invalid_input, which + ": quarter must look like 2026-Q3"};
    const auto& bands = cohort_bands();
    if (std::find(bands.begin(), bands.end(), c.age_band) == bands.end())
        return Error{Errc::invalid_input, which + ": age band must be empty (every age), 8-12, 13-17 or 16-25"};
    if (c.size < 0 || c.size > 10'000'000)
        return Error{Errc::invalid_input, which + ": size must be a whole number from 0 to 10000000"};
    if (c.site.size() > 100) return Error{Errc::invalid_input, which + ": site names are at most 100 characters"};
    return ok_status();
}

std::optional<std::int64_t> cohort_size(const std::vector<Cohort>& cohorts, const std::string& quarter,
                                        const std::string& site, const std::string& band) {
    for (const auto& c : cohorts)
        if (c.quarter == quarter && c.site == site && c.age_band == band) return c.size;
    auto sum_over = [&](auto&& keys, bool sites) -> std::optional<std::int64_t> {
        std::optional<std::int64_t> total;
        for (const auto& k : keys) {
            auto part = sites ? cohort_size(cohorts, quarter, k, band) : cohort_size(cohorts, quarter, site, k);
            if (part) total = total.value_or(0) + *part;
        }
        return total;
    };
    if (site.empty()) {
        std::set<std::string> sites;
        for (const auto& c : cohorts)
            if (c.quarter == quarter && !c.site.empty()) sites.insert(c.site);
        if (auto total = sum_over(sites, true)) return total;
    }
    if (band.empty()) {
        std::vector<std::string> bands(cohort_bands().begin() + 1, cohort_bands().end());
        if (auto total = sum_over(bands, false)) return total;
    }
    return std::nullopt;
}

Rate rate_of(std::int64_t responses, std::optional<std::int64_t> cohort, int min_group, double warning_rate) {
    Rate r;
    r.cohort = cohort;
    r.suppressed = suppressed(responses, min_group);
    // Only the published count leaves here: rounded like every count, and the rate and its flag
    // follow from it, so neither tells more than the count does (docs/privacy.md).
    r.responses = r.suppressed ? 0 : rounded_count(responses);
    if (!cohort || *cohort <= 0) return r;
    const double floor_rate = static_cast<double>(std::max(min_group, min_group_floor)) / static_cast<double>(*cohort);
    if (r.suppressed) {
        r.flagged = floor_rate < warning_rate;
        return r;
    }
    r.rate = static_cast<double>(r.responses) / static_cast<double>(*cohort);
    r.flagged = *r.rate < warning_rate;
    return r;
}

Reach build_reach(const std::vector<ResponseCount>& counts, const std::vector<Cohort>& cohorts, const Quarter& q,
                  const std::string& site, int min_group, double warning_rate,
                  const std::vector<std::string>& known_sites) {
    Reach out;
    out.quarter = q;
    const std::string first = q.first_month();
    const std::string last = q.last_month();
    std::map<std::pair<std::string, std::string>, std::int64_t> n;  // (site, band) → responses; "" = all
    std::set<std::string> sites;
    for (const auto& c : counts) {
        if (c.month < first || c.month > last || (!site.empty() && c.site != site)) continue;
        sites.insert(c.site);
        for (const std::string& s : {std::string(), c.site})
            for (const std::string& b : {std::string(), c.age_band}) n[{s, b}] += c.responses;
    }
    for (const auto& c : cohorts)
        if (c.quarter == q.id() && !c.site.empty() && (site.empty() || c.site == site)) sites.insert(c.site);
    // Every known site has a row, answered or not: an empty site and one with a few answers both
    // read "fewer than N", so the list of rows does not tell them apart.
    for (const auto& s : known_sites)
        if (!s.empty() && (site.empty() || s == site)) sites.insert(s);
    auto row = [&](const std::string& s) {
        ReachRow r{s, {}};
        for (const auto& b : cohort_bands()) {
            const auto it = n.find({s, b});
            r.by_band.push_back(rate_of(it == n.end() ? 0 : it->second, cohort_size(cohorts, q.id(), s, b), min_group,
                                        warning_rate));
            if (r.by_band.back().flagged) ++out.flagged;
        }
        return r;
    };
    if (site.empty()) out.rows.push_back(row(""));
    for (const auto& s : sites) out.rows.push_back(row(s));
    return out;
}

Interval wilson(std::int64_t k, std::int64_t n) {
    if (n <= 0) return {0, 1};
    const double nn = static_cast<double>(n);
    const double p = static_cast<double>(k) / nn;
    const double z2 = z95 * z95;
    const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = z95 / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Change negative_change(std::int64_t k0, std::int64_t n0, std::int64_t k1, std::int64_t n1, int min_group) {
    Change c;
    if (n0 <= 0 || n1 <= 0) return c;
    const double p0 = static_cast<double>(k0) / static_cast<double>(n0);
    const double p1 = static_cast<double>(k1) / static_cast<double>(n1);
    const Interval w0 = wilson(k0, n0);
    const Interval w1 = wilson(k1, n1);
    c.difference = p1 - p0;
    // Newcombe (1998), method 10: the difference's interval from each share's Wilson interval.
    c.interval.low = c.difference - std::sqrt((p1 - w1.low) * (p1 - w1.low) + (w0.high - p0) * (w0.high - p0));
    c.interval.high = c.difference + std::sqrt((w1.high - p1) * (w1.high - p1) + (p0 - w0.low) * (p0 - w0.low));
    c.shown = !suppressed(n0, min_group) && !suppressed(n1, min_group) && (c.interval.low > 0 || c.interval.high < 0);
    return c;
}

std::int64_t median(std::vector<std::int64_t> values) {
    if (values.empty()) return 0;
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

}  // namespace lp::dashboard

namespace lp::dashboard {

Status check_action(const Action& a) {
    auto bad = [](const std::string& m) { return Status(Error{Errc::invalid_input, "action: " + m}); };
    if (a.title.empty() || a.title.size() > 500) return bad("a title of 1 to 500 characters is needed");
    if (a.young_text.size() > 280 * 4) return bad("young people's words are at most 280 characters");
    if (a.owner.size() > 100) return bad("the owner is at most 100 characters");
    if (a.evidence.size() > 1000) return bad("the evidence note is at most 1000 characters");
    if (!a.due.empty() && (a.due.size() != 10 || a.due[4] != '-' || a.due[7] != '-' ||
                           !all_digits(a.due.substr(0, 4) + a.due.substr(5, 2) + a.due.substr(8, 2))))
        return bad("the due date must look like 2026-10-31");
    if (a.status != "planned" && a.status != "in_progress" && a.status != "done" && a.status != "dropped")
        return bad("the status must be planned, in_progress, done or dropped");
    bool theme = false;
    for (const auto& l : a.links) {
        if (l.kind != "theme" && l.kind != "finding") return bad("links are to themes or findings");
        if (l.target.empty() || l.target.size() > 200) return bad("a link needs a theme or finding id");
        theme = theme || l.kind == "theme";
    }
    if (!theme) return bad("link it to at least one theme");
    return ok_status();
}

bool overdue(const Action& a, const std::string& today) {
    return !a.due.empty() && a.due < today && a.status != "done" && a.status != "dropped";
}

}  // namespace lp::dashboard
