// A right-to-left pseudo-locale: every kiosk catalogue's words (English, Polish, Romanian, Arabic,
// Dari, Pashto, Tigrinya) laid out as a right-to-left language. The shipped Arabic catalogue is
// swapped for each of them in turn, so the mirrored layout meets the longest words of every
// language: every young person's screen keeps its touch targets at least 48 px at both text
// sizes, nothing runs off the window, and Back, Start again and the keyboard stay mirrored.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <lp/kiosk/ui/shaping.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/translations.hpp>
#include <nlohmann/json.hpp>

#include "headless.hpp"
#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;
namespace fs = std::filesystem;

namespace {
using test_ui::check_layout;
using test_ui::Headless;
using test_ui::real_assets;

const char* const all_catalogues[] = {"en", "pl", "ro", "ar", "prs", "ps", "ti"};

/// The shipped assets with ar.json holding catalogue `words` (its own language name kept, so the
/// attract screen still names Arabic in Arabic). Arabic stays the right-to-left language.
struct RtlPseudoAssets {
    test::TempDir dir;
    explicit RtlPseudoAssets(const std::string& words) {
        for (const auto& e : fs::directory_iterator(real_assets))
            if (e.path().filename() != "i18n")
                fs::create_directory_symlink(e.path(), dir.path() + "/" + e.path().filename().string());
        const std::string kiosk = dir.path() + "/i18n/kiosk";
        REQUIRE(make_dirs(kiosk));
        fs::create_directory_symlink(real_assets + "/i18n/dashboard", dir.path() + "/i18n/dashboard");
        for (const char* code : all_catalogues)
            if (std::string(code) != "ar")
                fs::create_symlink(real_assets + "/i18n/kiosk/" + code + ".json", kiosk + "/" + code + ".json");
        auto source = nlohmann::json::parse(read_file(real_assets + "/i18n/kiosk/" + words + ".json").value());
        const auto arabic = nlohmann::json::parse(read_file(real_assets + "/i18n/kiosk/ar.json").value());
        source["language_name"] = arabic["language_name"];
        REQUIRE(write_file_atomic(kiosk + "/ar.json", source.dump()));
    }
    std::string path() const { return dir.path(); }
};

/// Every tappable thing drawn this frame is at least 48 x 48 px, and the layout fits (check_layout).
void check_screen(Headless& h, const std::string& where) {
    check_layout(h, where);
    REQUIRE_FALSE(h.st.hits.empty());
    for (const auto& hit : h.st.hits) {
        INFO(where, " ", hit.id, " ", hit.max.x - hit.min.x, "x", hit.max.y - hit.min.y);
        CHECK(hit.max.x - hit.min.x >= 48);
        CHECK(hit.max.y - hit.min.y >= 48);
    }
}

float centre_x(const ui::HitRect& r) { return (r.min.x + r.max.x) / 2; }

/// Back on the right half, Start again on the left, where the screen has them.
void check_mirrored(Headless& h, const std::string& where) {
    h.idle_frame();
    const float mid = ImGui::GetIO().DisplaySize.x / 2;
    if (const auto* back = h.find("back")) CHECK_MESSAGE(centre_x(*back) > mid, where, ": Back is not on the right");
    if (const auto* again = h.find("start_again"))
        CHECK_MESSAGE(centre_x(*again) < mid, where, ": Start again is not on the left");
}

/// The keyboard's first row runs right to left: its first key is the rightmost of its row.
void check_keyboard_mirrored(Headless& h, const std::string& where) {
    h.idle_frame();
    std::vector<const ui::HitRect*> keys;
    for (const auto& hit : h.st.hits)
        if (hit.id.rfind("key_u", 0) == 0) keys.push_back(&hit);  // the letter keys (key_u0627, ...)
    REQUIRE_MESSAGE(keys.size() >= 2, where, ": no letter keys");
    const float top = (*std::min_element(keys.begin(), keys.end(), [](auto* a, auto* b) {
                          return a->min.y < b->min.y;
                      }))->min.y;
    std::vector<const ui::HitRect*> row;
    for (const auto* k : keys)
        if (k->min.y < top + 1) row.push_back(k);
    REQUIRE(row.size() >= 2);
    for (std::size_t i = 1; i < row.size(); ++i)
        CHECK_MESSAGE(row[i]->max.x <= row[i - 1]->min.x + 1, where, ": key ", row[i]->id, " is not left of ",
                      row[i - 1]->id);
}

/// Walks every young person's screen of the older path (with the help sheet and the idle warning)
/// and of the under-8s path, checking each.
void walk(Headless& h, const std::string& tag) {
    check_screen(h, tag + " attract");
    h.tap("settings");
    check_screen(h, tag + " accessibility");
    h.tap("done");
    h.tap("start");
    check_screen(h, tag + " age band");
    check_mirrored(h, tag + " age band");
    h.tap("age_16_25");
    int guard = 0;
    while (h.screen() == Screen::question && guard++ < 40) {
        const std::string where = tag + " question " + h.session->flow().current_question()->id;
        check_screen(h, where);
        check_mirrored(h, where);
        if (guard == 1) {
            h.tap("help");
            check_screen(h, tag + " help");
            h.tap("help_close");
            h.frame(ImVec2(-FLT_MAX, -FLT_MAX), false, 52);
            check_screen(h, tag + " idle warning");
            h.tap("still_here");
        }
        h.tap("skip");
    }
    REQUIRE(h.screen() == Screen::comment);
    check_screen(h, tag + " comment");
    check_mirrored(h, tag + " comment");
    check_keyboard_mirrored(h, tag + " comment");
    h.tap("key_shift");
    check_screen(h, tag + " comment shifted");
    if (h.has("key_numbers")) {
        h.tap("key_numbers");
        check_screen(h, tag + " comment numbers page");
        h.tap("key_numbers");
    }
    h.tap("next");
    check_screen(h, tag + " review");
    h.tap("send");
    REQUIRE(h.screen() == Screen::thank_you);
    check_screen(h, tag + " thank you");
    h.tap("finish");

    // The under-8s path: faces, one big Next, "Did a grown-up help you?".
    REQUIRE(h.screen() == Screen::attract);
    h.tap("start");
    REQUIRE(h.has("age_4_7"));
    h.tap("age_4_7");
    for (guard = 0; h.screen() == Screen::question && guard < 10; ++guard) {
        check_screen(h, tag + " under-8s " + h.session->flow().current_question()->id);
        h.tap("scale_2");
    }
    REQUIRE(h.screen() == Screen::review);
    check_screen(h, tag + " under-8s grown-up question");
    h.tap("send_grown_up_helped");
    REQUIRE(h.screen() == Screen::thank_you);
    check_screen(h, tag + " under-8s thank you");
}
}  // namespace

