// "You said, we did" fetch: a real loopback HTTP server, real files in a temp dir.
#include "../../kiosk/test_util.hpp"
#include "loopback_server.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/client/you_said_we_did.hpp>
#include <thread>

using namespace lp;
using namespace lp::sync;

namespace {

/// Serves `body` with an ETag, 304 on a match, or `status` when it is not 200.
class RepliesServer {
public:
    std::string body = R"({"replies":[{"theme":"t1","young_title":"Seeing your worker","text":"We hired two more workers.","date":"2026-11-20"}]})";
    int status = 200;
    std::atomic<int> requests{0}, not_modified{0};
    std::string last_auth;

    RepliesServer() {
        loop_.http.Get("/api/v1/you-said-we-did", [this](const httplib::Request& req, httplib::Response& res) {
            ++requests;
            last_auth = req.get_header_value("Authorization");
            if (status != 200) {
                res.status = status;
                res.set_content(R"({"error":"x","message":"no"})", "application/json");
                return;
            }
            const std::string etag = "\"" + crypto::sha256_hex(body).substr(0, 16) + "\"";
            res.set_header("ETag", etag);
            if (req.get_header_value("If-None-Match") == etag) {
                ++not_modified;
                res.status = 304;
                return;
            }
            res.set_content(body, "application/json");
        });
        loop_.start();
    }
    DeviceConfig device() const {
        DeviceConfig d;
        d.device_id = "dev-test";
        d.server_url = loop_.url();
        d.token = "tok";
        return d;
    }

private:
    test::LoopbackServer loop_;
};

HttpClient client() {
    HttpTimeouts t;
    t.connect_timeout_s = 2;
    t.low_speed_time_s = 3;
    return HttpClient(TlsSettings{}, t);
}

}  // namespace

TEST_CASE("you-said-we-did: fetched with the token, written atomically, then a 304 costs nothing") {
    RepliesServer server;
    kiosk::test::TempDir dir;
    auto c = client();
    auto first = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE(first);
    CHECK(*first == RefreshOutcome::updated);
    CHECK(server.last_auth == "Bearer tok");
    CHECK(read_file(you_said_we_did_path(dir.path())).value() == server.body);
    CHECK(file_exists(you_said_we_did_etag_path(dir.path())));

    auto second = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE(second);
    CHECK(*second == RefreshOutcome::unchanged);
    CHECK(server.not_modified == 1);

    server.body = R"({"replies":[]})";
    auto third = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE(third);
    CHECK(*third == RefreshOutcome::updated);
    CHECK(read_file(you_said_we_did_path(dir.path())).value() == server.body);
}

TEST_CASE("you-said-we-did: 404 means none, a bad answer or 401 keeps the old file") {
    RepliesServer server;
    kiosk::test::TempDir dir;
    auto c = client();
    REQUIRE(refresh_you_said_we_did(c, server.device(), dir.path()));
    const std::string good = read_file(you_said_we_did_path(dir.path())).value();

    server.body = R"({"replies":[{"theme":"t1","text":""}]})";
    auto bad = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == Errc::server_error);
    CHECK(read_file(you_said_we_did_path(dir.path())).value() == good);

    server.status = 401;
    auto refused = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::unauthorized);
    CHECK(read_file(you_said_we_did_path(dir.path())).value() == good);

    server.status = 404;
    auto none = refresh_you_said_we_did(c, server.device(), dir.path());
    REQUIRE(none);
    CHECK(*none == RefreshOutcome::updated);
    CHECK(read_file(you_said_we_did_path(dir.path())).value() == R"({"replies":[]})");
    CHECK_FALSE(file_exists(you_said_we_did_etag_path(dir.path())));
}

TEST_CASE("you-said-we-did: the answer's shape is checked") {
    CHECK(check_you_said_we_did(R"({"replies":[]})"));
    CHECK(check_you_said_we_did(R"({"replies":[{"text":"We did it","theme":"a","young_title":"A","date":"2026-01-01"}]})"));
    CHECK_FALSE(check_you_said_we_did("not json"));
    CHECK_FALSE(check_you_said_we_did(R"([])"));
    CHECK_FALSE(check_you_said_we_did(R"({"replies":{}})"));
    CHECK_FALSE(check_you_said_we_did(R"({"replies":[{"text":3}]})"));
    CHECK_FALSE(check_you_said_we_did(R"({"replies":[{"text":"ok","theme":7}]})"));
}
