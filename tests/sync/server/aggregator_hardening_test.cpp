// Each attack is sent to the real server over TLS; after each, the server must still serve.
// Runs on SQLite and, as "aggregator_e2e-pg: …", on PostgreSQL (aggregator_test_store.hpp).
#include "aggregator_test_store.hpp"
#include "aggregator_test_support.hpp"

#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace lp;
using lp::test::https;
using nlohmann::json;

namespace {

struct Target : test::RunningAggregator {
    std::string device, token;

    explicit Target(
        const std::string& extra = "read_timeout_s = 2\nkeep_alive_timeout_s = 2\nmax_header_bytes = 4096\n")
        : RunningAggregator(extra) {
        std::tie(device, token) = test::enrol(server);
        REQUIRE(!token.empty());
    }
    void still_serving() {
        REQUIRE(server.alive());
        CHECK(https("GET", server.url("/api/v1/health"), ca).status == 200);
    }
    // Sends raw bytes on a fresh TLS connection and returns the raw answer.
    std::string raw(const std::string& request, int timeout_ms = 3000) {
        test::RawTls c(server.port());
        REQUIRE(c.connected());
        c.send(request);
        return c.read_all(timeout_ms);
    }
    std::string post_head(const std::string& path, std::size_t length, const std::string& extra = {}) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token +
               "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n" + extra +
               "\r\n";
    }
    int post_json(const std::string& body) {
        auto r = https("POST", server.url("/api/v1/batches"), ca,
                       {"Authorization: Bearer " + token, "Content-Type: application/json"}, body);
        if (r.status >= 400) {
            auto j = json::parse(r.body);
            CHECK(!j["message"].get<std::string>().empty());
        }
        return static_cast<int>(r.status);
    }
};

}  // namespace

TEST_CASE("attack: chunked body is refused with 411 before it is read") {
    Target t;
    auto answer = t.raw(
        "POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + t.token +
        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        "100000\r\n" + std::string(4096, 'x'));
    CHECK(test::status_of(answer) == 411);
    CHECK(answer.find("Content-Length") != std::string::npos);
    t.still_serving();
}

