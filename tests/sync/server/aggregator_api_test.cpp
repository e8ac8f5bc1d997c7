// End-to-end: the real lp-aggregator process on loopback TLS, driven with libcurl. Runs on
// SQLite and, registered again as "aggregator_e2e-pg: …", on PostgreSQL (aggregator_test_store.hpp).
#include "aggregator_test_store.hpp"
#include "aggregator_test_support.hpp"

#include <lp/aggregator/config.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

using namespace lp;
using lp::test::https;
using nlohmann::json;

namespace {

struct Running : test::RunningAggregator {
    using RunningAggregator::RunningAggregator;

    test::HttpResult post_batch(const std::string& token, const std::string& body,
                                std::vector<std::string> headers = {}) {
        headers.push_back("Authorization: Bearer " + token);
        headers.push_back("Content-Type: application/json");
        return https("POST", server.url("/api/v1/batches"), ca, headers, body);
    }
    std::string batch_body(const std::string& device, const std::vector<wire::Item>& items) {
        return wire::encode_batch(wire::Batch{device, crypto::uuid4(), items});
    }
    wire::Item item(std::int64_t seq, const std::string& comment = "fine", std::string id = crypto::uuid4()) {
        return test::sealed_item(test::test_response(id, seq, comment), test::read_public_key(server.data_dir()));
    }
    std::string log() { return test::slurp(server.log_file()); }
};

// "stored,duplicate,…" so a failing CHECK prints something readable.
std::string result_statuses(const std::string& body) {
    std::string out;
    const json parsed = json::parse(body);
    for (const auto& r : parsed["results"]) out += (out.empty() ? "" : ",") + r["status"].get<std::string>();
    return out;
}

}  // namespace

TEST_CASE("health answers over TLS with every security header") {
    Running s;
    auto r = https("GET", s.server.url("/api/v1/health"), s.ca);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["status"] == "ok");
    CHECK(r.headers["strict-transport-security"].find("max-age=") == 0);
    CHECK(r.headers["x-content-type-options"] == "nosniff");
    CHECK(r.headers["x-frame-options"] == "DENY");
    CHECK(!r.headers["referrer-policy"].empty());
    CHECK(r.headers["content-security-policy"].find("default-src 'self'") == 0);
    auto missing = https("GET", s.server.url("/api/v1/nothing-here"), s.ca);
    CHECK(missing.status == 404);
    CHECK(json::parse(missing.body)["error"] == "not_found");
    CHECK(!missing.headers["x-frame-options"].empty());
}

TEST_CASE("the server refuses TLS versions below 1.2") {
    Running s;
    // SECLEVEL=0 lets the client really offer TLS 1.1, so the refusal is the server's.
    const std::string target = "127.0.0.1:" + std::to_string(s.server.port());
    std::string out;
    test::run({"/bin/bash", "-c",
               "echo | timeout 10 openssl s_client -connect " + target +
                   " -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' 2>&1"},
              &out);
    CHECK(out.find("alert protocol version") != std::string::npos);
    test::run({"/bin/bash", "-c", "echo | timeout 10 openssl s_client -connect " + target + " -tls1_2 2>&1"}, &out);
    CHECK(out.find("Protocol  : TLSv1.2") != std::string::npos);
    CHECK(https("GET", s.server.url("/api/v1/health"), s.ca).status == 200);
}

