// Manager views: comments, safeguarding queue, devices, "you said, we did", audit log.
#include <algorithm>
#include <lp/aggregator/ops/devices.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/page_models.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string csrf_field(const ViewContext& ctx) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.user->csrf) + "\">";
}

std::string ago(const Text& t, std::int64_t seconds) {
    if (seconds < 120) return t.html("ago.just_now");
    if (seconds < 7200) return t.html("ago.minutes", {{"n", std::to_string(seconds / 60)}});
    if (seconds < 2 * 86400) return t.html("ago.hours", {{"n", std::to_string(seconds / 3600)}});
    return t.html("ago.days", {{"n", std::to_string(seconds / 86400)}});
}

/// Safeguarding categories ("self-harm") in the page's language; an unknown one as it is.
std::string categories_text(const Text& t, const std::vector<std::string>& categories) {
    std::string out;
    for (const auto& c : categories)
        out += (out.empty() ? "" : ", ") + (t.has("category." + c) ? t.html("category." + c) : escape(c));
    return out;
}

/// What an audit entry's action says, in the page's language (the log stores stable English).
std::string audit_action(const Text& t, const std::string& action) {
    std::string key = "audit.action." + action;
    std::replace(key.begin(), key.end(), ' ', '_');
    return t.has(key) ? t.html(key) : escape(action);
}

}  // namespace

std::string comments_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    auto m = comments_page_model(ctx, params);
    if (!m) return message_page(ctx, t.plain("error.comments"), m.error().message);
    const CommentQuery& q = m->query;
    std::string b = "<h1>" + t.html("nav.comments") + "</h1>" + notice_for(t, get(params, "done"));
    b += filter_form(ctx, params, "/comments", true);
    if (m->hidden) {
        b += "<p class=\"suppressed\">" +
             t.html("comments.hidden", {{"fewer", fewer_than_text(t, ctx.config.min_group)}}) + "</p>";
        return layout(ctx, t.plain("nav.comments"), "comments", b);
    }
    b += "<p>" + t.html("comments.count", {{"n", std::to_string(m->shown_total)}}) + "</p>";
    std::vector<std::pair<std::string, std::string>> keep = {{"q", q.search},
                                                             {"theme", q.theme},
                                                             {"unlinked", q.unlinked ? "1" : ""},
                                                             {"site", q.filter.site},
                                                             {"band", q.filter.age_band},
                                                             {"period", get(params, "period")},
                                                             {"qs", q.filter.question_set}};
    auto back_params = keep;
    back_params.push_back({"page", m->page > 0 ? std::to_string(m->page) : ""});
    std::string back = "/comments";
    for (const auto& [key, v] : back_params)
        if (!v.empty())
            back +=
                (back.find('?') == std::string::npos ? "?" : "&") + html::url_encode(key) + "=" + html::url_encode(v);
    b += comment_list(ctx, m->list, true, back);
    b += "<nav class=\"pages\" aria-label=\"" + t.html("comments.pages") + "\">";
    if (m->page > 0) {
        auto p = keep;
        p.push_back({"page", std::to_string(m->page - 1)});
        b += "<a href=\"/comments" + html::query(p) + "\">" + t.html("comments.newer") + "</a> ";
    }
    if (m->older) {
        auto p = keep;
        p.push_back({"page", std::to_string(m->page + 1)});
        b += "<a href=\"/comments" + html::query(p) + "\">" + t.html("comments.older") + "</a>";
    }
    b += "</nav>";
    return layout(ctx, t.plain("nav.comments"), "comments", b);
}

