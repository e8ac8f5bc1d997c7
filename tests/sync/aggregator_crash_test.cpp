// Crash safety: kill -9 the real server while batches are in flight, again and again. Every
// item a client saw acknowledged must be in the database exactly once afterwards, retries of
// unacknowledged batches must never conflict, and the database must pass integrity_check.
#include "aggregator_test_support.hpp"

#include <lp/shared/crypto.hpp>
#include <lp/shared/sqlite.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace lp;
using nlohmann::json;

TEST_CASE("kill -9 during ingest loses no acknowledged item and stores none twice") {
    test::TempDir tmp;
    const std::string assets = test::write_test_assets(tmp.path() + "/assets");
    test::ServerProcess server(tmp.path() + "/data", assets, "device_requests_per_minute = 0\n");
    const std::string ca = tmp.path() + "/data/tls.crt";
    auto [device, token] = test::enrol(server);
    REQUIRE(!token.empty());
    const auto pub = test::read_public_key(server.data_dir());

    std::mutex m;
    std::set<std::string> acked;                 // ids the server acknowledged
    std::vector<std::string> unacked_bodies;     // batches whose answer never came
    std::string base_url = server.url("");
    std::atomic<int> seq{0};
    std::atomic<int> conflicts{0};

    auto post = [&](const std::string& body) -> bool {
        std::string url;
        {
            std::lock_guard<std::mutex> lock(m);
            url = base_url;
        }
        auto r = test::https("POST", url + "/api/v1/batches", ca,
                             {"Authorization: Bearer " + token, "Content-Type: application/json"}, body, 5000);
        if (r.status != 200) return false;  // killed mid-request: the kiosk keeps the batch
        const json answer = json::parse(r.body);
        std::lock_guard<std::mutex> lock(m);
        for (const auto& res : answer["results"]) {
            const std::string st = res["status"].get<std::string>();
            if (st == "stored" || st == "duplicate") acked.insert(res["id"].get<std::string>());
            if (st == "conflict") ++conflicts;
        }
        return true;
    };

    std::mt19937 rng(12345);
    const int cycles = 10;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 3; ++c) {
            clients.emplace_back([&] {
                while (!stop) {
                    std::vector<wire::Item> items;
                    for (int i = 0; i < 20; ++i)
                        items.push_back(test::sealed_item(test::test_response(crypto::uuid4(), ++seq), pub));
                    const std::string body = wire::encode_batch(wire::Batch{device, crypto::uuid4(), items});
                    if (!post(body)) {
                        std::lock_guard<std::mutex> lock(m);
                        unacked_bodies.push_back(body);
                    }
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 500));
        server.kill9();
        stop = true;
        for (auto& t : clients) t.join();
        server.restart();
        {
            std::lock_guard<std::mutex> lock(m);
            base_url = server.url("");
        }
        // The kiosk retries what was never acknowledged: stored now or duplicate, never lost.
        std::vector<std::string> retry;
        {
            std::lock_guard<std::mutex> lock(m);
            retry.swap(unacked_bodies);
        }
        for (const auto& body : retry) CHECK(post(body));
    }
    CHECK(server.terminate() == 0);
    CHECK(conflicts == 0);

    db::Database db(tmp.path() + "/data/aggregator.db", db::OpenOptions{true, false, false, true, 5000});
    CHECK(db.integrity_check() == "ok");
    const auto total = db.scalar_int("SELECT count(*) FROM responses");
    const auto distinct = db.scalar_int("SELECT count(DISTINCT id) FROM responses");
    CHECK(total == distinct);
    CHECK(total == static_cast<std::int64_t>(acked.size()));
    CHECK(acked.size() > 100);
    auto find = db.prepare("SELECT count(*) FROM responses WHERE id = ?");
    std::size_t missing = 0;
    for (const auto& id : acked) {
        find.bind(1, id);
        REQUIRE(find.step());
        if (find.column_int64(0) != 1) ++missing;
        find.reset();
    }
    CHECK(missing == 0);
    // Answers belong to stored responses only, three per response.
    CHECK(db.scalar_int("SELECT count(*) FROM answers") == 3 * total);
    MESSAGE("acknowledged " << acked.size() << " items across " << cycles << " kill -9 cycles");
}
