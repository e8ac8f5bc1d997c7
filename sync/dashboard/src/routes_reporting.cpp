// Routes of the reporting pages: Reach (managers and viewers), cohort forms and the board pack
// PDF (managers). Thin like routes.cpp: guard, call a view or the store, audit, answer.
#include <httplib.h>

#include <algorithm>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/shared/http_status.hpp>

#include "route_guard.hpp"

namespace lp::dashboard {
namespace {


/// Back to the Reach page of the cohort's quarter with a notice.
std::string reach_url(const std::string& quarter, const std::string& done) {
    return "/reach?quarter=" + (parse_quarter(quarter) ? quarter : std::string()) + "&done=" + done;
}

/// An action from a form's fields (title, young, owner, due, status, evidence).
Action action_from(const httplib::Request& req) {
    using Field = std::string Action::*;
    const std::pair<Field, const char*> fields[] = {{&Action::title, "title"}, {&Action::young_text, "young"},
                                                    {&Action::owner, "owner"}, {&Action::due, "due"},
                                                    {&Action::status, "status"}, {&Action::evidence, "evidence"}};
    Action a;
    for (const auto& [field, name] : fields) a.*field = param(req, name);
    return a;
}

/// A site account sets cohorts and makes packs only for one of its own sites (never "" = the
/// council, which would give the other sites by subtraction); an admin for any.
bool may_use_site(const Access& a, const std::string& site) {
    return a.user && (a.user->sites.empty() || (!site.empty() && a.user->sees(site)));
}

void forbid(httplib::Response& res, const std::string& page) {
    res.status = http_status::forbidden;
    res.set_content(page, html_type);
}

}  // namespace

void Dashboard::register_reporting_routes(httplib::Server& http, const RouteGuard& guard) {
    guard.page("/reach", Need::user, reach_page);
    http.Post("/reach/cohorts", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        const std::string quarter = param(req, "quarter");
        const std::string size = param(req, "size");
        Cohort c{quarter, param(req, "site"), param(req, "band"), -1};
        if (!size.empty() && size.size() <= 9 && size.find_first_not_of("0123456789") == std::string::npos)
            c.size = std::stoll(size);
        if (!may_use_site(a, c.site) || !parts_.reporting || !check_cohort(c) || !parts_.reporting->upsert_cohorts({c}))
            return redirect(res, reach_url(quarter, "bad"));
        guard.audit(a, "set cohort size",
                    c.quarter + " site '" + c.site + "' band '" + c.age_band + "' = " + std::to_string(c.size));
        redirect(res, reach_url(quarter, "saved"));
    });
    http.Post("/reach/cohorts/delete", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        const std::string quarter = param(req, "quarter");
        const std::string site = param(req, "site");
        const std::string band = param(req, "band");
        if (!may_use_site(a, site) || !parts_.reporting || !parts_.reporting->delete_cohort(quarter, site, band))
            return redirect(res, reach_url(quarter, "bad"));
        guard.audit(a, "deleted cohort size", quarter + " site '" + site + "' band '" + band + "'");
        redirect(res, reach_url(quarter, "deleted"));
    });
    // [SECTION] Actions (everyone reads; managers add and change, every change audited)
    guard.page("/actions", Need::user, actions_page);
    http.Post("/actions", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        Action action = action_from(req);
        for (std::size_t i = 0; i < req.get_param_value_count("theme") && i < 50; ++i) {
            const std::string theme = req.get_param_value("theme", i);
            if (!a.cat->find(theme)) return redirect(res, "/actions?done=bad");
            action.links.push_back({"theme", theme});
        }
        if (const std::string finding = param(req, "finding"); !finding.empty()) {
            const auto& all = a.cat->catalogue().findings;
            if (std::none_of(all.begin(), all.end(), [&](const Finding& f) { return f.id == finding; }))
                return redirect(res, "/actions?done=bad");
            action.links.push_back({"finding", finding});
        }
        if (!parts_.reporting) return redirect(res, "/actions?done=bad");
        auto id = parts_.reporting->add_action(action, a.user->user, a.now);
        if (!id) return redirect(res, "/actions?done=bad");
        guard.audit(a, "added action", std::to_string(*id) + ": " + action.title + " (" + action.status + ")");
        redirect(res, "/actions?done=added");
    });
    http.Post("/actions/update", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        const std::string id_text = param(req, "id");
        if (!parts_.reporting || id_text.empty() || id_text.size() > 18 ||
            id_text.find_first_not_of("0123456789") != std::string::npos)
            return redirect(res, "/actions?done=bad");
        auto all = parts_.reporting->actions();
        if (!all) return redirect(res, "/actions?done=bad");
        const std::int64_t id = std::stoll(id_text);
        auto old = std::find_if(all->begin(), all->end(), [&](const Action& x) { return x.id == id; });
        if (old == all->end()) return redirect(res, "/actions?done=bad");
        Action action = action_from(req);
        action.id = id;
        action.links = old->links;  // the links stay; the form changes the rest
        if (!parts_.reporting->update_action(action, a.user->user, a.now)) return redirect(res, "/actions?done=bad");
        std::string detail = std::to_string(id) + ": " + action.title;
        if (old->status != action.status) detail += ", status " + old->status + " -> " + action.status;
        if (old->owner != action.owner) detail += ", owner '" + old->owner + "' -> '" + action.owner + "'";
        if (old->due != action.due) detail += ", due '" + old->due + "' -> '" + action.due + "'";
        if (old->evidence != action.evidence) detail += ", evidence changed";
        guard.audit(a, "updated action", detail);
        redirect(res, "/actions?done=updated");
    });

    // [SECTION] Board pack (managers)
    http.Get("/board-pack.pdf", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::page, a)) return;
        auto ctx = context(a.cat, a.user, a.now, a.text);
        const Text& t = *a.text;
        const auto quarter = parse_quarter(param(req, "quarter"));
        const std::string site = param(req, "site").substr(0, 100);
        if (!may_use_site(a, site))
            return forbid(res, message_page(ctx, t.plain("forbidden.title"), t.plain("forbidden.text")));
        if (!quarter) {
            res.status = http_status::bad_request;
            return res.set_content(message_page(ctx, t.plain("reach.board_pack"), t.plain("reach.bad")), html_type);
        }
        if (!parts_.reporting) {
            res.status = http_status::service_unavailable;
            return res.set_content(
                message_page(ctx, t.plain("reach.board_pack"), t.plain("reach.unavailable", {{"message", "-"}})),
                html_type);
        }
        auto pack = build_board_pack({ctx.store, *parts_.reporting, *a.cat, parts_.config}, *quarter, site, a.now);
        Result<std::string> pdf = pack ? render_board_pack_pdf(*pack, t) : Result<std::string>(pack.error());
        if (!pdf) {
            res.status = http_status::service_unavailable;
            return res.set_content(message_page(ctx, t.plain("reach.board_pack"),
                                                t.plain("reach.unavailable", {{"message", pdf.error().message}})),
                                   html_type);
        }
        guard.audit(a, "made board pack", quarter->id() + (site.empty() ? "" : ", site " + site));
        res.set_header("Content-Disposition", "attachment; filename=\"board-pack-" + quarter->id() + ".pdf\"");
        res.set_content(*pdf, "application/pdf");
    });
}

}  // namespace lp::dashboard