TEST_CASE("enrolment gives a device id, token, sealing key, pin and question set once per code") {
    Running s;
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", s.server.data_dir(), "--site", "hub"}, &out) ==
            0);
    const std::string code = out.substr(out.find("code: ") + 6, 10);
    CHECK(out.find("pin: sha256//") != std::string::npos);
    CHECK(out.find("server: https://") != std::string::npos);
    auto r = https("POST", s.server.url("/api/v1/enrol"), s.ca, {"Content-Type: application/json"},
                   R"({"code":")" + code + R"(","name":"front desk"})");
    REQUIRE(r.status == 200);
    auto j = json::parse(r.body);
    CHECK(j["device_id"].get<std::string>().rfind("dev-", 0) == 0);
    CHECK(j["token"].get<std::string>().size() == 64);
    CHECK(crypto::from_base64(j["server_public_key"].get<std::string>())->size() == 32);
    CHECK(j["tls_pin"].get<std::string>().rfind("sha256//", 0) == 0);
    CHECK(out.find(j["tls_pin"].get<std::string>()) != std::string::npos);
    CHECK(j["question_set"]["id"] == "test-set");
    // The token is stored only as a hash: not in the database file and its log, nor in a dump.
    const std::string at_rest = test::store_bytes_at_rest(s.server.data_dir());
    CHECK(at_rest.find(j["device_id"].get<std::string>()) != std::string::npos);  // the right store
    CHECK(at_rest.find(j["token"].get<std::string>()) == std::string::npos);

    auto again = https("POST", s.server.url("/api/v1/enrol"), s.ca, {"Content-Type: application/json"},
                       R"({"code":")" + code + R"(","name":"front desk"})");
    CHECK(again.status == 401);
    CHECK(json::parse(again.body)["error"] == "bad_code");
}

TEST_CASE("a kiosk whose enrolment answer was lost gets its device again with the same code and key") {
    Running s;
    std::string out;
    auto code_for = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {test::aggregator_exe(), "enrol-code", "--data", s.server.data_dir(), "--site", "hub"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        REQUIRE(test::run(argv, &out) == 0);
        return out.substr(out.find("code: ") + 6, 10);
    };
    auto enrol = [&](const std::string& code, const std::string& key) {
        json body = {{"code", code}, {"name", "x"}};
        if (!key.empty()) body["enrol_key"] = key;
        return https("POST", s.server.url("/api/v1/enrol"), s.ca, {"Content-Type: application/json"}, body.dump());
    };
    auto works = [&](const std::string& token) {
        return https("GET", s.server.url("/api/v1/question-sets/current"), s.ca, {"Authorization: Bearer " + token})
            .status;
    };
    const std::string key(64, 'a'), other_key(64, 'b');
    const std::string code = code_for({});
    auto first = enrol(code, key);
    REQUIRE(first.status == 200);
    auto again = enrol(code, key);  // the first answer never reached the kiosk
    REQUIRE(again.status == 200);
    const auto a = json::parse(first.body), b = json::parse(again.body);
    CHECK(a["device_id"] == b["device_id"]);
    // The same token: had the two answers crossed on the way, the kiosk still holds a live one.
    CHECK(a["token"] == b["token"]);
    CHECK(works(a["token"]) == 200);
    CHECK(enrol(code, other_key).status == 401);  // another kiosk cannot take the code
    CHECK(enrol(code, "").status == 401);
    CHECK(enrol(code, "not hex").status == 400);
    std::string list;
    REQUIRE(test::run({test::aggregator_exe(), "devices", "--data", s.server.data_dir()}, &list) == 0);
    CHECK(std::count(list.begin(), list.end(), '\n') == 2);  // header and one device

    // Not for a revoked device, nor once the code has expired.
    REQUIRE(test::run({test::aggregator_exe(), "revoke", "--data", s.server.data_dir(), a["device_id"]}) == 0);
    CHECK(enrol(code, key).status == 401);
    CHECK(works(a["token"]) == 401);
    const auto other_code = code_for({});  // a token per code and key: a new code, a new token
    CHECK(json::parse(enrol(other_code, key).body)["token"] != a["token"]);
    const std::string short_code = code_for({"--expires", "2s"});
    REQUIRE(enrol(short_code, other_key).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(enrol(short_code, other_key).status == 401);
}

TEST_CASE("ten wrong enrolment codes lock the address out with 429 and Retry-After") {
    Running s;
    for (int i = 0; i < 10; ++i) {
        auto r = https("POST", s.server.url("/api/v1/enrol"), s.ca, {"Content-Type: application/json"},
                       R"({"code":"ACDEFGHJKM","name":"x"})");
        CHECK(r.status == 401);
    }
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", s.server.data_dir(), "--site", "hub"}, &out) ==
            0);
    const std::string code = out.substr(out.find("code: ") + 6, 10);
    auto locked = https("POST", s.server.url("/api/v1/enrol"), s.ca, {"Content-Type: application/json"},
                        R"({"code":")" + code + R"(","name":"x"})");
    CHECK(locked.status == 429);
    CHECK(std::stoi(locked.headers["retry-after"]) > 800);
}