TEST_CASE("attack: a gzip bomb stops at the body limit with 413 naming the limit") {
    Target t;
    const std::string bomb = test::gzip(std::string(200u * 1024 * 1024, '['));  // 200 MiB inflated
    CHECK(bomb.size() < 1024 * 1024);
    auto start = std::chrono::steady_clock::now();
    auto answer = t.raw(t.post_head("/api/v1/batches", bomb.size(), "Content-Encoding: gzip\r\n") + bomb, 10000);
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(test::status_of(answer) == 413);
    CHECK(answer.find("2097152") != std::string::npos);
    CHECK(took < std::chrono::seconds(5));
    // gzip is only accepted on the batch upload.
    auto enrol = t.raw("POST /api/v1/enrol HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                       "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n" + bomb);
    CHECK(test::status_of(enrol) == 415);
    t.still_serving();
}

TEST_CASE("attack: a declared huge Content-Length is refused before reading") {
    Target t;
    auto answer = t.raw(t.post_head("/api/v1/batches", 50u * 1024 * 1024) + "{");
    CHECK(test::status_of(answer) == 413);
    auto enrol = t.raw("POST /api/v1/enrol HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                       "Content-Length: 99999999999\r\n\r\n{");
    CHECK(test::status_of(enrol) == 413);
    auto no_length = t.raw("POST /api/v1/enrol HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n");
    CHECK(test::status_of(no_length) == 411);
    t.still_serving();
}

TEST_CASE("attack: oversized headers, too many headers and long URLs are refused") {
    Target t;
    auto big = t.raw("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(5000, 'a') + "\r\n\r\n");
    CHECK(test::status_of(big) == 431);
    // Beyond httplib's own line limit the connection is refused outright (400 or closed).
    auto huge = t.raw("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(100000, 'a') +
                      "\r\n\r\n");
    CHECK(test::status_of(huge) != 200);
    std::string many = "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < 100; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
    auto many_answer = t.raw(many + "\r\n");
    CHECK(test::status_of(many_answer) == 431);
    CHECK(many_answer.find("64") != std::string::npos);
    auto long_url = t.raw("GET /api/v1/health?" + std::string(3000, 'q') + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    CHECK(test::status_of(long_url) == 414);
    auto very_long = t.raw("GET /" + std::string(20000, 'q') + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    CHECK(test::status_of(very_long) != 200);
    t.still_serving();
}

namespace {
// Resident memory of a process in KiB (VmRSS), 0 if unknown.
long rss_kib(int pid) {
    std::string status = test::slurp("/proc/" + std::to_string(pid) + "/status");
    auto p = status.find("VmRSS:");
    return p == std::string::npos ? 0 : std::atol(status.c_str() + p + 6);
}
}  // namespace

TEST_CASE("attack: a flood of header lines is cut off before it costs memory") {
    Target t;
    test::RawTls c(t.server.port());
    REQUIRE(c.connected());
    REQUIRE(c.send("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n"));
    std::string lines;
    for (int i = 0; i < 10000; ++i) lines += "X-" + std::to_string(i) + ": " + std::string(100, 'v') + "\r\n";
    std::size_t sent = 0;
    for (int i = 0; i < 50 && c.send(lines); ++i) sent += lines.size();  // up to 55 MB
    // The server hangs up at the bound for requests other than the report upload (about 2.6 MB
    // of headers and body); the rest is what the two sockets' buffers took in.
    CHECK(sent < 12u * 1024 * 1024);
    CHECK(rss_kib(t.server.pid()) < 200 * 1024);
    t.still_serving();
}

TEST_CASE("attack: a request trickled byte by byte is cut at the request deadline") {
    Target t("read_timeout_s = 3\nrequest_deadline_s = 2\n");
    test::RawTls c(t.server.port());
    REQUIRE(c.connected());
    const auto start = std::chrono::steady_clock::now();
    bool cut = false;
    REQUIRE(c.send("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n"));
    for (int i = 0; i < 12 && !cut; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        cut = !c.send("X-" + std::to_string(i) + ": v\r\n") || c.closed_by_peer(1);
    }
    CHECK(cut);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(6));
    t.still_serving();
}

TEST_CASE("attack: slowloris connections are dropped by the read timeout") {
    Target t;
    std::vector<std::unique_ptr<test::RawTls>> idle;
    for (int i = 0; i < 8; ++i) {
        idle.push_back(std::make_unique<test::RawTls>(t.server.port()));
        REQUIRE(idle.back()->connected());
        idle.back()->send("GET /api/v1/health HTTP/1.1\r\nHost: local");
    }
    t.still_serving();  // the pool is not exhausted by idle clients
    for (auto& c : idle) CHECK(c->closed_by_peer(6000));
    t.still_serving();
}

TEST_CASE("attack: malformed JSON, deep nesting, huge numbers, invalid UTF-8 give 400") {
    Target t;
    CHECK(t.post_json("{\"device_id\": \"" + t.device + "\", ") == 400);
    CHECK(t.post_json(std::string(100000, '[') + std::string(100000, ']')) == 400);
    CHECK(t.post_json("{\"device_id\": " + std::string(5000, '9') + "}") == 400);
    CHECK(t.post_json("{\"device_id\": 1e999999}") == 400);
    CHECK(t.post_json("{\"device_id\": \"\xff\xfe\xfd\", \"batch_id\": \"x\", \"items\": []}") == 400);
    CHECK(t.post_json("{\"device_id\": [\"" + t.device + "\"], \"batch_id\": 5, \"items\": {}}") == 400);
    CHECK(t.post_json("") == 400);
    // A huge number inside one item rejects that item only.
    auto r = https("POST", t.server.url("/api/v1/batches"), t.ca,
                   {"Authorization: Bearer " + t.token, "Content-Type: application/json"},
                   "{\"device_id\":\"" + t.device + "\",\"batch_id\":\"" + crypto::uuid4() +
                       "\",\"items\":[{\"id\":\"" + crypto::uuid4() + "\",\"seq\":1e999}]}");
    if (r.status == 200) {
        CHECK(json::parse(r.body)["results"][0]["status"] == "rejected");
    } else {
        CHECK(r.status == 400);
    }
    std::string csv;
    REQUIRE(test::run({test::aggregator_exe(), "export", "--data", t.server.data_dir(), "--format", "jsonl"}, &csv) ==
            0);
    CHECK(csv.empty());
    t.still_serving();
}

TEST_CASE("attack: wrong content types and encodings give 415") {
    Target t;
    auto form = https("POST", t.server.url("/api/v1/batches"), t.ca,
                      {"Authorization: Bearer " + t.token, "Content-Type: application/x-www-form-urlencoded"}, "a=b");
    CHECK(form.status == 415);
    auto br = t.raw(t.post_head("/api/v1/batches", 2, "Content-Encoding: br\r\n") + "{}");
    CHECK(test::status_of(br) == 415);
    t.still_serving();
}

TEST_CASE("attack: a GET or HEAD with a body is refused and the connection closed, so the body is never a next request") {
    Target t;
    // Behind nginx's keep-alive upstream the body would otherwise be read as a second request.
    const std::string smuggled = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for (const char* method : {"GET", "HEAD", "DELETE", "OPTIONS"}) {
        auto answer = t.raw(std::string(method) + " /api/v1/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                            std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
        CHECK_MESSAGE(test::status_of(answer) == 400, method);
        CHECK_MESSAGE(answer.find("Connection: close") != std::string::npos, method);
        CHECK_MESSAGE(answer.find("HTTP/1.1", 10) == std::string::npos, method);  // one answer only
    }
    // An empty body (Content-Length: 0) is harmless and still served.
    auto zero = t.raw("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    CHECK(test::status_of(zero) == 200);
    t.still_serving();
}
