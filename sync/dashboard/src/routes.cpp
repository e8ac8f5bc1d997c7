// The dashboard's HTTP routes. Handlers are thin: find the session, check the role and (for
// forms) the CSRF token, call a view or the store, answer. Authorization is per route.
#include <httplib.h>

#include <algorithm>
#include <lp/shared/http_status.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/http.hpp>
#include <lp/aggregator/tokens.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/html.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>

#include "route_guard.hpp"

namespace lp::dashboard {
namespace {

const char* const session_cookie = "lp_session";
const char* const login_cookie = "lp_login";
const char* const language_cookie = "lp_lang";

constexpr std::size_t max_bulk_read = 500;  // comments one "Mark selected read" may mark

std::string cookie(const httplib::Request& req, const std::string& name) {
    const std::string header = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string part = header.substr(pos, end - pos);
        const auto first = part.find_first_not_of(' ');
        part = first == std::string::npos ? "" : part.substr(first);
        if (part.compare(0, name.size() + 1, name + "=") == 0) return part.substr(name.size() + 1);
        pos = end + 1;
    }
    return "";
}

std::string cookie_header(const std::string& name, const std::string& value, const std::string& path, long max_age) {
    return name + "=" + value + "; Path=" + path + "; Max-Age=" + std::to_string(max_age) +
           "; Secure; HttpOnly; SameSite=Strict";
}

/// Only same-site paths: "/x" but never "//host" or "/\host". Browsers drop tabs and newlines
/// from a URL and read a backslash as a slash, so "/<TAB>/host" is "//host": any control
/// character, space or backslash anywhere sends the user home instead.
std::string safe_next(const std::string& next) {
    if (next.empty() || next.size() > 500 || next[0] != '/' || (next.size() > 1 && next[1] == '/')) return "/";
    for (unsigned char c : next)
        if (c <= 0x20 || c == 0x7f || c == '\\') return "/";
    return next;
}

std::int64_t to_int(const std::string& s) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoll(s);
}

bool valid_theme_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

}  // namespace

