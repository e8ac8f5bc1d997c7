// Manager views: comments, safeguarding queue, devices, "you said, we did", audit log.
#include <lp/aggregator/ops/devices.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <algorithm>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string get(const Params& p, const std::string& key) {
    auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
}

std::string csrf_field(const ViewContext& ctx) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.user->csrf) + "\">";
}

std::string ago(std::int64_t seconds) {
    if (seconds < 120) return "just now";
    if (seconds < 7200) return std::to_string(seconds / 60) + " minutes ago";
    if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " hours ago";
    return std::to_string(seconds / 86400) + " days ago";
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

std::string comments_page(const ViewContext& ctx, const Params& params) {
    CommentQuery q;
    q.filter = filter_from(params, ctx.now);
    q.theme = get(params, "theme");
    q.search = get(params, "q").substr(0, 100);
    q.limit = ctx.config.comments_per_page;
    long long page = 0;
    try {
        page = std::clamp(std::stoll(get(params, "page").empty() ? "0" : get(params, "page")), 0LL, 100000LL);
    } catch (const std::exception&) {
    }
    q.offset = static_cast<int>(page) * q.limit;
    std::string b = "<h1>Comments</h1>" + notice_for(get(params, "done"));
    b += filter_form(ctx, params, "/comments", true);
    auto total = ctx.store.count_comments(q);
    if (!total) return message_page(ctx, "Could not read comments", total.error().message);
    const int k = ctx.config.min_group;
    if (suppressed(*total, k)) {
        b += "<p class=\"suppressed\">" + fewer_than(k) +
             " comments match: they are not shown so no one can be singled out. Widen the filters.</p>";
        return layout(ctx, "Comments", "comments", b);
    }
    auto list = ctx.store.comments(q);
    if (!list) return message_page(ctx, "Could not read comments", list.error().message);
    b += "<p>" + std::to_string(*total) +
         " comments match, newest first. Correct a link when the linker got it "
         "wrong: corrections are kept as examples to measure and improve the linker.</p>";
    std::vector<std::pair<std::string, std::string>> keep = {{"q", q.search},
                                                             {"theme", q.theme},
                                                             {"site", q.filter.site},
                                                             {"band", q.filter.age_band},
                                                             {"period", get(params, "period")},
                                                             {"qs", q.filter.question_set}};
    auto back_params = keep;
    back_params.push_back({"page", page > 0 ? std::to_string(page) : ""});
    std::string back = "/comments";
    for (const auto& [key, v] : back_params)
        if (!v.empty())
            back +=
                (back.find('?') == std::string::npos ? "?" : "&") + html::url_encode(key) + "=" + html::url_encode(v);
    b += comment_list(ctx, *list, true, back);
    b += "<nav class=\"pages\" aria-label=\"Pages of comments\">";
    if (page > 0) {
        auto p = keep;
        p.push_back({"page", std::to_string(page - 1)});
        b += "<a href=\"/comments" + html::query(p) + "\">Newer</a> ";
    }
    if (q.offset + q.limit < *total) {
        auto p = keep;
        p.push_back({"page", std::to_string(page + 1)});
        b += "<a href=\"/comments" + html::query(p) + "\">Older</a>";
    }
    b += "</nav>";
    return layout(ctx, "Comments", "comments", b);
}

std::string safeguarding_page(const ViewContext& ctx, const Params& params) {
    const bool all = get(params, "show") == "all";
    auto items = ctx.store.safeguarding_items(all, 200);
    if (!items) return message_page(ctx, "Could not read the queue", items.error().message);
    std::string b = "<h1>Safeguarding queue</h1>" + notice_for(get(params, "done"));
    b += "<p>Answers where a young person asked to talk to someone, and comments with words about harm, abuse, "
         "self-harm, feeling unsafe, going missing or exploitation. A hit means a person should read it now; it is "
         "not a verdict. Items not acknowledged within " +
         std::to_string(ctx.config.overdue_s / 3600) + " hours are marked overdue.</p>";
    b += all ? "<p><a href=\"/safeguarding\">Show only items waiting</a></p>"
             : "<p><a href=\"/safeguarding?show=all\">Show acknowledged items too</a></p>";
    if (items->empty()) b += "<p class=\"calm\">Nothing is waiting.</p>";
    b += "<ol class=\"queue\">";
    for (const auto& i : *items) {
        const bool overdue = !i.acknowledged_at && ctx.now - i.received_at > ctx.config.overdue_s;
        b += std::string("<li class=\"item") + (overdue ? " overdue" : "") + (i.acknowledged_at ? " done" : "") + "\">";
        b += "<h2 class=\"item-title\">" + escape(i.site) + ", " + escape(i.created_hour.substr(0, 10)) + " " +
             escape(i.created_hour.size() >= 13 ? i.created_hour.substr(11, 2) + ":00" : "") +
             "</h2><p class=\"meta\">";
        if (overdue) b += "<strong class=\"overdue-tag\">Overdue</strong> ";
        b += "received " + ago(ctx.now - i.received_at);
        if (i.needs_help) b += " · <strong>asked to talk to someone</strong>";
        if (!i.categories.empty()) b += " · " + escape(join(i.categories));
        b += "</p>";
        if (!i.comment.empty()) b += "<blockquote>" + escape(i.comment) + "</blockquote>";
        if (!i.matched.empty() && i.matched.front() != "(flagged)") {
            b += "<p class=\"matched\">Words that matched: ";
            for (std::size_t n = 0; n < i.matched.size(); ++n)
                b += (n ? ", " : "") + std::string("<mark>") + escape(i.matched[n]) + "</mark>";
            b += "</p>";
        }
        if (i.acknowledged_at) {
            b += "<p class=\"acked\">Acknowledged by " + escape(i.acknowledged_by) + " at " +
                 escape(iso_utc(*i.acknowledged_at)) + (i.note.empty() ? "" : ": " + escape(i.note)) + "</p>";
        } else {
            const std::string id = "note-" + std::to_string(i.id);
            b += "<form method=\"post\" action=\"/safeguarding/ack\" class=\"stack\">" + csrf_field(ctx) +
                 "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(i.id) + "\"><label for=\"" + id +
                 "\">What you did (kept in the audit log)</label><textarea id=\"" + id +
                 "\" name=\"note\" rows=\"2\" maxlength=\"1000\" required></textarea><button "
                 "type=\"submit\">Acknowledge</button></form>";
        }
        b += "</li>";
    }
    b += "</ol>";
    return layout(ctx, "Safeguarding", "safeguarding", b);
}

std::string devices_page(const ViewContext& ctx, const Params& params, const std::string& issued_code_html) {
    auto devices = ctx.agg.list_devices();
    if (!devices) return message_page(ctx, "Could not read devices", devices.error().message);
    std::string b = "<h1>Devices</h1>" + notice_for(get(params, "done")) + issued_code_html;
    b += "<table class=\"devices\"><caption>Kiosks by site</caption><thead><tr><th scope=\"col\">Site</th>"
         "<th scope=\"col\">Kiosk</th><th scope=\"col\">Last seen</th><th scope=\"col\">Answers received</th>"
         "<th scope=\"col\">Waiting to send (estimate)</th><th scope=\"col\">State</th></tr></thead><tbody>";
    auto sorted = *devices;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& c) { return std::tie(a.site, a.name) < std::tie(c.site, c.name); });
    for (const auto& d : sorted) {
        // The server cannot see a kiosk's outbox: estimate from the kiosk's own rate of answers
        // times the time since it was last heard from.
        std::string pending = "–";
        if (d.last_seen && !d.revoked) {
            const double active_h = std::max<double>(1.0, static_cast<double>(*d.last_seen - d.enrolled_at) / 3600.0);
            const double silent_h = static_cast<double>(ctx.now - *d.last_seen) / 3600.0;
            const long long est =
                silent_h < 1 ? 0 : static_cast<long long>(static_cast<double>(d.responses) / active_h * silent_h);
            pending = est == 0 ? "none" : "about " + std::to_string(est);
        }
        b += "<tr><td data-label=\"Site\">" + escape(d.site) + "</td><td data-label=\"Kiosk\">" + escape(d.name) +
             "<br><small>" + escape(d.id) + "</small></td><td data-label=\"Last seen\">" +
             (d.last_seen ? ago(ctx.now - *d.last_seen) : std::string("never")) + "</td><td data-label=\"Answers\">" +
             std::to_string(d.responses) + "</td><td data-label=\"Waiting\">" + pending +
             "</td><td data-label=\"State\">";
        if (d.revoked)
            b += "Revoked";
        else
            b += std::string(aggregator::ops::is_silent(d, ctx.now, aggregator::ops::live_silent_after_s())
                                 ? "<strong class=\"silent\">Silent</strong>: no sync for " +
                                       ago(ctx.now - d.last_seen.value_or(d.enrolled_at)) +
                                       ", check its Wi-Fi and power "
                                 : "Active ") +
                 "<form class=\"inline\" method=\"post\" action=\"/devices/revoke\">" + csrf_field(ctx) +
                 "<input type=\"hidden\" name=\"device\" value=\"" + escape(d.id) +
                 "\"><button type=\"submit\" class=\"small danger\" data-confirm=\"Revoke this kiosk? It stops sending "
                 "at once.\" "
                 "aria-label=\"Revoke " +
                 escape(d.name + " at " + d.site) + "\">Revoke</button></form>";
        b += "</td></tr>";
    }
    if (sorted.empty()) b += "<tr><td colspan=\"6\">No kiosk is enrolled yet.</td></tr>";
    b += "</tbody></table>";
    b += "<section><h2>Enrol a new kiosk</h2><p>Creates a single-use code to type into the kiosk's staff screen.</p>"
         "<form method=\"post\" action=\"/devices/enrol-code\" class=\"stack narrow\">" +
         csrf_field(ctx) +
         "<label for=\"site\">Site</label><input id=\"site\" name=\"site\" required maxlength=\"100\">"
         "<label for=\"expires\">Code works for</label><select id=\"expires\" name=\"expires\">"
         "<option value=\"86400\">24 hours</option><option value=\"3600\">1 hour</option>"
         "<option value=\"604800\">7 days</option></select><button type=\"submit\">Create "
         "code</button></form></section>";
    return layout(ctx, "Devices", "devices", b);
}