TEST_CASE("behind a trusted proxy the enrolment lockout follows X-Forwarded-For, otherwise the header is ignored") {
    auto enrol_from = [](Running& s, const std::string& client, const std::string& code) {
        return https("POST", s.server.url("/api/v1/enrol"), s.ca,
                     {"Content-Type: application/json", "X-Forwarded-For: " + client},
                     R"({"code":")" + code + R"(","name":"x"})")
            .status;
    };
    auto fresh_code = [](Running& s) {
        std::string out;
        REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", s.server.data_dir(), "--site", "hub"},
                          &out) == 0);
        return out.substr(out.find("code: ") + 6, 10);
    };
    {
        // nginx on this machine: each client's mistakes lock out that client only.
        Running s("enrol_max_failures = 3\ntrusted_proxies = 127.0.0.1\n");
        for (int i = 0; i < 3; ++i) CHECK(enrol_from(s, "203.0.113.5", "ACDEFGHJKM") == 401);
        CHECK(enrol_from(s, "203.0.113.5", fresh_code(s)) == 429);
        CHECK(enrol_from(s, "203.0.113.6", fresh_code(s)) == 200);
        CHECK(s.log().find("\"remote\":\"203.0.113.5\"") != std::string::npos);
        // A forged chain counts as its last hop, the one nginx wrote; junk falls back to the peer.
        CHECK(enrol_from(s, "198.51.100.1, 203.0.113.5", fresh_code(s)) == 429);
        CHECK(enrol_from(s, "<script>", fresh_code(s)) == 200);
    }
    {
        // No trusted proxy: a client cannot dodge the lockout by naming other addresses.
        Running s("enrol_max_failures = 3\n");
        for (int i = 0; i < 3; ++i) CHECK(enrol_from(s, "203.0.113." + std::to_string(i), "ACDEFGHJKM") == 401);
        CHECK(enrol_from(s, "203.0.113.9", fresh_code(s)) == 429);
    }
}

TEST_CASE("batches are stored once, a replay is duplicate and a changed item is a conflict") {
    Running s;
    auto [device, token] = test::enrol(s.server);
    REQUIRE(!token.empty());
    const std::string id = crypto::uuid4();
    const std::string body = s.batch_body(device, {s.item(1, "hello", id), s.item(2)});
    auto first = s.post_batch(token, body);
    REQUIRE(first.status == 200);
    CHECK(result_statuses(first.body) == "stored,stored");
    for (int i = 0; i < 3; ++i) {
        auto again = s.post_batch(token, body);
        REQUIRE(again.status == 200);
        CHECK(result_statuses(again.body) == "duplicate,duplicate");
    }
    auto changed = s.post_batch(token, s.batch_body(device, {s.item(1, "changed", id)}));
    REQUIRE(changed.status == 200);
    auto res = json::parse(changed.body)["results"][0];
    CHECK(res["status"] == "conflict");
    CHECK(!res["reason"].get<std::string>().empty());

    std::string csv;
    REQUIRE(test::run({test::aggregator_exe(), "export", "--data", s.server.data_dir(), "--format", "csv"}, &csv) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);  // header + 2 responses
    CHECK(csv.find("hello") != std::string::npos);
    CHECK(csv.find("changed") == std::string::npos);
    // The request log names the device and never the payload.
    auto log = s.log();
    CHECK(log.find("\"device\":\"" + device + "\"") != std::string::npos);
    CHECK(log.find("hello") == std::string::npos);
    CHECK(log.find(token) == std::string::npos);
}

