// Statistical disclosure control (findings 4 and 5, docs/privacy.md), attacked like an outsider
// with a viewer account would: read many filtered views in every format and subtract them.
// The test knows the true counts (from the store, before suppression and rounding) and checks
// that no pair or triple of published views pins a group of 1 to min_group - 1.
#include <doctest/doctest.h>

#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "dashboard_test_support.hpp"

using namespace lp;
using namespace lp::dashboard;

namespace {

constexpr std::int64_t day = 86400;

/// Four sites (one of them tiny), two age bands and answers spread over months, so that many
/// views differ from each other by a small group.
struct Scene {
    dashtest::Fixture fx;
    std::optional<CatalogueIndex> cat;
    DashboardConfig config;
    std::int64_t now = now_unix();
    Scene() {
        auto loaded = load_catalogue_file(dashtest::assets_dir() + "/themes/kirklees.json");
        REQUIRE(loaded);
        REQUIRE(fx.dash->replace_catalogue(*loaded));
        cat.emplace(*loaded, std::vector<QuestionSet>{*fx.sets.latest("care-leavers")});
        const std::map<std::string, int> sizes = {{"Alder", 14}, {"Birch", 9}, {"Cedar", 3}, {"Damson", 7}};
        int salt = 0;
        for (const auto& entry : sizes) {
            const std::string site = entry.first;
            const auto dev = fx.add_device(site);
            fx.add_responses(dev, entry.second, [&](int i, Response& r) {
                ++salt;
                // A few 13-17s per site, a few answers 4 months back and one 20 months back.
                if (i % 4 == 1) r.age_band = AgeBand::age_13_17;
                const std::int64_t back = i % 5 == 2 ? 120 * day : (i % 7 == 3 ? 600 * day : 2 * day);
                r.created_hour = hour_rounded_utc(now - back);
                r.answers[0] = Answer::of_scale("pa-help", 1 + (salt % 5));
                r.comment = "comment " + std::to_string(salt) + " from " + site;
            });
        }
        fx.index();
    }
    ViewContext ctx() { return ViewContext{*fx.dash, *fx.agg, *cat, config, PageUser{"vee", "manager", "t"}, now}; }
};

struct View {
    std::string site, band, period;
    Params params() const {
        Params p;
        if (!site.empty()) p["site"] = site;
        if (!band.empty()) p["band"] = band;
        p["period"] = period;
        return p;
    }
    std::string name() const { return "site=" + site + " band=" + band + " period=" + period; }
};

std::vector<View> views() {
    std::vector<View> out;
    for (const std::string site : {"", "Alder", "Birch", "Cedar", "Damson"})
        for (const std::string band : {"", "16-25", "13-17"})
            for (const std::string period : {"3m", "12m", "all"}) out.push_back({site, band, period});
    return out;
}

/// Published answer counts per theme (nullopt: suppressed) read from one output.
using Published = std::map<std::string, std::optional<std::int64_t>>;

Published from_json(const std::string& body, std::vector<double>* shares) {
    Published out;
    auto j = nlohmann::json::parse(body);
    for (const auto& t : j["themes"]) {
        const std::string id = t["id"].get<std::string>();
        if (t["answers"].is_number_integer()) {
            out[id] = t["answers"].get<std::int64_t>();
            shares->push_back(t["mean_score"].get<double>());
            shares->push_back(t["share_negative"].get<double>());
        } else {
            out[id] = std::nullopt;
        }
        for (const auto& p : t["trend"])
            if (p["mean_score"].is_number()) shares->push_back(p["mean_score"].get<double>());
    }
    return out;
}

Published from_csv(const std::string& body) {
    Published out;
    std::size_t pos = body.find("\r\n") + 2;
    while (pos < body.size()) {
        const std::size_t end = body.find("\r\n", pos);
        const std::string line = body.substr(pos, end - pos);
        pos = end + 2;
        if (line.rfind("theme,", 0) != 0) continue;
        std::vector<std::string> cells;
        std::size_t p = 0;
        while (true) {  // theme rows have no quoted commas before the answers column
            const std::size_t c = line.find(',', p);
            cells.push_back(line.substr(p, c == std::string::npos ? std::string::npos : c - p));
            if (c == std::string::npos || cells.size() > 8) break;
            p = c + 1;
        }
        const std::string& answers = cells.at(7);
        out[cells.at(1)] = answers.find_first_not_of("0123456789") == std::string::npos && !answers.empty()
                               ? std::optional<std::int64_t>(std::stoll(answers))
                               : std::nullopt;
    }
    return out;
}

/// The HTML matrix: each theme row's link and its answers cell.
Published from_html(const std::string& body, std::vector<double>* shares) {
    Published out;
    std::regex row("<a href=\"/themes/([a-z0-9-]+)[^\"]*\">[\\s\\S]*?<td data-label=\"Answers\">(.*?)</td>");
    for (std::sregex_iterator it(body.begin(), body.end(), row), end; it != end; ++it) {
        const std::string v = (*it)[2].str();
        out[(*it)[1].str()] = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos
                                  ? std::optional<std::int64_t>(std::stoll(v))
                                  : std::nullopt;
    }
    std::regex pct(">([0-9]+)%<");
    for (std::sregex_iterator it(body.begin(), body.end(), pct), end; it != end; ++it)
        shares->push_back(std::stod((*it)[1].str()) / 100.0);
    return out;
}

/// True counts per theme for a view, straight from the store (what the attacker wants).
std::map<std::string, std::int64_t> truth(Scene& s, const View& v) {
    const Filter f = filter_from(v.params(), s.now);
    std::map<std::string, std::int64_t> out;
    const auto rows = s.fx.dash->theme_months(f).value();
    for (const auto& r : rows) out[r.theme] += r.answers;
    return out;
}

}  // namespace

