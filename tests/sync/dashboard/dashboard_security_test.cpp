// The security review's findings, each attacked through the real routes over TLS.
#include <doctest/doctest.h>
#include <httplib.h>

#include <lp/dashboard/dashboard.hpp>
#include <lp/shared/crypto.hpp>

#include "dashboard_test_support.hpp"
#include "running_dashboard.hpp"
#include "test_browser.hpp"

using namespace lp;
using dashtest::RunningDashboard;
using test::Browser;

namespace {

/// Where a login with next=target sends the browser.
std::string location_after_login(Browser& b, const std::string& target) {
    auto page = b.get("/login");
    REQUIRE(page);
    auto r = b.post("/login", {{"csrf", Browser::csrf_in(page->body)},
                               {"user", "alice"},
                               {"password", "correct horse battery"},
                               {"next", target}});
    REQUIRE(r);
    CHECK(r->status == 303);
    return r->get_header_value("Location");
}

}  // namespace

TEST_CASE("finding 1: a login's next= never leads off the site (control characters, backslashes, schemes)") {
    RunningDashboard d;
    for (const std::string bad : {"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\x0b/evil.example",
                                  "/\x7f/evil.example", "/ /evil.example", "/\\evil.example", "//evil.example",
                                  "/\t\\evil.example", "https://evil.example/", "\\\\evil.example"}) {
        Browser b(d.port);
        CHECK_MESSAGE(location_after_login(b, bad) == "/", "next=" << bad);
    }
    Browser ok(d.port);
    CHECK(location_after_login(ok, "/comments?site=Hub") == "/comments?site=Hub");
}
