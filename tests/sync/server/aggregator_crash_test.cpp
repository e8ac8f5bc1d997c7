// Crash safety: kill -9 the real server while batches are in flight, again and again. Every
// item a client saw acknowledged must be in the store exactly once afterwards, retries of
// unacknowledged batches must never conflict, and the store must pass its integrity check.
// Runs on SQLite and, as "aggregator_e2e-pg: …", on PostgreSQL (aggregator_test_store.hpp),
// where the killed server also leaves its database connections and transactions mid-way.
#include "aggregator_test_store.hpp"
#include "aggregator_test_support.hpp"

#include <lp/shared/crypto.hpp>
#include <lp/shared/sqlite.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace lp;
using nlohmann::json;

TEST_CASE("kill -9 during ingest loses no acknowledged item and stores none twice") {
    test::TempDir tmp;
    const std::string assets = test::write_test_assets(tmp.path() + "/assets");
    test::ServerProcess server(tmp.path() + "/data", assets, test::store_config() + "device_requests_per_minute = 0\n");
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

    // Read back through the store the server used, so both stores are checked the same way.
    auto store = test::open_server_store(server.data_dir());
    CHECK(*store->integrity_check() == "ok");
    std::map<std::string, int> seen;  // id -> rows
    REQUIRE(store->for_each_response(0, [&](const aggregator::StoredResponse& r) { ++seen[r.response.id]; }));
    auto counts = store->counts();
    REQUIRE(counts);
    const std::int64_t total = counts->responses;
    CHECK(total == static_cast<std::int64_t>(seen.size()));
    CHECK(total == static_cast<std::int64_t>(acked.size()));
    CHECK(acked.size() > 100);
    std::size_t missing = 0, twice = 0;
    for (const auto& id : acked) {
        auto it = seen.find(id);
        if (it == seen.end()) ++missing;
        else if (it->second != 1) ++twice;
    }
    CHECK(missing == 0);
    CHECK(twice == 0);
    // Answers belong to stored responses only, three per response.
    CHECK(counts->answers == 3 * total);
    CHECK(store->list_devices()->at(0).responses == total);
    store.reset();  // closes its connections before the session count below
    // The same in SQL on the database itself: one row per (device, id), answers only for them.
    const std::string data = server.data_dir();
    CHECK(test::store_sql_int(data, "SELECT count(*) FROM responses") ==
          test::store_sql_int(data, "SELECT count(*) FROM (SELECT DISTINCT device_id, id FROM responses) AS d"));
    CHECK(test::store_sql_int(data, "SELECT count(*) FROM answers WHERE response NOT IN (SELECT pk FROM responses)") ==
          0);
    if (test::on_postgresql()) {
        // The killed instances left no session behind holding a transaction or a lock open:
        // each backend saw its client vanish and rolled back. (Checked from our own session.)
        CHECK(test::pg_sessions_left(data) == 0);
    } else {
        // SQLite only: the file itself survived every kill -9 page by page. PostgreSQL's own crash
        // safety is not ours to test; what we own there is checked above.
        db::Database db(tmp.path() + "/data/aggregator.db", db::OpenOptions{true, false, false, true, 5000});
        CHECK(db.integrity_check() == "ok");
    }
    MESSAGE("acknowledged " << acked.size() << " items across " << cycles << " kill -9 cycles on "
                            << std::string(test::on_postgresql() ? "PostgreSQL" : "SQLite"));
}
