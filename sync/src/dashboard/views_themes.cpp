// Theme views: login, matrix (HTML and JSON), theme page, evidence pack (HTML and CSV).
#include <algorithm>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string get(const Params& p, const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
}

std::string status_class(const std::string& status) {
    if (status == "Young people agree") return "status agree";
    if (status == "Young people disagree") return "status disagree";
    if (status == "Mixed") return "status mixed";
    return "status none";
}

std::string status_badge(const std::string& status) {
    return "<span class=\"" + status_class(status) + "\">" + escape(status) + "</span>";
}

std::string kind_label(const std::string& kind) {
    if (kind == "improvement") return "Needs to improve";
    if (kind == "strength") return "Strength";
    return "Finding";
}

std::string shorten(const std::string& text, std::size_t max_chars) {
    if (text.size() <= max_chars) return text;
    std::size_t cut = text.rfind(' ', max_chars);
    if (cut == std::string::npos || cut < max_chars / 2) cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    return text.substr(0, cut) + "…";
}

std::string report_line(const ThemeFinding& f) {
    if (!f.report) return "";
    return escape(f.report->title) + (f.report->date.empty() ? "" : ", " + escape(f.report->date));
}

/// Keeps the filter in links to other filtered pages.
std::vector<std::pair<std::string, std::string>> filter_params(const Params& p) {
    return {{"site", get(p, "site")}, {"band", get(p, "band")}, {"period", get(p, "period")}, {"qs", get(p, "qs")}};
}

struct Bucket {
    const char* value;
    const char* label;
    svg::Tone tone;
};

std::vector<Bucket> buckets_for(const Question& q) {
    switch (q.kind) {
        case QuestionKind::smiley5:
            return {{"1", "1 Really bad", svg::Tone::negative},
                    {"2", "2 Bad", svg::Tone::negative},
                    {"3", "3 OK", svg::Tone::middle},
                    {"4", "4 Good", svg::Tone::positive},
                    {"5", "5 Really good", svg::Tone::positive},
                    {"rather_not_say", "Rather not say", svg::Tone::none}};
        case QuestionKind::smiley3:
            return {{"1", "1 Bad", svg::Tone::negative},
                    {"2", "2 OK", svg::Tone::middle},
                    {"3", "3 Good", svg::Tone::positive},
                    {"rather_not_say", "Rather not say", svg::Tone::none}};
        case QuestionKind::yes_no:
            return {{"yes", "Yes", svg::Tone::positive},
                    {"unsure", "Not sure", svg::Tone::middle},
                    {"no", "No", svg::Tone::negative},
                    {"rather_not_say", "Rather not say", svg::Tone::none}};
        default:
            return {};
    }
}

/// "2026-06-28 23:00" from "2026-06-28T23:00:00Z" (already hour-rounded by the kiosk).
std::string hour_text(const std::string& created_hour) {
    if (created_hour.size() < 13) return created_hour;
    return created_hour.substr(0, 10) + " " + created_hour.substr(11, 2) + ":00";
}

/// The newest comments with different words (the same words twice tell an inspector nothing new).
std::vector<CommentView> distinct_texts(const std::vector<CommentView>& list, int max) {
    std::vector<CommentView> out;
    for (const auto& c : list) {
        if (static_cast<int>(out.size()) >= max) break;
        if (std::none_of(out.begin(), out.end(), [&](const CommentView& o) { return o.text == c.text; }))
            out.push_back(c);
    }
    return out;
}

}  // namespace

// [SECTION] Shared parts