std::string safeguarding_page(const ViewContext& ctx, const Params& params) {
    const bool all = get(params, "show") == "all";
    const Text& t = text_of(ctx);
    auto items = ctx.store.safeguarding_items(all, 200);
    if (!items) return message_page(ctx, t.plain("error.queue"), items.error().message);
    std::string b = "<h1>" + t.html("safeguarding.title") + "</h1>" + notice_for(t, get(params, "done"));
    b += "<p>" + t.html("safeguarding.intro", {{"hours", std::to_string(ctx.config.overdue_s / 3600)}}) + "</p>";
    b += all ? "<p><a href=\"/safeguarding\">" + t.html("safeguarding.only_waiting") + "</a></p>"
             : "<p><a href=\"/safeguarding?show=all\">" + t.html("safeguarding.show_all") + "</a></p>";
    if (items->empty()) b += "<p class=\"calm\">" + t.html("safeguarding.nothing") + "</p>";
    b += "<ol class=\"queue\">";
    for (const auto& i : *items) {
        const bool overdue = !i.acknowledged_at && ctx.now - i.received_at > ctx.config.overdue_s;
        b += std::string("<li class=\"item") + (overdue ? " overdue" : "") + (i.acknowledged_at ? " done" : "") + "\">";
        b += "<h2 class=\"item-title\">" + escape(i.site) + ", " + escape(i.created_hour.substr(0, 10)) + " " +
             escape(i.created_hour.size() >= 13 ? i.created_hour.substr(11, 2) + ":00" : "") +
             "</h2><p class=\"meta\">";
        if (overdue) b += "<strong class=\"overdue-tag\">" + t.html("safeguarding.overdue") + "</strong> ";
        b += t.html("safeguarding.received", {{"ago", ago(t, ctx.now - i.received_at)}});
        if (i.needs_help) b += " · <strong>" + t.html("safeguarding.asked_help") + "</strong>";
        if (!i.categories.empty()) b += " · " + categories_text(t, i.categories);
        b += "</p>";
        if (!i.comment.empty()) b += "<blockquote>" + escape(i.comment) + "</blockquote>";
        if (!i.matched.empty() && i.matched.front() != "(flagged)") {
            std::string words;
            for (std::size_t n = 0; n < i.matched.size(); ++n)
                words += (n ? ", " : "") + std::string("<mark>") + escape(i.matched[n]) + "</mark>";
            b += "<p class=\"matched\">" + t.html("safeguarding.matched", {{"words", words}}) + "</p>";
        }
        if (i.acknowledged_at) {
            b += "<p class=\"acked\">" +
                 t.html(i.note.empty() ? "safeguarding.acked" : "safeguarding.acked_note",
                        {{"user", escape(i.acknowledged_by)},
                         {"time", escape(iso_utc(*i.acknowledged_at))},
                         {"note", escape(i.note)}}) +
                 "</p>";
        } else {
            const std::string id = "note-" + std::to_string(i.id);
            b += "<form method=\"post\" action=\"/safeguarding/ack\" class=\"stack\">" + csrf_field(ctx) +
                 "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(i.id) + "\"><label for=\"" + id +
                 "\">" + t.html("safeguarding.note_label") + "</label><textarea id=\"" + id +
                 "\" name=\"note\" rows=\"2\" maxlength=\"1000\" required></textarea><button type=\"submit\">" +
                 t.html("safeguarding.ack") + "</button></form>";
        }
        b += "</li>";
    }
    b += "</ol>";
    return layout(ctx, t.plain("nav.safeguarding"), "safeguarding", b);
}

namespace {

// Each site's own help contact, shown on its kiosks' help sheet beside Childline and 999.
std::string site_contacts_section(const ViewContext& ctx, const std::vector<aggregator::Device>& devices) {
    const Text& t = text_of(ctx);
    std::vector<std::string> sites;
    for (const auto& d : devices)
        if (ctx.user && ctx.user->sees(d.site) && std::find(sites.begin(), sites.end(), d.site) == sites.end())
            sites.push_back(d.site);
    std::string b = "<section aria-labelledby=\"contact-h\"><h2 id=\"contact-h\">" + t.html("devices.contact_title") +
                    "</h2><p>" + t.html("devices.contact_intro") + "</p>";
    if (!sites.empty()) {
        b += "<table class=\"contacts\"><caption>" + t.html("devices.contact_title") + "</caption><thead><tr>";
        for (const char* col : {"col.site", "devices.contact_name", "devices.contact_phone"})
            b += "<th scope=\"col\">" + t.html(col) + "</th>";
        b += "</tr></thead><tbody>";
        for (const auto& site : sites) {
            auto c = ctx.agg.site_contact(site);
            const bool has = c && *c;
            b += "<tr><td data-label=\"" + t.html("col.site") + "\">" + escape(site) + "</td><td data-label=\"" +
                 t.html("devices.contact_name") + "\">" + (has ? escape((*c)->name) : t.html("devices.contact_none")) +
                 "</td><td data-label=\"" + t.html("devices.contact_phone") + "\">" + (has ? escape((*c)->phone) : "") +
                 "</td></tr>";
        }
        b += "</tbody></table>";
    }
    b += "<form method=\"post\" action=\"/sites/contact\" class=\"stack narrow\">" + csrf_field(ctx) +
         "<label for=\"contact-site\">" + t.html("col.site") +
         "</label><input id=\"contact-site\" name=\"site\" required maxlength=\"100\"><label for=\"contact-name\">" +
         t.html("devices.contact_name") +
         "</label><input id=\"contact-name\" name=\"name\" maxlength=\"100\" autocomplete=\"organization\">"
         "<label for=\"contact-phone\">" +
         t.html("devices.contact_phone") +
         "</label><input id=\"contact-phone\" name=\"phone\" maxlength=\"40\" inputmode=\"tel\" autocomplete=\"tel\">"
         "<button type=\"submit\">" +
         t.html("devices.contact_save") + "</button></form></section>";
    return b;
}

}  // namespace

