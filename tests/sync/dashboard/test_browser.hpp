#pragma once
// A browser-ish HTTPS client for the dashboard tests: keeps cookies per server like a browser
// does for its host, and reads CSRF tokens from pages.
#include <doctest/doctest.h>
#include <httplib.h>

#include <map>
#include <regex>
#include <string>

namespace lp::test {

struct Browser {
    httplib::SSLClient client;
    std::map<std::string, std::string> cookies;
    httplib::Headers extra;  // sent with every request (e.g. Accept-Language)

    explicit Browser(int port) : client("127.0.0.1", port) {
        client.enable_server_certificate_verification(false);  // the test's self-signed server
        client.set_connection_timeout(10);
        client.set_read_timeout(10);
    }
    httplib::Headers headers() const {
        std::string c;
        for (const auto& [k, v] : cookies) c += (c.empty() ? "" : "; ") + k + "=" + v;
        httplib::Headers h = extra;
        if (!c.empty()) h.emplace("Cookie", c);
        return h;
    }
    void keep(const httplib::Result& r) {
        if (!r) return;
        for (const auto& [k, v] : r->headers) {
            if (k != "Set-Cookie") continue;
            auto eq = v.find('='), semi = v.find(';');
            cookies[v.substr(0, eq)] = v.substr(eq + 1, semi - eq - 1);
        }
    }
    httplib::Result get(const std::string& path) {
        auto r = client.Get(path.c_str(), headers());
        keep(r);
        return r;
    }
    httplib::Result post(const std::string& path, const httplib::Params& params) {
        auto r = client.Post(path.c_str(), headers(), params);
        keep(r);
        return r;
    }
    /// The status of GET path (0 when the server did not answer).
    int status(const std::string& path) {
        auto r = get(path);
        return r ? r->status : 0;
    }
    /// Posts a multipart form (a file upload) with the browser's cookies.
    httplib::Result upload(const std::string& path, const httplib::MultipartFormDataItems& items) {
        auto r = client.Post(path.c_str(), headers(), items);
        keep(r);
        return r;
    }
    /// The body of GET path, checking its status.
    std::string page(const std::string& path, int expect = 200) {
        auto r = get(path);
        REQUIRE(r);
        CHECK_MESSAGE(r->status == expect, path);
        return r->body;
    }
    /// Posts a form; returns the redirect target (Location) or "" when none.
    std::string submit(const std::string& path, const httplib::Params& form) {
        auto r = post(path, form);
        REQUIRE(r);
        return r->get_header_value("Location");
    }
    static std::string csrf_in(const std::string& html) {
        std::smatch m;
        REQUIRE(std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
        return m[1];
    }
    /// Logs in through the form; returns the CSRF token of the home page.
    std::string login(const std::string& user, const std::string& password) {
        auto login_page = get("/login");
        REQUIRE(login_page);
        auto r = post("/login",
                      {{"csrf", csrf_in(login_page->body)}, {"user", user}, {"password", password}, {"next", "/"}});
        REQUIRE(r);
        CHECK(r->status == 303);
        auto home = get("/");
        REQUIRE(home);
        REQUIRE(home->status == 200);
        return csrf_in(home->body);
    }
};

}  // namespace lp::test
