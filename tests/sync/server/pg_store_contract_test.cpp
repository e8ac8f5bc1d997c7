// The Store contract, run against BOTH implementations: every case is a template instantiated
// for SQLite (a temp file) and PostgreSQL (a fresh database on a real throwaway server).
#include "aggregator_test_support.hpp"
#include "pg_test_support.hpp"

#include <lp/aggregator/ingest_service.hpp>
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tokens.hpp>
#include <lp/shared/question_set.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace lp;
using namespace lp::aggregator;

namespace {

struct Sqlite {
    test::TempDir tmp;
    std::string spec() const { return "sqlite:" + tmp.path() + "/agg.db"; }
};

struct Postgres {
    std::string url = test::PgServer::shared_or_skip().fresh_database();
    std::string spec() const { return url; }
};

template <class Backend>
struct Fixture {
    Backend backend;
    std::unique_ptr<Store> store;
    crypto::KeyPair keys = crypto::generate_keypair();
    QuestionSetCatalog catalog;
    std::string device_id = "dev-1";

    Fixture() {
        auto s = open_store(backend.spec(), {}, true);
        REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
        store = std::move(*s);
        catalog.add(test::test_question_set());
        REQUIRE(store->add_enrol_code(enrol_code_hash("ACDEFGHJKM"), "hub", 100, 1000));
        REQUIRE(store->enrol_device(enrol_code_hash("ACDEFGHJKM"), NewDevice{device_id, "k", "hash-1", 100}, 200));
    }

    IngestService ingest() { return IngestService(*store, catalog, keys, Limits{}); }
    std::string batch(const std::vector<wire::Item>& items, const std::string& batch_id = crypto::uuid4()) {
        return wire::encode_batch(wire::Batch{device_id, batch_id, items});
    }
    wire::Item item(const std::string& id, std::int64_t seq, const std::string& comment = "fine") {
        return test::sealed_item(test::test_response(id, seq, comment), keys.public_key);
    }
    // An item as the ingest service hands it to the store (opened, scored, themed).
    IncomingItem incoming(const std::string& id, std::int64_t seq, const std::string& comment = "fine") {
        IncomingItem in = unopened_item(item(id, seq, comment));
        in.opened = test::test_response(id, seq, comment);
        in.scores = {0.75, 0.0, std::nullopt};
        in.themes = {"t-smile", "t-yes"};
        return in;
    }
};

std::vector<ItemStatus> statuses(const std::vector<ItemResult>& r) {
    std::vector<ItemStatus> out;
    for (const auto& x : r) out.push_back(x.status);
    return out;
}

}  // namespace

#define STORES Sqlite, Postgres

TEST_CASE_TEMPLATE("store contract: a batch is stored once and reads back exactly", B, STORES) {
    Fixture<B> f;
    auto svc = f.ingest();
    auto r = svc.ingest(f.device_id, f.batch({f.item(crypto::uuid4(), 1), f.item(crypto::uuid4(), 2, "")}), 300);
    REQUIRE(r);
    CHECK(statuses(*r) == std::vector<ItemStatus>{ItemStatus::stored, ItemStatus::stored});
    auto c = f.store->counts();
    REQUIRE(c);
    CHECK(c->devices == 1);
    CHECK(c->responses == 2);
    CHECK(c->answers == 6);
    std::vector<StoredResponse> seen;
    REQUIRE(f.store->for_each_response(0, [&](const StoredResponse& s) { seen.push_back(s); }));
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].site == "hub");
    CHECK(seen[0].received_at == 300);
    CHECK(seen[0].response.seq == 1);
    CHECK(seen[0].response.comment == "fine");
    CHECK(seen[1].response.comment.empty());
    CHECK(seen[0].response.age_band == AgeBand::care_leaver_16_25);
    REQUIRE(seen[0].response.answers.size() == 3);
    CHECK(seen[0].response.answers[0].question == "q-smile");
    CHECK(seen[0].response.answers[0].scale == 4);
    CHECK(seen[0].response.answers[1].choice == "no");
    CHECK(seen[0].response.answers[2].chips == std::vector<std::string>{"a", "b"});
    CHECK(seen[0].themes == std::vector<std::string>{"t-chip-b", "t-smile", "t-yes"});
    CHECK(seen[0].sha256.size() == 64);
    auto devices = f.store->list_devices();
    REQUIRE(devices);
    CHECK((*devices)[0].responses == 2);
    CHECK((*devices)[0].last_seen == 300);
    CHECK(*f.store->integrity_check() == "ok");
}

