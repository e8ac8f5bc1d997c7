// Headless ImGui: the real screen functions in an ImGui context without a window, driven by
// synthetic mouse input; the events they emit go through the real session.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <thread>
#include <vector>

#include "headless.hpp"
#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {

using test_ui::check_layout;
using test_ui::Headless;

bool contains(const UiEvents& events, const char* name) {
    for (const auto& e : events)
        if (std::string(event_name(e)) == name) return true;
    return false;
}

/// Taps through to a screen: attract, age band, questions, comment, review, thank you.
void drive_to(Headless& h, Screen target) {
    // The tap that moves each of those screens on.
    const std::pair<Screen, const char*> moves[] = {{Screen::attract, "start"}, {Screen::age_band, "age_13_17"},
                                                    {Screen::question, "skip"}, {Screen::comment, "next"},
                                                    {Screen::review, "send"},   {Screen::thank_you, "finish"}};
    for (int guard = 0; guard < 40 && h.screen() != target; ++guard) {
        const auto* move = std::find_if(std::begin(moves), std::end(moves),
                                        [&](const auto& m) { return m.first == h.screen(); });
        if (move == std::end(moves)) FAIL("stuck on ", to_string(h.screen()));
        h.tap(move->second);
    }
    REQUIRE(h.screen() == target);
}

/// "pl 800x480": a language and a screen size, naming a run in messages.
std::string run_tag(const char* lang, ImVec2 size) {
    return std::string(lang) + " " + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y));
}

/// What a walk through every screen does at the help screen: look at it, or also flag.
enum class AtHelp { look, flag };

/// Walks one young person's way through every screen in lang with settings (attract,
/// accessibility, age band, each question with help and idle on the first, comment with its key
/// pages, review, send), calling check with a name at each.
void walk_every_screen(Headless& h, const char* lang, const AccessibilitySettings& settings, const std::string& tag,
                       AtHelp at_help, const std::function<void(Headless&, const std::string&)>& check) {
    h.session->apply(ev::SetLanguage{lang}, h.now);
    h.session->apply(ev::SetAccessibility{settings}, h.now);
    REQUIRE(h.session->flow().language() == lang);
    // A step: the tap that leads on, then the name to check the screen it shows under ("": none).
    using Steps = std::vector<std::pair<const char*, const char*>>;
    auto walk = [&](const Steps& steps) {
        for (const auto& [tap, name] : steps) {
            h.tap(tap);
            if (*name) check(h, tag + " " + name);
        }
    };
    check(h, tag + " attract");
    walk({{"settings", "accessibility"}, {"done", ""}, {"start", "age band"}, {"age_16_25", ""}});
    int guard = 0;
    while (h.screen() == Screen::question && guard++ < 40) {
        check(h, tag + " question " + h.session->flow().current_question()->id);
        if (guard == 1) {
            walk(at_help == AtHelp::flag ? Steps{{"help", "help"}, {"help_flag", "help flagged"}, {"help_close", ""}}
                                         : Steps{{"help", "help"}, {"help_close", ""}});
            h.frame(ImVec2(-FLT_MAX, -FLT_MAX), false, 52);
            check(h, tag + " idle");
            h.tap("still_here");
        }
        h.tap("skip");
    }
    REQUIRE(h.screen() == Screen::comment);
    check(h, tag + " comment");
    walk({{"key_shift", "comment shifted"}});
    if (h.has("key_numbers")) walk({{"key_numbers", "comment numbers page"}, {"key_numbers", ""}});
    walk({{"next", "review"}, {"send", ""}});
}
}  // namespace

TEST_CASE("tapping Start on the attract screen emits Start and shows the age question") {
    Headless h(1280, 800);
    auto events = h.tap("start");
    CHECK(contains(events, "Start"));
    CHECK(h.screen() == Screen::age_band);
}

