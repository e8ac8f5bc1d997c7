// The store and the ingest service, without any network. Runs on SQLite and, registered again
// as "aggregator-pg: …", on PostgreSQL (aggregator_test_store.hpp). What every store must do
// (stored, duplicate, conflict, enrolment, revocation) is in pg_store_contract_test.cpp.
#include "aggregator_test_store.hpp"
#include "aggregator_test_support.hpp"

#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/ingest_service.hpp>
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/rate_limiter.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tokens.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/sqlite.hpp>

#include <doctest/doctest.h>
#include <sys/stat.h>

using namespace lp;
using namespace lp::aggregator;

namespace {

struct Fixture {
    test::TempDir tmp;
    std::unique_ptr<Store> store;
    crypto::KeyPair keys = crypto::generate_keypair();
    QuestionSetCatalog catalog;
    std::string device_id;

    Fixture() {
        auto s = open_store(test::fresh_store_spec(tmp.path()), {}, true);
        REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
        store = std::move(*s);
        catalog.add(test::test_question_set());
        REQUIRE(store->add_enrol_code(enrol_code_hash("ACDEFGHJKM"), "hub", 100, 1000));
        auto d = store->enrol_device(enrol_code_hash("ACDEFGHJKM"), NewDevice{"dev-1", "k", "hash-1", 100}, 200);
        REQUIRE(d);
        device_id = d->id;
    }

    IngestService ingest() { return IngestService(*store, catalog, keys, Limits{}); }

    std::string batch(const std::vector<wire::Item>& items, const std::string& batch_id = crypto::uuid4()) {
        return wire::encode_batch(wire::Batch{device_id, batch_id, items});
    }
    wire::Item item(const std::string& id, std::int64_t seq, const std::string& comment = "fine") {
        return test::sealed_item(test::test_response(id, seq, comment), keys.public_key);
    }
};

std::vector<ItemStatus> statuses(const std::vector<ItemResult>& r) {
    std::vector<ItemStatus> out;
    for (const auto& x : r) out.push_back(x.status);
    return out;
}

}  // namespace

TEST_CASE("one bad item never sinks the good items of its batch") {
    Fixture f;
    auto svc = f.ingest();
    auto other_keys = crypto::generate_keypair();
    auto wrong_seal = test::sealed_item(test::test_response(crypto::uuid4(), 2), other_keys.public_key);
    auto unknown_set = test::test_response(crypto::uuid4(), 3);
    unknown_set.question_set_id = "nope";
    auto bad_value = test::test_response(crypto::uuid4(), 4);
    bad_value.answers[0].scale = 9;
    auto twice = test::test_response(crypto::uuid4(), 5);
    twice.answers.push_back(Answer::of_scale("q-smile", 2));
    auto r = svc.ingest(f.device_id,
                        f.batch({f.item(crypto::uuid4(), 1), wrong_seal, test::sealed_item(unknown_set, f.keys.public_key),
                                 test::sealed_item(bad_value, f.keys.public_key),
                                 test::sealed_item(twice, f.keys.public_key), f.item(crypto::uuid4(), 6)}),
                        300);
    REQUIRE(r);
    CHECK(statuses(*r) == std::vector<ItemStatus>{ItemStatus::stored, ItemStatus::rejected, ItemStatus::rejected,
                                                   ItemStatus::rejected, ItemStatus::rejected, ItemStatus::stored});
    CHECK((*r)[1].reason.find("bad seal") != std::string::npos);
    CHECK((*r)[2].reason.find("unknown question set") != std::string::npos);
    CHECK((*r)[3].reason.find("bad fields") != std::string::npos);
    CHECK(f.store->counts()->responses == 2);
}

TEST_CASE("a batch naming another device is refused whole") {
    Fixture f;
    auto svc = f.ingest();
    auto body = wire::encode_batch(wire::Batch{"dev-other", crypto::uuid4(), {f.item(crypto::uuid4(), 1)}});
    auto r = svc.ingest(f.device_id, body, 300);
    REQUIRE(!r);
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(f.store->counts()->responses == 0);
}

TEST_CASE("malformed batch JSON is refused with a message and stores nothing") {
    Fixture f;
    auto svc = f.ingest();
    for (const std::string& body : std::vector<std::string>{"", "{", "[]", "{\"device_id\": 1}", std::string(1000, '['), "{\"a\":\"\xff\xfe\"}"}) {
        auto r = svc.ingest(f.device_id, body, 300);
        CHECK(!r);
        if (!r) CHECK(!r.error().message.empty());
    }
    CHECK(f.store->counts()->responses == 0);
}

TEST_CASE("a comment over the configured limit is rejected") {
    Fixture f;
    Limits limits;
    limits.max_comment_chars = 10;
    IngestService svc(*f.store, f.catalog, f.keys, limits);
    auto r = svc.ingest(f.device_id, f.batch({f.item(crypto::uuid4(), 1, std::string(11, 'x'))}), 300);
    REQUIRE(r);
    CHECK((*r)[0].status == ItemStatus::rejected);
}