TEST_CASE_TEMPLATE("store contract: replaying a batch stores nothing twice", B, STORES) {
    Fixture<B> f;
    auto svc = f.ingest();
    const std::string body = f.batch({f.item(crypto::uuid4(), 1), f.item(crypto::uuid4(), 2)});
    REQUIRE(svc.ingest(f.device_id, body, 300));
    for (int i = 0; i < 3; ++i) {
        auto again = svc.ingest(f.device_id, body, 400);
        REQUIRE(again);
        CHECK(statuses(*again) == std::vector<ItemStatus>{ItemStatus::duplicate, ItemStatus::duplicate});
    }
    CHECK(f.store->counts()->responses == 2);
    CHECK(f.store->counts()->answers == 6);
    CHECK(f.store->list_devices()->at(0).responses == 2);
    CHECK(f.store->list_devices()->at(0).last_seen == 400);
}

TEST_CASE_TEMPLATE("store contract: same id, other contents is a conflict kept aside, never an overwrite", B,
                   STORES) {
    Fixture<B> f;
    auto svc = f.ingest();
    const std::string id = crypto::uuid4();
    REQUIRE(svc.ingest(f.device_id, f.batch({f.item(id, 1, "first")}), 300));
    const auto second = f.item(id, 1, "second");
    for (int i = 0; i < 2; ++i) {  // the same conflicting item twice is kept aside once
        auto r = svc.ingest(f.device_id, f.batch({second}), 400);
        REQUIRE(r);
        CHECK((*r)[0].status == ItemStatus::conflict);
        CHECK(!(*r)[0].reason.empty());
    }
    std::string comment;
    REQUIRE(f.store->for_each_response(0, [&](const StoredResponse& s) { comment = s.response.comment; }));
    CHECK(comment == "first");
    CHECK(f.store->counts()->responses == 1);
    CHECK(f.store->counts()->conflicts == 1);
    REQUIRE(svc.ingest(f.device_id, f.batch({f.item(id, 1, "second")}), 500));  // sealed anew: other hash
    CHECK(f.store->counts()->conflicts == 2);
}

TEST_CASE_TEMPLATE("store contract: one id twice in one batch is stored then duplicate or conflict", B, STORES) {
    Fixture<B> f;
    const std::string id = crypto::uuid4();
    auto a = f.incoming(id, 1);
    auto r = f.store->store_batch(f.device_id, crypto::uuid4(), {a, a, f.incoming(id, 1, "other")}, 300);
    REQUIRE(r);
    CHECK(statuses(*r) == std::vector<ItemStatus>{ItemStatus::stored, ItemStatus::duplicate, ItemStatus::conflict});
    CHECK(f.store->counts()->responses == 1);
    CHECK(f.store->list_devices()->at(0).responses == 1);
}