std::string devices_page(const ViewContext& ctx, const Params& params, const std::string& issued_code_html) {
    const Text& t = text_of(ctx);
    auto devices = ctx.agg.list_devices();
    if (!devices) return message_page(ctx, t.plain("error.devices"), devices.error().message);
    std::string b = "<h1>" + t.html("nav.devices") + "</h1>" + notice_for(t, get(params, "done")) + issued_code_html;
    b += "<table class=\"devices\"><caption>" + t.html("devices.caption") + "</caption><thead><tr>";
    for (const char* col : {"col.site", "col.kiosk", "col.last_seen", "col.received", "col.waiting", "col.state"})
        b += "<th scope=\"col\">" + t.html(col) + "</th>";
    b += "</tr></thead><tbody>";
    auto sorted = *devices;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& c) { return std::tie(a.site, a.name) < std::tie(c.site, c.name); });
    for (const auto& d : sorted) {
        if (!ctx.user || !ctx.user->sees(d.site)) continue;  // roles by site
        // The server cannot see a kiosk's outbox: estimate from the kiosk's own rate of answers
        // times the time since it was last heard from.
        std::string pending = "–";
        if (d.last_seen && !d.revoked) {
            const double active_h = std::max<double>(1.0, static_cast<double>(*d.last_seen - d.enrolled_at) / 3600.0);
            const double silent_h = static_cast<double>(ctx.now - *d.last_seen) / 3600.0;
            const long long est =
                silent_h < 1 ? 0 : static_cast<long long>(static_cast<double>(d.responses) / active_h * silent_h);
            pending = est == 0 ? t.html("devices.none_waiting") : t.html("devices.about", {{"n", std::to_string(est)}});
        }
        b += "<tr><td data-label=\"" + t.html("col.site") + "\">" + escape(d.site) + "</td><td data-label=\"" +
             t.html("col.kiosk") + "\">" + escape(d.name) + "<br><small>" + escape(d.id) +
             "</small></td><td data-label=\"" + t.html("col.last_seen") + "\">" +
             (d.last_seen ? ago(t, ctx.now - *d.last_seen) : t.html("devices.never")) + "</td><td data-label=\"" +
             t.html("col.answers") + "\">" + std::to_string(d.responses) + "</td><td data-label=\"" +
             t.html("col.waiting_short") + "\">" + pending + "</td><td data-label=\"" + t.html("col.state") + "\">";
        if (d.revoked)
            b += t.html("devices.revoked");
        else
            b += (aggregator::ops::is_silent(d, ctx.now, aggregator::ops::live_silent_after_s())
                      ? t.html("devices.silent",
                               {{"silent", "<strong class=\"silent\">" + t.html("devices.silent_word") + "</strong>"},
                                {"ago", ago(t, ctx.now - d.last_seen.value_or(d.enrolled_at))}}) +
                            " "
                      : t.html("devices.active") + " ") +
                 "<form class=\"inline\" method=\"post\" action=\"/devices/revoke\">" + csrf_field(ctx) +
                 "<input type=\"hidden\" name=\"device\" value=\"" + escape(d.id) +
                 "\"><button type=\"submit\" class=\"small danger\" data-confirm=\"" +
                 t.html("devices.revoke_confirm") + "\" aria-label=\"" +
                 t.html("devices.revoke_label", {{"kiosk", escape(d.name)}, {"site", escape(d.site)}}) + "\">" +
                 t.html("devices.revoke") + "</button></form>";
        b += "</td></tr>";
    }
    if (sorted.empty()) b += "<tr><td colspan=\"6\">" + t.html("devices.no_kiosk") + "</td></tr>";
    b += "</tbody></table>";
    b += site_contacts_section(ctx, sorted);
    b += "<section><h2>" + t.html("devices.enrol_title") + "</h2><p>" + t.html("devices.enrol_intro") +
         "</p><form method=\"post\" action=\"/devices/enrol-code\" class=\"stack narrow\">" + csrf_field(ctx) +
         "<label for=\"site\">" + t.html("col.site") +
         "</label><input id=\"site\" name=\"site\" required maxlength=\"100\"><label for=\"expires\">" +
         t.html("devices.code_works") + "</label><select id=\"expires\" name=\"expires\"><option value=\"86400\">" +
         t.html("devices.24h") + "</option><option value=\"3600\">" + t.html("devices.1h") +
         "</option><option value=\"604800\">" + t.html("devices.7d") + "</option></select><button type=\"submit\">" +
         t.html("devices.create") + "</button></form></section>";
    return layout(ctx, t.plain("nav.devices"), "devices", b);
}