TEST_CASE("the store survives reopening and passes the integrity check") {
    test::TempDir tmp;
    const std::string spec = test::fresh_store_spec(tmp.path());
    {
        auto s = open_store(spec, {}, true);
        REQUIRE(s);
        REQUIRE((*s)->set_site_question_set("hub", "test-set"));
        REQUIRE((*s)->checkpoint());
    }
    auto s = open_store(spec);
    REQUIRE(s);
    CHECK(*(*s)->integrity_check() == "ok");
    CHECK((*s)->site_question_set("hub")->value() == "test-set");
    // Opening again applied no migration twice and left the schema at the newest version.
    if (test::on_postgresql()) {
        auto version = migrate_store_schema(spec);
        REQUIRE(version);
        CHECK(*version == static_cast<int>(pg_migrations().size()));
        return;
    }
    db::Database raw(tmp.path() + "/agg.db");
    CHECK(raw.user_version() == static_cast<int>(sqlite_migrations().size()));
    // SQLite only: PostgreSQL has its own write-ahead log, not a journal mode we choose.
    auto mode = raw.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.column_text(0) == "wal");
}

TEST_CASE("enrolment codes are typed forgivingly and only from the alphabet") {
    auto code = make_enrol_code();
    CHECK(code.size() == enrol_code_length);
    CHECK(normalize_enrol_code(code) == code);
    std::string lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(normalize_enrol_code(lower.substr(0, 4) + "-" + lower.substr(4)) == code);
    CHECK(normalize_enrol_code("0OIL1ACDEF").empty());
    CHECK(normalize_enrol_code("ACD").empty());
    CHECK(make_device_token().size() == 64);
    CHECK(make_device_token() != make_device_token());
}

TEST_CASE("the rate limiter allows a burst then asks to wait") {
    RateLimiter limiter(60, 3);
    auto t = RateLimiter::Clock::now();
    CHECK(limiter.acquire("d", t) == 0);
    CHECK(limiter.acquire("d", t) == 0);
    CHECK(limiter.acquire("d", t) == 0);
    CHECK(limiter.acquire("d", t) >= 1);
    CHECK(limiter.acquire("other", t) == 0);
    CHECK(limiter.acquire("d", t + std::chrono::seconds(2)) == 0);
}

TEST_CASE("ten enrolment failures lock the address out for the lockout period") {
    FailureLockout lockout(10, 900);
    auto t = FailureLockout::Clock::now();
    for (int i = 0; i < 9; ++i) lockout.record_failure("1.2.3.4", t);
    CHECK(lockout.locked_for("1.2.3.4", t) == 0);
    lockout.record_failure("1.2.3.4", t);
    CHECK(lockout.locked_for("1.2.3.4", t) > 890);
    CHECK(lockout.locked_for("5.6.7.8", t) == 0);
    CHECK(lockout.locked_for("1.2.3.4", t + std::chrono::seconds(901)) == 0);
}

TEST_CASE("init makes a data dir with a 0600 secret key and is safe to run twice") {
    test::TempDir tmp;
    DataDir dir{tmp.path() + "/data"};
    REQUIRE(init_data_dir(dir));
    auto keys = load_sealing_keys(dir);
    REQUIRE(keys);
    struct stat st {};
    REQUIRE(stat(dir.sealing_secret_key().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(stat((dir.root + "/tls.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(init_data_dir(dir));
    auto again = load_sealing_keys(dir);
    REQUIRE(again);
    CHECK(again->public_key == keys->public_key);
    auto config = load_data_dir_config(dir);
    REQUIRE(config);
    CHECK(config->limits.max_body_bytes == 2u * 1024 * 1024);
}

TEST_CASE("a comment with a NUL character never sinks its batch") {
    Fixture f;
    auto svc = f.ingest();
    const std::string body = f.batch({f.item(crypto::uuid4(), 1), f.item(crypto::uuid4(), 2, std::string("a\0b", 3)),
                                      f.item(crypto::uuid4(), 3)});
    auto r = svc.ingest(f.device_id, body, 300);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    CHECK(statuses(*r)[0] == ItemStatus::stored);
    CHECK(statuses(*r)[2] == ItemStatus::stored);
    // PostgreSQL text cannot hold U+0000, so the validator refuses it on every store alike: the
    // item is rejected alone (with a reason) rather than failing its batch on every retry.
    CHECK((*r)[1].status == ItemStatus::rejected);
    CHECK((*r)[1].reason.find("NUL") != std::string::npos);
    auto again = svc.ingest(f.device_id, body, 400);
    REQUIRE(again);
    CHECK(statuses(*again) ==
          std::vector<ItemStatus>{ItemStatus::duplicate, ItemStatus::rejected, ItemStatus::duplicate});
    CHECK(f.store->counts()->responses == 2);
}

TEST_CASE("the shipped question sets: the current versions and the earlier ones kiosks may still answer") {
    auto catalog = QuestionSetCatalog::load_dir(std::string(LP_SOURCE_DIR) + "/assets/question-sets");
    REQUIRE_MESSAGE(catalog, (catalog ? "" : catalog.error().message));
    for (const char* id : {"care-leavers", "children-in-care"}) {
        INFO(id);
        const QuestionSet* latest = catalog->latest(id);
        REQUIRE(latest);
        CHECK(latest->version == 2);  // wording rewritten for easy read, under-8s texts, new languages
        const QuestionSet* v1 = catalog->find(id, 1);
        REQUIRE(v1);  // answers from a kiosk not yet updated still validate against what it showed
        CHECK(v1->languages == std::vector<std::string>{"en", "pl", "ro"});
        CHECK(latest->languages.size() == 7);
        // The same questions keep their ids; only the words changed.
        for (const auto& q : v1->questions) CHECK_MESSAGE(latest->find(q.id), q.id);
    }
    CHECK_FALSE(catalog->find("care-leavers", 3));
}
