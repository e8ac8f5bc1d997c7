// End-to-end on PostgreSQL: the real lp-aggregator processes (`store = postgresql://…`) over
// loopback TLS, two instances sharing one database, and a SQLite council moved across with
// `lp-aggregator migrate-store`.
#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"

#include <lp/shared/crypto.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace lp;
using lp::test::https;
using nlohmann::json;

namespace {

std::string statuses(const std::string& body) {
    std::string out;
    const json parsed = json::parse(body);
    for (const auto& r : parsed["results"]) out += (out.empty() ? "" : ",") + r["status"].get<std::string>();
    return out;
}

struct Site {
    test::TempDir tmp;
    std::string assets = test::write_test_assets(tmp.path() + "/assets");
    std::string data = tmp.path() + "/data";
    std::string ca = data + "/tls.crt";

    test::HttpResult post(test::ServerProcess& s, const std::string& token, const std::string& body) {
        return https("POST", s.url("/api/v1/batches"), ca,
                     {"Authorization: Bearer " + token, "Content-Type: application/json"}, body);
    }
    std::string batch(const std::string& device, int n, std::int64_t first_seq = 1) {
        std::vector<wire::Item> items;
        for (int i = 0; i < n; ++i)
            items.push_back(test::sealed_item(test::test_response(crypto::uuid4(), first_seq + i, "note " + std::to_string(i)),
                                              test::read_public_key(data)));
        return wire::encode_batch(wire::Batch{device, crypto::uuid4(), items});
    }
    std::string export_jsonl() {
        std::string out;
        REQUIRE(test::run({test::aggregator_exe(), "export", "--data", data, "--format", "jsonl"}, &out) == 0);
        return out;
    }
};

}  // namespace

TEST_CASE("pg e2e: two servers on one PostgreSQL share devices, codes and exactly-once ingest") {
    auto* pg = test::PgServer::shared();
    if (!pg) return;
    Site site;
    const std::string url = pg->fresh_database();
    test::ServerProcess a(site.data, site.assets, "store = " + url);
    test::ServerProcess b(site.data, site.assets, "", false);  // same data dir and config, other port

    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "migrate", "--data", site.data}, &out) == 0);
    CHECK(out.find("schema version 1") != std::string::npos);

    auto [device, token] = test::enrol(a);
    REQUIRE(!token.empty());
    // A code is single-use across instances: the one minted for b and used there fails on a.
    REQUIRE(test::run({test::aggregator_exe(), "enrol-code", "--data", site.data, "--site", "hub"}, &out) == 0);
    const std::string code = out.substr(out.find("code: ") + 6, 10);
    const std::string enrol_body = R"({"code":")" + code + R"(","name":"k2"})";
    CHECK(https("POST", b.url("/api/v1/enrol"), site.ca, {"Content-Type: application/json"}, enrol_body).status == 200);
    CHECK(https("POST", a.url("/api/v1/enrol"), site.ca, {"Content-Type: application/json"}, enrol_body).status != 200);

    // The token issued by a works on b; a batch sent to both is stored once.
    const std::string body = site.batch(device, 5);
    auto first = site.post(b, token, body);
    REQUIRE(first.status == 200);
    CHECK(statuses(first.body) == "stored,stored,stored,stored,stored");
    auto again = site.post(a, token, body);
    REQUIRE(again.status == 200);
    CHECK(statuses(again.body) == "duplicate,duplicate,duplicate,duplicate,duplicate");

    // Killing one instance loses nothing the other acknowledged.
    a.kill9();
    auto more = site.post(b, token, site.batch(device, 3, 6));
    REQUIRE(more.status == 200);
    const std::string exported = site.export_jsonl();
    CHECK(std::count(exported.begin(), exported.end(), '\n') == 8);
    REQUIRE(test::run({test::aggregator_exe(), "devices", "--data", site.data}, &out) == 0);
    CHECK(out.find(device) != std::string::npos);
    CHECK(b.terminate() == 0);
}

TEST_CASE("pg e2e: migrate-store moves a SQLite council into PostgreSQL, verified, and kiosks carry on") {
    auto* pg = test::PgServer::shared();
    if (!pg) return;
    Site site;
    std::string device, token, replay;
    {
        test::ServerProcess s(site.data, site.assets);  // SQLite, the default
        std::tie(device, token) = test::enrol(s);
        REQUIRE(!token.empty());
        replay = site.batch(device, 20);
        REQUIRE(site.post(s, token, replay).status == 200);
        REQUIRE(site.post(s, token, site.batch(device, 30, 21)).status == 200);
        std::string ignored;
        REQUIRE(test::run({test::aggregator_exe(), "add-manager", "--data", site.data, "--user", "ana"}, &ignored,
                          "correct horse battery\n") == 0);
        REQUIRE(s.terminate() == 0);
    }
    const std::string before = site.export_jsonl();
    const std::string url = pg->fresh_database();
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "migrate-store", "--data", site.data, "--from", "sqlite:aggregator.db",
                       "--to", url},
                      &out) == 0);
    MESSAGE(out);
    CHECK(out.find("responses: 50 rows") != std::string::npos);
    CHECK(out.find("answers: 150 rows") != std::string::npos);
    CHECK(out.find("managers: 1 rows") != std::string::npos);
    CHECK(out.find("counts and hashes match") != std::string::npos);
    // A second copy into the now non-empty store is refused and changes nothing.
    CHECK(test::run({test::aggregator_exe(), "migrate-store", "--data", site.data, "--from", "sqlite:aggregator.db",
                     "--to", url}) == 1);
    CHECK(test::run({test::aggregator_exe(), "migrate-store", "--from", "postgresql://x", "--to", url}) == 2);

    std::ofstream(site.data + "/aggregator.conf", std::ios::app) << "\nstore = " << url << "\n";
    CHECK(site.export_jsonl() == before);  // the same responses, themes and order from PostgreSQL
    test::ServerProcess s(site.data, site.assets, "", false);
    auto r = site.post(s, token, replay);  // the kiosk's token still works; its old batch is known
    REQUIRE(r.status == 200);
    CHECK(statuses(r.body).find("stored") == std::string::npos);
    REQUIRE(site.post(s, token, site.batch(device, 2, 51)).status == 200);
    const std::string after = site.export_jsonl();
    CHECK(std::count(after.begin(), after.end(), '\n') == 52);
}