std::string replies_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    auto replies = ctx.store.replies();
    if (!replies) return message_page(ctx, t.plain("error.replies"), replies.error().message);
    std::string b = "<h1>" + t.html("nav.replies") + "</h1>" + notice_for(t, get(params, "done"));
    b += "<p>" + t.html("replies.intro") + "</p>";
    b += "<form method=\"post\" action=\"/replies\" class=\"stack narrow\">" + csrf_field(ctx) +
         "<label for=\"theme\">" + t.html("col.theme") + "</label><select id=\"theme\" name=\"theme\">";
    const std::string chosen = get(params, "theme");
    for (const auto& te : ctx.cat.themes())
        b += "<option value=\"" + escape(te.theme.id) + "\"" + (te.theme.id == chosen ? " selected" : "") + ">" +
             escape(te.theme.title) + "</option>";
    b += "</select><label for=\"text\">" + t.html("replies.text_label") +
         "</label><textarea id=\"text\" name=\"text\" rows=\"3\" maxlength=\"280\" required></textarea><button "
         "type=\"submit\">" +
         t.html("replies.save") + "</button></form>";
    b += "<h2>" + t.html("replies.shown") + "</h2>";
    if (replies->empty()) b += "<p>" + t.html("replies.none") + "</p>";
    b += "<ul class=\"replies\">";
    for (const auto& r : *replies)
        b += "<li><p><strong>" + escape(ctx.cat.title_of(r.theme)) + ":</strong> " + escape(r.text) +
             "</p><p class=\"meta\">" + escape(r.user) + ", " + escape(iso_utc(r.at).substr(0, 10)) +
             "</p><form class=\"inline\" method=\"post\" action=\"/replies/delete\">" + csrf_field(ctx) +
             "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(r.id) +
             "\"><button type=\"submit\" class=\"small\">" + t.html("replies.delete") + "</button></form></li>";
    b += "</ul>";
    return layout(ctx, t.plain("nav.replies"), "replies", b);
}

std::string audit_page(const ViewContext& ctx) {
    const Text& t = text_of(ctx);
    const int limit = 300;
    auto log = ctx.store.audit_log(limit);
    if (!log) return message_page(ctx, t.plain("error.audit"), log.error().message);
    std::string b = "<h1>" + t.html("nav.audit") + "</h1><p>" + t.html("audit.intro") +
                    "</p><table class=\"audit\"><caption>" + t.html("audit.caption", {{"n", std::to_string(limit)}}) +
                    "</caption><thead><tr>";
    for (const char* col : {"col.time", "col.who", "col.what", "col.detail"})
        b += "<th scope=\"col\">" + t.html(col) + "</th>";
    b += "</tr></thead><tbody>";
    for (const auto& e : *log)
        b += "<tr><td data-label=\"" + t.html("col.time") + "\">" + escape(iso_utc(e.at)) + "</td><td data-label=\"" +
             t.html("col.who") + "\">" + escape(e.user) + "</td><td data-label=\"" + t.html("col.what") + "\">" +
             audit_action(t, e.action) + "</td><td data-label=\"" + t.html("col.detail") + "\">" + escape(e.detail) +
             "</td></tr>";
    b += "</tbody></table>";
    return layout(ctx, t.plain("nav.audit"), "audit", b);
}

}  // namespace lp::dashboard
