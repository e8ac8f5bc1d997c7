// Staff mode, the "not set up" screen and the "You said, we did" panel speak the kiosk's
// languages: headless ImGui frames record every word drawn, and a pseudo-locale catalogue (every
// English text wrapped in [[ ]]) shows that each word came from a catalogue, not from the code.
// Also: nothing on a staff screen overflows, in English, Polish and Romanian at every screen size
// (bigger text is the young person's setting and ends when staff take over).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <lp/kiosk/you_said_we_did.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/translations.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "../pseudo_markers.hpp"
#include "headless.hpp"
#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;
namespace fs = std::filesystem;

namespace {
using test_ui::real_assets;

/// The shipped assets with a pseudo-English catalogue: every English text as "[[text]]", placeholders kept.
struct PseudoAssets {
    test::TempDir dir;
    PseudoAssets() {
        for (const auto& e : fs::directory_iterator(real_assets))
            if (e.path().filename() != "i18n")
                fs::create_directory_symlink(e.path(), dir.path() + "/" + e.path().filename().string());
        const std::string kiosk = dir.path() + "/i18n/kiosk";
        REQUIRE(make_dirs(kiosk));
        // Every other shipped catalogue as it is (the right-to-left and Ethiopic ones too).
        int others = 0;
        for (const auto& e : fs::directory_iterator(real_assets + "/i18n/kiosk"))
            if (e.path().extension() == ".json" && e.path().stem() != "en") {
                fs::create_symlink(e.path(), kiosk + "/" + e.path().filename().string());
                ++others;
            }
        REQUIRE(others >= 6);  // pl, ro, ar, prs, ps, ti
        // English itself is the pseudo-locale: a word from the code, or from the built-in
        // fallback instead of the catalogue, shows up unmarked.
        auto en = parse_messages(read_file(real_assets + "/i18n/kiosk/en.json").value());
        REQUIRE(en);
        nlohmann::json pseudo = nlohmann::json::object();
        for (const auto& [key, text] : *en) pseudo[key] = "[[" + text + "]]";
        REQUIRE(write_file_atomic(kiosk + "/en.json", pseudo.dump()));
    }
    std::string path() const { return dir.path(); }
};

using test_ui::check_layout;
using test_ui::Headless;

/// Text left when the [[…]] parts (nested too) and the known data are taken out.
std::string unmarked(const std::string& text, const std::vector<std::string>& data) {
    std::string out = lp::testing::without_markers(text);
    for (const auto& d : data)
        for (std::size_t at; !d.empty() && (at = out.find(d)) != std::string::npos;) out.erase(at, d.size());
    return out;
}

/// Every word drawn this frame is from the catalogue (inside [[ ]]) or is data.
void check_all_from_catalogue(Headless& h, const std::string& where, const std::vector<std::string>& data) {
    h.idle_frame();
    int words = 0;
    auto check = [&](const ui::HitRect& r) {
        // Keyboard letters and PIN digits are what they show in every language.
        if (r.id.rfind("key_", 0) == 0 && r.text.size() <= 4) return;
        const std::string rest = unmarked(r.text, data);
        // English crept back in shows as ASCII letters (symbols such as the PIN dots are fine).
        const bool has_letters =
            std::any_of(rest.begin(), rest.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        CHECK_MESSAGE(!has_letters, where, ": '", r.text, "' (", r.id, ") has words not from the catalogue: '", rest,
                      "'");
        ++words;
    };
    for (const auto& r : h.st.texts) check(r);
    for (const auto& r : h.st.hits) check(r);
    CHECK_MESSAGE(words > 0, where, ": nothing drawn");
}


/// Walks the staff screens in `lang`, calling visit at each: PIN choice, mismatch, confirm, the
/// status screen (with a damaged-store note and a held-back answer), enrolment, PIN change, PIN entry.
template <class Visit>
void walk_staff(Headless& h, const std::string& lang, Visit visit) {
    const AccessibilitySettings settings = h.session->flow().accessibility();
    h.session->apply(ev::SetLanguage{lang}, h.now);
    REQUIRE(h.session->flow().language() == lang);
    h.session->apply(ev::StaffGesture{}, h.now);
    REQUIRE(h.screen() == Screen::staff_pin);
    visit("choose PIN");
    h.type_pin("12");
    visit("PIN too short");
    h.type_pin("1357");
    visit("confirm PIN");
    h.type_pin("2468");
    visit("PINs differ");
    h.type_pin("1357");
    h.type_pin("1357");
    REQUIRE(h.screen() == Screen::staff);
    visit("staff");
    // Staff buttons may sit below the fold of the scrolling staff screen: send their events.
    h.session->apply(ev::SyncNow{}, h.now);
    visit("staff after sync");
    h.session->apply(ev::ChangeIdleReset{10}, h.now);
    visit("staff after setting");
    h.session->apply(ev::SalvageDamaged{}, h.now);
    visit("staff after salvage");
    h.st.staff.show_enrol = true;
    visit("enrol");
    h.tap("enrol_cancel");
    h.session->apply(ev::ChangePin{}, h.now);
    visit("change PIN");
    h.tap("pin_cancel");
    h.session->apply(ev::LeaveStaff{}, h.now);
    REQUIRE(h.screen() == Screen::attract);
    h.session->apply(ev::SetLanguage{lang}, h.now);
    h.session->apply(ev::SetAccessibility{settings}, h.now);
    h.session->apply(ev::StaffGesture{}, h.now);
    h.type_pin("9999");
    visit("wrong PIN");
}

/// A data dir with a damaged-database note (and its facts) and replies for the attract screen.
void stage(Headless& h) {
    REQUIRE(h.session->outbox());
    REQUIRE(h.session->outbox()->set_recovery_note("2026-01-01T00:00:00Z kiosk.db.corrupt-1 12"));
    REQUIRE(
        h.session->outbox()->set_recovery_facts({1767225600, "kiosk.db.corrupt-20260101T000000Z", 12, false, 3, 0}));
    REQUIRE(
        write_file_atomic(you_said_we_did_file(h.dir.path()),
                          R"({"replies": [{"young_title": "Seeing your worker", "text": "PAs ring back within a day",
                                  "theme": "t", "date": "2026-01-01"}]})"));
    h.reopen();  // reads the note and the replies
}
}  // namespace

