#include <doctest/doctest.h>

#include <chrono>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/simulate.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>
#include <thread>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {
const std::string assets = std::string(LP_SOURCE_DIR) + "/assets";

struct Kiosk {
    test::TempDir dir;
    crypto::KeyPair keys = crypto::generate_keypair();
    std::unique_ptr<KioskSession> s;
    double now = 10;

    explicit Kiosk(bool with_key = true, const std::string& pin = "") {
        REQUIRE(load_or_create_config(dir.path()));
        if (with_key)
            REQUIRE(set_config_value(config_path(dir.path()), "sealing_public_key",
                                     crypto::to_base64(keys.public_key.data(), keys.public_key.size())));
        if (!pin.empty())
            REQUIRE(set_config_value(config_path(dir.path()), "staff_pin_hash", crypto::hash_password(pin)));
        auto opened = KioskSession::open(SessionOptions{dir.path(), assets, false, {}}, now);
        REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
        s = std::move(*opened);
    }
    void tap(const UiEvent& e) {
        now += 0.2;
        s->apply(e, now);
        s->poll(now);
    }
    void answer_all_and_review() {
        tap(ev::Start{});
        tap(ev::ChooseAge{AgeBand::age_13_17});
        while (s->flow().screen() == Screen::question) tap(ev::Skip{});
        tap(ev::TypeText{"hello"});
        tap(ev::Next{});
        REQUIRE(s->flow().screen() == Screen::review);
    }
    void wait_for_pin() {
        for (int i = 0; i < 200 && s->staff().pin_checking; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            s->poll(now);
        }
        REQUIRE_FALSE(s->staff().pin_checking);
    }
    void type_pin(const std::string& pin) {
        for (char c : pin) tap(ev::PinDigit{c});
        tap(ev::PinSubmit{});
        wait_for_pin();
    }
};
}  // namespace

TEST_CASE("Send stores the response before the thank-you screen shows") {
    Kiosk k;
    k.answer_all_and_review();
    k.tap(ev::Send{});
    CHECK(k.s->flow().screen() == Screen::thank_you);
    const std::string plain = test::only_sealed_text(*k.s->outbox(), k.keys);
    CHECK(plain.find("\"comment\":\"hello\"") != std::string::npos);
}

TEST_CASE("when saving fails the young person is told kindly and the answers stay in memory") {
    Kiosk k;
    k.s->outbox()->database().exec("PRAGMA query_only = ON");  // as if the file became read-only
    k.answer_all_and_review();
    k.tap(ev::Send{});
    CHECK(k.s->flow().screen() == Screen::save_failed);
    CHECK(k.s->unsaved_count() == 1);
    CHECK_FALSE(k.s->last_save_error().empty());
    // An idle reset does not lose them: they are not the flow's any more.
    k.now += 1000;
    k.s->poll(k.now);
    CHECK(k.s->flow().screen() == Screen::attract);
    CHECK(k.s->unsaved_count() == 1);
    // Staff fixes the disk and saves them.
    k.s->outbox()->database().exec("PRAGMA query_only = OFF");
    k.tap(ev::StaffGesture{});
    REQUIRE(k.s->flow().screen() == Screen::staff_pin);
    CHECK(k.s->staff().pin_mode == PinMode::choose_new);  // no PIN yet: choose one
    k.type_pin("4321");
    k.type_pin("4321");
    REQUIRE(k.s->flow().screen() == Screen::staff);
    CHECK(k.s->staff().unsaved_in_memory == 1);
    k.tap(ev::RetryUnsaved{});
    CHECK(k.s->unsaved_count() == 0);
    CHECK(k.s->staff().counts.stored == 1);
}

TEST_CASE("staff PIN: wrong tries count down, the right one opens staff mode") {
    Kiosk k(true, "2580");
    k.tap(ev::StaffGesture{});
    REQUIRE(k.s->flow().screen() == Screen::staff_pin);
    k.type_pin("1111");
    CHECK(k.s->flow().screen() == Screen::staff_pin);
    CHECK(k.s->staff().pin_message.find("4 tries left") != std::string::npos);
    k.type_pin("2580");
    CHECK(k.s->flow().screen() == Screen::staff);
    k.tap(ev::LeaveStaff{});
    CHECK(k.s->flow().screen() == Screen::attract);
}

TEST_CASE("staff PIN: five wrong tries lock it") {
    Kiosk k(true, "2580");
    k.tap(ev::StaffGesture{});
    for (int i = 0; i < 5; ++i) k.type_pin("0000");
    CHECK(k.s->staff().pin_message.find("Too many") != std::string::npos);
    k.type_pin("2580");
    CHECK(k.s->flow().screen() == Screen::staff_pin);
}

TEST_CASE("staff can switch the question set, it is saved in kiosk.conf") {
    Kiosk k(true, "2580");
    k.tap(ev::StaffGesture{});
    k.type_pin("2580");
    REQUIRE(k.s->flow().screen() == Screen::staff);
    k.tap(ev::ChooseQuestionSet{"children-in-care"});
    CHECK(k.s->flow().question_set().id == "children-in-care");
    CHECK(k.s->config().question_set == "children-in-care");
    auto text = read_file(config_path(k.dir.path()));
    CHECK(text->find("question_set = children-in-care") != std::string::npos);
    k.tap(ev::ChangeIdleReset{30});
    CHECK(k.s->config().idle_reset_s == 90);
    CHECK(k.s->flow().timing().idle_reset_s == 90);
}