TEST_CASE("findings 4 and 5: no pair or triple of views, in any format, pins a group below the threshold") {
    Scene s;
    const int k = s.config.min_group;
    const std::int64_t half = rounding_base / 2;  // the most a published count is off by
    const auto all_views = views();
    std::vector<std::map<std::string, std::int64_t>> truths;
    for (const auto& v : all_views) truths.push_back(truth(s, v));

    for (const std::string format : {"json", "csv", "html"}) {
        CAPTURE(format);
        std::vector<Published> published;
        std::vector<double> shares;
        for (const auto& v : all_views) {
            auto ctx = s.ctx();
            if (format == "json") published.push_back(from_json(matrix_json(ctx, v.params()), &shares));
            if (format == "csv") published.push_back(from_csv(evidence_csv(ctx, v.params())));
            if (format == "html") published.push_back(from_html(matrix_page(ctx, v.params()), &shares));
        }
        // Every published figure is a rounded, unsuppressed one.
        for (double x : shares) CHECK_MESSAGE(std::abs(x * 20 - std::round(x * 20)) < 1e-9, format << " share " << x);
        std::set<std::string> themes;
        for (std::size_t i = 0; i < all_views.size(); ++i)
            for (const auto& [theme, p] : published[i]) {
                themes.insert(theme);
                const std::int64_t t = truths[i].count(theme) ? truths[i].at(theme) : 0;
                if (p) {
                    CHECK_MESSAGE(*p % rounding_base == 0, all_views[i].name() << " " << theme << " = " << *p);
                    CHECK_MESSAGE(std::abs(*p - t) <= half, all_views[i].name() << " " << theme);
                    CHECK_MESSAGE(t >= k, all_views[i].name() << " " << theme << " shown from " << t);
                }
            }
        // The attacker: for each theme, every pair a - b and triple a - b - c of shown figures.
        // They know the rounding rule, so each term is uncertain by ±half. A hit is a true
        // difference of 1..k-1 that the published figures confine to 1..k-1.
        int pairs = 0, hits = 0;
        for (const auto& theme : themes) {
            std::vector<std::pair<std::int64_t, std::int64_t>> shown;  // (published, true)
            for (std::size_t i = 0; i < all_views.size(); ++i) {
                auto it = published[i].find(theme);
                if (it != published[i].end() && it->second)
                    shown.push_back({*it->second, truths[i].count(theme) ? truths[i].at(theme) : 0});
            }
            auto pinned = [&](std::int64_t estimate, std::int64_t error, std::int64_t truth_value) {
                ++pairs;
                if (truth_value < 1 || truth_value >= k) return;
                const std::int64_t lo = std::max<std::int64_t>(0, estimate - error), hi = estimate + error;
                if (lo >= 1 && hi <= k - 1) ++hits;
            };
            for (std::size_t a = 0; a < shown.size(); ++a)
                for (std::size_t b = 0; b < shown.size(); ++b) {
                    if (a == b) continue;
                    pinned(shown[a].first - shown[b].first, 2 * half, shown[a].second - shown[b].second);
                    for (std::size_t c = b + 1; c < shown.size(); ++c)
                        if (c != a)
                            pinned(shown[a].first - shown[b].first - shown[c].first, 3 * half,
                                   shown[a].second - shown[b].second - shown[c].second);
                }
        }
        CHECK(pairs > 1000);  // the attack had plenty to work with
        CHECK_MESSAGE(hits == 0, format << ": " << hits << " combinations pin a group of 1.." << k - 1);
    }
}