TEST_CASE("staff screens, 'not set up' and 'You said, we did' draw only catalogue words (pseudo-locale)") {
    PseudoAssets assets;
    const std::vector<std::string> data = {"kiosk.db.corrupt-20260101T000000Z",
                                           "Seeing your worker",
                                           "PAs ring back within a day",
                                           "care-leavers",
                                           "children-in-care",
                                           "Polski",
                                           "Rom\xC3\xA2n\xC4\x83",
                                           "https://"};
    Headless h(1280, 800, assets.path());
    stage(h);
    check_all_from_catalogue(h, "attract with You said, we did", data);
    bool panel = false;
    for (const auto& t : h.st.texts) panel = panel || t.text.find("PAs ring back") != std::string::npos;
    CHECK_MESSAGE(panel, "the 'You said, we did' panel was not drawn");
    walk_staff(h, "en", [&](const char* where) { check_all_from_catalogue(h, where, data); });

    Headless fresh(1280, 800, assets.path(), false);  // no sealing key: not set up
    fresh.idle_frame();
    REQUIRE(fresh.screen() == Screen::not_set_up);
    check_all_from_catalogue(fresh, "not set up", data);
}

TEST_CASE("a staff message comes in the kiosk's language") {
    Headless h(1280, 800, real_assets);
    h.session->apply(ev::SetLanguage{"pl"}, h.now);
    h.session->apply(ev::StaffGesture{}, h.now);
    h.type_pin("12");
    CHECK(h.session->staff().pin_message == "U\xC5\xBCyj od 4 do 8 cyfr.");  // Użyj od 4 do 8 cyfr.
    h.idle_frame();
    bool shown = false;
    for (const auto& t : h.st.texts) shown = shown || t.text == h.session->staff().pin_message;
    CHECK(shown);
}

TEST_CASE(
    "bigger text ends when staff take over, and nothing on a staff screen overflows in any language at any size") {
    for (ImVec2 size : {ImVec2(800, 480), ImVec2(1280, 800), ImVec2(480, 800)})
        for (const char* lang : {"en", "pl", "ro", "ar", "prs", "ps", "ti"}) {
            Headless h(size.x, size.y, real_assets);
            stage(h);
            AccessibilitySettings big;
            big.larger_text = true;
            h.session->apply(ev::SetLanguage{lang}, h.now);
            h.session->apply(ev::SetAccessibility{big}, h.now);
            const std::string tag =
                std::string(lang) + " " + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + " ";
            check_layout(h, tag + "attract");
            CHECK(h.session->flow().accessibility().larger_text);
            walk_staff(h, lang, [&](const char* where) {
                // The young person's bigger text was theirs: staff screens use the standard size.
                REQUIRE_FALSE(h.session->flow().accessibility().larger_text);
                check_layout(h, tag + where);
            });
        }
}