TEST_CASE("a whole response by taps: faces, yes/no, chips, keyboard, review, send") {
    Headless h(1280, 800);
    h.tap("start");
    h.tap("age_16_25");
    REQUIRE(h.screen() == Screen::question);
    h.tap("scale_4");  // say-in-plans
    h.tap("yes");      // pa-know
    while (h.screen() == Screen::question) {
        if (h.has("chip_housing")) {
            h.tap("chip_housing");
            h.tap("chip_work");
            h.tap("next");
        } else if (h.has("scale_2")) {
            h.tap("scale_2");
        } else {
            h.tap("no");
        }
    }
    REQUIRE(h.screen() == Screen::comment);
    for (const char* key : {"key_shift", "key_h", "key_i", "key_space", "emoji_2", "key_x", "key_delete"}) {
        // With the note before the box, the emoji may live on the keyboard's second page.
        const bool other_page = std::string(key) == "emoji_2" && !h.has(key);
        if (other_page) h.tap("key_numbers");
        h.tap(key);
        if (other_page) h.tap("key_numbers");
    }
    CHECK(h.session->flow().comment() == "Hi \xE2\x9D\xA4");
    h.tap("next");
    REQUIRE(h.screen() == Screen::review);
    h.tap("send");
    CHECK(h.screen() == Screen::thank_you);
    const std::string plain = test::only_sealed_text(*h.session->outbox(), h.keys);
    CHECK(plain.find("\"value\":4") != std::string::npos);
    CHECK(plain.find("[\"housing\",\"work\"]") != std::string::npos);
    CHECK(plain.find("Hi \xE2\x9D\xA4") != std::string::npos);
}

TEST_CASE("'I need to talk to someone' is on every young person's screen and works") {
    Headless h(1280, 800);
    for (Screen s :
         {Screen::attract, Screen::age_band, Screen::question, Screen::comment, Screen::review, Screen::thank_you}) {
        drive_to(h, s);
        CHECK_MESSAGE(h.has("help"), to_string(s));
        const ui::HitRect* under = h.find(s == Screen::attract || s == Screen::thank_you ? "help" : "start_again");
        REQUIRE(under);
        ImVec2 c(under->min.x + 5, under->min.y + 5);
        auto events = h.tap("help");
        CHECK(contains(events, "OpenHelp"));
        REQUIRE(h.session->flow().help_open());
        // Buttons under the help panel cannot be pressed while it is open.
        UiEvents blocked;
        for (bool d : {false, true, false}) {
            auto e = h.frame(c, d);
            blocked.insert(blocked.end(), e.begin(), e.end());
        }
        CHECK(blocked.empty());
        CHECK(h.session->flow().help_open());
        h.tap("help_close");
        CHECK_FALSE(h.session->flow().help_open());
        CHECK(h.screen() == s);
    }
}

TEST_CASE("the help panel flags the response for a staff follow-up") {
    Headless h(1024, 768);
    drive_to(h, Screen::question);
    h.tap("help");
    auto events = h.tap("help_flag");
    CHECK(contains(events, "FlagForFollowUp"));
    CHECK(h.session->flow().help_flagged());
    CHECK(h.session->outbox()->counts()->needs_help_pending == 1);
}

TEST_CASE("a press that turns into a drag is not a tap") {
    Headless h(1280, 800);
    h.idle_frame();
    const ui::HitRect* start = h.find("start");
    REQUIRE(start);
    ImVec2 c((start->min.x + start->max.x) / 2, (start->min.y + start->max.y) / 2);
    UiEvents all;
    for (float dy : {0.f, 0.f, 20.f, 40.f, 60.f}) {
        auto e = h.frame(ImVec2(c.x, c.y - dy), true);
        all.insert(all.end(), e.begin(), e.end());
    }
    // Come back over the button and let go: still a drag, not a tap.
    auto e = h.frame(c, false);
    all.insert(all.end(), e.begin(), e.end());
    CHECK_FALSE(contains(all, "Start"));
    CHECK(h.screen() == Screen::attract);
}

