// Theme views: login, matrix (HTML and JSON), theme page, evidence pack (HTML and CSV).
#include <algorithm>
#include <lp/dashboard/assisted.hpp>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/page_models.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string status_class(const std::string& status) {
    if (status == "Young people agree") return "status agree";
    if (status == "Young people disagree") return "status disagree";
    if (status == "Mixed") return "status mixed";
    return "status none";
}

std::string status_badge(const Text& t, const std::string& status) {
    return "<span class=\"" + status_class(status) + "\">" + status_label(t, status) + "</span>";
}

std::string kind_label(const Text& t, const std::string& kind) {
    if (kind == "improvement") return t.html("kind.improvement");
    if (kind == "strength") return t.html("kind.strength");
    return t.html("kind.finding");
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

/// An inspection area's title ("The experiences and progress of care leavers") in t's language.
std::string area_label(const Text& t, const std::string& area) {
    std::string key = "area." + area;
    std::replace(key.begin(), key.end(), ' ', '_');
    return t.has(key) ? t.html(key) : t.html("area.other");
}

/// The words a sparkline says for its points.
svg::Words spark_words(const Text& t) { return {t.plain("spark.not_enough"), t.plain("spark.empty")}; }

std::string words_list(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i)
        out += (i ? ", " : "") + std::string("<mark>") + escape(words[i]) + "</mark>";
    return out;
}

/// "2026-06-28 23:00" from "2026-06-28T23:00:00Z" (already hour-rounded by the kiosk).
std::string hour_text(const std::string& created_hour) {
    if (created_hour.size() < 13) return created_hour;
    return created_hour.substr(0, 10) + " " + created_hour.substr(11, 2) + ":00";
}

}  // namespace

// [SECTION] Shared parts

std::string filter_form(const ViewContext& ctx, const Params& params, const std::string& action, bool comment_fields) {
    const Text& t = text_of(ctx);
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
    std::vector<std::pair<std::string, std::string>> sites = {{"", t.plain("filter.all_sites")}};
    if (auto list = ctx.store.sites())
        for (const auto& s : *list) sites.push_back({s, s});
    std::vector<std::pair<std::string, std::string>> sets = {{"", t.plain("filter.all_sets")}};
    for (const auto& qs : ctx.cat.question_sets()) sets.push_back({qs.id, qs.title.empty() ? qs.id : qs.title});
    std::string f = "<form class=\"filters\" method=\"get\" action=\"" + escape(action) + "\">";
    if (comment_fields) {
        f += "<div class=\"field wide\"><label for=\"f-q\">" + t.html("filter.search") +
             "</label><input id=\"f-q\" name=\"q\" "
             "type=\"search\" "
             "maxlength=\"100\" value=\"" +
             escape(get(params, "q")) + "\"></div>";
        std::vector<std::pair<std::string, std::string>> themes = {{"", t.plain("filter.all_themes")}};
        for (const auto& te : ctx.cat.themes()) themes.push_back({te.theme.id, te.theme.title});
        f += select("theme", t.html("filter.theme"), themes);
        // Comments the linker could not place: a manager links them by hand.
        f += std::string("<div class=\"field check\"><input id=\"f-unlinked\" name=\"unlinked\" type=\"checkbox\" "
                         "value=\"1\"") +
             (get(params, "unlinked") == "1" ? " checked" : "") + "><label for=\"f-unlinked\">" +
             t.html("filter.unlinked") + "</label></div>";
    }
    f += select("site", t.html("filter.site"), sites);
    f += select("band", t.html("filter.age"),
                {{"", t.plain("filter.all_ages")},
                 {"4-7", t.plain("band.4-7")},
                 {"8-12", t.plain("band.8-12")},
                 {"13-17", t.plain("band.13-17")},
                 {"16-25", t.plain("band.16-25")},
                 {"unsaid", t.plain("band.unsaid")}});
    f += select("period", t.html("filter.period"),
                {{"12m", t.plain("period.12m")},
                 {"3m", t.plain("period.3m")},
                 {"6m", t.plain("period.6m")},
                 {"24m", t.plain("period.24m")},
                 {"all", t.plain("period.all")}});
    f += select("qs", t.html("filter.question_set"), sets);
    f += "<div class=\"field\"><button type=\"submit\">" + t.html("filter.show") + "</button></div></form>";
    return f;
}

