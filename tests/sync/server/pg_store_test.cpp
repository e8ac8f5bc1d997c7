// What only the PostgreSQL store has to prove: several processes' worth of stores (separate
// connection pools, as separate aggregator instances have) racing on the same rows, schema
// migrations under concurrency, and surviving a database restart.
#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"

#include <lp/aggregator/ingest_service.hpp>
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tokens.hpp>

#include <doctest/doctest.h>
#include <pqxx/pqxx>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

using namespace lp;
using namespace lp::aggregator;

namespace {

std::unique_ptr<Store> open_pg(const std::string& url, int pool = 4) {
    PgOptions o;
    o.pool_size = pool;
    auto s = open_pg_store(url, o);
    REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
    return std::move(*s);
}

IncomingItem incoming(const crypto::KeyPair& keys, const std::string& id, std::int64_t seq) {
    auto r = test::test_response(id, seq);
    IncomingItem in = unopened_item(test::sealed_item(r, keys.public_key));
    in.opened = r;
    in.scores = {0.75, 0.0, std::nullopt};
    in.themes = {"t-smile"};
    return in;
}

// Starts every waiting thread at the same instant.
class StartLine {
public:
    explicit StartLine(int n) : waiting_(n) {}
    void arrive_and_wait() {
        std::unique_lock<std::mutex> lock(m_);
        if (--waiting_ == 0) cv_.notify_all();
        cv_.wait(lock, [&] { return waiting_ == 0; });
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    int waiting_;
};

void enrol(Store& s, const std::string& device, const std::string& code) {
    REQUIRE(s.add_enrol_code(enrol_code_hash(code), "hub", 0, 1LL << 40));
    REQUIRE(s.enrol_device(enrol_code_hash(code), NewDevice{device, "k", "hash-" + device, 1}, 1));
}

}  // namespace

TEST_CASE("pg: two instances storing the same batch at the same moment store every item exactly once") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    auto a = open_pg(url), b = open_pg(url);  // two pools: two aggregator instances
    enrol(*a, "dev-1", "ACDEFGHJKM");
    const auto keys = crypto::generate_keypair();
    std::int64_t seq = 0, expected = 0;
    for (int round = 0; round < 15; ++round) {
        std::vector<IncomingItem> items;
        for (int i = 0; i < 40; ++i) items.push_back(incoming(keys, crypto::uuid4(), ++seq));
        expected += 40;
        const std::string batch_id = crypto::uuid4();
        // Two threads per instance: the kiosk's retry landed on both while the first was in flight.
        constexpr int senders = 4;
        StartLine start(senders);
        std::vector<Result<std::vector<ItemResult>>> results(senders, Error{Errc::internal, "not run"});
        std::vector<std::thread> threads;
        for (int t = 0; t < senders; ++t)
            threads.emplace_back([&, t] {
                Store& s = t % 2 == 0 ? *a : *b;
                start.arrive_and_wait();
                results[static_cast<std::size_t>(t)] = s.store_batch("dev-1", batch_id, items, 100 + round);
            });
        for (auto& t : threads) t.join();
        std::map<std::string, int> stored, duplicate;
        for (const auto& r : results) {
            REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
            REQUIRE(r->size() == items.size());
            for (const auto& x : *r) {
                CHECK((x.status == ItemStatus::stored || x.status == ItemStatus::duplicate));
                ++(x.status == ItemStatus::stored ? stored : duplicate)[x.id];
            }
        }
        CHECK(stored.size() == items.size());  // every item stored by exactly one sender ...
        bool once = true;
        for (const auto& [id, n] : stored) once = once && n == 1 && duplicate[id] == senders - 1;
        CHECK(once);  // ... and a duplicate for the others
    }
    auto c = a->counts();
    REQUIRE(c);
    CHECK(c->responses == expected);
    CHECK(c->answers == expected * 3);
    CHECK(c->conflicts == 0);
    CHECK(a->list_devices()->at(0).responses == expected);
    CHECK(*b->integrity_check() == "ok");
}

