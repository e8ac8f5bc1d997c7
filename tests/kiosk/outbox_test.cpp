#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <lp/kiosk/outbox.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/sqlite.hpp>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {
Response sample(bool help = false) {
    Response r;
    r.question_set_id = "care-leavers";
    r.question_set_version = 2;
    r.age_band = AgeBand::care_leaver_16_25;
    r.answers = {Answer::of_scale("pa-know", 4), Answer::skipped("safe-home")};
    r.comment = "my PA never rings back";
    r.needs_help = help;
    return r;
}
/// The outbox in dir, REQUIREd to open.
Outbox opened(const test::TempDir& dir) {
    auto ob = Outbox::open(outbox_path(dir.path()));
    REQUIRE(ob);
    return std::move(ob).value();
}

}  // namespace

TEST_CASE("saving gives increasing sequence numbers, uuids and pending rows") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    auto ob = opened(dir);
    SaveReceipt a, b;
    REQUIRE(ob.save(sample(), test::public_key_of(kp), &a));
    REQUIRE(ob.save(sample(), test::public_key_of(kp), &b));
    CHECK(a.seq == 1);
    CHECK(b.seq == 2);
    CHECK(a.id != b.id);
    CHECK(a.id.size() == 36);
    auto c = ob.counts();
    REQUIRE(c);
    CHECK(c->stored == 2);
    CHECK(c->pending == 2);
}

TEST_CASE("the sealed payload opens with the secret key and its hash matches") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    auto ob = opened(dir);
    SaveReceipt rec;
    REQUIRE(ob.save(sample(), test::public_key_of(kp), &rec));
    auto rows = ob.pending(10);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    const OutboxRow& row = rows->front();
    CHECK(row.id == rec.id);
    CHECK(row.sha256 == crypto::sha256_hex(row.sealed));
    CHECK(row.sha256 == rec.sha256);
    CHECK(row.question_set_id == "care-leavers");
    CHECK(row.question_set_version == 2);
    CHECK(row.age_band == "16-25");
    CHECK(row.created_hour.size() == 20);
    CHECK(row.created_hour.substr(13) == ":00:00Z");
    auto plain = crypto::open_sealed(row.sealed, kp);
    REQUIRE(plain);
    auto decoded = decode_response(*plain);
    REQUIRE(decoded);
    CHECK(decoded->id == row.id);
    CHECK(decoded->seq == row.seq);
    CHECK(decoded->comment == "my PA never rings back");
    CHECK(decoded->created_hour == row.created_hour);
    // A different key cannot open it, and nothing readable is stored in the clear.
    auto other = crypto::generate_keypair();
    CHECK_FALSE(crypto::open_sealed(row.sealed, other));
    std::string raw(row.sealed.begin(), row.sealed.end());
    CHECK(raw.find("rings back") == std::string::npos);
}

TEST_CASE("pending lists help requests first, then by sequence, and honours the limit") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    auto ob = opened(dir);
    for (bool help : {false, false, true, false, true}) REQUIRE(ob.save(sample(help), test::public_key_of(kp)));
    auto rows = ob.pending(10);
    REQUIRE(rows);
    std::vector<std::int64_t> seqs;
    for (const auto& r : *rows) seqs.push_back(r.seq);
    CHECK(seqs == std::vector<std::int64_t>{3, 5, 1, 2, 4});
    auto two = ob.pending(2);
    REQUIRE(two);
    CHECK(two->size() == 2);
}

TEST_CASE("mark_sent, quarantine and purge change only the rows named") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    auto ob = opened(dir);
    std::vector<SaveReceipt> recs(4);
    for (auto& r : recs) REQUIRE(ob.save(sample(), test::public_key_of(kp), &r));
    REQUIRE(ob.mark_sent({recs[0].id, recs[1].id, "no-such-id"}, 1000));
    REQUIRE(ob.quarantine(recs[2].id, "rejected: bad schema"));
    CHECK(ob.quarantine("no-such-id", "x").error().code == Errc::not_found);
    auto c = ob.counts();
    REQUIRE(c);
    CHECK(c->sent == 2);
    CHECK(c->quarantined == 1);
    CHECK(c->pending == 1);
    auto q = ob.quarantined();
    REQUIRE(q);
    REQUIRE(q->size() == 1);
    CHECK(q->front().reason == "rejected: bad schema");
    auto purged = ob.purge_sent_before(1001);
    REQUIRE(purged);
    CHECK(*purged == 2);
    c = ob.counts();
    CHECK(c->stored == 2);
    // Sequence numbers never go backwards after a purge.
    SaveReceipt next;
    REQUIRE(ob.save(sample(), test::public_key_of(kp), &next));
    CHECK(next.seq == 5);
}