TEST_CASE("a long press in the top-left corner opens the staff PIN pad") {
    Headless h(1280, 800);
    h.idle_frame();
    ImVec2 corner(10, 10);
    UiEvents all;
    auto e = h.frame(corner, true);
    for (int i = 0; i < 4; ++i) {
        e = h.frame(corner, true, 1.0);
        all.insert(all.end(), e.begin(), e.end());
    }
    h.frame(corner, false);
    CHECK(contains(all, "StaffGesture"));
    CHECK(h.screen() == Screen::staff_pin);
    // A short press does nothing.
    Headless h2(1280, 800);
    h2.idle_frame();
    h2.frame(corner, true);
    h2.frame(corner, true, 0.5);
    h2.frame(corner, false);
    CHECK(h2.screen() == Screen::attract);
}

TEST_CASE("every button is big enough and on screen at every supported size, both ways up") {
    const ImVec2 sizes[] = {{800, 480}, {480, 800}, {1280, 800}, {1920, 1080}, {1080, 1920}};
    for (ImVec2 size : sizes) {
        for (Screen s : {Screen::attract, Screen::age_band, Screen::question, Screen::comment, Screen::review,
                         Screen::thank_you}) {
            Headless h(size.x, size.y);
            drive_to(h, s);
            h.idle_frame();
            CHECK(h.metrics.body_px >= 24);
            REQUIRE_FALSE(h.st.hits.empty());
            for (const auto& hit : h.st.hits) {
                INFO(size.x, "x", size.y, " ", to_string(s), " ", hit.id);
                CHECK(hit.max.x - hit.min.x >= 48);
                CHECK(hit.max.y - hit.min.y >= 48);
                CHECK(hit.min.x >= 0);
                CHECK(hit.max.x <= size.x + 0.5f);
                if (s != Screen::review) {
                    // Review and chips scroll; everything else must fit on the screen.
                    CHECK(hit.min.y >= 0);
                    CHECK(hit.max.y <= size.y + 0.5f);
                }
            }
            CHECK(h.find("help") != nullptr);
        }
    }
}

TEST_CASE("main buttons meet the preferred 72 px height") {
    Headless h(1280, 800);
    drive_to(h, Screen::question);
    h.idle_frame();
    for (const char* id : {"back", "start_again", "skip", "rather_not_say", "help", "scale_1"}) {
        const ui::HitRect* r = h.find(id);
        REQUIRE_MESSAGE(r, id);
        CHECK_MESSAGE(r->max.y - r->min.y >= 72, id);
    }
}

TEST_CASE("the keyboard's emoji are real glyphs in the loaded fonts") {
    Headless h(1280, 800);
    h.ensure_fonts();
    for (int i = 0; i < ui::keyboard_emoji_count; ++i) {
        unsigned int cp = 0;
        ImTextCharFromUtf8(&cp, ui::keyboard_emoji[i], nullptr);
        const ImFontGlyph* g = h.fonts.emoji->FindGlyphNoFallback(static_cast<ImWchar>(cp));
        CHECK_MESSAGE(g != nullptr, "emoji ", i, " missing");
        if (g) CHECK(g->Visible);
        CHECK(h.fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);  // shows in the text box too
    }
}

TEST_CASE("accessibility settings change fonts and colours for this session only") {
    Headless h(1280, 800);
    h.tap("settings");
    REQUIRE(h.screen() == Screen::accessibility);
    float before = h.metrics.body_px;
    h.tap("larger_text");
    h.tap("high_contrast");
    h.tap("dyslexia_font");
    h.idle_frame();
    CHECK(h.metrics.body_px > before);
    CHECK(h.fonts.dyslexic);
    CHECK(h.palette.background.x == 0);  // high contrast: black
    h.tap("done");
    h.tap("start");
    h.tap("start_again");
    h.idle_frame();
    CHECK_FALSE(h.session->flow().accessibility().larger_text);
    CHECK(h.metrics.body_px == before);
}