std::string filter_form(const ViewContext& ctx, const Params& params, const std::string& action, bool comment_fields) {
    auto select = [&](const std::string& name, const std::string& label,
                      const std::vector<std::pair<std::string, std::string>>& options) {
        const std::string current = get(params, name);
        std::string s = "<div class=\"field\"><label for=\"f-" + name + "\">" + label + "</label><select id=\"f-" +
                        name + "\" name=\"" + name + "\">";
        for (const auto& [v, l] : options)
            s += "<option value=\"" + escape(v) + "\"" + (v == current ? " selected" : "") + ">" + escape(l) +
                 "</option>";
        return s + "</select></div>";
    };
    std::vector<std::pair<std::string, std::string>> sites = {{"", "All sites"}};
    if (auto list = ctx.store.sites())
        for (const auto& s : *list) sites.push_back({s, s});
    std::vector<std::pair<std::string, std::string>> sets = {{"", "All question sets"}};
    for (const auto& qs : ctx.cat.question_sets()) sets.push_back({qs.id, qs.title.empty() ? qs.id : qs.title});
    std::string f = "<form class=\"filters\" method=\"get\" action=\"" + escape(action) + "\">";
    if (comment_fields) {
        f += "<div class=\"field wide\"><label for=\"f-q\">Search comments</label><input id=\"f-q\" name=\"q\" "
             "type=\"search\" "
             "maxlength=\"100\" value=\"" +
             escape(get(params, "q")) + "\"></div>";
        std::vector<std::pair<std::string, std::string>> themes = {{"", "All themes"}};
        for (const auto& t : ctx.cat.themes()) themes.push_back({t.theme.id, t.theme.title});
        f += select("theme", "Theme", themes);
    }
    f += select("site", "Site", sites);
    f += select("band", "Age group",
                {{"", "All ages"},
                 {"8-12", "8 to 12"},
                 {"13-17", "13 to 17"},
                 {"16-25", "Care leavers 16 to 25"},
                 {"unsaid", "Rather not say"}});
    f += select("period", "Period",
                {{"12m", "Last 12 months"},
                 {"3m", "Last 3 months"},
                 {"6m", "Last 6 months"},
                 {"24m", "Last 24 months"},
                 {"all", "All time"}});
    f += select("qs", "Question set", sets);
    f += "<div class=\"field\"><button type=\"submit\">Show</button></div></form>";
    return f;
}

std::string comment_list(const ViewContext& ctx, const std::vector<CommentView>& comments, bool manage,
                         const std::string& back) {
    std::string h = "<ol class=\"comments\">";
    const auto small = small_sites(ctx);
    for (const auto& c : comments) {
        h += "<li><blockquote>" + escape(c.text) + "</blockquote><p class=\"meta\">" +
             escape(shown_site(c.site, small)) + " · " + escape(hour_text(c.created_hour)) + " · age " +
             escape(c.age_band) + "</p>";
        if (c.links.empty())
            h += "<p class=\"links\">Not linked to a theme.</p>";
        else {
            h += "<ul class=\"links\">";
            for (const auto& l : c.links) {
                h += "<li><a href=\"/themes/" + escape(l.theme) + "\">" + escape(ctx.cat.title_of(l.theme)) + "</a>";
                if (l.source == "manager")
                    h += " <span class=\"tag\">added by a manager</span>";
                else if (!l.matched.empty()) {
                    h += " <span class=\"matched\">matched: ";
                    for (std::size_t i = 0; i < l.matched.size(); ++i)
                        h += (i ? ", " : "") + std::string("<mark>") + escape(l.matched[i]) + "</mark>";
                    h += "</span>";
                }
                if (manage)
                    h += "<form class=\"inline\" method=\"post\" action=\"/comments/link\"><input type=\"hidden\" "
                         "name=\"csrf\" value=\"" +
                         escape(ctx.user->csrf) + "\"><input type=\"hidden\" name=\"response\" value=\"" +
                         std::to_string(c.response) + "\"><input type=\"hidden\" name=\"theme\" value=\"" +
                         escape(l.theme) +
                         "\"><input type=\"hidden\" name=\"action\" value=\"remove\"><input type=\"hidden\" "
                         "name=\"back\" value=\"" +
                         escape(back) + "\"><button type=\"submit\" class=\"small\" aria-label=\"Remove link to " +
                         escape(ctx.cat.title_of(l.theme)) + "\">Remove link</button></form>";
                h += "</li>";
            }
            h += "</ul>";
        }
        if (manage) {
            const std::string id = "add-" + std::to_string(c.response);
            h += "<form class=\"inline add-link\" method=\"post\" action=\"/comments/link\"><input type=\"hidden\" "
                 "name=\"csrf\" value=\"" +
                 escape(ctx.user->csrf) + "\"><input type=\"hidden\" name=\"response\" value=\"" +
                 std::to_string(c.response) +
                 "\"><input type=\"hidden\" name=\"action\" value=\"add\"><input type=\"hidden\" name=\"back\" "
                 "value=\"" +
                 escape(back) + "\"><label for=\"" + id + "\">Link to theme</label><select id=\"" + id +
                 "\" name=\"theme\" required><option value=\"\">Choose a theme…</option>";
            for (const auto& t : ctx.cat.themes())
                h += "<option value=\"" + escape(t.theme.id) + "\">" + escape(t.theme.title) + "</option>";
            h += "</select><button type=\"submit\" class=\"small\">Add link</button></form>";
        }
        h += "</li>";
    }
    return h + "</ol>";
}

