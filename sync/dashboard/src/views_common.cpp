// Shared view parts: filters, per-theme statistics, the page layout.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/model.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string month_add(const std::string& month, int delta) {
    int y = std::stoi(month.substr(0, 4));
    int m = std::stoi(month.substr(5, 2)) - 1 + delta;
    y += m >= 0 ? m / 12 : -((11 - m) / 12);
    m = ((m % 12) + 12) % 12;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m + 1);
    return buf;
}

bool valid_month(const std::string& m) {
    return m.size() == 7 && m[4] == '-' && std::isdigit(static_cast<unsigned char>(m[0])) &&
           std::isdigit(static_cast<unsigned char>(m[5])) && std::isdigit(static_cast<unsigned char>(m[6]));
}

}  // namespace

std::string get(const Params& p, const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
}

std::vector<CommentView> distinct_texts(const std::vector<CommentView>& list, int max) {
    std::vector<CommentView> out;
    for (const auto& c : list) {
        if (static_cast<int>(out.size()) >= max) break;
        if (std::none_of(out.begin(), out.end(), [&](const CommentView& o) { return o.text == c.text; }))
            out.push_back(c);
    }
    return out;
}

std::string month_of(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
    return buf;
}

std::vector<std::string> month_range(const std::string& from, const std::string& to) {
    std::vector<std::string> out;
    if (!valid_month(from) || !valid_month(to) || from > to) return out;
    for (std::string m = from; m <= to && out.size() < 600; m = month_add(m, 1)) out.push_back(m);
    return out;
}

Filter filter_from(const Params& params, std::int64_t now) {
    Filter f;
    f.site = get(params, "site");
    f.age_band = get(params, "band");
    if (!age_band_from_string(f.age_band)) f.age_band.clear();  // every band the model knows, 4-7 too
    f.question_set = get(params, "qs");
    const std::string period = get(params, "period");
    int months = 12;
    if (period == "3m")
        months = 3;
    else if (period == "6m")
        months = 6;
    else if (period == "24m")
        months = 24;
    else if (period == "all")
        months = 0;
    f.to_month = month_of(now);
    if (months > 0) f.from_month = month_add(f.to_month, -(months - 1));
    return f;
}

Result<std::map<std::string, ThemeStats>> theme_stats(const ViewContext& ctx, const Filter& filter,
                                                      const std::string& only_theme) {
    auto rows = only_theme.empty() ? ctx.store.theme_months(filter) : ctx.store.theme_months_of(filter, only_theme);
    if (!rows) return rows.error();
    std::string first = filter.from_month;
    if (first.empty()) {
        first = filter.to_month;
        for (const auto& r : *rows)
            if (r.month < first) first = r.month;
    }
    auto months = month_range(first, filter.to_month);
    if (months.size() > 24) months.erase(months.begin(), months.end() - 24);
    std::map<std::string, ThemeStats> out;
    std::map<std::string, std::map<std::string, const ThemeMonth*>> by_month;
    std::map<std::string, double> sums;
    std::map<std::string, std::int64_t> negatives;
    for (const auto& r : *rows) {
        auto& s = out[r.theme];
        s.responses += r.responses;
        s.answers += r.answers;
        sums[r.theme] += r.score_sum;
        negatives[r.theme] += r.negatives;
        by_month[r.theme][r.month] = &r;
    }
    for (const auto& t : ctx.cat.themes()) {
        auto& s = out[t.theme.id];
        s.suppressed = suppressed(s.responses, ctx.config.min_group);
        if (s.answers > 0) {
            s.mean = sums[t.theme.id] / static_cast<double>(s.answers);
            s.negative_share = static_cast<double>(negatives[t.theme.id]) / static_cast<double>(s.answers);
        }
        std::vector<std::string> kinds;
        for (const auto& f : t.findings) kinds.push_back(f.finding->kind);
        s.status = status_word(stance_of(kinds), s.mean, s.responses, ctx.config.min_group);
        const auto& bm = by_month[t.theme.id];
        for (const auto& m : months) {
            auto it = bm.find(m);
            svg::Point p{m, std::nullopt};
            if (it != bm.end() && !suppressed(it->second->responses, ctx.config.min_group) && it->second->answers > 0)
                p.value = it->second->score_sum / static_cast<double>(it->second->answers);
            s.trend.push_back(p);
            s.trend_responses.push_back(it == bm.end() ? 0 : it->second->responses);
        }
        // The one place every output's figures come from: suppressed, then rounded.
        for (auto& p : s.trend)
            if (p.value) p.value = rounded_share(*p.value);
        for (auto& n : s.trend_responses) n = suppressed(n, ctx.config.min_group) ? 0 : rounded_count(n);
        if (s.suppressed) {  // nothing built from a small group leaves the server
            s.mean = 0;
            s.negative_share = 0;
            s.answers = 0;
            s.responses = 0;
        } else {
            s.mean = rounded_share(s.mean);
            s.negative_share = rounded_share(s.negative_share);
            s.answers = rounded_count(s.answers);
            s.responses = rounded_count(s.responses);
        }
    }
    return out;
}

