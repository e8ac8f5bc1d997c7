#pragma once
// The session guard of the dashboard's routes and the small request helpers every routes_*.cpp
// uses (routes.cpp, routes_reporting.cpp, routes_upload.cpp).
#include <httplib.h>

#include <functional>
#include <lp/dashboard/dashboard.hpp>
#include <lp/shared/http_status.hpp>
#include <memory>
#include <optional>
#include <string>

namespace lp::dashboard {

inline const char* const html_type = "text/html; charset=utf-8";

/// The query's (or form's) parameters; the first value of a repeated one wins.
inline Params params_of(const httplib::Request& req) {
    Params p;
    for (const auto& [k, v] : req.params) p.emplace(k, v);
    return p;
}

/// The value of a query or form parameter; "" when it is absent.
inline std::string param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

/// 303 See Other to location (after a form, so a reload does not post it again).
inline void redirect(httplib::Response& res, const std::string& location) {
    res.status = http_status::see_other;
    res.set_header("Location", location);
    res.set_content("", "text/plain");
}

enum class Need { user, manager };
// What a route answers with: a page (GET), a form post (CSRF checked) or JSON (errors as JSON).
enum class Kind { page, form, json };

/// What the guard learned about a request that may go on.
struct Access {
    std::shared_ptr<const CatalogueIndex> cat;
    std::optional<PageUser> user;
    std::int64_t now = 0;
    const Text* text = nullptr;
};

/// A page view of the usual shape: the page's HTML for a context and the query's parameters.
using PageView = std::string (*)(const ViewContext&, const Params&);
/// What a form route does once its request passed the guard.
using FormHandler = std::function<void(const httplib::Request&, httplib::Response&, const Access&)>;

struct RouteGuard {
    /// false (and the response is written) when the request may not go on: no session, a
    /// viewer on a manager route, a bad CSRF token on a form.
    std::function<bool(const httplib::Request&, httplib::Response&, Need, Kind, Access&)> check;
    /// Writes an audit entry for the access's user.
    std::function<void(const Access&, const std::string& action, const std::string& detail)> audit;
    /// Registers GET path as a page for readers of need: the check, then view's HTML.
    std::function<void(const char* path, Need need, PageView view)> page;
};

}  // namespace lp::dashboard