// [SECTION] Login

std::string login_page(const std::string& login_csrf, const std::string& message, const std::string& next) {
    std::string h =
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Log in · Listening Post</title>"
        "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\"><link rel=\"icon\" href=\"/assets/favicon.svg\" "
        "type=\"image/svg+xml\"></head><body class=\"login\">"
        "<main id=\"main\"><h1>Listening Post</h1><p class=\"lead\">What inspectors found, next to what young people "
        "say.</p>";
    if (!message.empty()) h += "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>";
    h += "<form method=\"post\" action=\"/login\" class=\"stack\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         escape(login_csrf) + "\"><input type=\"hidden\" name=\"next\" value=\"" + escape(next) +
         "\"><label for=\"user\">User name</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required "
         "maxlength=\"64\"><label for=\"password\">Password</label><input id=\"password\" name=\"password\" "
         "type=\"password\" autocomplete=\"current-password\" required maxlength=\"256\">"
         "<button type=\"submit\">Log in</button></form></main></body></html>\n";
    return h;
}

// [SECTION] Matrix

std::string matrix_page(const ViewContext& ctx, const Params& params) {
    const Filter filter = filter_from(params, ctx.now);
    auto stats = theme_stats(ctx, filter);
    if (!stats) return message_page(ctx, "Could not read the figures", stats.error().message);
    const auto keep = filter_params(params);
    std::string b = "<h1>Themes: what inspectors found, next to what young people say</h1>";
    if (ctx.cat.themes().empty())
        b += "<p class=\"notice\">No inspection catalogue is loaded yet. Run <code>lp-aggregator import-report --data "
             "DIR "
             "FILE</code>.</p>";
    b += filter_form(ctx, params, "/", false);
    b += "<p class=\"help\">Each theme shows the inspectors' finding and how young people answered the questions "
         "linked to it. <strong>Mean score</strong>: 0% is the worst answer, 100% the best. <strong>Negative</strong>: "
         "share of answers below the middle. The status word compares young people's answers with what the "
         "inspectors said.</p>";
    for (const auto& group : ctx.cat.groups()) {
        b += "<section class=\"area\"><h2>" + escape(group.title) +
             "</h2><table class=\"matrix\"><thead><tr>"
             "<th scope=\"col\">Theme</th><th scope=\"col\">What inspectors found</th><th scope=\"col\">Answers</th>"
             "<th scope=\"col\">Mean score</th><th scope=\"col\">Negative</th><th scope=\"col\">Trend by month</th>"
             "<th scope=\"col\">Status</th></tr></thead><tbody>";
        for (const ThemeEntry* t : group.themes) {
            const ThemeStats& s = stats->at(t->theme.id);
            b += "<tr><th scope=\"row\" data-label=\"Theme\"><a href=\"/themes/" + escape(t->theme.id) +
                 html::query(keep) + "\">" + escape(t->theme.title) + "</a></th><td data-label=\"Inspectors found\">";
            if (t->findings.empty())
                b += "<span class=\"muted\">No finding in the loaded reports.</span>";
            else {
                const auto& f = t->findings.front();
                b += "<span class=\"kind " + escape(f.finding->kind) + "\">" + kind_label(f.finding->kind) +
                     "</span> " + escape(shorten(f.finding->text, 200)) + "<br><small>" + report_line(f) + "</small>";
                if (t->findings.size() > 1)
                    b += "<br><small>and " + std::to_string(t->findings.size() - 1) + " more " +
                         (t->findings.size() == 2 ? "finding" : "findings") + "</small>";
            }
            b += "</td>";
            if (t->questions.empty()) {
                b += "<td data-label=\"Answers\"><span class=\"muted\">No kiosk question asks about this yet</span>"
                     "</td><td data-label=\"Mean score\">–</td><td data-label=\"Negative\">–</td>";
            } else if (s.suppressed) {
                b += "<td data-label=\"Answers\">" + fewer_than(ctx.config.min_group) +
                     "</td><td data-label=\"Mean score\">–</td><td data-label=\"Negative\">–</td>";
            } else {
                b += "<td data-label=\"Answers\">" + std::to_string(s.answers) + "</td><td data-label=\"Mean score\">" +
                     percent(s.mean) + "</td><td data-label=\"Negative\">" + percent(s.negative_share) + "</td>";
            }
            b += "<td data-label=\"Trend\">" + svg::sparkline(s.trend, "Mean score by month for " + t->theme.title) +
                 "</td><td data-label=\"Status\">" + status_badge(s.status) + "</td></tr>";
        }
        b += "</tbody></table></section>";
    }
    return layout(ctx, "Themes", "themes", b);
}