TEST_CASE("the same batch sent on many connections at the same moment is stored exactly once") {
    Running s("device_requests_per_minute = 0\n");
    // On PostgreSQL a second instance shares the database, as behind a load balancer, so the
    // race is also between processes. A SQLite store belongs to one server process.
    std::unique_ptr<test::ServerProcess> second;
    if (test::on_postgresql())
        second = std::make_unique<test::ServerProcess>(s.server.data_dir(), s.assets, "", false);
    auto [device, token] = test::enrol(s.server);
    REQUIRE(!token.empty());
    constexpr int rounds = 4, senders = 8, per_batch = 20;
    for (int round = 0; round < rounds; ++round) {
        std::vector<wire::Item> items;
        for (int i = 0; i < per_batch; ++i) items.push_back(s.item(round * per_batch + i + 1));
        const std::string body = s.batch_body(device, items);
        std::atomic<int> ready{0};
        std::vector<test::HttpResult> answers(senders);
        std::vector<std::thread> threads;
        for (int t = 0; t < senders; ++t) {
            threads.emplace_back([&, t] {
                const test::ServerProcess& target = (second && t % 2 == 1) ? *second : s.server;
                const std::string url = target.url("/api/v1/batches");
                ++ready;
                while (ready < senders) std::this_thread::yield();  // all send together
                answers[static_cast<std::size_t>(t)] =
                    https("POST", url, s.ca, {"Authorization: Bearer " + token, "Content-Type: application/json"}, body);
            });
        }
        for (auto& t : threads) t.join();
        std::map<std::string, int> stored;
        for (const auto& a : answers) {
            REQUIRE_MESSAGE(a.status == 200, a.error << a.body);
            const json parsed = json::parse(a.body);
            for (const auto& r : parsed["results"]) {
                const std::string status = r["status"].get<std::string>();
                CHECK_MESSAGE((status == "stored" || status == "duplicate"), status);
                if (status == "stored") ++stored[r["id"].get<std::string>()];
            }
        }
        // Every item was "stored" in exactly one answer and "duplicate" in all the others.
        CHECK(stored.size() == static_cast<std::size_t>(per_batch));
        for (const auto& [id, n] : stored) CHECK_MESSAGE(n == 1, id);
    }
    auto store = test::open_server_store(s.server.data_dir());
    auto counts = store->counts();
    REQUIRE(counts);
    CHECK(counts->responses == rounds * per_batch);
    CHECK(counts->answers == 3 * rounds * per_batch);
    CHECK(counts->conflicts == 0);
    CHECK(store->list_devices()->at(0).responses == rounds * per_batch);
    CHECK(*store->integrity_check() == "ok");
}

TEST_CASE("a gzip batch is accepted and a bad item is rejected beside good ones") {
    Running s;
    auto [device, token] = test::enrol(s.server);
    wire::Item bad = s.item(2);
    bad.sealed[40] ^= 0x01;
    bad.sha256 = crypto::sha256_hex(bad.sealed);
    auto r = s.post_batch(token, test::gzip(s.batch_body(device, {s.item(1), bad, s.item(3)})),
                          {"Content-Encoding: gzip"});
    REQUIRE(r.status == 200);
    CHECK(result_statuses(r.body) == "stored,rejected,stored");
    CHECK(json::parse(r.body)["results"][1]["reason"].get<std::string>().find("seal") != std::string::npos);
}