TEST_CASE("sequence numbers survive reopening the database") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    {
        auto ob = opened(dir);
        REQUIRE(ob.save(sample(), test::public_key_of(kp)));
    }
    auto ob = opened(dir);
    SaveReceipt rec;
    REQUIRE(ob.save(sample(), test::public_key_of(kp), &rec));
    CHECK(rec.seq == 2);
    CHECK(ob.checkpoint());
    CHECK(ob.database().integrity_check() == "ok");
}

TEST_CASE("a full disk is reported as disk_full and leaves no half-written response") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    auto ob = opened(dir);
    REQUIRE(ob.save(sample(), test::public_key_of(kp)));
    auto pages = ob.database().scalar_int("PRAGMA page_count");
    ob.database().exec("PRAGMA max_page_count = " + std::to_string(pages));
    Response big = sample();
    big.comment.assign(1900, 'x');
    Status st = ok_status();
    int saved = 0;
    for (int i = 0; i < 200 && st; ++i) {
        st = ob.save(big, test::public_key_of(kp));
        if (st) ++saved;
    }
    REQUIRE_FALSE(st);
    CHECK(st.error().code == Errc::disk_full);
    auto c = ob.counts();
    REQUIRE(c);
    CHECK(c->stored == 1 + saved);
    // The sequence counter rolled back with the failed transaction.
    auto rows = ob.pending(1000);
    REQUIRE(rows);
    CHECK(rows->back().seq == 1 + saved);
    CHECK(ob.database().integrity_check() == "ok");
}

TEST_CASE("an unwritable data dir is an io_error, not a crash") {
    test::TempDir dir;
    // A data dir below a regular file cannot be created or written, even by root (who
    // ignores permission bits).
    const std::string blocker = dir.path() + "/not-a-directory";
    { std::ofstream(blocker) << "x"; }
    auto ob = Outbox::open(outbox_path(blocker));
    REQUIRE_FALSE(ob);
    CHECK(ob.error().code == Errc::io_error);
}

TEST_CASE("a read-only database file makes save fail cleanly") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    std::string path = outbox_path(dir.path());
    { REQUIRE(Outbox::open(path)); }
    // query_only makes every write fail the way a read-only file does.
    auto ob = opened(dir);
    ob.database().exec("PRAGMA query_only = ON");
    auto st = ob.save(sample(), test::public_key_of(kp));
    REQUIRE_FALSE(st);
    CHECK(st.error().code == Errc::io_error);
    ob.database().exec("PRAGMA query_only = OFF");
    CHECK(ob.save(sample(), test::public_key_of(kp)));
}

TEST_CASE("last sync info is kept beside the outbox") {
    test::TempDir dir;
    auto ob = opened(dir);
    auto s = ob.last_sync();
    REQUIRE(s);
    CHECK(s->last_success_time == 0);
    REQUIRE(ob.set_last_error(50, "The server did not answer."));
    s = ob.last_sync();
    CHECK(s->last_error == "The server did not answer.");
    CHECK(s->last_attempt_time == 50);
    REQUIRE(ob.set_last_success(60));
    s = ob.last_sync();
    CHECK(s->last_success_time == 60);
    CHECK(s->last_error.empty());
}

TEST_CASE("the outbox runs in WAL mode with synchronous=FULL") {
    test::TempDir dir;
    auto ob = opened(dir);
    auto st = ob.database().prepare("PRAGMA journal_mode");
    REQUIRE(st.step());
    CHECK(st.column_text(0) == "wal");
    CHECK(ob.database().scalar_int("PRAGMA synchronous") == 2);
}