std::string matrix_json(const ViewContext& ctx, const Params& params) {
    const Filter filter = filter_from(params, ctx.now);
    auto stats = theme_stats(ctx, filter);
    nlohmann::json out = {{"min_group", std::max(ctx.config.min_group, min_group_floor)},
                          {"from_month", filter.from_month},
                          {"to_month", filter.to_month},
                          {"themes", nlohmann::json::array()}};
    if (!stats) return nlohmann::json{{"error", "internal"}, {"message", stats.error().message}}.dump();
    for (const auto& t : ctx.cat.themes()) {
        const ThemeStats& s = stats->at(t.theme.id);
        nlohmann::json j = {{"id", t.theme.id},   {"title", t.theme.title},
                            {"area", t.area},     {"findings", t.findings.size()},
                            {"status", s.status}, {"suppressed", s.suppressed}};
        if (s.suppressed) {
            j["answers"] = fewer_than(ctx.config.min_group);
            j["mean_score"] = nullptr;
            j["share_negative"] = nullptr;
        } else {
            j["answers"] = s.answers;
            j["mean_score"] = s.mean;
            j["share_negative"] = s.negative_share;
        }
        nlohmann::json trend = nlohmann::json::array();
        for (const auto& p : s.trend)
            trend.push_back(
                {{"month", p.label}, {"mean_score", p.value ? nlohmann::json(*p.value) : nlohmann::json(nullptr)}});
        j["trend"] = trend;
        out["themes"].push_back(j);
    }
    return out.dump();
}

// [SECTION] Theme page

