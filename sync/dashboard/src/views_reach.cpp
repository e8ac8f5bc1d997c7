// The Reach page and the response rates shown beside counts on the other pages.
#include <lp/dashboard/cohort_csv.hpp>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/views.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace lp::dashboard {

using html::escape;

namespace {

std::string band_label(const Text& t, const std::string& band) {
    return band.empty() ? t.html("pack.every_age") : t.html("band." + band);
}

/// A reach cell: "42 (31%)", "42", "fewer than 5", with the flag spelled out (not colour alone).
std::string reach_cell(const Text& t, const Rate& r, int min_group) {
    std::string h = r.suppressed ? fewer_than_text(t, min_group)
                    : r.rate     ? t.html("pack.count_rate", {{"n", std::to_string(r.responses)},
                                                              {"rate", escape(percent(*r.rate))}})
                                 : std::to_string(r.responses);
    if (r.flagged) h += " <strong class=\"flag\">\u26A0 " + t.html("reach.flag") + "</strong>";
    return h;
}

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
}

/// "YYYY-MM" moved by delta months.
std::string month_shift(const std::string& month, int delta) {
    const int index = std::stoi(month.substr(0, 4)) * 12 + std::stoi(month.substr(5, 2)) - 1 + delta;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
    return buf;
}

/// An account given sites sees only their cohorts and counts: its "every site" row is the sum of
/// its sites, never the council's own figure (which would give the other sites by subtraction).
bool scoped(const ViewContext& ctx) { return ctx.user && !ctx.user->sites.empty(); }

std::vector<Cohort> visible(const ViewContext& ctx, std::vector<Cohort> all) {
    if (scoped(ctx))
        all.erase(std::remove_if(all.begin(), all.end(),
                                 [&](const Cohort& c) { return c.site.empty() || !ctx.user->sees(c.site); }),
                  all.end());
    return all;
}

std::vector<ResponseCount> visible(const ViewContext& ctx, std::vector<ResponseCount> all) {
    if (scoped(ctx))
        all.erase(std::remove_if(all.begin(), all.end(), [&](const ResponseCount& c) { return !ctx.user->sees(c.site); }),
                  all.end());
    return all;
}

}  // namespace

std::optional<Filter> previous_period(const Filter& filter) {
    const auto months = month_range(filter.from_month, filter.to_month);
    if (months.empty()) return std::nullopt;
    Filter before = filter;
    before.to_month = month_shift(filter.from_month, -1);
    before.from_month = month_shift(filter.from_month, -static_cast<int>(months.size()));
    return before;
}

std::map<std::string, Change> theme_changes(const ViewContext& ctx, const Filter& filter,
                                            const std::map<std::string, ThemeStats>& now,
                                            const std::string& only_theme) {
    std::map<std::string, Change> out;
    const auto before = previous_period(filter);
    if (!before) return out;
    auto before_rows = only_theme.empty() ? ctx.store.theme_months(*before) : ctx.store.theme_months_of(*before, only_theme);
    if (!before_rows) return out;
    struct Sums {
        std::int64_t responses = 0, answers = 0, negatives = 0;
    };
    std::map<std::string, Sums> a, b;
    for (const auto& r : *before_rows) {
        auto& s = a[r.theme];
        s.responses += r.responses;
        s.answers += r.answers;
        s.negatives += r.negatives;
    }
    for (const auto& [theme, st] : now) {  // negative_share is negatives / answers (0 when suppressed: skipped below)
        auto& s = b[theme];
        s.responses = st.responses;
        s.answers = st.answers;
        s.negatives = std::llround(st.negative_share * static_cast<double>(st.answers));
    }
    for (const auto& [theme, s1] : b) {
        const auto it = a.find(theme);
        if (it == a.end() || s1.answers == 0 || it->second.answers == 0) continue;
        if (suppressed(s1.responses, ctx.config.min_group) || suppressed(it->second.responses, ctx.config.min_group))
            continue;  // nothing built from a small group leaves the server
        out[theme] = negative_change(it->second.negatives, it->second.answers, s1.negatives, s1.answers,
                                     ctx.config.min_group);
    }
    return out;
}

std::string change_html(const Text& t, const std::map<std::string, Change>& changes, const std::string& theme,
                        bool is_suppressed) {
    const auto it = changes.find(theme);
    if (is_suppressed || it == changes.end()) return "–";
    if (!it->second.shown) return "<span class=\"muted\">" + t.html("pack.no_change") + "</span>";
    const long v = std::lround(it->second.difference * 100);
    const std::string n = (v > 0 ? "+" : "−") + std::to_string(std::labs(v));
    return "<strong>" + t.html("pack.change_points", {{"n", n}}) + "</strong>";
}

std::string change_method_html(const Text& t) { return t.html("pack.method_change", {{"level", "95%"}}); }

