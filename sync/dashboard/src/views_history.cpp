// "Since the last inspection": each area's grade across every imported report, oldest first, and
// each report's improvement points with whether a later report still names them.
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/report_history.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string report_name(const Report& r) {
    return escape(r.title.empty() ? r.id : r.title) + (r.date.empty() ? "" : " (" + escape(r.date) + ")");
}

// An earlier inspection as a report quotes it: "Inspection of 2021-11, as reported in ...".
std::string column_name(const Text& t, const Report& r) {
    if (r.kind != kEarlierKind) return report_name(r);
    return t.html("history.earlier", {{"date", escape(r.date)}, {"report", escape(r.title.empty() ? r.id : r.title)}});
}

std::string framework_name(const Report& r) {
    if (r.kind == kEarlierKind) return "";
    if (r.framework.empty()) return escape(r.kind);
    std::string name = r.framework == "sif" ? "SIF" : r.framework == "ilacs" ? "ILACS" : r.framework;
    return escape(name + (r.framework_version.empty() ? "" : " " + r.framework_version));
}

std::string grades_table(const Text& t, const HistoryTable& h) {
    std::string b = "<table class=\"history-grades\"><caption>" +
                    t.html("history.grades_caption") + "</caption><thead><tr><th scope=\"col\">" +
                    t.html("history.col_area") + "</th>";
    for (const auto& c : h.columns)
        b += "<th scope=\"col\">" + column_name(t, c.report) + "<br><small>" + framework_name(c.report) + "</small></th>";
    b += "</tr></thead><tbody>";
    for (const auto& row : h.areas) {
        b += "<tr><th scope=\"row\">" + escape(row.wording) + "</th>";
        for (const auto& g : row.grades)
            b += g.empty() ? "<td><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">" +
                                 t.html("history.not_judged") + "</span></td>"
                           : "<td>" + escape(g) + "</td>";
        b += "</tr>";
    }
    return b + "</tbody></table>";
}

std::string follow_up(const ViewContext& ctx, const HistoryTable& h, const HistoryColumn& c, const PointFollowUp& p) {
    const Text& t = text_of(ctx);
    if (!c.has_later) return "<p class=\"muted\">" + t.html("history.no_later") + "</p>";
    if (p.later.empty()) return "<p class=\"history-gone\">" + t.html("history.not_again") + "</p>";
    std::string b;
    for (const auto& m : p.later) {
        std::string themes;
        for (const auto& th : m.shared_themes) themes += (themes.empty() ? "" : ", ") + escape(ctx.cat.title_of(th));
        b += "<p class=\"history-again\">" +
             t.html("history.still_named", {{"report", report_name(h.columns[m.column].report)}}) + " <q>" +
             escape(m.text) + "</q>" +
             (themes.empty() ? "" : " <small>" + t.html("history.shared_themes", {{"themes", themes}}) + "</small>") +
             "</p>";
    }
    return b;
}

}  // namespace

std::string history_page(const ViewContext& ctx, const std::string& done) {
    const Text& t = text_of(ctx);
    auto stored = ctx.store.report_history();
    if (!stored) return message_page(ctx, t.plain("error.history"), stored.error().message);
    const HistoryTable h = build_history(std::move(*stored));
    std::string b = "<h1>" + t.html("history.heading") + "</h1>" + notice_for(t, done) + "<p>" + t.html("history.intro") +
                    "</p>";
    if (ctx.user && ctx.user->manager() && ctx.user->sites.empty())  // the council's catalogue: admins
        b += "<p><a href=\"/reports/upload\">" + t.html("history.upload") + "</a></p>";
    if (h.columns.empty()) {
        b += "<p>" + t.html("history.none") + "</p>";
        return layout(ctx, t.plain("history.heading"), "history", b);
    }
    if (!h.areas.empty()) b += grades_table(t, h);
    for (const auto& c : h.columns) {
        if (c.report.kind == kEarlierKind) continue;  // its grades are in the table; its points, if any, in its report
        b += "<section class=\"history-report\"><h2>" + report_name(c.report) + "</h2><p class=\"muted\">" +
             t.html("history.framework", {{"framework", framework_name(c.report)},
                                          {"date", escape(iso_utc(c.imported_at).substr(0, 10))}}) +
             "</p>";
        if (c.points.empty()) {
            b += "<p>" + t.html("history.no_points") + "</p></section>";
            continue;
        }
        b += "<h3>" + t.html("history.points") + "</h3><ol class=\"history-points\">";
        for (const auto& p : c.points) b += "<li><p>" + escape(p.point.text) + "</p>" + follow_up(ctx, h, c, p) + "</li>";
        b += "</ol></section>";
    }
    return layout(ctx, t.plain("history.heading"), "history", b);
}

}  // namespace lp::dashboard