std::vector<std::string> small_sites(const ViewContext& ctx) {
    std::map<std::string, std::int64_t> per_site;
    if (auto devices = ctx.agg.list_devices())
        for (const auto& d : *devices) per_site[d.site] += d.responses;
    std::vector<std::string> out;
    for (const auto& [site, n] : per_site)
        if (suppressed(n, ctx.config.min_group)) out.push_back(site);
    return out;
}

std::string shown_site(const std::string& site, const std::vector<std::string>& small, const Text& t) {
    return site.empty() || std::find(small.begin(), small.end(), site) != small.end() ? t.plain("small_site") : site;
}

CommentMeta CommentCoarsener::shown(const std::string& site, const std::string& band, const std::string& month) {
    // Try the full description first, then drop the age band, the month and the site in turn
    // until at least min_group comments of the list share what is left (so no shown
    // combination marks a cell of 1 to min_group - 1, across site × band × month too).
    const std::string kept[] = {"sbm", "sm", "s", ""};
    for (const std::string& keep : kept) {
        const bool s = keep.find('s') != std::string::npos, b = keep.find('b') != std::string::npos,
                   m = keep.find('m') != std::string::npos;
        if (keep.empty()) return {};
        const std::string key = (s ? site : "\x01") + "\x02" + (b ? band : "\x01") + "\x02" + (m ? month : "\x01");
        auto it = memo_.find(key);
        if (it == memo_.end()) {
            CommentQuery q = query_;
            if (s) q.filter.site = site;
            if (b) q.filter.age_band = band;
            if (m) {
                if (q.filter.from_month.empty() || q.filter.from_month < month) q.filter.from_month = month;
                if (q.filter.to_month.empty() || q.filter.to_month > month) q.filter.to_month = month;
            }
            auto n = ctx_.store.count_comments(q);
            it = memo_.emplace(key, n && !suppressed(*n, ctx_.config.min_group)).first;
        }
        if (it->second) return {s ? site : "", b ? band : "", m ? month : ""};
    }
    return {};
}

Result<std::vector<CommentView>> published_comments(const ViewContext& ctx, const CommentQuery& query) {
    auto list = ctx.store.comments(query);
    if (!list) return list;
    CommentCoarsener coarse(ctx, query);
    for (auto& c : *list) {
        const CommentMeta m = coarse.shown(c.site, c.age_band, c.created_hour.substr(0, 7));
        c.created_hour = m.month;  // never the hour
        c.site = m.site;
        c.age_band = m.age_band;
    }
    return list;
}

std::string fewer_than_text(const Text& t, int min_group) {
    return t.html("fewer_than", {{"n", std::to_string(std::max(min_group, min_group_floor))}});
}

std::string status_label(const Text& t, const std::string& status) {
    // status_word() gives stable English words (JSON and CSV keep them); pages translate them.
    if (status == "Young people agree") return t.html("status.agree");
    if (status == "Young people disagree") return t.html("status.disagree");
    if (status == "Mixed") return t.html("status.mixed");
    return t.html("status.not_enough");
}

std::string language_links(const Text& t, const Languages* languages) {
    if (!languages) return "";
    auto choices = languages->choices();
    if (choices.size() < 2) return "";
    std::string h = "<nav class=\"languages\" aria-label=\"" + t.html("languages_label") + "\"><ul>";
    for (const auto& c : choices) {
        // Each language by its own name, marked up in that language for screen readers.
        const std::string lang = escape(languages->get(c.code).plain("html_lang"));
        if (c.code == t.code())
            h += "<li><span aria-current=\"true\" lang=\"" + lang + "\">" + escape(c.name) + "</span></li>";
        else
            h += "<li><a href=\"?lang=" + html::url_encode(c.code) + "\" lang=\"" + lang + "\" hreflang=\"" + lang +
                 "\">" + escape(c.name) + "</a></li>";
    }
    return h + "</ul></nav>";
}