TEST_CASE("pg: batches of many devices from two instances at once lose and repeat nothing") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    auto a = open_pg(url, 6), b = open_pg(url, 6);
    constexpr int devices = 6, batches = 10, per_batch = 25;
    for (int d = 0; d < devices; ++d) enrol(*a, "dev-" + std::to_string(d), "CODE" + std::to_string(d) + "ACDEF");
    const auto keys = crypto::generate_keypair();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int d = 0; d < devices; ++d)
        threads.emplace_back([&, d] {
            std::int64_t seq = 0;
            for (int k = 0; k < batches; ++k) {
                std::vector<IncomingItem> items;
                for (int i = 0; i < per_batch; ++i) items.push_back(incoming(keys, crypto::uuid4(), ++seq));
                // Each batch goes to one instance, then is retried on the other (as after a timeout).
                Store& first = (d + k) % 2 == 0 ? *a : *b;
                Store& second = (d + k) % 2 == 0 ? *b : *a;
                const std::string id = crypto::uuid4();
                auto r1 = first.store_batch("dev-" + std::to_string(d), id, items, 50);
                auto r2 = second.store_batch("dev-" + std::to_string(d), id, items, 51);
                if (!r1 || !r2) ++failures;
                else
                    for (std::size_t i = 0; i < items.size(); ++i)
                        if ((*r1)[i].status != ItemStatus::stored || (*r2)[i].status != ItemStatus::duplicate) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(a->counts()->responses == devices * batches * per_batch);
    auto listed = b->list_devices();
    REQUIRE(listed);
    for (const auto& d : *listed) CHECK(d.responses == batches * per_batch);
}

TEST_CASE("pg: an enrolment code raced by two instances enrols exactly one device") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    auto a = open_pg(url), b = open_pg(url);
    for (int round = 0; round < 10; ++round) {
        const auto code = enrol_code_hash("RACE" + std::to_string(round));
        REQUIRE(a->add_enrol_code(code, "hub", 0, 1000));
        StartLine start(4);
        std::atomic<int> won{0}, lost{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                const std::string id = "dev-" + std::to_string(round) + "-" + std::to_string(t);
                start.arrive_and_wait();
                auto r = (t % 2 ? *a : *b).enrol_device(code, NewDevice{id, "k", "h-" + id, 5}, 5);
                if (r) ++won;
                else if (r.error().code == Errc::not_found) ++lost;
            });
        for (auto& t : threads) t.join();
        CHECK(won == 1);
        CHECK(lost == 3);
    }
    CHECK(a->list_devices()->size() == 10);
}

TEST_CASE("pg: instances migrating at the same time apply each step once, migrate is idempotent") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            if (auto s = open_pg_store(url)) ++ok;
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 4);
    auto v = migrate_store_schema(url);
    REQUIRE(v);
    CHECK(*v == static_cast<int>(pg_migrations().size()));
    pqxx::connection c(url);
    pqxx::read_transaction w(c);
    CHECK(w.exec1("SELECT count(*) FROM lp_schema_version")[0].as<int>() == static_cast<int>(pg_migrations().size()));
}

TEST_CASE("pg: a database restart during ingest loses nothing, calls wait and reconnect") {
    auto& pg = test::PgServer::shared_or_skip();
    const std::string url = pg.fresh_database();
    auto s = open_pg(url);
    enrol(*s, "dev-1", "ACDEFGHJKM");
    const auto keys = crypto::generate_keypair();
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> acked{0}, errors{0};
    std::thread writer([&] {
        std::int64_t seq = 0;
        while (!stop) {
            std::vector<IncomingItem> items;
            for (int i = 0; i < 10; ++i) items.push_back(incoming(keys, crypto::uuid4(), ++seq));
            // Like a kiosk: a failed batch is sent again until it is acknowledged.
            for (int attempt = 0; attempt < 50; ++attempt) {
                auto r = s->store_batch("dev-1", crypto::uuid4(), items, 10);
                if (r) {
                    for (const auto& x : *r) acked += (x.status == ItemStatus::stored || x.status == ItemStatus::duplicate);
                    break;
                }
                ++errors;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    pg.restart();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    stop = true;
    writer.join();
    MESSAGE("acknowledged " << acked.load() << ", failed calls during restart " << errors.load());
    CHECK(acked > 0);
    CHECK(s->counts()->responses == acked.load());
}

TEST_CASE("pg: store values are parsed strictly and passwords are redacted") {
    CHECK(parse_store_spec("sqlite:agg.db", "/data")->target == "/data/agg.db");
    CHECK(parse_store_spec("sqlite:/abs/agg.db", "/data")->target == "/abs/agg.db");
    auto pg = parse_store_spec("postgresql://lp@/lp?host=/tmp/x&lp_pool=3&port=5432");
    REQUIRE(pg);
    CHECK(pg->kind == StoreKind::postgresql);
    CHECK(pg->pool_size == 3);
    CHECK(pg->target == "postgresql://lp@/lp?host=/tmp/x&port=5432");
    CHECK(!parse_store_spec("mysql://x"));
    CHECK(!parse_store_spec("sqlite:"));
    CHECK(!parse_store_spec("postgresql://x/y?lp_pool=0"));
    CHECK(redact_store_spec("postgresql://lp:secret@db/lp") == "postgresql://lp:***@db/lp");
    CHECK(parse_store_spec("bad://u:secret@h").error().message.find("secret") == std::string::npos);
    auto unreachable = open_store("postgresql://lp@/lp?host=/nonexistent-dir&port=1&connect_timeout=2");
    REQUIRE(!unreachable);
    CHECK(unreachable.error().code == Errc::io_error);
}