TEST_CASE("RTL pseudo-locale: every catalogue's words, mirrored, keep 48 px targets on screen at both text sizes") {
    REQUIRE(ui::is_rtl_language("ar"));
    const ImVec2 sizes[] = {{800, 480}, {480, 800}, {1280, 800}};
    for (const char* words : all_catalogues) {
        RtlPseudoAssets assets(words);
        for (ImVec2 size : sizes)
            for (bool larger : {false, true}) {
                Headless h(size.x, size.y, assets.path());
                REQUIRE(set_config_value(config_path(h.dir.path()), "question_set", "children-in-care"));
                h.reopen();
                const std::string tag = std::string("ar with ") + words + " words " + std::to_string(int(size.x)) +
                                        "x" + std::to_string(int(size.y)) + (larger ? " larger text" : "");
                INFO(tag);
                h.session->apply(ev::SetLanguage{"ar"}, h.now);
                REQUIRE(h.session->flow().language() == "ar");
                AccessibilitySettings a;
                a.larger_text = larger;
                a.read_aloud = larger;  // the read-again button takes room beside each question
                h.session->apply(ev::SetAccessibility{a}, h.now);
                walk(h, tag);
            }
    }
}

TEST_CASE("every language's own right-to-left layout keeps 48 px targets and stays mirrored, both text sizes") {
    for (const char* lang : {"ar", "prs", "ps"})
        for (ImVec2 size : {ImVec2(800, 480), ImVec2(1280, 800)})
            for (bool larger : {false, true}) {
                Headless h(size.x, size.y);
                REQUIRE(set_config_value(config_path(h.dir.path()), "question_set", "children-in-care"));
                h.reopen();
                const std::string tag = std::string(lang) + " " + std::to_string(int(size.x)) + "x" +
                                        std::to_string(int(size.y)) + (larger ? " larger text" : "");
                INFO(tag);
                h.session->apply(ev::SetLanguage{lang}, h.now);
                AccessibilitySettings a;
                a.larger_text = larger;
                h.session->apply(ev::SetAccessibility{a}, h.now);
                walk(h, tag);
            }
}

TEST_CASE("the under-8s question offers read-again only in a language with a voice (Pashto, Tigrinya: none)") {
    for (const char* lang : {"ar", "prs", "ps", "ti"}) {
        Headless h(1280, 800);
        REQUIRE(set_config_value(config_path(h.dir.path()), "question_set", "children-in-care"));
        h.reopen();
        h.session->apply(ev::SetLanguage{lang}, h.now);
        h.tap("start");
        h.tap("age_4_7");
        REQUIRE(h.screen() == Screen::question);
        INFO(lang);
        CHECK(h.session->flow().accessibility().read_aloud);  // on from the start for under-8s
        CHECK(h.has("read_again") == h.session->read_aloud_available());
        if (std::string(lang) == "ps" || std::string(lang) == "ti") CHECK_FALSE(h.has("read_again"));
    }
}