TEST_CASE("both palettes keep text contrast at 4.5:1 or more") {
    for (const auto& p : {ui::normal_palette(), ui::high_contrast_palette()}) {
        CHECK(ui::contrast_ratio(p.text, p.background) >= 4.5);
        CHECK(ui::contrast_ratio(p.muted_text, p.background) >= 4.5);
        CHECK(ui::contrast_ratio(p.primary_text, p.primary) >= 4.5);
        CHECK(ui::contrast_ratio(p.secondary_text, p.secondary) >= 4.5);
        CHECK(ui::contrast_ratio(p.help_text, p.help) >= 4.5);
        CHECK(ui::contrast_ratio(p.selected_text, p.selected) >= 4.5);
        CHECK(ui::contrast_ratio(p.text, p.panel) >= 4.5);
        for (const auto& f : p.face) CHECK(ui::contrast_ratio(p.face_ink, f) >= 4.5);
    }
}

TEST_CASE("the idle warning shows a countdown and 'still here' keeps the answers") {
    Headless h(1280, 800);
    drive_to(h, Screen::question);
    h.tap("scale_5");
    h.frame(ImVec2(-FLT_MAX, -FLT_MAX), false, 52);
    CHECK(h.session->flow().idle_warning(h.now));
    CHECK(h.has("still_here"));
    h.tap("still_here");
    CHECK_FALSE(h.session->flow().idle_warning(h.now));
    CHECK(h.session->flow().answer_at(0).has_value());
    h.frame(ImVec2(-FLT_MAX, -FLT_MAX), false, 61);
    CHECK(h.screen() == Screen::attract);
}

TEST_CASE("staff screen shows counts and its buttons emit staff events") {
    Headless h(1280, 800);
    REQUIRE(set_config_value(config_path(h.dir.path()), "staff_pin_hash", crypto::hash_password("1357")));
    h.reopen();  // so the session reads the PIN
    h.session->apply(ev::StaffGesture{}, h.now);
    h.type_pin("1357");
    REQUIRE(h.screen() == Screen::staff);
    CHECK(h.has("staff_sync_now"));
    CHECK(h.has("staff_enrol"));
    CHECK(contains(h.tap("staff_sync_now"), "SyncNow"));
    h.tap("staff_enrol");
    h.tap("enrol_code");
    for (const char* k : {"key_a", "key_b", "key_1"}) h.tap(k);
    auto events = h.tap("enrol_go");
    bool found = false;
    for (const auto& e : events)
        if (auto* en = std::get_if<ev::Enrol>(&e)) {
            found = true;
            CHECK(en->code == "ab1");
            CHECK(en->server_url == "https://");
        }
    CHECK(found);
    CHECK(contains(h.tap("staff_leave"), "LeaveStaff"));
    CHECK(h.screen() == Screen::attract);
}

// [SECTION] Languages and layout

namespace {
struct LayoutProblem {
    std::string where;
};

}  // namespace

TEST_CASE("the attract screen offers each language by its own name, for one young person only") {
    Headless h(1280, 800);
    for (const char* id : {"lang_en", "lang_pl", "lang_ro"}) CHECK_MESSAGE(h.has(id), id);
    auto events = h.tap("lang_pl");
    CHECK(contains(events, "SetLanguage"));
    CHECK(h.session->flow().language() == "pl");
    CHECK(std::string(h.session->strings().start) == "Zaczynamy");
    h.tap("start");
    h.tap("age_13_17");
    REQUIRE(h.screen() == Screen::question);
    // The question comes in Polish too.
    const Question* q = h.session->flow().current_question();
    REQUIRE(q);
    CHECK(h.session->flow().question_set().text_for(*q, AgeBand::age_13_17, "pl") != q->text_13_17);
    drive_to(h, Screen::thank_you);
    auto rows = h.session->outbox()->pending(10);
    REQUIRE(rows);
    REQUIRE_FALSE(rows->empty());
    auto plain = crypto::open_sealed(rows->back().sealed, h.keys);
    REQUIRE(plain);
    CHECK(plain->find("\"language\":\"pl\"") != std::string::npos);
    h.tap("finish");
    CHECK(h.session->flow().language() == "en");  // the next young person starts in English
    h.tap("lang_ro");
    h.tap("start");
    h.tap("start_again");
    CHECK(h.session->flow().language() == "en");
}

