// The action tracker: the actions page, a theme's actions, and done actions for the kiosks.
#include <algorithm>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

/// At most max bytes of text, cut between whole UTF-8 characters, "..." when cut.
std::string cut(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max - 3;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "...";
}

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
}

std::string status_name(const Text& t, const std::string& status) {
    if (status == "planned") return t.html("pack.action.planned");
    if (status == "in_progress") return t.html("pack.action.in_progress");
    if (status == "dropped") return t.html("pack.action.dropped");
    return t.html("pack.action.done");
}

/// "In progress since 2026-09-01", plus the overdue mark in words.
std::string status_cell(const Text& t, const Action& a, const std::string& today) {
    std::string h = t.html("actions.since", {{"status", status_name(t, a.status)}, {"date", escape(day_of(a.status_at))}});
    if (overdue(a, today)) h += " <strong class=\"flag\">\u26A0 " + t.html("pack.overdue") + "</strong>";
    return h;
}

std::string links_cell(const ViewContext& ctx, const Action& a) {
    const Text& t = text_of(ctx);
    std::string h;
    for (const auto& l : a.links) {
        if (l.kind == "theme") {
            h += (h.empty() ? "" : "<br>") + std::string("<a href=\"/themes/") + escape(l.target) + "\">" +
                 escape(ctx.cat.title_of(l.target)) + "</a>";
            continue;
        }
        std::string text = l.target;
        for (const auto& f : ctx.cat.catalogue().findings)
            if (f.id == l.target) text = cut(f.text, 120);
        h += (h.empty() ? "" : "<br>") + std::string("<small>") + t.html("actions.finding", {{"text", escape(text)}}) +
             "</small>";
    }
    return h;
}

std::string status_select(const Text& t, const std::string& id, const std::string& current) {
    std::string h = "<select id=\"" + id + "\" name=\"status\">";
    for (const char* s : {"planned", "in_progress", "done", "dropped"})
        h += "<option value=\"" + std::string(s) + "\"" + (current == s ? " selected" : "") + ">" + status_name(t, s) +
             "</option>";
    return h + "</select>";
}

/// The fields an add or change form shares (title, young words, owner, due, status, evidence).
std::string action_fields(const Text& t, const std::string& prefix, const Action& a) {
    auto field = [&](const char* name, const char* label, const std::string& input) {
        return "<div class=\"field\"><label for=\"" + prefix + name + "\">" + t.html(label) + "</label>" + input +
               "</div>";
    };
    auto text = [&](const char* name, const std::string& value, int max, bool required) {
        return "<input id=\"" + prefix + name + "\" name=\"" + name + "\" maxlength=\"" + std::to_string(max) +
               "\" value=\"" + escape(value) + "\"" + (required ? " required" : "") + ">";
    };
    return field("title", "actions.title_label", text("title", a.title, 500, true)) +
           field("young", "actions.young_label", text("young", a.young_text, 280, false)) +
           field("owner", "actions.owner_label", text("owner", a.owner, 100, false)) +
           field("due", "actions.due_label",
                 "<input id=\"" + prefix + "due\" name=\"due\" type=\"date\" value=\"" + escape(a.due) + "\">") +
           field("status", "actions.status_label", status_select(t, prefix + "status", a.status)) +
           field("evidence", "actions.evidence_label", text("evidence", a.evidence, 1000, false));
}

}  // namespace

std::string day_of(std::int64_t unix_seconds) { return iso_utc(unix_seconds).substr(0, 10); }

std::vector<Reply> kiosk_replies(std::vector<Reply> replies, const std::vector<Action>& actions) {
    for (const auto& a : actions) {
        if (a.status != "done") continue;
        const auto theme = std::find_if(a.links.begin(), a.links.end(), [](const ActionLink& l) { return l.kind == "theme"; });
        if (theme == a.links.end()) continue;
        replies.push_back({-a.id, theme->target, a.young_text.empty() ? a.title : a.young_text, "", a.status_at});
    }
    std::stable_sort(replies.begin(), replies.end(), [](const Reply& x, const Reply& y) { return x.at > y.at; });
    return replies;
}

