// Damaged kiosk.db: detection, moving aside, a sequence that never repeats, staff note, salvage.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <lp/kiosk/outbox_recovery.hpp>
#include <lp/kiosk/session.hpp>
#include <lp/shared/sqlite.hpp>
#include <thread>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;
namespace fs = std::filesystem;

namespace {
Response sample(int i) {
    Response r;
    r.question_set_id = "care-leavers";
    r.question_set_version = 1;
    r.age_band = AgeBand::age_13_17;
    r.answers = {Answer::of_scale("say-in-plans", 1 + i % 5)};
    r.comment = std::string(300, 'x');  // rows of a realistic size, so they span many pages
    return r;
}

/// Fills DIR/kiosk.db with n responses and closes it (the log folded into the file).
void fill(const std::string& dir, int n, const crypto::KeyPair& kp) {
    auto ob = Outbox::open(outbox_path(dir));
    REQUIRE(ob);
    for (int i = 0; i < n; ++i) REQUIRE(ob->save(sample(i), test::public_key_of(kp)));
}

void cut_to(const std::string& file, double fraction) {
    auto size = fs::file_size(file);
    fs::resize_file(file, static_cast<std::uintmax_t>(static_cast<double>(size) * fraction) / 4096 * 4096);
}
/// A kiosk data dir whose kiosk.conf seals with kp's public key.
void configure_sealing_key(const std::string& dir, const crypto::KeyPair& kp) {
    REQUIRE(load_or_create_config(dir));
    REQUIRE(set_config_value(config_path(dir), "sealing_public_key",
                             crypto::to_base64(kp.public_key.data(), kp.public_key.size())));
}

}  // namespace

TEST_CASE("a healthy outbox is opened as it is") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    fill(dir.path(), 3, kp);
    std::string moved;
    auto ob = open_outbox_recovering(dir.path(), 1'800'000'000, &moved);
    REQUIRE(ob);
    CHECK(moved.empty());
    CHECK(ob->counts()->stored == 3);
    CHECK(ob->recovery_note()->empty());
    CHECK(damaged_outbox_files(dir.path()).empty());
    CHECK(read_seq_mark(outbox_path(dir.path())) >= 3);  // the high-water mark is ahead of use
}

TEST_CASE("a cut-short database is moved aside, a new one starts past every old number, and salvage is idempotent") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    fill(dir.path(), 120, kp);
    cut_to(outbox_path(dir.path()), 0.5);
    std::string moved;
    auto ob = open_outbox_recovering(dir.path(), 1'800'000'000, &moved);
    REQUIRE(ob);
    REQUIRE_FALSE(moved.empty());
    CHECK(fs::exists(moved));
    CHECK(damaged_outbox_files(dir.path()) == std::vector<std::string>{moved});
    CHECK(ob->counts()->stored == 0);
    CHECK(*ob->next_seq() > 120 + recovery_seq_gap);
    std::string note = *ob->recovery_note();
    CHECK(note.find("damaged") != std::string::npos);
    CHECK(note.find("responses") != std::string::npos);

    SalvageReport first = salvage_into(*ob, moved);
    CHECK(first.imported > 0);
    CHECK(first.imported < 120);
    CHECK_FALSE(first.complete);
    CHECK(first.bad_hash == 0);
    SalvageReport again = salvage_into(*ob, moved);
    CHECK(again.imported == 0);
    CHECK(again.already_there == first.imported);
    CHECK(ob->counts()->pending == first.imported);
    // Salvaged rows are the real ones: they open with the aggregator's key.
    auto rows = ob->pending(500);
    REQUIRE(rows);
    for (const auto& r : *rows) CHECK(crypto::open_sealed(r.sealed, kp).has_value());
    // New answers still get numbers above anything the old file may have sent.
    SaveReceipt rec;
    REQUIRE(ob->save(sample(0), test::public_key_of(kp), &rec));
    CHECK(rec.seq > 120 + recovery_seq_gap);
}