TEST_CASE("differencing: comment totals on the comments page and theme pages are rounded, no pair or triple pins a group") {
    Scene s;
    const int k = s.config.min_group;
    const std::int64_t half = rounding_base / 2;
    // A manager links every other comment to one theme, so theme pages have comment totals too.
    const std::string theme_id = "personal-advisers";
    const ThemeEntry* theme = s.cat->find(theme_id);
    REQUIRE(theme);
    CommentQuery every;
    every.limit = 1000;
    const auto comments = s.fx.dash->comments(every).value();
    REQUIRE(comments.size() == 33);
    for (std::size_t i = 0; i < comments.size(); i += 2)
        REQUIRE(s.fx.dash->correct_link(comments[i].response, theme_id, true, "vee", s.now));

    struct Shown {
        std::string name;
        std::int64_t published, truth;
    };
    std::vector<Shown> shown;
    const std::regex comments_count("<p>([0-9]+) comments match");
    const std::regex theme_count("<p>([0-9]+) comments are linked to this theme");
    auto publish = [&](const std::string& name, const std::string& page, const std::regex& count,
                       const CommentQuery& q) {
        const std::int64_t t = s.fx.dash->count_comments(q).value();
        std::smatch m;
        if (!std::regex_search(page, m, count)) {
            CHECK_MESSAGE(page.find("fewer than 5") != std::string::npos, name);
            CHECK_MESSAGE(t < k, name << " hidden with " << t);
            return;
        }
        const std::int64_t p = std::stoll(m[1].str());
        CHECK_MESSAGE(p % rounding_base == 0, name << " = " << p << " (truly " << t << ")");
        CHECK_MESSAGE(std::abs(p - t) <= half, name);
        CHECK_MESSAGE(t >= k, name << " shown from " << t);
        shown.push_back({name, p, t});
    };
    for (const auto& v : views()) {
        auto ctx = s.ctx();
        CommentQuery q;
        q.filter = filter_from(v.params(), s.now);
        publish("comments " + v.name(), comments_page(ctx, v.params()), comments_count, q);
        auto with_theme = v.params();
        with_theme["theme"] = theme_id;
        q.theme = theme_id;
        publish("comments theme " + v.name(), comments_page(ctx, with_theme), comments_count, q);
        publish("theme page " + v.name(), theme_page(ctx, *theme, v.params()), theme_count, q);
    }
    REQUIRE(shown.size() > 30);

    // The attacker: pairs a - b and triples a - b - c of shown totals, each off by at most half.
    int tried = 0, hits = 0;
    std::string example;
    auto pinned = [&](std::int64_t estimate, std::int64_t error, std::int64_t truth_value, const std::string& what) {
        ++tried;
        if (truth_value < 1 || truth_value >= k) return;
        if (std::max<std::int64_t>(0, estimate - error) >= 1 && estimate + error <= k - 1 && hits++ == 0) example = what;
    };
    for (std::size_t a = 0; a < shown.size(); ++a)
        for (std::size_t b = 0; b < shown.size(); ++b) {
            if (a == b) continue;
            pinned(shown[a].published - shown[b].published, 2 * half, shown[a].truth - shown[b].truth,
                   shown[a].name + " - " + shown[b].name);
            for (std::size_t c = b + 1; c < shown.size(); ++c)
                if (c != a)
                    pinned(shown[a].published - shown[b].published - shown[c].published, 3 * half,
                           shown[a].truth - shown[b].truth - shown[c].truth,
                           shown[a].name + " - " + shown[b].name + " - " + shown[c].name);
        }
    CHECK(tried > 1000);
    CHECK_MESSAGE(hits == 0, hits << " combinations of comment totals pin a group of 1.." << k - 1 << ", e.g. " << example);
}