TEST_CASE("unknown and revoked tokens get 401 with a message") {
    Running s;
    auto [device, token] = test::enrol(s.server);
    auto none = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca);
    CHECK(none.status == 401);
    auto wrong = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca,
                       {"Authorization: Bearer " + std::string(64, 'a')});
    CHECK(wrong.status == 401);
    CHECK(!json::parse(wrong.body)["message"].get<std::string>().empty());
    auto ok = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca, {"Authorization: Bearer " + token});
    CHECK(ok.status == 200);
    REQUIRE(test::run({test::aggregator_exe(), "revoke", "--data", s.server.data_dir(), device}) == 0);
    auto revoked = s.post_batch(token, s.batch_body(device, {s.item(1)}));
    CHECK(revoked.status == 401);
    CHECK(json::parse(revoked.body)["message"].get<std::string>().find("revoked") != std::string::npos);
    std::string list;
    REQUIRE(test::run({test::aggregator_exe(), "devices", "--data", s.server.data_dir()}, &list) == 0);
    CHECK(list.find(device) != std::string::npos);
    CHECK(list.find("yes") != std::string::npos);
}

TEST_CASE("the question set comes with an ETag and If-None-Match gives 304") {
    Running s;
    auto [device, token] = test::enrol(s.server);
    auto r = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca, {"Authorization: Bearer " + token});
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["id"] == "test-set");
    const std::string etag = r.headers["etag"];
    REQUIRE(!etag.empty());
    auto same = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca,
                      {"Authorization: Bearer " + token, "If-None-Match: " + etag});
    CHECK(same.status == 304);
    CHECK(same.body.empty());
    auto other = https("GET", s.server.url("/api/v1/question-sets/current"), s.ca,
                       {"Authorization: Bearer " + token, "If-None-Match: \"stale\""});
    CHECK(other.status == 200);
}

TEST_CASE("a site's help contact travels with its question set and changes its ETag") {
    Running s;
    auto [device, token] = test::enrol(s.server, "Hub A");
    const std::string url = s.server.url("/api/v1/question-sets/current");
    auto before = https("GET", url, s.ca, {"Authorization: Bearer " + token});
    REQUIRE(before.status == 200);
    CHECK_FALSE(json::parse(before.body).contains("site_contact"));
    {
        auto config = aggregator::load_config(s.server.data_dir() + "/aggregator.conf");
        REQUIRE(config);
        auto store = aggregator::open_store(config->store, s.server.data_dir());
        REQUIRE(store);
        REQUIRE((*store)->set_site_contact("Hub A", {"Hub A duty team", "01484 000000"}));
        REQUIRE((*store)->set_site_contact("Hub B", {"Hub B team", "01484 111111"}));
        CHECK((*store)->site_contact("Hub B")->value().phone == "01484 111111");
        REQUIRE((*store)->set_site_contact("Hub B", {"", ""}));  // empty: removed
        CHECK_FALSE((*store)->site_contact("Hub B")->has_value());
    }
    auto after = https("GET", url, s.ca, {"Authorization: Bearer " + token, "If-None-Match: " + before.headers["etag"]});
    REQUIRE(after.status == 200);  // the old ETag no longer matches
    const auto j = json::parse(after.body);
    CHECK(j["id"] == "test-set");
    CHECK(j["site_contact"]["name"] == "Hub A duty team");
    CHECK(j["site_contact"]["phone"] == "01484 000000");
    CHECK(after.headers["etag"] != before.headers["etag"]);
}