std::string theme_page(const ViewContext& ctx, const ThemeEntry& t, const Params& params) {
    const Filter filter = filter_from(params, ctx.now);
    auto stats = theme_stats(ctx, filter);
    if (!stats) return message_page(ctx, "Could not read the figures", stats.error().message);
    const ThemeStats& s = stats->at(t.theme.id);
    const int k = ctx.config.min_group;
    std::string b = "<p class=\"crumbs\"><a href=\"/" + html::query(filter_params(params)) + "\">Themes</a> › " +
                    escape(area_title(t.area)) + "</p><h1>" + escape(t.theme.title) + "</h1>";
    if (!t.theme.young_title.empty())
        b += "<p class=\"lead\">In young people's words: “" + escape(t.theme.young_title) + "”</p>";
    b += filter_form(ctx, params, "/themes/" + t.theme.id, false);
    b += "<section><h2>How young people answered</h2><dl class=\"figures\">";
    b += "<div><dt>Answers</dt><dd>" + (s.suppressed ? fewer_than(k) : std::to_string(s.answers)) + "</dd></div>";
    b += "<div><dt>Mean score</dt><dd>" + (s.suppressed ? std::string("–") : percent(s.mean)) + "</dd></div>";
    b += "<div><dt>Negative</dt><dd>" + (s.suppressed ? std::string("–") : percent(s.negative_share)) + "</dd></div>";
    b += "<div><dt>Status</dt><dd>" + status_badge(s.status) + "</dd></div></dl>";
    b += "<h3>Change over time</h3><div class=\"over-time\"><figure>" +
         svg::sparkline(s.trend, "Mean score by month for " + t.theme.title, 480, 120) +
         "<figcaption>Mean score by month, oldest on the left. The dashed line is 50%; gaps are months with " +
         fewer_than(k) + " answers.</figcaption></figure>";
    b += "<table class=\"months\"><caption>Mean score by month</caption><thead><tr><th scope=\"col\">Month</th>"
         "<th scope=\"col\">Mean score</th></tr></thead><tbody>";
    for (std::size_t i = s.trend.size(); i-- > 0;) {
        const auto& p = s.trend[i];
        const std::int64_t n = s.trend_responses[i];
        if (n == 0 && !p.value) continue;
        b += "<tr><td>" + escape(p.label) + "</td><td>" + (p.value ? percent(*p.value) : fewer_than(k) + " answers") +
             "</td></tr>";
    }
    b += "</tbody></table></div></section>";

    b += "<section><h2>What inspectors found</h2>";
    if (t.findings.empty()) b += "<p>No finding of the loaded reports is linked to this theme.</p>";
    for (const auto& f : t.findings) {
        b += "<article class=\"finding\"><p><span class=\"kind " + escape(f.finding->kind) + "\">" +
             kind_label(f.finding->kind) + "</span> <small>" + report_line(f);
        if (!f.finding->paragraphs.empty()) {
            b += f.finding->paragraphs.size() == 1 ? ", paragraph " : ", paragraphs ";
            for (std::size_t i = 0; i < f.finding->paragraphs.size(); ++i)
                b += (i ? ", " : "") + std::to_string(f.finding->paragraphs[i]);
        }
        b += "</small></p><blockquote>" + escape(f.finding->text) + "</blockquote>";
        if (!f.matched.empty()) {
            b += "<p class=\"matched\">Linked by the words: ";
            for (std::size_t i = 0; i < f.matched.size(); ++i)
                b += (i ? ", " : "") + std::string("<mark>") + escape(f.matched[i]) + "</mark>";
            b += "</p>";
        }
        b += "</article>";
    }
    b += "</section>";

    b += "<section><h2>Questions linked to this theme</h2>";
    std::vector<std::string> ids;
    for (const auto& q : t.questions) ids.push_back(q.question->id);
    auto counts = ctx.store.value_counts(filter, ids);
    if (t.questions.empty()) b += "<p>No kiosk question asks about this theme yet.</p>";
    for (const auto& lq : t.questions) {
        if (!filter.question_set.empty() && filter.question_set != lq.question_set) continue;
        const Question& q = *lq.question;
        b += "<article class=\"question\"><h3>“" + escape(q.text_16_25.empty() ? q.text_13_17 : q.text_16_25) +
             "”</h3><p class=\"meta\">Question set " + escape(lq.question_set) + ", question " + escape(q.id) + "</p>";
        std::vector<svg::Bar> bars;
        std::int64_t total = 0;
        for (const auto& bucket : buckets_for(q)) {
            std::int64_t n = 0;
            if (counts)
                for (const auto& c : *counts)
                    if (c.question_set == lq.question_set && c.question == q.id && c.value == bucket.value)
                        n += c.count;
            total += n;
            bars.push_back({bucket.label, n, bucket.tone});
        }
        if (suppressed(total, k))
            b += "<p class=\"suppressed\">" + fewer_than(k) + " answers: not shown.</p>";
        else
            b += svg::bar_chart(bars, "Answers to " + q.id + " (" + std::to_string(total) + " answers)");
        b += "</article>";
    }
    b += "</section>";

    if (ctx.user && ctx.user->manager()) {
        CommentQuery cq;
        cq.filter = filter;
        cq.theme = t.theme.id;
        cq.limit = 20;
        auto total = ctx.store.count_comments(cq);
        b += "<section><h2>What young people wrote</h2>";
        if (!total)
            b += "<p>Comments could not be read.</p>";
        else if (suppressed(*total, k))
            b += "<p class=\"suppressed\">" + fewer_than(k) + " comments: not shown.</p>";
        else {
            auto list = ctx.store.comments(cq);
            if (list) {
                b += "<p>" + std::to_string(*total) +
                     " comments are linked to this theme; the newest are below. <a href=\"/comments" +
                     html::query({{"theme", t.theme.id}, {"site", filter.site}, {"period", get(params, "period")}}) +
                     "\">All of them, with search</a>.</p>";
                b += comment_list(ctx, *list, false, "");
            }
        }
        b += "</section>";
    }
    if (auto replies = ctx.store.replies()) {
        std::string r;
        for (const auto& reply : *replies)
            if (reply.theme == t.theme.id)
                r += "<li>" + escape(reply.text) + " <small>(" + escape(iso_utc(reply.at).substr(0, 10)) +
                     ")</small></li>";
        if (!r.empty()) b += "<section><h2>You said, we did</h2><ul>" + r + "</ul></section>";
    }
    return layout(ctx, t.theme.title, "themes", b);
}

