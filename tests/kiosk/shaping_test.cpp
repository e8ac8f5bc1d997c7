// Shaping: our HarfBuzz + FriBiDi pipeline gives the glyphs HarfBuzz's own hb-shape gives
// (libharfbuzz-bin), in display order, for fixed Arabic strings.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <lp/kiosk/ui/shaping.hpp>
#include <memory>
#include <sstream>
#include <string>

using namespace lp::kiosk::ui;

namespace {

const std::string arabic_font = "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf";

/// Glyph ids from `hb-shape --no-glyph-names` (visual order, as it prints them).
std::vector<unsigned> hb_shape_ids(const std::string& font, const std::string& text) {
    std::string cmd = "hb-shape --no-glyph-names --no-positions --no-clusters '" + font + "' '" + text + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    REQUIRE_MESSAGE(p, "hb-shape did not run (install libharfbuzz-bin)");
    std::string out;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), p.get())) out += buf.data();
    std::vector<unsigned> ids;
    std::string body = out.substr(out.find('[') + 1);
    std::stringstream ss(body.substr(0, body.find(']')));
    std::string item;
    while (std::getline(ss, item, '|')) ids.push_back(static_cast<unsigned>(std::stoul(item)));
    return ids;
}

std::vector<unsigned> ids_of(const ShapedLine& line) {
    std::vector<unsigned> ids;
    for (const auto& g : line.glyphs) ids.push_back(g.codepoint ? 0xFFFFFFFFu : g.glyph);
    return ids;
}

}  // namespace

TEST_CASE("Arabic strings shape to the same glyphs, in the same order, as hb-shape") {
    std::string error;
    auto font = ShapingFont::open(arabic_font, error);
    REQUIRE_MESSAGE(font, error);
    for (const char* text : {"مرحبا", "شكرا لك", "هل تشعر بالأمان حيث تعيش؟", "لا", "ابدأ"}) {
        INFO(text);
        auto expected = hb_shape_ids(arabic_font, text);
        REQUIRE(!expected.empty());
        CHECK(font->glyph_ids(text, true) == expected);
        // The whole pipeline (FriBiDi levels, then HarfBuzz per run) agrees for pure Arabic lines.
        CHECK(ids_of(font->shape(text, 32, true)) == expected);
    }
}

TEST_CASE("joined letters are not the isolated forms, and lam-alef is one glyph") {
    std::string error;
    auto font = ShapingFont::open(arabic_font, error);
    REQUIRE(font);
    // The same letter alone and inside a word get different glyphs (contextual forms).
    auto alone = font->glyph_ids("\u0628", true);   // ب
    auto joined = font->glyph_ids("\u0628\u0628\u0628", true);
    REQUIRE(alone.size() == 1);
    REQUIRE(joined.size() == 3);
    CHECK(joined[1] != alone[0]);
    CHECK(font->glyph_ids("\u0644\u0627", true).size() == 1);  // لا
}

TEST_CASE("digits in a right-to-left line stay left to right and sit left of the Arabic before them") {
    std::string error;
    auto font = ShapingFont::open(arabic_font, error);
    REQUIRE(font);
    auto line = font->shape("\u0627\u062a\u0635\u0644 999 \u0627\u0644\u0622\u0646", 32, true);  // اتصل 999 الآن
    std::string digits;
    std::size_t first_digit = line.glyphs.size(), last_digit = 0;
    for (std::size_t i = 0; i < line.glyphs.size(); ++i)
        if (line.glyphs[i].codepoint >= '0' && line.glyphs[i].codepoint <= '9') {
            digits += static_cast<char>(line.glyphs[i].codepoint);
            first_digit = std::min(first_digit, i);
            last_digit = i;
        }
    CHECK(digits == "999");
    CHECK(last_digit - first_digit == 2);
    // "الآن" (the last word in reading order) is drawn first, on the left.
    CHECK(line.glyphs.front().codepoint == 0);
    CHECK(first_digit > 2);
}

TEST_CASE("which texts need shaping and which languages run right to left") {
    CHECK(needs_shaping("مرحبا"));
    CHECK(needs_shaping("Start ሰላም"));  // Ethiopic (Tigrinya)
    CHECK_FALSE(needs_shaping("Zażółć gęślą jaźń"));
    CHECK_FALSE(needs_shaping("Thank you! \xE2\x9D\xA4"));
    CHECK(is_rtl_language("ar"));
    CHECK(is_rtl_language("fa"));
    CHECK(is_rtl_language("ps"));
    CHECK_FALSE(is_rtl_language("ti"));
    CHECK_FALSE(is_rtl_language("en"));
}

TEST_CASE("a missing font file is a message, not a crash") {
    std::string error;
    CHECK_FALSE(ShapingFont::open("/nonexistent/font.ttf", error));
    CHECK(error.find("fonts-noto-core") != std::string::npos);
}

TEST_CASE("Tigrinya, Dari and Pashto strings shape as hb-shape does, each with its script's font") {
    const std::string ethiopic_font = "/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf";
    std::string error;
    auto arabic = ShapingFont::open(arabic_font, error);
    auto ethiopic = ShapingFont::open(ethiopic_font, error);
    REQUIRE_MESSAGE(ethiopic, error);
    REQUIRE(arabic);
    for (const char* text : {"ትግርኛ", "ርእይቶኹም ሃቡ", "ሉ ሊ ላ ሌ ል ሎ"}) {
        INFO(text);
        auto expected = hb_shape_ids(ethiopic_font, text);
        REQUIRE(!expected.empty());
        CHECK(ethiopic->glyph_ids(text, false) == expected);
        // With both fonts, the Ethiopic run is shaped by the Ethiopic one (face 1), left to right.
        auto line = shape_line({arabic.get(), ethiopic.get()}, text, 32, false);
        CHECK(ids_of(line) == expected);
        for (const auto& g : line.glyphs) CHECK(g.face == 1);
        for (auto id : expected) CHECK(id != 0);  // no box: the font has every letter
    }
    // Dari and Pashto letters Arabic lacks (پ ښ ټ ډ ړ ږ ګ ڼ ې ۍ) are in Noto Sans Arabic and join.
    for (const char* text : {"دری", "پښتو", "ټولنیز کارکوونکی", "ډېر ښه", "کورنۍ"}) {
        INFO(text);
        auto expected = hb_shape_ids(arabic_font, text);
        CHECK(ids_of(shape_line({arabic.get(), ethiopic.get()}, text, 32, true)) == expected);
        for (auto id : expected) CHECK(id != 0);
    }
    // A line with both scripts: each run goes to the font that has its letters.
    auto mixed = shape_line({arabic.get(), ethiopic.get()}, "ትግርኛ دری", 32, false);
    bool saw_arabic = false, saw_ethiopic = false;
    for (const auto& g : mixed.glyphs) {
        if (g.codepoint) continue;
        saw_arabic = saw_arabic || g.face == 0;
        saw_ethiopic = saw_ethiopic || g.face == 1;
        CHECK(g.glyph != 0);
    }
    CHECK(saw_arabic);
    CHECK(saw_ethiopic);
}