std::string replies_page(const ViewContext& ctx, const Params& params) {
    auto replies = ctx.store.replies();
    if (!replies) return message_page(ctx, "Could not read replies", replies.error().message);
    std::string b = "<h1>You said, we did</h1>" + notice_for(get(params, "done"));
    b += "<p>Short replies to young people about what changed. Kiosks show them on their welcome screen.</p>";
    b += "<form method=\"post\" action=\"/replies\" class=\"stack narrow\">" + csrf_field(ctx) +
         "<label for=\"theme\">Theme</label><select id=\"theme\" name=\"theme\">";
    const std::string chosen = get(params, "theme");
    for (const auto& t : ctx.cat.themes())
        b += "<option value=\"" + escape(t.theme.id) + "\"" + (t.theme.id == chosen ? " selected" : "") + ">" +
             escape(t.theme.title) + "</option>";
    b += "</select><label for=\"text\">What we did (plain words, up to 280 characters)</label><textarea id=\"text\" "
         "name=\"text\" rows=\"3\" maxlength=\"280\" required></textarea><button type=\"submit\">Save "
         "reply</button></form>";
    b += "<h2>Replies shown now</h2>";
    if (replies->empty()) b += "<p>None yet.</p>";
    b += "<ul class=\"replies\">";
    for (const auto& r : *replies)
        b += "<li><p><strong>" + escape(ctx.cat.title_of(r.theme)) + ":</strong> " + escape(r.text) +
             "</p><p class=\"meta\">" + escape(r.user) + ", " + escape(iso_utc(r.at).substr(0, 10)) +
             "</p><form class=\"inline\" method=\"post\" action=\"/replies/delete\">" + csrf_field(ctx) +
             "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(r.id) +
             "\"><button type=\"submit\" class=\"small\">Delete</button></form></li>";
    b += "</ul>";
    return layout(ctx, "You said, we did", "replies", b);
}

std::string audit_page(const ViewContext& ctx) {
    auto log = ctx.store.audit_log(300);
    if (!log) return message_page(ctx, "Could not read the audit log", log.error().message);
    std::string b =
        "<h1>Audit log</h1><p>Logins, exports, safeguarding views and acknowledgements, link corrections, "
        "device changes. Newest first.</p><table class=\"audit\"><caption>Latest 300 entries</caption><thead><tr>"
        "<th scope=\"col\">Time</th><th scope=\"col\">Who</th><th scope=\"col\">What</th><th scope=\"col\">Detail</th>"
        "</tr></thead><tbody>";
    for (const auto& e : *log)
        b += "<tr><td data-label=\"Time\">" + escape(iso_utc(e.at)) + "</td><td data-label=\"Who\">" + escape(e.user) +
             "</td><td data-label=\"What\">" + escape(e.action) + "</td><td data-label=\"Detail\">" + escape(e.detail) +
             "</td></tr>";
    b += "</tbody></table>";
    return layout(ctx, "Audit log", "audit", b);
}

}  // namespace lp::dashboard