TEST_CASE_TEMPLATE("store contract: a row the validator missed is rejected alone, its batch is kept", B, STORES) {
    Fixture<B> f;
    auto bad = f.incoming(crypto::uuid4(), 2);
    bad.opened->answers.push_back(Answer::of_scale("q-smile", 2));  // same question twice: key violation
    bad.scores.push_back(0.25);
    auto unopened = f.incoming(crypto::uuid4(), 3);
    unopened.opened.reset();
    unopened.rejection = "bad seal: cannot open";
    auto r = f.store->store_batch(f.device_id, crypto::uuid4(),
                                  {f.incoming(crypto::uuid4(), 1), bad, unopened, f.incoming(crypto::uuid4(), 4)}, 300);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    CHECK(statuses(*r) == std::vector<ItemStatus>{ItemStatus::stored, ItemStatus::rejected, ItemStatus::rejected,
                                                   ItemStatus::stored});
    CHECK((*r)[1].reason.find("bad fields") != std::string::npos);
    CHECK((*r)[2].reason == "bad seal: cannot open");
    CHECK(f.store->counts()->responses == 2);
    CHECK(f.store->counts()->answers == 6);
    CHECK(f.store->list_devices()->at(0).responses == 2);
}

TEST_CASE_TEMPLATE("store contract: an unopenable item already stored is still a duplicate", B, STORES) {
    Fixture<B> f;
    auto a = f.incoming(crypto::uuid4(), 1);
    REQUIRE(f.store->store_batch(f.device_id, "b1", {a}, 300));
    a.opened.reset();
    a.rejection = "unknown question set";
    auto r = f.store->store_batch(f.device_id, "b2", {a}, 301);
    REQUIRE(r);
    CHECK((*r)[0].status == ItemStatus::duplicate);
}

TEST_CASE_TEMPLATE("store contract: a batch for an unregistered device fails whole and stores nothing", B, STORES) {
    Fixture<B> f;
    auto r = f.store->store_batch("dev-ghost", crypto::uuid4(), {f.incoming(crypto::uuid4(), 1)}, 300);
    CHECK(!r);
    CHECK(f.store->counts()->responses == 0);
}

TEST_CASE_TEMPLATE("store contract: enrolment codes are single-use and expire", B, STORES) {
    Fixture<B> f;
    const auto hash = enrol_code_hash("MNPQRTUVWX");
    REQUIRE(f.store->add_enrol_code(hash, "hub", 100, 1000));
    CHECK(!f.store->add_enrol_code(hash, "hub", 100, 1000));  // a code hash is unique
    CHECK(!f.store->enrol_device(hash, NewDevice{"dev-late", "k", "h-late", 1000}, 1000));  // expired at 1000
    auto d = f.store->enrol_device(hash, NewDevice{"dev-2", "k", "h-2", 500}, 500);
    REQUIRE(d);
    CHECK(d->site == "hub");
    auto again = f.store->enrol_device(hash, NewDevice{"dev-3", "k", "h-3", 501}, 501);
    REQUIRE(!again);
    CHECK(again.error().code == Errc::not_found);
    CHECK(!f.store->enrol_device(enrol_code_hash("XXXXXXXXXX"), NewDevice{"dev-4", "k", "h-4", 501}, 501));
    CHECK(f.store->list_devices()->size() == 2);
}

TEST_CASE_TEMPLATE("store contract: a token that is already taken fails enrolment and keeps the code", B, STORES) {
    Fixture<B> f;
    const auto hash = enrol_code_hash("MNPQRTUVWX");
    REQUIRE(f.store->add_enrol_code(hash, "hub", 100, 1000));
    CHECK(!f.store->enrol_device(hash, NewDevice{"dev-2", "k", "hash-1", 500}, 500));  // hash-1 is dev-1's
    CHECK(f.store->enrol_device(hash, NewDevice{"dev-2", "k", "h-2", 500}, 500));      // code still usable
}

TEST_CASE_TEMPLATE("store contract: a revoked device is reported as revoked", B, STORES) {
    Fixture<B> f;
    auto before = f.store->find_device_by_token_hash("hash-1");
    REQUIRE(before);
    REQUIRE(*before);
    CHECK(!(*before)->revoked);
    CHECK((*before)->site == "hub");
    REQUIRE(f.store->revoke_device(f.device_id, 900));
    CHECK((*f.store->find_device_by_token_hash("hash-1"))->revoked);
    CHECK(f.store->list_devices()->at(0).revoked);
    auto unknown = f.store->revoke_device("dev-unknown", 900);
    REQUIRE(!unknown);
    CHECK(unknown.error().code == Errc::not_found);
    CHECK(!*f.store->find_device_by_token_hash("no-such-hash"));
}