void Dashboard::register_routes(httplib::Server& http) {
    // [SECTION] Session guard
    // The page's language (?lang=, cookie, dashboard.conf, Accept-Language); a ?lang= choice is
    // remembered in a cookie so the next pages keep it.
    auto language = [this](const httplib::Request& req, httplib::Response& res) -> const Text& {
        const std::string asked = param(req, "lang");
        const std::string code = languages_.choose(asked, cookie(req, language_cookie),
                                                   req.get_header_value("Accept-Language"), parts_.config.language);
        if (!asked.empty() && code == asked)
            res.set_header("Set-Cookie", cookie_header(language_cookie, code, "/", 365L * 86400));
        return languages_.get(code);
    };
    // Returns false (and answers) when the request may not go on: no session → login page
    // (JSON 401 for APIs), viewer on a manager route → 403, bad CSRF on a form → 403.
    auto guard = [this, language](const httplib::Request& req, httplib::Response& res, Need need, Kind kind,
                                  Access& access) {
        const bool json = kind == Kind::json;
        access.now = now_unix();
        access.text = &language(req, res);
        const Text& t = *access.text;
        access.cat = catalogue();
        auto s = auth_->session(cookie(req, session_cookie), access.now);
        if (!s) {
            if (json)
                aggregator::http::send_error(res, http_status::unauthorized, "unauthorized", "log in first");
            else if (req.method == "GET")
                redirect(res, "/login" + html::query({{"next", req.path}}).substr(0, 600));
            else
                redirect(res, "/login");
            return false;
        }
        access.user = PageUser{s->user, s->role, s->csrf, s->sites};
        if (need == Need::manager && !access.user->manager()) {
            res.status = http_status::forbidden;
            if (json)
                aggregator::http::send_error(res, http_status::forbidden, "forbidden", "managers only");
            else
                res.set_content(message_page(context(access.cat, access.user, access.now, access.text),
                                             t.plain("forbidden.title"), t.plain("forbidden.text")),
                                html_type);
            return false;
        }
        // A file upload's fields (the token among them) come in its multipart body.
        const std::string csrf = req.is_multipart_form_data()
                                     ? (req.has_file("csrf") ? req.get_file_value("csrf").content : std::string())
                                     : param(req, "csrf");
        if (kind == Kind::form && !Auth::csrf_ok(*s, csrf)) {
            res.status = http_status::forbidden;
            res.set_content(message_page(context(access.cat, access.user, access.now, access.text),
                                         t.plain("expired.title"), t.plain("expired.text")),
                            html_type);
            return false;
        }
        return true;
    };
    auto audit = [this](const Access& a, const std::string& action, const std::string& detail) {
        (void)parts_.store->audit({a.now, a.user ? a.user->user : "", action, detail});
    };
    // A manager's form: the guard (session, role, CSRF token), then handle.
    auto form = [guard, &http](const char* path, FormHandler handle) {
        http.Post(path, [guard, handle](const httplib::Request& req, httplib::Response& res) {
            Access a;
            if (!guard(req, res, Need::manager, Kind::form, a)) return;
            handle(req, res, a);
        });
    };
    auto page = [this, guard, &http](const char* path, Need need, PageView view) {
        http.Get(path, [this, guard, need, view](const httplib::Request& req, httplib::Response& res) {
            Access a;
            if (!guard(req, res, need, Kind::page, a)) return;
            res.set_content(view(context(a.cat, a.user, a.now, a.text), params_of(req)), html_type);
        });
    };

    // [SECTION] Static files
    http.Get("/assets/dashboard.css", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(css_, "text/css; charset=utf-8");
    });
    http.Get("/assets/dashboard.js", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(js_, "text/javascript; charset=utf-8");
    });
    http.Get("/assets/favicon.svg",
             [this](const httplib::Request&, httplib::Response& res) { res.set_content(icon_, "image/svg+xml"); });
    http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = http_status::no_content; });

    // [SECTION] Login and logout
    // message_key: a catalogue key ("" for none); vars fill its placeholders.
    auto show_login = [this](httplib::Response& res, const Text& t, int status, const std::string& message_key,
                             const std::string& next, const Vars& vars = {}) {
        const std::string token = crypto::to_hex(crypto::random_bytes(24));
        res.status = status;
        res.set_header("Set-Cookie", cookie_header(login_cookie, token, "/login", 3600));
        res.set_content(login_page(t, &languages_, token, message_key.empty() ? "" : t.plain(message_key, vars), next),
                        html_type);
    };
    http.Get("/login", [this, show_login, language](const httplib::Request& req, httplib::Response& res) {
        const Text& t = language(req, res);
        if (auth_->session(cookie(req, session_cookie), now_unix())) return redirect(res, "/");
        show_login(res, t, http_status::ok, "", safe_next(param(req, "next")));
    });
    http.Post("/login", [this, show_login, language](const httplib::Request& req, httplib::Response& res) {
        const Text& t = language(req, res);
        const std::string next = safe_next(param(req, "next"));
        const std::string expected = cookie(req, login_cookie);
        if (expected.empty() || !crypto::constant_time_equal(expected, param(req, "csrf")))
            return show_login(res, t, http_status::forbidden, "login.expired", next);
        const std::string user = param(req, "user").substr(0, 64);
        auto out = auth_->login(user, param(req, "password"),
                                aggregator::http::client_address(req, parts_.trusted_proxies), now_unix());
        switch (out.kind) {
            case LoginOutcome::Kind::ok:
                res.set_header("Set-Cookie",
                               cookie_header(session_cookie, out.token, "/", parts_.config.session_lifetime_s));
                res.set_header("Set-Cookie", cookie_header(login_cookie, "", "/login", 0));
                return redirect(res, next);
            case LoginOutcome::Kind::bad_credentials:
                return show_login(res, t, http_status::unauthorized, "login.bad", next);
            case LoginOutcome::Kind::locked_out:
                res.set_header("Retry-After", std::to_string(out.retry_after_s));
                return show_login(res, t, http_status::too_many_requests, "login.locked", next,
                                  {{"n", std::to_string((out.retry_after_s + 59) / 60)}});
            case LoginOutcome::Kind::busy:
                res.set_header("Retry-After", std::to_string(out.retry_after_s));
                break;
            case LoginOutcome::Kind::failed:
                break;
        }
        show_login(res, t, http_status::service_unavailable, "login.unavailable", next);
    });
    http.Post("/logout", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::user, Kind::form, a)) return;
        auth_->logout(cookie(req, session_cookie), a.now);
        res.set_header("Set-Cookie", cookie_header(session_cookie, "", "/", 0));
        redirect(res, "/login");
    });

    // [SECTION] Theme pages (managers and viewers)
    page("/", Need::user, matrix_page);
    http.Get("/api/v1/dashboard/matrix", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::user, Kind::json, a)) return;
        aggregator::http::send_json(res, http_status::ok, matrix_json(context(a.cat, a.user, a.now, a.text), params_of(req)));
    });
    http.Get(R"(/themes/([a-z0-9-]{1,64}))", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::user, Kind::page, a)) return;
        auto ctx = context(a.cat, a.user, a.now, a.text);
        const ThemeEntry* t = a.cat->find(req.matches[1].str());
        if (!t) {
            res.status = http_status::not_found;
            return res.set_content(message_page(ctx, a.text->plain("notfound.title"), a.text->plain("notfound.text")),
                                   html_type);
        }
        res.set_content(theme_page(ctx, *t, params_of(req)), html_type);
    });

    http.Get("/history", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::user, Kind::page, a)) return;
        res.set_content(history_page(context(a.cat, a.user, a.now, a.text), param(req, "done")), html_type);
    });

    // [SECTION] Comments (managers)
    page("/comments", Need::manager, comments_page);
    form("/comments/link", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::int64_t response = to_int(param(req, "response"));
        const std::string theme = param(req, "theme");
        const std::string action = param(req, "action");
        std::string back = param(req, "back");
        if (back.rfind("/comments", 0) != 0 || safe_next(back) != back) back = "/comments";
        const char* sep = back.find('?') == std::string::npos ? "?" : "&";
        if (response < 0 || !a.cat->find(theme) || (action != "add" && action != "remove"))
            return redirect(res, back + sep + "done=bad-input");
        auto s = context(a.cat, a.user, a.now).store.correct_link(response, theme, action == "add", a.user->user, a.now);
        if (!s) return redirect(res, back + sep + "done=bad-input");
        audit(a, "corrected link", action + " " + theme + " on comment " + std::to_string(response));
        redirect(res, back + sep + (action == "add" ? "done=link-added" : "done=link-removed"));
    });

    // [SECTION] To read (managers)
    page("/to-read", Need::manager, to_read_page);
    // "one": mark that comment read (flagged or not). "bulk": mark the ticked "response" values
    // read, unflagged ones only: a flagged comment is never ticked off unseen in a batch.
    form("/to-read/read", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const bool one = req.has_param("one");
        std::vector<std::int64_t> ids;
        if (one) {
            ids.push_back(to_int(param(req, "one")));
        } else {
            auto range = req.params.equal_range("response");
            for (auto it = range.first; it != range.second && ids.size() <= max_bulk_read; ++it)
                ids.push_back(to_int(it->second));
        }
        if (ids.empty() || ids.size() > max_bulk_read ||
            std::any_of(ids.begin(), ids.end(), [](std::int64_t id) { return id < 0; }))
            return redirect(res, "/to-read?done=bad-input");
        auto marked = context(a.cat, a.user, a.now).store.mark_read(ids, !one, a.user->user, a.now);  // own sites only
        if (!marked) return redirect(res, "/to-read?done=bad-input");
        if (marked->empty()) return redirect(res, "/to-read?done=read-none");
        std::string list;
        for (auto id : *marked) list += (list.empty() ? "" : ", ") + std::to_string(id);
        if (one)
            audit(a, "marked comment read", "comment " + list);
        else
            audit(a, "marked comments read", std::to_string(marked->size()) + " unflagged comments: " + list);
        redirect(res, marked->size() == ids.size() ? "/to-read?done=read" : "/to-read?done=read-some");
    });

    // [SECTION] Safeguarding (managers)
    http.Get("/safeguarding", [this, guard, audit](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::manager, Kind::page, a)) return;
        audit(a, "viewed safeguarding queue", param(req, "show") == "all" ? "all items" : "waiting items");
        res.set_content(safeguarding_page(context(a.cat, a.user, a.now, a.text), params_of(req)), html_type);
    });
    form("/safeguarding/ack", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::int64_t id = to_int(param(req, "id"));
        const std::string note = param(req, "note").substr(0, 1000);
        if (id < 0 || note.empty()) return redirect(res, "/safeguarding?done=bad-input");
        auto s = context(a.cat, a.user, a.now).store.acknowledge(id, a.user->user, note, a.now);
        if (!s)
            return redirect(
                res, s.error().code == Errc::conflict ? "/safeguarding?done=already" : "/safeguarding?done=bad-input");
        audit(a, "acknowledged safeguarding item", std::to_string(id) + ": " + note);
        redirect(res, "/safeguarding?done=ack");
    });

    // [SECTION] Devices (managers)
    http.Get("/devices", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::manager, Kind::page, a)) return;
        res.set_content(devices_page(context(a.cat, a.user, a.now, a.text), params_of(req), ""), html_type);
    });
    form("/devices/revoke", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::string device = param(req, "device").substr(0, 64);
        auto devices = parts_.aggregator_store->list_devices();
        bool mine = false;
        if (devices)
            for (const auto& d : *devices) mine = mine || (d.id == device && a.user->sees(d.site));
        if (!mine) return redirect(res, "/devices?done=bad-input");  // unknown, or another site's kiosk
        auto s = parts_.aggregator_store->revoke_device(device, a.now);
        if (!s) return redirect(res, "/devices?done=bad-input");
        audit(a, "revoked device", device);
        redirect(res, "/devices?done=revoked");
    });
    form("/devices/enrol-code", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::string site = param(req, "site");
        const std::int64_t ttl = to_int(param(req, "expires"));
        if (site.empty() || site.size() > 100 || (ttl != 3600 && ttl != 86400 && ttl != 604800) ||
            !a.user->sees(site))
            return redirect(res, "/devices?done=bad-input");
        auto code = aggregator::issue_enrol_code(*parts_.aggregator_store, site, ttl, a.now);
        auto ctx = context(a.cat, a.user, a.now, a.text);
        const Text& t = *a.text;
        if (!code) return res.set_content(message_page(ctx, t.plain("code.failed"), code.error().message), html_type);
        audit(a, "created enrolment code", "site " + site);
        // Shown once, never stored in clear: the page is not cached (Cache-Control: no-store).
        const std::string shown = code->substr(0, 4) + "-" + code->substr(4);
        const std::string server_url =
            !parts_.server_url.empty() ? parts_.server_url : "https://" + req.get_header_value("Host").substr(0, 200);
        std::string block = "<section class=\"code\" aria-labelledby=\"code-h\"><h2 id=\"code-h\">" +
                            t.html("code.title", {{"site", html::escape(site)}}) + "</h2><p class=\"big\">" +
                            html::escape(shown) + "</p><dl><div><dt>" + t.html("code.server") + "</dt><dd>" +
                            html::escape(server_url) + "</dd></div><div><dt>" + t.html("code.pin") + "</dt><dd><code>" +
                            html::escape(parts_.tls_pin) + "</code></dd></div><div><dt>" + t.html("code.expires") +
                            "</dt><dd>" + html::escape(iso_utc(a.now + ttl)) + "</dd></div></dl><p>" +
                            t.html("code.help") + "</p></section>";
        res.set_content(devices_page(ctx, params_of(req), block), html_type);
    });

    // A site's own help contact for its kiosks' help sheet (they get it with their question set).
    form("/sites/contact", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::string site = param(req, "site");
        const std::string name = param(req, "name");
        const std::string phone = param(req, "phone");
        const bool phone_ok = std::all_of(phone.begin(), phone.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-';
        });
        if (site.empty() || site.size() > 100 || name.size() > 100 || phone.size() > 40 || !phone_ok ||
            name.empty() != phone.empty() || !a.user->sees(site))
            return redirect(res, "/devices?done=bad-input");
        if (auto s = parts_.aggregator_store->set_site_contact(site, {name, phone}); !s)
            return redirect(res, "/devices?done=bad-input");
        audit(a, "set site help contact", "site " + site + ": " + (name.empty() ? "removed" : name + ", " + phone));
        redirect(res, "/devices?done=contact-saved");
    });

    // [SECTION] You said, we did (managers write; kiosks read)
    page("/replies", Need::manager, replies_page);
    form("/replies", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::string theme = param(req, "theme");
        const std::string text = param(req, "text");
        if (!valid_theme_id(theme) || !a.cat->find(theme) || text.empty() || text.size() > 280 * 4)
            return redirect(res, "/replies?done=bad-input");
        auto id = parts_.store->add_reply({0, theme, text, a.user->user, a.now});
        if (!id) return redirect(res, "/replies?done=bad-input");
        audit(a, "added reply", theme);
        redirect(res, "/replies?done=reply-added");
    });
    form("/replies/delete", [this, audit](const httplib::Request& req, httplib::Response& res, const Access& a) {
        const std::int64_t id = to_int(param(req, "id"));
        if (id < 0 || !parts_.store->delete_reply(id)) return redirect(res, "/replies?done=bad-input");
        audit(a, "deleted reply", std::to_string(id));
        redirect(res, "/replies?done=reply-deleted");
    });
    http.Get("/api/v1/you-said-we-did", [this](const httplib::Request& req, httplib::Response& res) {
        const std::string token = aggregator::http::bearer_token(req);
        if (token.empty()) return aggregator::http::send_error(res, http_status::unauthorized, "unauthorized", "send the device token");
        auto device = parts_.aggregator_store->find_device_by_token_hash(aggregator::device_token_hash(token));
        if (!device) return aggregator::http::send_error(res, http_status::service_unavailable, "unavailable", "try again shortly");
        if (!device->has_value() || (*device)->revoked ||
            !crypto::constant_time_equal((*device)->token_hash, aggregator::device_token_hash(token)))
            return aggregator::http::send_error(res, http_status::unauthorized, "unauthorized", "unknown or revoked device token");
        auto replies = parts_.store->replies();
        if (!replies) return aggregator::http::send_error(res, http_status::service_unavailable, "unavailable", "try again shortly");
        if (parts_.reporting) {  // done actions reach the kiosks in young people's words
            auto actions = parts_.reporting->actions();
            if (!actions) return aggregator::http::send_error(res, http_status::service_unavailable, "unavailable", "try again shortly");
            *replies = kiosk_replies(std::move(*replies), *actions);
        }
        // An ETag lets every kiosk's sync pass cost a 304 while nothing changed.
        const std::string body = replies_json(*replies, *catalogue());
        const std::string etag = "\"" + crypto::sha256_hex(body).substr(0, 32) + "\"";
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = http_status::not_modified;
            return;
        }
        aggregator::http::send_json(res, http_status::ok, body);
    });

    // [SECTION] Evidence pack and audit (managers)
    http.Get("/evidence", [this, guard, audit](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::manager, Kind::page, a)) return;
        audit(a, "viewed evidence pack", param(req, "period"));
        res.set_content(evidence_page(context(a.cat, a.user, a.now, a.text), params_of(req)), html_type);
    });
    http.Get("/evidence.csv", [this, guard, audit](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::manager, Kind::page, a)) return;
        const Filter f = filter_from(params_of(req), a.now);
        audit(a, "exported evidence CSV",
              (f.from_month.empty() ? "all" : f.from_month) + " to " + f.to_month +
                  (f.site.empty() ? "" : ", site " + f.site));
        res.set_header("Content-Disposition", "attachment; filename=\"evidence-" + f.to_month + ".csv\"");
        res.set_content(evidence_csv(context(a.cat, a.user, a.now, a.text), params_of(req)), "text/csv; charset=utf-8");
    });
    http.Get("/audit", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard(req, res, Need::manager, Kind::page, a)) return;
        res.set_content(audit_page(context(a.cat, a.user, a.now, a.text)), html_type);
    });

    register_reporting_routes(http, RouteGuard{guard, audit, page});
    register_upload_routes(http, RouteGuard{guard, audit, page});
}

}  // namespace lp::dashboard