std::string theme_actions_section(const ViewContext& ctx, const std::string& theme_id) {
    if (!ctx.reporting) return "";
    const Text& t = text_of(ctx);
    auto all = ctx.reporting->actions();
    if (!all) return "";
    const std::string today = day_of(ctx.now);
    std::string items;
    for (const auto& a : *all) {
        if (std::none_of(a.links.begin(), a.links.end(),
                         [&](const ActionLink& l) { return l.kind == "theme" && l.target == theme_id; }))
            continue;
        items += "<li><strong>" + escape(a.title) + "</strong> \u2014 " +
                 (a.owner.empty() ? std::string() : escape(a.owner) + ", ") +
                 (a.due.empty() ? std::string() : t.html("actions.due", {{"date", escape(a.due)}}) + ", ") +
                 status_cell(t, a, today) + "</li>";
    }
    return "<section><h2>" + t.html("theme.actions") + "</h2>" +
           (items.empty() ? "<p>" + t.html("theme.no_actions") + "</p>" : "<ul class=\"actions\">" + items + "</ul>") +
           "<p><a href=\"/actions\">" + t.html("nav.actions") + "</a></p></section>";
}

std::string actions_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    std::string b = "<h1>" + t.html("actions.heading") + "</h1><p class=\"lead\">" + t.html("actions.lead") + "</p>";
    const std::string done = get(params, "done");
    const char* notice = done == "added" ? "actions.added" : done == "updated" ? "actions.updated" : done == "bad" ? "actions.bad" : nullptr;
    if (notice) b += "<p class=\"notice\" role=\"status\">" + t.html(notice) + "</p>";
    if (!ctx.reporting) return layout(ctx, t.plain("nav.actions"), "actions", b);
    auto all = ctx.reporting->actions();
    if (!all) return message_page(ctx, t.plain("error.figures"), all.error().message);
    const std::string today = day_of(ctx.now);
    const bool manage = ctx.user && ctx.user->manager();
    if (all->empty()) {
        b += "<p>" + t.html("actions.none") + "</p>";
    } else {
        b += "<table class=\"matrix actions\"><thead><tr>";
        for (const char* col : {"pack.col.action", "actions.col.links", "pack.col.owner", "pack.col.due",
                                "pack.col.status", "actions.col.evidence"})
            b += "<th scope=\"col\">" + t.html(col) + "</th>";
        b += "</tr></thead><tbody>";
        for (const auto& a : *all) {
            b += "<tr><th scope=\"row\" data-label=\"" + t.html("pack.col.action") + "\">" + escape(a.title);
            if (!a.young_text.empty())
                b += "<br><small>" + t.html("actions.young", {{"words", escape(a.young_text)}}) + "</small>";
            b += "</th><td data-label=\"" + t.html("actions.col.links") + "\">" + links_cell(ctx, a) +
                 "</td><td data-label=\"" + t.html("pack.col.owner") + "\">" + escape(a.owner) +
                 "</td><td data-label=\"" + t.html("pack.col.due") + "\">" + escape(a.due) + "</td><td data-label=\"" +
                 t.html("pack.col.status") + "\">" + status_cell(t, a, today) + "</td><td data-label=\"" +
                 t.html("actions.col.evidence") + "\">" + escape(a.evidence);
            if (manage) {
                const std::string prefix = "a" + std::to_string(a.id) + "-";
                b += "<details><summary aria-label=\"" + t.html("actions.edit_label", {{"title", escape(a.title)}}) +
                     "\">" + t.html("actions.edit") + "</summary><form class=\"stack\" method=\"post\" "
                     "action=\"/actions/update\">" +
                     hidden("csrf", ctx.user->csrf) + hidden("id", std::to_string(a.id)) +
                     action_fields(t, prefix, a) + "<button type=\"submit\">" + t.html("actions.save") +
                     "</button></form></details>";
            }
            b += "</td></tr>";
        }
        b += "</tbody></table>";
    }
    if (manage) {
        b += "<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">" + t.html("actions.add") +
             "</h2><form class=\"stack\" method=\"post\" action=\"/actions\">" + hidden("csrf", ctx.user->csrf) +
             action_fields(t, "new-", Action{}) + "<div class=\"field\"><label for=\"new-themes\">" +
             t.html("actions.themes_label") + "</label><select id=\"new-themes\" name=\"theme\" multiple required size=\"6\">";
        for (const auto& te : ctx.cat.themes())
            b += "<option value=\"" + escape(te.theme.id) + "\">" + escape(te.theme.title) + "</option>";
        b += "</select></div><div class=\"field\"><label for=\"new-finding\">" + t.html("actions.finding_label") +
             "</label><select id=\"new-finding\" name=\"finding\"><option value=\"\">" + t.html("actions.no_finding") +
             "</option>";
        for (const auto& f : ctx.cat.catalogue().findings)
            if (f.kind == "improvement")
                b += "<option value=\"" + escape(f.id) + "\">" +
                     escape(cut(f.text, 90)) + "</option>";
        b += "</select></div><button type=\"submit\">" + t.html("actions.save") + "</button></form></section>";
    }
    return layout(ctx, t.plain("nav.actions"), "actions", b);
}

}  // namespace lp::dashboard