TEST_CASE("finding 5: comments show no hour, and no site, band or month that fewer than 5 of the list share") {
    Scene s;
    auto ctx = s.ctx();
    const std::string page = comments_page(ctx, {{"period", "all"}});
    CHECK(page.find(":00") == std::string::npos);  // never an hour
    // Cedar has 3 comments: its name never appears next to a comment.
    CHECK(page.find("from Cedar") != std::string::npos);  // the text itself is the young person's
    std::regex meta("<p class=\"meta\">([^<]*)</p>");
    std::map<std::string, int> labels;
    for (std::sregex_iterator it(page.begin(), page.end(), meta), end; it != end; ++it) ++labels[(*it)[1].str()];
    for (const auto& [label, n] : labels) {
        CAPTURE(label);
        CHECK(label.find("Cedar") == std::string::npos);
    }
    // The 13-17s of one site (1 to 4 of them) are not labelled as such in the unfiltered list.
    const std::string alder_young = comments_page(ctx, {{"period", "all"}, {"site", "Alder"}, {"band", "13-17"}});
    CHECK(alder_young.find("fewer than 5") != std::string::npos);
    const std::string alder = comments_page(ctx, {{"period", "all"}, {"site", "Alder"}});
    CHECK(alder.find("age 13 to 17") == std::string::npos);
}

TEST_CASE("finding 5: a month with no answers and a month with a few read the same") {
    Scene s;
    auto ctx = s.ctx();
    const ThemeEntry* theme = s.cat->find("personal-advisers");
    REQUIRE(theme);
    const std::string page = theme_page(ctx, *theme, {{"period", "12m"}, {"site", "Alder"}});
    const auto table = page.substr(page.find("<table class=\"months\""));
    // All 12 months are listed; the 4-months-back month (a few answers) and an empty month
    // both say "fewer than 5 answers".
    int rows = 0;
    for (std::size_t p = 0; (p = table.find("<tr><td>", p)) != std::string::npos; ++p) ++rows;
    CHECK(rows == 12);
    const std::string few = month_of(s.now - 120 * day), none = month_of(s.now - 60 * day);
    auto row_of = [&](const std::string& m) {
        const auto at = table.find("<tr><td>" + m + "</td>");
        REQUIRE(at != std::string::npos);
        return table.substr(at + 8 + m.size(), table.find("</tr>", at) - at - 8 - m.size());
    };
    CHECK(row_of(few) == row_of(none));
}

namespace {

/// What an attacker who knows the publishing rule can say of a group's true count: lo..hi.
struct Bounds {
    std::int64_t lo = 0, hi = 0;
};

/// One Reach cell as published: its count (nullopt: "fewer than N") and its rate in whole percent.
struct ReachCell {
    std::optional<std::int64_t> count;
    std::optional<std::int64_t> rate_percent;
};

/// The Reach page's table: (row name, band index) → cell.
std::map<std::pair<std::string, std::size_t>, ReachCell> reach_cells(const std::string& page) {
    std::map<std::pair<std::string, std::size_t>, ReachCell> out;
    const auto start = page.find("<table class=\"matrix reach\">");
    REQUIRE(start != std::string::npos);
    const std::string table = page.substr(start, page.find("</table>", start) - start);
    std::regex row("<tr><th scope=\"row\"[^>]*>([^<]*)</th>([\\s\\S]*?)</tr>");
    std::regex cell("<td data-label=\"[^\"]*\">([^<]*)");
    std::regex figures("^([0-9]+)(?: \\(([0-9]+)%\\))?");
    for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it) {
        const std::string cells = (*it)[2].str();
        std::size_t band = 0;
        for (std::sregex_iterator c(cells.begin(), cells.end(), cell); c != end; ++c, ++band) {
            const std::string text = (*c)[1].str();
            std::smatch m;
            ReachCell rc;
            if (std::regex_search(text, m, figures)) {
                rc.count = std::stoll(m[1].str());
                if (m[2].matched) rc.rate_percent = std::stoll(m[2].str());
            }
            out[{(*it)[1].str(), band}] = rc;
        }
    }
    return out;
}

/// What a published count (and rate of a known cohort) tells about the true count. A count
/// that is not a multiple of rounding_base can only be exact.
Bounds bounds_of(std::int64_t count, std::optional<std::int64_t> rate_percent, std::optional<std::int64_t> cohort,
                 int k) {
    const std::int64_t half = rounding_base / 2;
    Bounds b = count % rounding_base == 0 ? Bounds{std::max<std::int64_t>(k, count - half), count + half}
                                          : Bounds{count, count};
    if (rate_percent && cohort && *cohort > 0) {  // truth / cohort rounds to rate_percent
        const double lo = (static_cast<double>(*rate_percent) - 0.5) * static_cast<double>(*cohort) / 100.0;
        const double hi = (static_cast<double>(*rate_percent) + 0.5) * static_cast<double>(*cohort) / 100.0;
        b.lo = std::max(b.lo, static_cast<std::int64_t>(std::ceil(lo - 1e-9)));
        b.hi = std::min(b.hi, static_cast<std::int64_t>(std::floor(hi + 1e-9)));
    }
    return b;
}

}  // namespace