std::string comment_list(const ViewContext& ctx, const std::vector<CommentView>& comments, bool manage,
                         const std::string& back) {
    const Text& t = text_of(ctx);
    std::string h = "<ol class=\"comments\">";
    const auto small = small_sites(ctx);
    for (const auto& c : comments) {
        const std::string band_key = "band.age." + c.age_band;
        h += "<li><blockquote>" + escape(c.text) + "</blockquote><p class=\"meta\">" +
             escape(shown_site(c.site, small, t));
        if (!c.created_hour.empty()) h += " · " + escape(hour_text(c.created_hour));
        if (!c.age_band.empty()) h += " · " + (t.has(band_key) ? t.html(band_key) : escape(c.age_band));
        if (manage)  // its review state: new, or read by whom and when
            h += " · " + (c.read_at ? t.html("review.read_by",
                                             {{"user", escape(c.read_by)}, {"time", escape(iso_utc(*c.read_at))}})
                                    : "<a href=\"/to-read\">" + t.html("review.new") + "</a>");
        h += "</p>";
        if (c.links.empty())
            h += "<p class=\"links\">" + t.html("comment.not_linked") + "</p>";
        else {
            h += "<ul class=\"links\">";
            for (const auto& l : c.links) {
                h += "<li><a href=\"/themes/" + escape(l.theme) + "\">" + escape(ctx.cat.title_of(l.theme)) + "</a>";
                if (l.source == "manager")
                    h += " <span class=\"tag\">" + t.html("comment.added_by_manager") + "</span>";
                else if (!l.matched.empty())
                    h += " <span class=\"matched\">" + t.html("comment.matched", {{"words", words_list(l.matched)}}) +
                         "</span>";
                if (manage)
                    h += "<form class=\"inline\" method=\"post\" action=\"/comments/link\"><input type=\"hidden\" "
                         "name=\"csrf\" value=\"" +
                         escape(ctx.user->csrf) + "\"><input type=\"hidden\" name=\"response\" value=\"" +
                         std::to_string(c.response) + "\"><input type=\"hidden\" name=\"theme\" value=\"" +
                         escape(l.theme) +
                         "\"><input type=\"hidden\" name=\"action\" value=\"remove\"><input type=\"hidden\" "
                         "name=\"back\" value=\"" +
                         escape(back) + "\"><button type=\"submit\" class=\"small\" aria-label=\"" +
                         t.html("comment.remove_link_label", {{"theme", escape(ctx.cat.title_of(l.theme))}}) + "\">" +
                         t.html("comment.remove_link") + "</button></form>";
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
                 escape(back) + "\"><label for=\"" + id + "\">" + t.html("comment.link_to") + "</label><select id=\"" +
                 id + "\" name=\"theme\" required><option value=\"\">" + t.html("comment.choose_theme") + "</option>";
            for (const auto& te : ctx.cat.themes())
                h += "<option value=\"" + escape(te.theme.id) + "\">" + escape(te.theme.title) + "</option>";
            h += "</select><button type=\"submit\" class=\"small\">" + t.html("comment.add_link") + "</button></form>";
        }
        h += "</li>";
    }
    return h + "</ol>";
}

// [SECTION] Login

std::string login_page(const Text& t, const Languages* languages, const std::string& login_csrf,
                       const std::string& message, const std::string& next) {
    std::string h = "<!doctype html>\n<html lang=\"" + t.html("html_lang") +
                    "\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
                    t.html("page_title", {{"title", t.html("login.title")}}) +
                    "</title><link rel=\"stylesheet\" href=\"/assets/dashboard.css\"><link rel=\"icon\" "
                    "href=\"/assets/favicon.svg\" type=\"image/svg+xml\"></head><body class=\"login\">"
                    "<main id=\"main\"><h1>" +
                    t.html("brand") + "</h1><p class=\"lead\">" + t.html("login.lead") + "</p>";
    if (!message.empty()) h += "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>";
    h += "<form method=\"post\" action=\"/login\" class=\"stack\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         escape(login_csrf) + "\"><input type=\"hidden\" name=\"next\" value=\"" + escape(next) +
         "\"><label for=\"user\">" + t.html("login.user") +
         "</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required "
         "maxlength=\"64\"><label for=\"password\">" +
         t.html("login.password") +
         "</label><input id=\"password\" name=\"password\" "
         "type=\"password\" autocomplete=\"current-password\" required maxlength=\"256\">"
         "<button type=\"submit\">" +
         t.html("login.submit") + "</button></form>" + language_links(t, languages) + "</main></body></html>\n";
    return h;
}

// [SECTION] Matrix

namespace {

// Managers see how many comments (in the filter) no theme holds yet, linked to the comments page's
// "No theme yet" filter; the count is suppressed and rounded as the matrix's own counts are.
std::string unlinked_note(const ViewContext& ctx, const std::optional<CountFigure>& unlinked,
                          const std::vector<std::pair<std::string, std::string>>& keep) {
    if (!unlinked) return "";
    const Text& t = text_of(ctx);
    const std::string shown =
        unlinked->hidden ? fewer_than_text(t, ctx.config.min_group) : std::to_string(unlinked->count);
    auto params = keep;
    params.push_back({"unlinked", "1"});
    return "<p class=\"unlinked\">" + t.html("matrix.unlinked", {{"n", shown}}) + " <a href=\"/comments" +
           html::query(params) + "\">" + t.html("matrix.unlinked_link") + "</a>.</p>";
}

// Where the 4-7 band shows (all ages, or 4 to 7 chosen): how many of its answers a grown-up
// helped with, suppressed and rounded as the matrix's own counts are.
Filter under_8s_filter(const Filter& filter) {
    Filter f = filter;
    f.age_band = "4-7";
    return f;
}

bool shows_under_8s(const Filter& filter) { return filter.age_band.empty() || filter.age_band == "4-7"; }

std::string assisted_note(const ViewContext& ctx, const Filter& filter) {
    if (!shows_under_8s(filter)) return "";
    auto counts = ctx.store.assisted_counts(under_8s_filter(filter));
    if (!counts) return "";
    const AssistedShare s = assisted_share(*counts, ctx.config.min_group);
    const Text& t = text_of(ctx);
    std::string words;
    if (s.total_suppressed)
        words = t.html("matrix.assisted_few", {{"n", fewer_than_text(t, ctx.config.min_group)}});
    else if (s.share_suppressed)
        words = t.html("matrix.assisted_hidden", {{"n", std::to_string(s.responses)}});
    else
        words = t.html("matrix.assisted", {{"assisted", std::to_string(s.assisted)},
                                           {"n", std::to_string(s.responses)},
                                           {"share", percent(s.share)}});
    return "<p class=\"assisted\" id=\"assisted-4-7\">" + words + "</p>";
}

}  // namespace

std::string matrix_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    auto m = matrix_model(ctx, filter_from(params, ctx.now));
    if (!m) return message_page(ctx, t.plain("error.figures"), m.error().message);
    const auto keep = filter_params(params);
    const std::string dash =
        "<td data-label=\"" + t.html("col.mean") + "\">–</td><td data-label=\"" + t.html("col.negative") + "\">–</td>";
    std::string b = "<h1>" + t.html("matrix.heading") + "</h1>";
    if (ctx.cat.themes().empty())
        b += "<p class=\"notice\">" +
             t.html("matrix.no_catalogue", {{"command", "<code>lp-aggregator import-report --data DIR FILE</code>"}}) +
             "</p>";
    b += filter_form(ctx, params, "/", false);
    b += "<p class=\"help\">" +
         t.html("matrix.help", {{"mean", "<strong>" + t.html("col.mean") + "</strong>"},
                                {"negative", "<strong>" + t.html("col.negative") + "</strong>"}}) +
         "</p><p class=\"help\">" + change_method_html(t) + "</p>";
    b += unlinked_note(ctx, m->unlinked, keep);
    b += assisted_note(ctx, m->filter);
    for (const auto& group : ctx.cat.groups()) {
        b += "<section class=\"area\"><h2>" + area_label(t, group.key) + "</h2><table class=\"matrix\"><thead><tr>";
        for (const char* col :
             {"col.theme", "col.found", "col.answers", "col.mean", "col.negative", "pack.col.change", "col.trend",
              "col.status"})
            b += "<th scope=\"col\">" + t.html(col) + "</th>";
        b += "</tr></thead><tbody>";
        for (const ThemeEntry* te : group.themes) {
            const ThemeStats& s = m->stats.at(te->theme.id);
            b += "<tr><th scope=\"row\" data-label=\"" + t.html("col.theme") + "\"><a href=\"/themes/" +
                 escape(te->theme.id) + html::query(keep) + "\">" + escape(te->theme.title) +
                 "</a></th><td data-label=\"" + t.html("col.found_short") + "\">";
            if (te->findings.empty())
                b += "<span class=\"muted\">" + t.html("matrix.no_finding") + "</span>";
            else {
                const auto& f = te->findings.front();
                b += "<span class=\"kind " + escape(f.finding->kind) + "\">" + kind_label(t, f.finding->kind) +
                     "</span> " + escape(shorten(f.finding->text, 200)) + "<br><small>" + report_line(f) + "</small>";
                if (te->findings.size() > 1)
                    b += "<br><small>" +
                         t.html(te->findings.size() == 2 ? "matrix.more.one" : "matrix.more.other",
                                {{"n", std::to_string(te->findings.size() - 1)}}) +
                         "</small>";
            }
            b += "</td>";
            const std::string answers = "<td data-label=\"" + t.html("col.answers") + "\">";
            if (te->questions.empty()) {
                b += answers + "<span class=\"muted\">" + t.html("matrix.no_question") + "</span></td>" + dash;
            } else if (s.suppressed) {
                b += answers + fewer_than_text(t, ctx.config.min_group) + "</td>" + dash;
            } else {
                b += answers + std::to_string(s.answers) + rate_note(ctx, m->cohort, s.responses) +
                     "</td><td data-label=\"" + t.html("col.mean") + "\">" +
                     percent(s.mean) + "</td><td data-label=\"" + t.html("col.negative") + "\">" +
                     percent(s.negative_share) + "</td>";
            }
            b += "<td data-label=\"" + t.html("pack.col.change") + "\">" +
                 change_html(t, m->changes, te->theme.id, s.suppressed || te->questions.empty()) + "</td>";
            b +=
                "<td data-label=\"" + t.html("col.trend_short") + "\">" +
                svg::sparkline(s.trend, t.plain("spark.title", {{"theme", te->theme.title}}), 140, 36, spark_words(t)) +
                "</td><td data-label=\"" + t.html("col.status") + "\">" + status_badge(t, s.status) + "</td></tr>";
        }
        b += "</tbody></table></section>";
    }
    return layout(ctx, t.plain("nav.themes"), "themes", b);
}