TEST_CASE("enrol-code --question-set pins a site's set, other sites keep the default") {
    test::TempDir tmp;
    const std::string assets = test::write_test_assets(tmp.path() + "/assets");
    auto other = json::parse(test::test_question_set_json());
    other["id"] = "other-set";
    other["title"] = "Other set";
    REQUIRE(write_file_atomic(assets + "/question-sets/other-set.json", other.dump(), 0644));
    test::ServerProcess server(tmp.path() + "/data", assets, test::store_config());
    const std::string ca = tmp.path() + "/data/tls.crt";
    auto current_set = [&](const std::string& token) {
        auto r = https("GET", server.url("/api/v1/question-sets/current"), ca, {"Authorization: Bearer " + token});
        return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "status " + std::to_string(r.status);
    };
    auto code_for = [&](const std::vector<std::string>& extra, std::string* out) {
        std::vector<std::string> argv = {test::aggregator_exe(), "enrol-code", "--data", server.data_dir(),
                                         "--site", "north", "--assets", assets};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return test::run(argv, out);
    };

    auto [early, early_token] = test::enrol(server, "north");
    auto [south, south_token] = test::enrol(server, "south");
    REQUIRE(!early_token.empty());
    CHECK(current_set(early_token) == "test-set");

    std::string out;
    CHECK(code_for({"--question-set", "no-such-set"}, &out) == 2);  // refused, nothing pinned
    CHECK(current_set(early_token) == "test-set");

    REQUIRE(code_for({"--question-set", "other-set"}, &out) == 0);
    const auto at = out.find("code: ");
    REQUIRE(at != std::string::npos);
    auto enrolled = https("POST", server.url("/api/v1/enrol"), ca, {"Content-Type: application/json"},
                          R"({"code":")" + out.substr(at + 6, 10) + R"(","name":"north kiosk"})");
    REQUIRE(enrolled.status == 200);
    const auto reply = json::parse(enrolled.body);
    const std::string device = reply["device_id"], token = reply["token"];
    CHECK(reply.dump().find("other-set") != std::string::npos);  // the set comes with enrolment
    CHECK(current_set(token) == "other-set");
    CHECK(current_set(early_token) == "other-set");  // the whole site moves, at its next sync
    CHECK(current_set(south_token) == "test-set");

    // Answers to the pinned set are stored like any other.
    Response r = test::test_response(crypto::uuid4(), 1);
    r.question_set_id = "other-set";
    const auto item = test::sealed_item(r, test::read_public_key(server.data_dir()));
    auto posted = https("POST", server.url("/api/v1/batches"), ca,
                        {"Authorization: Bearer " + token, "Content-Type: application/json"},
                        wire::encode_batch(wire::Batch{device, crypto::uuid4(), {item}}));
    REQUIRE(posted.status == 200);
    CHECK(json::parse(posted.body)["results"][0]["status"] == "stored");
}

TEST_CASE("error statuses: 400 bad JSON, 411 no length, 413 too large, 415 wrong type") {
    Running s("max_body_bytes = 200000\n");
    auto [device, token] = test::enrol(s.server);
    auto bad = s.post_batch(token, "{\"device_id\": ");
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["error"] == "bad_request");
    auto wrong_type = https("POST", s.server.url("/api/v1/batches"), s.ca,
                            {"Authorization: Bearer " + token, "Content-Type: text/plain"}, "{}");
    CHECK(wrong_type.status == 415);
    auto big = s.post_batch(token, std::string(200001, ' '));
    CHECK(big.status == 413);
    CHECK(json::parse(big.body)["message"].get<std::string>().find("200000") != std::string::npos);
    auto chunked = https("POST", s.server.url("/api/v1/batches"), s.ca,
                         {"Authorization: Bearer " + token, "Content-Type: application/json",
                          "Transfer-Encoding: chunked"},
                         "{}");
    CHECK(chunked.status == 411);
    auto too_many = s.post_batch(
        token, s.batch_body(device, std::vector<wire::Item>(101, s.item(1))));
    CHECK(too_many.status == 413);  // the kiosk halves and sends the rest: nothing is quarantined
    // Still serving after all of that.
    CHECK(https("GET", s.server.url("/api/v1/health"), s.ca).status == 200);
}