// [SECTION] Evidence pack

std::string evidence_page(const ViewContext& ctx, const Params& params) {
    const Filter filter = filter_from(params, ctx.now);
    auto stats = theme_stats(ctx, filter);
    if (!stats) return message_page(ctx, "Could not read the figures", stats.error().message);
    const int k = ctx.config.min_group;
    std::string b =
        "<h1>Evidence pack</h1><p class=\"lead\">What young people told us, theme by theme, " +
        escape(filter.from_month.empty() ? std::string("all time") : filter.from_month + " to " + filter.to_month) +
        (filter.site.empty() ? std::string(", all sites") : ", " + escape(filter.site)) + ".</p>";
    b += filter_form(ctx, params, "/evidence", false);
    b += "<p class=\"actions\"><a class=\"button\" href=\"/evidence.csv" + html::query(filter_params(params)) +
         "\" download>Download CSV</a> <button type=\"button\" class=\"print\" data-print>Print</button></p>";
    auto replies = ctx.store.replies();
    const auto small = small_sites(ctx);
    for (const auto& group : ctx.cat.groups()) {
        b += "<section class=\"area\"><h2>" + escape(group.title) + "</h2>";
        for (const ThemeEntry* t : group.themes) {
            const ThemeStats& s = stats->at(t->theme.id);
            b += "<article class=\"evidence\"><h3>" + escape(t->theme.title) + "</h3>";
            if (!t->findings.empty())
                b += "<p><span class=\"kind " + escape(t->findings.front().finding->kind) + "\">" +
                     kind_label(t->findings.front().finding->kind) + "</span> " +
                     escape(t->findings.front().finding->text) + " <small>(" + report_line(t->findings.front()) +
                     ")</small></p>";
            if (s.suppressed)
                b += "<p>Answers: " + fewer_than(k) + ". " + status_badge(s.status) + "</p>";
            else
                b += "<p>Answers: " + std::to_string(s.answers) + ". Mean score " + percent(s.mean) + ", negative " +
                     percent(s.negative_share) + ". " + status_badge(s.status) + "</p>";
            b += svg::sparkline(s.trend, "Mean score by month for " + t->theme.title, 240, 48);
            if (ctx.config.recent_comments > 0 && !s.suppressed) {
                CommentQuery cq;
                cq.filter = filter;
                cq.theme = t->theme.id;
                cq.limit = ctx.config.recent_comments * 5;
                auto total = ctx.store.count_comments(cq);
                if (total && !suppressed(*total, k))
                    if (auto list = ctx.store.comments(cq); list && !list->empty()) {
                        b += "<ul class=\"quotes\">";
                        for (const auto& c : distinct_texts(*list, ctx.config.recent_comments))
                            b += "<li>“" + escape(c.text) + "” <small>" + escape(shown_site(c.site, small)) + ", " +
                                 escape(c.created_hour.substr(0, 10)) + "</small></li>";
                        b += "</ul>";
                    }
            }
            if (replies)
                for (const auto& r : *replies)
                    if (r.theme == t->theme.id)
                        b += "<p class=\"reply\"><strong>We did:</strong> " + escape(r.text) + "</p>";
            b += "</article>";
        }
        b += "</section>";
    }
    return layout(ctx, "Evidence pack", "evidence", b);
}