TEST_CASE_TEMPLATE("store contract: managers are added, replaced and found", B, STORES) {
    Fixture<B> f;
    REQUIRE(f.store->upsert_manager(Manager{"ana", "hash-a", "manager", 10}));
    REQUIRE(f.store->upsert_manager(Manager{"ana", "hash-b", "viewer", 20}));
    auto m = f.store->find_manager("ana");
    REQUIRE(m);
    REQUIRE(*m);
    CHECK((*m)->password_hash == "hash-b");
    CHECK((*m)->role == "viewer");
    CHECK((*m)->created_at == 10);
    CHECK(!*f.store->find_manager("bob"));
    CHECK(!f.store->upsert_manager(Manager{"eve", "h", "root", 1}));  // role is checked by the schema
}

TEST_CASE_TEMPLATE("store contract: accounts keep their sites, are listed and can be removed", B, STORES) {
    Fixture<B> f;
    REQUIRE(f.store->upsert_manager(Manager{"vic", "h1", "viewer", 10, {"Hub A", "Hub B"}}));
    REQUIRE(f.store->upsert_manager(Manager{"ada", "h2", "manager", 11}));
    auto vic = f.store->find_manager("vic");
    REQUIRE(vic);
    REQUIRE(*vic);
    CHECK((*vic)->sites == std::vector<std::string>{"Hub A", "Hub B"});
    REQUIRE(f.store->upsert_manager(Manager{"vic", "h1", "viewer", 12, {"Hub C"}}));
    CHECK(f.store->find_manager("vic").value()->sites == std::vector<std::string>{"Hub C"});
    auto all = f.store->list_managers();
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).user == "ada");
    CHECK(all->at(0).sites.empty());
    CHECK(all->at(1).user == "vic");
    REQUIRE(f.store->remove_manager("vic"));
    CHECK(!*f.store->find_manager("vic"));
    auto again = f.store->remove_manager("vic");
    REQUIRE(!again);
    CHECK(again.error().code == Errc::not_found);
    CHECK(f.store->list_managers()->size() == 1);
}

TEST_CASE_TEMPLATE("store contract: sites pin question sets and devices are touched", B, STORES) {
    Fixture<B> f;
    CHECK(!*f.store->site_question_set("hub"));
    REQUIRE(f.store->set_site_question_set("hub", "care-leavers"));
    REQUIRE(f.store->set_site_question_set("hub", "children-in-care"));
    CHECK(f.store->site_question_set("hub")->value() == "children-in-care");
    REQUIRE(f.store->touch_device(f.device_id, 777));
    CHECK(f.store->list_devices()->at(0).last_seen == 777);
}

TEST_CASE_TEMPLATE("store contract: reading since a time, oldest first, across many pages", B, STORES) {
    Fixture<B> f;
    std::int64_t seq = 0;
    for (int b = 0; b < 25; ++b) {
        std::vector<IncomingItem> items;
        for (int i = 0; i < 100; ++i) items.push_back(f.incoming(crypto::uuid4(), ++seq));
        REQUIRE(f.store->store_batch(f.device_id, crypto::uuid4(), items, 1000 + b));
    }
    std::int64_t n = 0, last_seq = 0;
    bool ordered = true;
    REQUIRE(f.store->for_each_response(1010, [&](const StoredResponse& s) {
        ordered = ordered && s.response.seq > last_seq && s.response.answers.size() == 3 && s.themes.size() == 2;
        last_seq = s.response.seq;
        ++n;
    }));
    CHECK(ordered);
    CHECK(n == 1500);
    CHECK(f.store->counts()->responses == 2500);
    CHECK(*f.store->integrity_check() == "ok");
}