TEST_CASE("a device over its rate gets 429 with Retry-After") {
    Running s("device_requests_per_minute = 6\ndevice_burst = 2\n");
    auto [device, token] = test::enrol(s.server);
    auto get = [&] {
        return https("GET", s.server.url("/api/v1/question-sets/current"), s.ca, {"Authorization: Bearer " + token});
    };
    CHECK(get().status == 200);
    CHECK(get().status == 200);
    auto limited = get();
    CHECK(limited.status == 429);
    CHECK(std::stoi(limited.headers["retry-after"]) >= 1);
    CHECK(json::parse(limited.body)["error"] == "rate_limited");
}

TEST_CASE("SIGTERM drains: a request arriving meanwhile gets 503, the server exits 0") {
    Running s;
    test::RawTls conn(s.server.port());
    REQUIRE(conn.connected());
    REQUIRE(conn.send("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::thread stopper([&] { CHECK(s.server.terminate() == 0); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(conn.send("\r\n"));
    auto answer = conn.read_all(3000);
    stopper.join();
    CHECK(test::status_of(answer) == 503);
    CHECK(answer.find("Retry-After") != std::string::npos);
    CHECK(s.log().find("\"event\":\"stopped\"") != std::string::npos);
    // On the way out the store was closed cleanly: on SQLite the write-ahead log was
    // checkpointed into the database; on PostgreSQL (which makes each commit durable itself)
    // every pooled connection was closed.
    if (test::on_postgresql()) {
        CHECK(test::pg_sessions_left(s.server.data_dir()) == 0);
    } else {
        CHECK(test::slurp(s.server.data_dir() + "/aggregator.db-wal").empty());
    }
}

TEST_CASE("import of a kiosk export file is idempotent and export shows the themes") {
    Running s;
    auto [device, token] = test::enrol(s.server);
    REQUIRE(!device.empty());
    const std::string file = s.tmp.path() + "/kiosk-export.json";
    REQUIRE(write_file_atomic(file, s.batch_body(device, {s.item(1, "=HYPERLINK(\"x\")"), s.item(2)})));
    std::string out;
    const std::vector<std::string> cmd = {test::aggregator_exe(), "import", "--data", s.server.data_dir(),
                                          "--assets", s.assets, file};
    REQUIRE(test::run(cmd, &out) == 0);
    CHECK(out.find("stored 2, duplicate 0, conflict 0, rejected 0") != std::string::npos);
    REQUIRE(test::run(cmd, &out) == 0);
    CHECK(out.find("stored 0, duplicate 2, conflict 0, rejected 0") != std::string::npos);
    // Posting the same items afterwards is also a duplicate.
    auto r = s.post_batch(token, test::slurp(file));
    CHECK(result_statuses(r.body) == "duplicate,duplicate");

    std::string jsonl;
    REQUIRE(test::run({test::aggregator_exe(), "export", "--data", s.server.data_dir(), "--format", "jsonl"}, &jsonl) ==
            0);
    std::istringstream lines(jsonl);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        auto j = json::parse(line);
        CHECK(j["device_id"] == device);
        CHECK(j["themes"] == json::array({"t-chip-b", "t-smile", "t-yes"}));
        ++n;
    }
    CHECK(n == 2);
    std::string csv;
    REQUIRE(test::run({test::aggregator_exe(), "export", "--data", s.server.data_dir(), "--format", "csv", "--since",
                       "2000-01-01"},
                      &csv) == 0);
    CHECK(csv.find(",\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);  // formula neutralised
    REQUIRE(test::run({test::aggregator_exe(), "export", "--data", s.server.data_dir(), "--format", "csv", "--since",
                       "2999-01-01"},
                      &csv) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 1);

    const std::string stranger = s.tmp.path() + "/other.json";
    REQUIRE(write_file_atomic(stranger, s.batch_body("dev-unknown", {s.item(3)})));
    CHECK(test::run({test::aggregator_exe(), "import", "--data", s.server.data_dir(), "--assets", s.assets, stranger}) ==
          1);
}