std::string layout(const ViewContext& ctx, const std::string& title, const std::string& nav, const std::string& body) {
    const Text& t = text_of(ctx);
    std::string h = "<!doctype html>\n<html lang=\"" + t.html("html_lang") +
                    "\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>" +
                    t.html("page_title", {{"title", escape(title)}}) +
                    "</title>"
                    "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\"><link rel=\"icon\" "
                    "href=\"/assets/favicon.svg\" type=\"image/svg+xml\">"
                    "<script src=\"/assets/dashboard.js\" defer></script></head><body>"
                    "<a class=\"skip\" href=\"#main\">" +
                    t.html("skip_link") + "</a><header class=\"top\"><p class=\"brand\"><a href=\"/\">" +
                    t.html("brand") + "</a></p>";
    if (ctx.user) {
        struct Item {
            const char* key;
            const char* href;
            bool manager_only;
        };
        static const Item items[] = {
            {"themes", "/", false},          {"history", "/history", false}, {"reach", "/reach", false},
            {"actions", "/actions", false},  {"to_read", "/to-read", true},
            {"comments", "/comments", true}, {"safeguarding", "/safeguarding", true},
            {"devices", "/devices", true},   {"replies", "/replies", true},
            {"evidence", "/evidence", true}, {"audit", "/audit", true},
        };
        h += "<nav aria-label=\"" + t.html("nav_label") + "\"><ul>";
        for (const auto& it : items) {
            if (it.manager_only && !ctx.user->manager()) continue;
            h += "<li><a href=\"" + std::string(it.href) + "\"" + (nav == it.key ? " aria-current=\"page\"" : "") +
                 ">" + t.html(std::string("nav.") + it.key) + "</a></li>";
        }
        const std::string role =
            t.has("role." + ctx.user->role) ? t.html("role." + ctx.user->role) : escape(ctx.user->role);
        h += "</ul></nav><div class=\"who\"><span>" +
             t.html("who", {{"user", escape(ctx.user->user)}, {"role", role}}) +
             "</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
             escape(ctx.user->csrf) + "\"><button type=\"submit\" class=\"link\">" + t.html("log_out") +
             "</button></form></div>";
    }
    h += "</header>";
    if (ctx.user && ctx.user->manager()) {
        // Every comment waits to be read: the count (and how many are late) on every manager page.
        auto review = ctx.store.review_counts(review_deadlines(ctx.config), ctx.now);
        if (review)
            h += "<p class=\"review-count\" role=\"status\"><a href=\"/to-read\">" +
                 t.html(review->unread == 1 ? "review.waiting_one" : "review.waiting_other",
                        {{"n", "<strong>" + std::to_string(review->unread) + "</strong>"}}) +
                 "</a>" +
                 (review->overdue > 0
                      ? " <strong class=\"overdue-tag\">" +
                            t.html("review.overdue_count", {{"n", std::to_string(review->overdue)}}) + "</strong>"
                      : std::string()) +
                 "</p>";
        auto n = ctx.store.unacknowledged_count();
        if (n && *n > 0)
            h += "<p class=\"alert\" role=\"status\"><a href=\"/safeguarding\">" +
                 t.html(*n == 1 ? "alert.one" : "alert.other", {{"n", "<strong>" + std::to_string(*n) + "</strong>"}}) +
                 "</a></p>";
        else if (n)
            h += "<p class=\"calm\" role=\"status\">" + t.html("alert.none") + "</p>";
    }
    h += "<main id=\"main\">" + body + "</main><footer><p>" +
         t.html("footer", {{"n", std::to_string(std::max(ctx.config.min_group, min_group_floor))}}) + "</p>" +
         language_links(t, ctx.languages) + "</footer></body></html>\n";
    return h;
}

std::string message_page(const ViewContext& ctx, const std::string& title, const std::string& text) {
    return layout(ctx, title, "",
                  "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p><p><a href=\"/\">" +
                      text_of(ctx).html("back_to_themes") + "</a></p>");
}

std::string notice_for(const Text& t, const std::string& done) {
    static const char* const notices[] = {"ack",     "already",     "link-added",    "link-removed",
                                          "revoked", "reply-added", "reply-deleted", "bad-input",
                                          "read",    "read-some",   "read-none",     "contact-saved",
                                          "report-imported", "upload-cancelled"};
    for (const char* n : notices)
        if (done == n) return "<p class=\"notice\" role=\"status\">" + t.html(std::string("notice.") + n) + "</p>";
    return "";
}

}  // namespace lp::dashboard