TEST_CASE("Reach and the board pack: no pair or triple of published groups pins one below the threshold") {
    Scene s;
    const int k = s.config.min_group;
    const std::int64_t half = rounding_base / 2;
    auto reporting = s.fx.open_reporting();
    const Quarter now_q = quarter_of_month(month_of(s.now)).value();
    const std::vector<Quarter> quarters = {now_q, now_q.previous()};
    const std::vector<std::string> sites = {"Alder", "Birch", "Cedar", "Damson"};
    std::vector<Cohort> cohorts;
    for (const auto& q : quarters) {
        for (const auto& site : sites) cohorts.push_back({q.id(), site, "", 40});
        cohorts.push_back({q.id(), "Alder", "13-17", 10});
        cohorts.push_back({q.id(), "Alder", "16-25", 30});
    }
    REQUIRE(reporting->upsert_cohorts(cohorts));
    const auto& bands = cohort_bands();

    // The truth: responses per (quarter, site or "", band or "").
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> truth;
    for (const auto& q : quarters) {
        auto counts = reporting->response_counts(q.first_month(), q.last_month());
        REQUIRE(counts);
        for (const auto& c : *counts)
            for (const std::string& site : {std::string(), c.site})
                for (const std::string& band : {std::string(), c.age_band}) truth[{q.id(), site, band}] += c.responses;
    }
    auto true_count = [&](const std::string& q, const std::string& site, const std::string& band) {
        auto it = truth.find({q, site, band});
        return it == truth.end() ? std::int64_t{0} : it->second;
    };

    // Every published group, from the Reach page of each quarter and site and from each board pack.
    struct Shown {
        std::string name;
        Bounds bounds;
        std::int64_t truth;
    };
    std::vector<Shown> shown;
    auto publish = [&](const std::string& where, const std::string& q, const std::string& site, std::size_t band,
                       std::optional<std::int64_t> count, std::optional<std::int64_t> rate) {
        const std::int64_t t = true_count(q, site, bands[band]);
        const std::string name = where + " " + q + " '" + site + "' '" + bands[band] + "'";
        if (!count) return;
        CHECK_MESSAGE(*count % rounding_base == 0, name << " = " << *count);
        CHECK_MESSAGE(std::abs(*count - t) <= half, name);
        CHECK_MESSAGE(t >= k, name << " shown from " << t);
        const auto cohort = cohort_size(cohorts, q, site, bands[band]);
        shown.push_back({name, bounds_of(*count, rate, cohort, k), t});
    };
    for (const auto& q : quarters)
        for (const std::string site : {"", "Alder", "Birch", "Cedar", "Damson"}) {
            auto ctx = s.ctx();
            ctx.reporting = reporting.get();
            const std::string page = reach_page(ctx, {{"quarter", q.id()}, {"site", site}});
            for (const auto& [key, cell] : reach_cells(page)) {
                const std::string row_site = key.first == "Whole council" ? "" : key.first;
                publish("html", q.id(), row_site, key.second, cell.count, cell.rate_percent);
            }
            auto pack = build_board_pack({*s.fx.dash, *reporting, *s.cat, s.config}, q, site, s.now);
            REQUIRE(pack);
            for (const auto& row : pack->reach.rows)
                for (std::size_t b = 0; b < row.by_band.size(); ++b) {
                    const Rate& r = row.by_band[b];
                    publish("pack", q.id(), row.site, b, r.suppressed ? std::nullopt : std::optional(r.responses),
                            r.rate ? std::optional(std::llround(*r.rate * 100)) : std::nullopt);
                }
            const Rate& h = pack->headline;
            publish("pack headline", q.id(), site, 0, h.suppressed ? std::nullopt : std::optional(h.responses),
                    h.rate ? std::optional(std::llround(*h.rate * 100)) : std::nullopt);
            for (const auto& th : pack->themes) {  // theme counts: rounded like the matrix's
                if (th.answered.suppressed) continue;
                CHECK_MESSAGE(th.answered.responses % rounding_base == 0, th.id << " " << th.answered.responses);
                CHECK(std::abs(th.mean * 20 - std::round(th.mean * 20)) < 1e-9);
                CHECK(std::abs(th.negative_share * 20 - std::round(th.negative_share * 20)) < 1e-9);
            }
            if (!pack->previous_suppressed) CHECK(pack->previous_responses % rounding_base == 0);
        }
    REQUIRE(shown.size() > 20);

    // The attacker: every pair a - b and triple a - b - c of published groups, each known only
    // within its bounds. A hit is a difference confined to 1..k-1 that is truly 1..k-1.
    int tried = 0, hits = 0;
    std::string example;
    auto pinned = [&](std::int64_t lo, std::int64_t hi, std::int64_t t, const std::string& what) {
        ++tried;
        if (t >= 1 && t < k && lo >= 1 && hi <= k - 1) {
            if (hits++ == 0) example = what;
        }
    };
    for (std::size_t a = 0; a < shown.size(); ++a)
        for (std::size_t b = 0; b < shown.size(); ++b) {
            if (a == b) continue;
            const Bounds& x = shown[a].bounds;
            const Bounds& y = shown[b].bounds;
            pinned(x.lo - y.hi, x.hi - y.lo, shown[a].truth - shown[b].truth, shown[a].name + " - " + shown[b].name);
            for (std::size_t c = b + 1; c < shown.size(); ++c) {
                if (c == a) continue;
                const Bounds& z = shown[c].bounds;
                pinned(x.lo - y.hi - z.hi, x.hi - y.lo - z.lo, shown[a].truth - shown[b].truth - shown[c].truth,
                       shown[a].name + " - " + shown[b].name + " - " + shown[c].name);
            }
        }
    CHECK(tried > 1000);
    CHECK_MESSAGE(hits == 0, hits << " combinations pin a group of 1.." << k - 1 << ", e.g. " << example);
}