std::string evidence_csv(const ViewContext& ctx, const Params& params) {
    using html::csv_field;
    const Filter filter = filter_from(params, ctx.now);
    auto stats = theme_stats(ctx, filter);
    std::string out =
        "kind,theme,title,area,from_month,to_month,site,answers,mean_score,share_negative,status,hour,comment\r\n";
    if (!stats) return out;
    const int k = ctx.config.min_group;
    const auto small = small_sites(ctx);
    for (const auto& t : ctx.cat.themes()) {
        const ThemeStats& s = stats->at(t.theme.id);
        out += "theme," + csv_field(t.theme.id) + "," + csv_field(t.theme.title) + "," + csv_field(t.area) + "," +
               filter.from_month + "," + filter.to_month + "," + csv_field(filter.site) + ",";
        if (s.suppressed)
            out += csv_field(fewer_than(k)) + ",,,";
        else {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.3f,%.3f,", s.mean, s.negative_share);
            out += std::to_string(s.answers) + "," + buf;
        }
        out += csv_field(s.status) + ",,\r\n";
        if (ctx.config.recent_comments <= 0 || s.suppressed) continue;
        CommentQuery cq;
        cq.filter = filter;
        cq.theme = t.theme.id;
        cq.limit = ctx.config.recent_comments * 5;
        auto total = ctx.store.count_comments(cq);
        if (!total || suppressed(*total, k)) continue;
        if (auto list = ctx.store.comments(cq))
            for (const auto& c :
                 distinct_texts(*list, ctx.config.recent_comments))  // site and hour only: no device, no exact time
                out += "comment," + csv_field(t.theme.id) + ",,,,," + csv_field(shown_site(c.site, small)) + ",,,,," +
                       csv_field(c.created_hour) + "," + csv_field(c.text) + "\r\n";
    }
    return out;
}

std::string replies_json(const std::vector<Reply>& replies, const CatalogueIndex& cat) {
    nlohmann::json out = {{"replies", nlohmann::json::array()}};
    for (const auto& r : replies) {
        const ThemeEntry* t = cat.find(r.theme);
        out["replies"].push_back({{"theme", r.theme},
                                  {"young_title", t ? t->theme.young_title : std::string()},
                                  {"text", r.text},
                                  {"date", iso_utc(r.at).substr(0, 10)}});
    }
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lp::dashboard