std::string matrix_json(const ViewContext& ctx, const Params& params) {
    const Filter filter = filter_from(params, ctx.now);
    auto m = matrix_model(ctx, filter);
    if (!m) return nlohmann::json{{"error", "internal"}, {"message", m.error().message}}.dump();
    nlohmann::json out = {{"min_group", std::max(ctx.config.min_group, min_group_floor)},
                          {"from_month", filter.from_month},
                          {"to_month", filter.to_month},
                          {"themes", nlohmann::json::array()}};
    if (shows_under_8s(filter)) {
        // Ages 4 to 7 answered with a grown-up's help ("A grown-up helped me"), suppressed as above.
        auto counts = ctx.store.assisted_counts(under_8s_filter(filter));
        if (!counts) return nlohmann::json{{"error", "internal"}, {"message", counts.error().message}}.dump();
        const AssistedShare s = assisted_share(*counts, ctx.config.min_group);
        nlohmann::json a = {{"suppressed", s.total_suppressed}, {"share_suppressed", s.share_suppressed}};
        a["responses"] = s.total_suppressed ? nlohmann::json(fewer_than(ctx.config.min_group)) : nlohmann::json(s.responses);
        a["assisted"] = s.share_suppressed ? nlohmann::json(nullptr) : nlohmann::json(s.assisted);
        a["share_assisted"] = s.share_suppressed ? nlohmann::json(nullptr) : nlohmann::json(s.share);
        out["under_8s"] = a;
    }
    for (const auto& t : ctx.cat.themes()) {
        const ThemeStats& s = m->stats.at(t.theme.id);
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

std::string theme_page(const ViewContext& ctx, const ThemeEntry& te, const Params& params) {
    const Text& t = text_of(ctx);
    auto m = theme_page_model(ctx, te, filter_from(params, ctx.now));
    if (!m) return message_page(ctx, t.plain("error.figures"), m.error().message);
    const ThemeStats& s = m->stats;
    const std::string fewer = fewer_than_text(t, ctx.config.min_group);
    std::string b = "<p class=\"crumbs\"><a href=\"/" + html::query(filter_params(params)) + "\">" +
                    t.html("nav.themes") + "</a> › " + area_label(t, te.area) + "</p><h1>" + escape(te.theme.title) +
                    "</h1>";
    if (!te.theme.young_title.empty())
        b += "<p class=\"lead\">" + t.html("theme.young_words", {{"words", escape(te.theme.young_title)}}) + "</p>";
    b += filter_form(ctx, params, "/themes/" + te.theme.id, false);
    b += "<section><h2>" + t.html("theme.answered") + "</h2><dl class=\"figures\">";
    b += "<div><dt>" + t.html("col.answers") + "</dt><dd>" +
         (s.suppressed ? fewer : std::to_string(s.answers) + rate_note(ctx, m->cohort, s.responses)) + "</dd></div>";
    b += "<div><dt>" + t.html("col.mean") + "</dt><dd>" + (s.suppressed ? std::string("–") : percent(s.mean)) +
         "</dd></div>";
    b += "<div><dt>" + t.html("col.negative") + "</dt><dd>" +
         (s.suppressed ? std::string("–") : percent(s.negative_share)) + "</dd></div>";
    b += "<div><dt>" + t.html("pack.col.change") + "</dt><dd>" + change_html(t, m->changes, te.theme.id, s.suppressed) +
         "</dd></div>";
    b += "<div><dt>" + t.html("col.status") + "</dt><dd>" + status_badge(t, s.status) + "</dd></div></dl>";
    b += "<p class=\"help\">" + change_method_html(t) + "</p>";
    b += "<h3>" + t.html("theme.change") + "</h3><div class=\"over-time\"><figure>" +
         svg::sparkline(s.trend, t.plain("spark.title", {{"theme", te.theme.title}}), 480, 120, spark_words(t)) +
         "<figcaption>" + t.html("theme.caption", {{"fewer", fewer}}) + "</figcaption></figure>";
    b += "<table class=\"months\"><caption>" + t.html("theme.months_caption") +
         "</caption><thead><tr><th scope=\"col\">" + t.html("col.month") + "</th><th scope=\"col\">" +
         t.html("col.mean") + "</th></tr></thead><tbody>";
    for (std::size_t i = s.trend.size(); i-- > 0;) {
        const auto& p = s.trend[i];
        // Every month of the period: an empty month reads exactly like one with 1 to 4 answers.
        b += "<tr><td>" + escape(p.label) + "</td><td>" +
             (p.value ? percent(*p.value) : t.html("theme.fewer_answers", {{"fewer", fewer}})) + "</td></tr>";
    }
    b += "</tbody></table></div></section>";

    b += "<section><h2>" + t.html("col.found") + "</h2>";
    if (te.findings.empty()) b += "<p>" + t.html("theme.no_finding") + "</p>";
    for (const auto& f : te.findings) {
        b += "<article class=\"finding\"><p><span class=\"kind " + escape(f.finding->kind) + "\">" +
             kind_label(t, f.finding->kind) + "</span> <small>" + report_line(f);
        if (!f.finding->paragraphs.empty()) {
            std::string list;
            for (std::size_t i = 0; i < f.finding->paragraphs.size(); ++i)
                list += (i ? ", " : "") + std::to_string(f.finding->paragraphs[i]);
            b += t.html(f.finding->paragraphs.size() == 1 ? "theme.paragraph" : "theme.paragraphs", {{"list", list}});
        }
        b += "</small></p><blockquote>" + escape(f.finding->text) + "</blockquote>";
        if (!f.matched.empty())
            b += "<p class=\"matched\">" + t.html("theme.linked_by", {{"words", words_list(f.matched)}}) + "</p>";
        b += "</article>";
    }
    b += "</section>";

    b += theme_actions_section(ctx, te.theme.id);

    b += "<section><h2>" + t.html("theme.questions") + "</h2>";
    if (te.questions.empty()) b += "<p>" + t.html("theme.no_question") + "</p>";
    for (const auto& qf : m->questions) {
        const Question& q = *qf.linked.question;
        b += "<article class=\"question\"><h3>“" + escape(q.text_16_25.empty() ? q.text_13_17 : q.text_16_25) +
             "”</h3><p class=\"meta\">" +
             t.html("theme.question_meta", {{"set", escape(qf.linked.question_set)}, {"id", escape(q.id)}}) + "</p>";
        if (qf.hidden) {
            b += "<p class=\"suppressed\">" + t.html("theme.answers_hidden", {{"fewer", fewer}}) + "</p>";
        } else {
            std::vector<svg::Bar> bars;
            for (const auto& bucket : qf.buckets)
                bars.push_back({t.plain(bucket.label_key), bucket.count, bucket.tone});
            b += svg::bar_chart(bars, t.plain("theme.chart_title", {{"id", q.id}, {"n", std::to_string(qf.total)}}));
        }
        b += "</article>";
    }
    b += "</section>";

    if (m->comments) {
        const ThemeComments& c = *m->comments;
        b += "<section><h2>" + t.html("theme.wrote") + "</h2>";
        if (!c.readable)
            b += "<p>" + t.html("theme.comments_unreadable") + "</p>";
        else if (c.hidden)
            b += "<p class=\"suppressed\">" + t.html("theme.comments_hidden", {{"fewer", fewer}}) + "</p>";
        else if (c.list) {
            b += "<p>" + t.html("theme.comments_count", {{"n", std::to_string(c.total)}}) + " <a href=\"/comments" +
                 html::query({{"theme", te.theme.id}, {"site", m->filter.site}, {"period", get(params, "period")}}) +
                 "\">" + t.html("theme.all_comments") + "</a>.</p>";
            b += comment_list(ctx, *c.list, false, "");
        }
        b += "</section>";
    }
    std::string r;
    for (const auto& reply : m->replies)
        r += "<li>" + escape(reply.text) + " <small>(" + escape(iso_utc(reply.at).substr(0, 10)) + ")</small></li>";
    if (!r.empty()) b += "<section><h2>" + t.html("nav.replies") + "</h2><ul>" + r + "</ul></section>";
    return layout(ctx, te.theme.title, "themes", b);
}

// [SECTION] Evidence pack

std::string evidence_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    auto m = evidence_model(ctx, filter_from(params, ctx.now));
    if (!m) return message_page(ctx, t.plain("error.figures"), m.error().message);
    const Filter& filter = m->filter;
    const std::string period =
        filter.from_month.empty()
            ? t.html("evidence.all_time")
            : t.html("evidence.range", {{"from", escape(filter.from_month)}, {"to", escape(filter.to_month)}});
    std::string b =
        "<h1>" + t.html("nav.evidence") + "</h1><p class=\"lead\">" +
        t.html("evidence.lead", {{"period", period},
                                 {"site", filter.site.empty() ? t.html("evidence.all_sites") : escape(filter.site)}}) +
        "</p>";
    b += filter_form(ctx, params, "/evidence", false);
    b += "<p class=\"actions\"><a class=\"button\" href=\"/evidence.csv" + html::query(filter_params(params)) +
         "\" download>" + t.html("evidence.csv") + "</a> <button type=\"button\" class=\"print\" data-print>" +
         t.html("evidence.print") + "</button></p>";
    for (const auto& group : ctx.cat.groups()) {
        b += "<section class=\"area\"><h2>" + area_label(t, group.key) + "</h2>";
        for (const ThemeEntry* te : group.themes) {
            const EvidenceTheme& e = m->themes.at(te->theme.id);
            const ThemeStats& s = e.stats;
            b += "<article class=\"evidence\"><h3>" + escape(te->theme.title) + "</h3>";
            if (!te->findings.empty())
                b += "<p><span class=\"kind " + escape(te->findings.front().finding->kind) + "\">" +
                     kind_label(t, te->findings.front().finding->kind) + "</span> " +
                     escape(te->findings.front().finding->text) + " <small>(" + report_line(te->findings.front()) +
                     ")</small></p>";
            if (s.suppressed)
                b += "<p>" + t.html("evidence.answers_hidden", {{"fewer", fewer_than_text(t, ctx.config.min_group)}}) +
                     " " + status_badge(t, s.status) + "</p>";
            else
                b += "<p>" +
                     t.html("evidence.answers", {{"n", std::to_string(s.answers)},
                                                 {"mean", percent(s.mean)},
                                                 {"negative", percent(s.negative_share)}}) +
                     rate_note(ctx, m->cohort, s.responses) + " " + status_badge(t, s.status) + "</p>";
            b += svg::sparkline(s.trend, t.plain("spark.title", {{"theme", te->theme.title}}), 240, 48, spark_words(t));
            if (!e.quotes.empty()) {
                b += "<ul class=\"quotes\">";
                for (const auto& c : e.quotes)
                    b += "<li>“" + escape(c.text) + "” <small>" + escape(shown_site(c.site, m->small_sites, t)) +
                         (c.created_hour.empty() ? "" : ", " + escape(c.created_hour)) + "</small></li>";
                b += "</ul>";
            }
            for (const auto& r : e.replies)
                b += "<p class=\"reply\"><strong>" + t.html("evidence.we_did") + "</strong> " + escape(r.text) + "</p>";
            b += "</article>";
        }
        b += "</section>";
    }
    return layout(ctx, t.plain("nav.evidence"), "evidence", b);
}

std::string evidence_csv(const ViewContext& ctx, const Params& params) {
    using html::csv_field;
    std::string out =
        "kind,theme,title,area,from_month,to_month,site,answers,mean_score,share_negative,status,month,comment\r\n";
    auto m = evidence_model(ctx, filter_from(params, ctx.now));
    if (!m) return out;
    const Filter& filter = m->filter;
    for (const auto& t : ctx.cat.themes()) {
        const EvidenceTheme& e = m->themes.at(t.theme.id);
        const ThemeStats& s = e.stats;
        out += "theme," + csv_field(t.theme.id) + "," + csv_field(t.theme.title) + "," + csv_field(t.area) + "," +
               filter.from_month + "," + filter.to_month + "," + csv_field(filter.site) + ",";
        if (s.suppressed)
            out += csv_field(fewer_than(ctx.config.min_group)) + ",,,";
        else {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.3f,%.3f,", s.mean, s.negative_share);
            out += std::to_string(s.answers) + "," + buf;
        }
        out += csv_field(s.status) + ",,\r\n";
        for (const auto& c : e.quotes)  // site and hour only: no device, no exact time
            out += "comment," + csv_field(t.theme.id) + ",,,,," +
                   csv_field(shown_site(c.site, m->small_sites, english_text())) + ",,,,," + csv_field(c.created_hour) +
                   "," + csv_field(c.text) + "\r\n";
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