TEST_CASE("comment metadata: no list marks a site x band x month cell of fewer than 5, To read included") {
    Scene s;
    // A flagged comment from a one-answer site: whoever acts on it needs its site, day and band.
    const auto elm = s.fx.add_device("Elm");
    s.fx.add_responses(elm, 1, [&](int, Response& r) {
        r.age_band = AgeBand::age_13_17;
        r.created_hour = hour_rounded_utc(s.now - 2 * day);
        r.comment = "my step dad hits me when mum is out";
    });
    s.fx.index();
    auto ctx = s.ctx();
    // Alder has 14 comments and the list has 10 from 13-17s, but only 4 from Alder's 13-17s:
    // no comment may say both.
    const std::string list = comments_page(ctx, {{"period", "all"}});
    std::regex list_meta("<p class=\"meta\">([^<]*)");
    int alder = 0;
    for (std::sregex_iterator it(list.begin(), list.end(), list_meta), end; it != end; ++it) {
        const std::string m = (*it)[1].str();
        alder += m.find("Alder") != std::string::npos;
        CHECK_MESSAGE(!(m.find("Alder") != std::string::npos && m.find("age 13 to 17") != std::string::npos), m);
    }
    CHECK(alder >= 5);  // Alder itself is still named where enough share it

    const std::string page = to_read_page(ctx, {});
    std::regex item("<p class=\"meta\">([\\s\\S]*?)</p><blockquote>([\\s\\S]*?)</blockquote>");
    int items = 0;
    bool flagged_seen = false;
    for (std::sregex_iterator it(page.begin(), page.end(), item), end; it != end; ++it) {
        ++items;
        const std::string meta = (*it)[1].str(), text = (*it)[2].str();
        CAPTURE(meta);
        CHECK(meta.find(":00") == std::string::npos);  // never the hour
        if (text.find("my step dad") != std::string::npos) {
            flagged_seen = true;
            CHECK(meta.find("Elm") != std::string::npos);
            CHECK(meta.find(day_of(s.now - 2 * day)) != std::string::npos);
            CHECK(meta.find("age 13 to 17") != std::string::npos);
            continue;
        }
        CHECK(meta.find("Cedar") == std::string::npos);  // a small site
        CHECK(!(meta.find("Alder") != std::string::npos && meta.find("age 13 to 17") != std::string::npos));
        CHECK(meta.find(day_of(s.now - 2 * day)) == std::string::npos);  // the month at most
    }
    CHECK(items >= 30);
    CHECK(flagged_seen);
}