TEST_CASE("sync controls reach the SyncControl interface") {
    struct FakeSync : SyncControl {
        int syncs = 0;
        std::string url, code;
        SyncStatus status() override {
            SyncStatus s;
            s.available = true;
            s.last_error_plain_words = "fake";
            return s;
        }
        void sync_now() override { ++syncs; }
        Status enrol(const std::string& u, const std::string& c) override {
            url = u;
            code = c;
            return ok_status();
        }
    };
    Kiosk k(true, "2580");
    auto fake = std::make_unique<FakeSync>();
    FakeSync* f = fake.get();
    k.s->set_sync_control(std::move(fake));
    k.tap(ev::SyncNow{});
    CHECK(f->syncs == 0);  // only from staff mode
    k.tap(ev::StaffGesture{});
    k.type_pin("2580");
    k.tap(ev::SyncNow{});
    k.tap(ev::Enrol{"https://127.0.0.1:8443", "ABCD-1234"});
    CHECK(f->syncs == 1);
    CHECK(f->url == "https://127.0.0.1:8443");
    CHECK(f->code == "ABCD-1234");
    CHECK(k.s->staff().sync.last_error_plain_words == "fake");
}

TEST_CASE("without a key the kiosk is not set up, enrolment (device.json) sets it up") {
    Kiosk k(false);
    CHECK(k.s->flow().screen() == Screen::not_set_up);
    CHECK_FALSE(k.s->has_sealing_key());
    auto kp = crypto::generate_keypair();
    std::string device = R"({"device_id": "dev-1", "server_public_key": ")" +
                         crypto::to_base64(kp.public_key.data(), kp.public_key.size()) + R"("})";
    REQUIRE(write_file_atomic(device_path(k.dir.path()), device, 0600));
    k.now += 5;
    k.s->poll(k.now);
    CHECK(k.s->has_sealing_key());
    CHECK(k.s->flow().screen() == Screen::attract);
}

TEST_CASE("a help flag is stored at once, so walking away does not lose it") {
    Kiosk k;
    k.tap(ev::Start{});
    k.tap(ev::OpenHelp{});
    k.tap(ev::FlagForFollowUp{});
    k.tap(ev::CloseHelp{});
    k.now += 1000;
    k.s->poll(k.now);
    CHECK(k.s->flow().screen() == Screen::attract);
    auto c = k.s->outbox()->counts();
    REQUIRE(c);
    CHECK(c->needs_help_pending == 1);
}

TEST_CASE("read-aloud speaks each new question once, only when switched on") {
    Kiosk k;
    k.tap(ev::Start{});
    k.tap(ev::ChooseAge{AgeBand::age_8_12});
    CHECK(k.s->speech_requests() == 0);
    k.tap(ev::StartAgain{});
    k.tap(ev::OpenAccessibility{});
    AccessibilitySettings a;
    a.read_aloud = true;
    k.tap(ev::SetAccessibility{a});
    k.tap(ev::CloseAccessibility{});
    k.tap(ev::Start{});
    int before = k.s->speech_requests();
    k.tap(ev::ChooseAge{AgeBand::age_8_12});
    CHECK(k.s->speech_requests() == before + 1);
    k.tap(ev::ToggleChip{"nothing"});
    CHECK(k.s->speech_requests() == before + 1);
    k.tap(ev::ReadAloudAgain{});
    CHECK(k.s->speech_requests() == before + 2);
}

TEST_CASE("the simulator goes through the same session and store") {
    Kiosk k;
    double now = 0;
    auto summary = simulate_responses(*k.s, 30, 7, now);
    CHECK(summary.saved == 30);
    CHECK(summary.failed == 0);
    auto c = k.s->outbox()->counts();
    REQUIRE(c);
    CHECK(c->stored == 30 + summary.help_flags);
    auto rows = k.s->outbox()->pending(1000);
    for (const auto& r : *rows) {
        auto plain = crypto::open_sealed(r.sealed, k.keys);
        REQUIRE(plain);
    }
}

TEST_CASE("staff mode shows counts and why rows were held back") {
    Kiosk k(true, "2580");
    k.answer_all_and_review();
    k.tap(ev::Send{});
    k.tap(ev::DismissMessage{});
    auto rows = k.s->outbox()->pending(10);
    REQUIRE(rows);
    REQUIRE(k.s->outbox()->quarantine(rows->front().id, "rejected: unknown question set"));
    k.tap(ev::StaffGesture{});
    k.type_pin("2580");
    REQUIRE(k.s->flow().screen() == Screen::staff);
    CHECK(k.s->staff().counts.stored == 1);
    CHECK(k.s->staff().counts.quarantined == 1);
    REQUIRE(k.s->staff().quarantine_reasons.size() == 1);
    CHECK(k.s->staff().quarantine_reasons[0].find("unknown question set") != std::string::npos);
}