TEST_CASE("the comment keyboard has the language's accented letters") {
    Headless h(1280, 800);
    h.tap("lang_pl");
    drive_to(h, Screen::comment);
    for (const char* key : {"acc_3", "key_shift", "acc_8"}) h.tap(key);
    CHECK(h.session->flow().comment() == "\xC5\x82\xC5\xBB");  // ł Ż
    Headless r(1280, 800);
    r.tap("lang_ro");
    drive_to(r, Screen::comment);
    r.tap("acc_3");
    CHECK(r.session->flow().comment() == "\xC8\x99");  // ș
    CHECK_FALSE(r.has("acc_5"));
}

TEST_CASE("Polish and Romanian letters are in the fonts, also the dyslexia-friendly one") {
    const char* letters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻăâîșțĂÂÎȘȚ";
    for (bool dyslexic : {false, true}) {
        Headless h(1280, 800);
        h.idle_frame();
        if (dyslexic) {
            h.tap("settings");
            h.tap("dyslexia_font");
            h.idle_frame();
            REQUIRE(h.fonts.dyslexic);
        }
        for (const char* p = letters; *p;) {
            unsigned int cp = 0;
            p += ImTextCharFromUtf8(&cp, p, nullptr);
            for (ImFont* f : {h.fonts.body, h.fonts.title, h.fonts.small}) {
                const ImFontGlyph* g = f->FindGlyphNoFallback(static_cast<ImWchar>(cp));
                CHECK_MESSAGE((g && g->Visible), "U+", std::hex, cp, " missing (dyslexic ", dyslexic, ")");
            }
        }
    }
}

TEST_CASE("at the largest text size nothing overflows on any screen, in every language, at every size") {
    const ImVec2 sizes[] = {{800, 480}, {1280, 800}, {480, 800}};
    const char* const langs[] = {"en", "pl", "ro", "ar", "prs", "ps", "ti"};
    const int n_langs = static_cast<int>(std::size(langs));
    for (int variant = 0; variant < 2 * n_langs; ++variant) {
        for (ImVec2 size : sizes) {
            const char* lang = langs[variant % n_langs];
            bool read_aloud = variant >= n_langs;
            Headless h(size.x, size.y);
            const std::string tag = run_tag(lang, size) + (read_aloud ? " read-aloud" : "");
            AccessibilitySettings big;
            big.larger_text = true;
            big.read_aloud = read_aloud;  // the read-again button takes room beside each question
            walk_every_screen(h, lang, big, tag, AtHelp::flag, check_layout);
            REQUIRE(h.screen() == Screen::thank_you);
            CHECK(h.session->flow().language() == lang);
            check_layout(h, tag + " thank you");
        }
    }
}

TEST_CASE("keys stay big enough in Polish and Romanian, on short screens the accents are one tap away") {
    for (ImVec2 size : {ImVec2(800, 480), ImVec2(480, 800), ImVec2(1280, 800)}) {
        for (const char* lang : {"pl", "ro"}) {
            Headless h(size.x, size.y);
            h.tap(std::string("lang_") + lang);
            drive_to(h, Screen::comment);
            h.idle_frame();
            if (!h.find("acc_0")) {
                REQUIRE(h.find("key_numbers"));
                h.tap("key_numbers");
            }
            REQUIRE_MESSAGE(h.find("acc_0"), lang, " ", size.x, "x", size.y);
            for (const auto& hit : h.st.hits) {
                INFO(lang, " ", size.x, "x", size.y, " ", hit.id);
                CHECK(hit.max.y - hit.min.y >= 48);
                CHECK(hit.max.x - hit.min.x >= 48);
            }
            h.tap("acc_0");
            CHECK_FALSE(h.session->flow().comment().empty());
        }
    }
}