TEST_CASE("a header overwritten with rubbish is moved aside too, the high-water mark keeps numbers fresh") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    fill(dir.path(), 5, kp);
    {
        std::fstream f(outbox_path(dir.path()), std::ios::in | std::ios::out | std::ios::binary);
        f.write("this is not a database at all!!!", 32);
    }
    bool damaged = false;
    CHECK_FALSE(check_outbox_file(outbox_path(dir.path()), damaged).empty());
    CHECK(damaged);
    std::string moved;
    auto ob = open_outbox_recovering(dir.path(), 1'800'000'000, &moved);
    REQUIRE(ob);
    CHECK_FALSE(moved.empty());
    // Nothing readable: the mark on disk (ahead of every number used) still moves the sequence on.
    std::int64_t mark = read_seq_mark(outbox_path(dir.path()));
    CHECK(mark > 5);
    CHECK(*ob->next_seq() >= mark + recovery_seq_gap);
}

TEST_CASE("salvage leaves out rows whose sealed bytes no longer match their hash") {
    test::TempDir dir, old;
    auto kp = crypto::generate_keypair();
    fill(old.path(), 6, kp);
    {
        db::Database db(outbox_path(old.path()));
        db.exec("UPDATE outbox SET sealed = zeroblob(80) WHERE seq = 2");
    }
    auto ob = Outbox::open(outbox_path(dir.path()));
    REQUIRE(ob);
    SalvageReport r = salvage_into(*ob, outbox_path(old.path()));
    CHECK(r.read == 6);
    CHECK(r.complete);
    CHECK(r.bad_hash == 1);
    CHECK(r.imported == 5);
}

TEST_CASE("the kiosk opens on a damaged database and staff mode says what happened") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    configure_sealing_key(dir.path(), kp);
    fill(dir.path(), 80, kp);
    cut_to(outbox_path(dir.path()), 0.5);
    auto s = KioskSession::open(SessionOptions{dir.path(), std::string(LP_SOURCE_DIR) + "/assets", false, {}}, 1);
    REQUIRE(s);
    CHECK((*s)->staff().recovery_note.find("damaged") != std::string::npos);
    // The same as facts, for the staff screen to word in the kiosk's language.
    const auto& facts = (*s)->staff().recovery;
    REQUIRE(facts);
    CHECK(facts->held > 0);
    CHECK(facts->held <= 80);
    CHECK(facts->moved_to.rfind("kiosk.db.corrupt-", 0) == 0);
    CHECK(facts->brought_back == 0);
    CHECK((*s)->staff().store_problem.empty());
    CHECK((*s)->outbox() != nullptr);
    CHECK(damaged_outbox_files(dir.path()).size() == 1);
}

TEST_CASE("staff bring the answers back from the staff screen, once") {
    test::TempDir dir;
    auto kp = crypto::generate_keypair();
    configure_sealing_key(dir.path(), kp);
    REQUIRE(set_config_value(config_path(dir.path()), "staff_pin_hash", crypto::hash_password("1357")));
    fill(dir.path(), 80, kp);
    cut_to(outbox_path(dir.path()), 0.5);
    auto opened = KioskSession::open(SessionOptions{dir.path(), std::string(LP_SOURCE_DIR) + "/assets", false, {}}, 1);
    REQUIRE(opened);
    KioskSession& s = **opened;
    double now = 2;
    s.apply(ev::SalvageDamaged{}, now);  // not in staff mode: ignored
    CHECK(s.outbox()->counts()->stored == 0);
    s.apply(ev::StaffGesture{}, now);
    for (char d : std::string("1357")) s.apply(ev::PinDigit{d}, now);
    s.apply(ev::PinSubmit{}, now);
    for (int i = 0; i < 300 && s.staff().pin_checking; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        s.poll(now += 0.02);
    }
    REQUIRE(s.flow().screen() == Screen::staff);
    s.apply(ev::SalvageDamaged{}, now);
    std::int64_t back = s.outbox()->counts()->stored;
    CHECK(back > 0);
    CHECK(s.staff().message.find("Brought back " + std::to_string(back)) != std::string::npos);
    CHECK(s.staff().recovery_note.find("Brought back") != std::string::npos);
    REQUIRE(s.staff().recovery);
    CHECK(s.staff().recovery->brought_back == back);
    s.apply(ev::SalvageDamaged{}, now);
    CHECK(s.outbox()->counts()->stored == back);
    CHECK(s.staff().message.find("Brought back 0") != std::string::npos);
}
