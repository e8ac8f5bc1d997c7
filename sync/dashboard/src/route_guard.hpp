#pragma once
// The session guard of the dashboard's routes, shared by routes.cpp and routes_reporting.cpp.
#include <functional>
#include <lp/dashboard/dashboard.hpp>
#include <memory>
#include <optional>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace lp::dashboard {

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

struct RouteGuard {
    /// false (and the response is written) when the request may not go on: no session, a
    /// viewer on a manager route, a bad CSRF token on a form.
    std::function<bool(const httplib::Request&, httplib::Response&, Need, Kind, Access&)> check;
    /// Writes an audit entry for the access's user.
    std::function<void(const Access&, const std::string& action, const std::string& detail)> audit;
};

}  // namespace lp::dashboard