std::optional<std::int64_t> filter_cohort(const ViewContext& ctx, const Filter& filter) {
    if (!ctx.reporting) return std::nullopt;
    const auto q = quarter_of_month(filter.to_month);
    if (!q) return std::nullopt;
    const auto& bands = cohort_bands();
    if (std::find(bands.begin(), bands.end(), filter.age_band) == bands.end()) return std::nullopt;  // "unsaid"
    auto cohorts = ctx.reporting->cohorts();
    if (!cohorts) return std::nullopt;
    return cohort_size(visible(ctx, std::move(*cohorts)), q->id(), filter.site, filter.age_band);
}

std::string rate_note(const ViewContext& ctx, std::optional<std::int64_t> cohort, std::int64_t responses) {
    if (!cohort || *cohort <= 0 || suppressed(responses, ctx.config.min_group)) return "";
    const double share = static_cast<double>(responses) / static_cast<double>(*cohort);
    return " <small class=\"rate\">" + text_of(ctx).html("matrix.rate", {{"rate", escape(percent(share))}}) +
           "</small>";
}

std::string reach_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    const int mg = std::max(ctx.config.min_group, min_group_floor);
    if (!ctx.reporting)
        return message_page(ctx, t.plain("reach.heading"), t.plain("reach.unavailable", {{"message", "-"}}));
    const Quarter current = quarter_of_month(month_of(ctx.now)).value_or(Quarter{2026, 1});
    const Quarter q = parse_quarter(get(params, "quarter")).value_or(current);
    const std::string site = get(params, "site").substr(0, 100);
    auto cohorts = ctx.reporting->cohorts();
    auto counts = ctx.reporting->response_counts(q.first_month(), q.last_month());
    if (!cohorts || !counts)
        return message_page(ctx, t.plain("reach.heading"),
                            t.plain("reach.unavailable",
                                    {{"message", !cohorts ? cohorts.error().message : counts.error().message}}));
    *cohorts = visible(ctx, std::move(*cohorts));
    *counts = visible(ctx, std::move(*counts));
    const auto known = ctx.store.sites();  // a ScopedStore lists only the account's sites
    const Reach reach = build_reach(*counts, *cohorts, q, site, ctx.config.min_group, ctx.config.reach_warning_rate,
                                    known ? *known : std::vector<std::string>{});

    const std::string everyone = scoped(ctx) ? t.html("reach.your_sites") : t.html("pack.whole_council");
    std::string b = "<h1>" + t.html("reach.heading") + "</h1>";
    const std::string done = get(params, "done");
    const char* notice = done == "saved" ? "reach.saved" : done == "deleted" ? "reach.deleted" : done == "bad" ? "reach.bad" : nullptr;
    if (notice) b += "<p class=\"notice\" role=\"status\">" + t.html(notice) + "</p>";

    // Quarter and site choice: the last eight quarters, and any quarter with a cohort.
    std::set<std::string> quarters;
    for (Quarter k = current; quarters.size() < 8; k = k.previous()) quarters.insert(k.id());
    for (const auto& c : *cohorts) quarters.insert(c.quarter);
    quarters.insert(q.id());
    b += "<form class=\"filters\" method=\"get\" action=\"/reach\"><div class=\"field\"><label for=\"r-quarter\">" +
         t.html("reach.quarter") + "</label><select id=\"r-quarter\" name=\"quarter\">";
    for (auto it = quarters.rbegin(); it != quarters.rend(); ++it)
        b += "<option" + std::string(*it == q.id() ? " selected" : "") + ">" + escape(*it) + "</option>";
    b += "</select></div><div class=\"field\"><label for=\"r-site\">" + t.html("filter.site") +
         "</label><select id=\"r-site\" name=\"site\"><option value=\"\">" + t.html("filter.all_sites") + "</option>";
    if (known)
        for (const auto& s : *known)
            b += "<option value=\"" + escape(s) + "\"" + (s == site ? " selected" : "") + ">" + escape(s) + "</option>";
    b += "</select></div><div class=\"field\"><button type=\"submit\">" + t.html("filter.show") +
         "</button></div></form>";

    b += "<p class=\"help\">" + t.html("pack.reach_intro", {{"rate", escape(percent(ctx.config.reach_warning_rate))}}) +
         "</p>";
    b += "<table class=\"matrix reach\"><caption>" + t.html("reach.caption", {{"quarter", escape(q.id())}}) +
         "</caption><thead><tr><th scope=\"col\">" + t.html("pack.col.site") + "</th>";
    for (const auto& band : cohort_bands()) b += "<th scope=\"col\">" + band_label(t, band) + "</th>";
    b += "</tr></thead><tbody>";
    for (const auto& row : reach.rows) {
        b += "<tr><th scope=\"row\" data-label=\"" + t.html("pack.col.site") + "\">" +
             (row.site.empty() ? everyone : escape(row.site)) + "</th>";
        for (std::size_t i = 0; i < row.by_band.size(); ++i)
            b += "<td data-label=\"" + band_label(t, cohort_bands()[i]) + "\">" + reach_cell(t, row.by_band[i], mg) +
                 "</td>";
        b += "</tr>";
    }
    b += "</tbody></table>";
    b += "<h2>" + t.html("pack.not_heard") + "</h2>";
    if (reach.flagged == 0) {
        b += "<p>" + t.html("pack.none_flagged") + "</p>";
    } else {
        b += "<ul class=\"flagged\">";
        for (const auto& row : reach.rows)
            for (std::size_t i = 0; i < row.by_band.size(); ++i)
                if (row.by_band[i].flagged)
                    b += "<li>" + (row.site.empty() ? everyone : escape(row.site)) + ", " +
                         band_label(t, cohort_bands()[i]) + ": " + reach_cell(t, row.by_band[i], mg) + "</li>";
        b += "</ul>";
    }

    if (ctx.user && ctx.user->manager()) {
        b += "<section aria-labelledby=\"pack-h\"><h2 id=\"pack-h\">" + t.html("reach.board_pack") + "</h2><p>" +
             t.html("reach.board_pack_help") +
             "</p><form method=\"get\" action=\"/board-pack.pdf\">" + hidden("quarter", q.id()) +
             hidden("site", site.empty() && scoped(ctx) ? ctx.user->sites.front() : site) + "<button type=\"submit\">" + t.html("reach.board_pack") + "</button></form></section>";

        b += "<section aria-labelledby=\"cohorts-h\"><h2 id=\"cohorts-h\">" + t.html("reach.cohorts") + "</h2><p>" +
             t.html("reach.cohorts_help", {{"command", "<code>lp-aggregator cohort import --data DIR FILE.csv</code>"},
                                           {"header", "<code>" + escape(cohort_csv_header) + "</code>"}}) +
             "</p>";
        std::string list;
        for (const auto& c : *cohorts) {
            if (c.quarter != q.id()) continue;
            const std::string who = (c.site.empty() ? t.plain("pack.whole_council") : c.site) + ", " +
                                    (c.age_band.empty() ? t.plain("pack.every_age") : t.plain("band." + c.age_band));
            list += "<tr><td data-label=\"" + t.html("pack.col.site") + "\">" +
                    (c.site.empty() ? t.html("pack.whole_council") : escape(c.site)) + "</td><td data-label=\"" +
                    t.html("filter.age") + "\">" + band_label(t, c.age_band) + "</td><td data-label=\"" +
                    t.html("reach.size") + "\">" + std::to_string(c.size) +
                    "</td><td><form class=\"inline\" method=\"post\" action=\"/reach/cohorts/delete\">" +
                    hidden("csrf", ctx.user->csrf) + hidden("quarter", c.quarter) + hidden("site", c.site) +
                    hidden("band", c.age_band) + "<button type=\"submit\" class=\"small\" aria-label=\"" +
                    t.html("reach.delete_label", {{"group", escape(who)}}) + "\">" + t.html("reach.delete") +
                    "</button></form></td></tr>";
        }
        if (list.empty())
            b += "<p>" + t.html("reach.no_cohorts") + "</p>";
        else
            b += "<table class=\"matrix cohorts\"><caption>" + escape(q.id()) + "</caption><thead><tr><th scope=\"col\">" +
                 t.html("pack.col.site") + "</th><th scope=\"col\">" + t.html("filter.age") + "</th><th scope=\"col\">" +
                 t.html("reach.size") + "</th><th scope=\"col\"><span class=\"visually-hidden\">" +
                 t.html("reach.delete") + "</span></th></tr></thead><tbody>" + list + "</tbody></table>";
        b += "<form class=\"filters\" method=\"post\" action=\"/reach/cohorts\">" + hidden("csrf", ctx.user->csrf) +
             "<div class=\"field\"><label for=\"c-quarter\">" + t.html("reach.quarter") +
             "</label><input id=\"c-quarter\" name=\"quarter\" required pattern=\"[0-9]{4}-Q[1-4]\" maxlength=\"7\" "
             "size=\"8\" value=\"" +
             escape(q.id()) + "\"></div><div class=\"field\"><label for=\"c-site\">" + t.html("reach.site_label") +
             "</label><input id=\"c-site\" name=\"site\" maxlength=\"100\" value=\"" + escape(site) +
             "\"></div><div class=\"field\"><label for=\"c-band\">" + t.html("filter.age") +
             "</label><select id=\"c-band\" name=\"band\">";
        for (const auto& band : cohort_bands())
            b += "<option value=\"" + escape(band) + "\">" + band_label(t, band) + "</option>";
        b += "</select></div><div class=\"field\"><label for=\"c-size\">" + t.html("reach.size") +
             "</label><input id=\"c-size\" name=\"size\" type=\"number\" min=\"0\" max=\"10000000\" required></div>"
             "<div class=\"field\"><button type=\"submit\">" +
             t.html("reach.save") + "</button></div></form></section>";
    }
    return layout(ctx, t.plain("nav.reach"), "reach", b);
}

}  // namespace lp::dashboard