namespace {
/// Every tappable thing drawn this frame is at least 48 x 48 px (the kiosk's touch target).
void check_targets(Headless& h, const std::string& where) {
    h.idle_frame();
    REQUIRE_FALSE(h.st.hits.empty());
    for (const auto& hit : h.st.hits) {
        INFO(where, " ", hit.id, " ", hit.max.x - hit.min.x, "x", hit.max.y - hit.min.y);
        CHECK(hit.max.x - hit.min.x >= 48);
        CHECK(hit.max.y - hit.min.y >= 48);
    }
}
}  // namespace

TEST_CASE("every touch target is at least 48 px on every screen, at both text sizes, both ways up") {
    const ImVec2 sizes[] = {{800, 480}, {480, 800}, {1280, 800}, {1920, 1080}, {1080, 1920}};
    for (ImVec2 size : sizes) {
        for (bool larger : {false, true}) {
            for (const char* lang : {"en", "pl", "ar", "prs", "ps", "ti"}) {
                Headless h(size.x, size.y);
                std::string tag = run_tag(lang, size) + (larger ? " larger text" : "");
                AccessibilitySettings a;
                a.larger_text = larger;
                a.read_aloud = larger;  // the read-again button too
                a.dyslexia_font = larger && std::string(lang) == "pl";  // the widest letters too
                tag += a.dyslexia_font ? " dyslexia font" : "";
                INFO(tag);
                walk_every_screen(h, lang, a, tag, AtHelp::look, check_targets);
                check_targets(h, tag + " thank you");
            }
        }
    }
}

TEST_CASE("the staff PIN pad and staff screen keep 48 px targets at every size") {
    for (ImVec2 size : {ImVec2(800, 480), ImVec2(480, 800), ImVec2(1920, 1080)}) {
        Headless h(size.x, size.y);
        std::string tag = std::to_string(int(size.x)) + "x" + std::to_string(int(size.y));
        REQUIRE(set_config_value(config_path(h.dir.path()), "staff_pin_hash", crypto::hash_password("1357")));
        h.reopen();
        h.session->apply(ev::StaffGesture{}, h.now);
        check_targets(h, tag + " PIN pad");
        h.type_pin("1357");
        REQUIRE(h.screen() == Screen::staff);
        check_targets(h, tag + " staff");
        h.tap("staff_enrol");
        check_targets(h, tag + " staff enrol");
        check_layout(h, tag + " staff enrol");  // the keys keep clear of the fields and buttons
    }
}

TEST_CASE("no read-aloud button in a language espeak-ng cannot read (Pashto, Tigrinya), one in Arabic and Dari") {
    for (const char* lang : {"ar", "prs", "ps", "ti"}) {
        INFO(lang);
        const bool voice = std::string(lang) == "ar" || std::string(lang) == "prs";
        Headless h(1280, 800);
        h.session->apply(ev::SetLanguage{lang}, h.now);
        CHECK(h.session->read_aloud_available() == voice);
        h.tap("settings");
        CHECK(h.has("read_aloud") == voice);
        CHECK(h.has("larger_text"));
        h.tap("done");
        AccessibilitySettings a;
        a.read_aloud = true;  // as the under-8s path sets it
        h.session->apply(ev::SetAccessibility{a}, h.now);
        h.tap("start");
        h.tap("age_13_17");
        REQUIRE(h.screen() == Screen::question);
        CHECK(h.has("read_again") == voice);
        // Nothing is sent to a speech program that would read it with the wrong voice.
        CHECK((h.session->speech_requests() > 0) == voice);
    }
}
