#pragma once
// Fonts from Debian packages, rasterised by FreeType at their real pixel size (no scaling).
#include <imgui.h>

#include <lp/kiosk/strings.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp::kiosk::ui {

struct FontSet {
    ImFont* body = nullptr;
    ImFont* title = nullptr;
    ImFont* small = nullptr;
    ImFont* emoji = nullptr;  // keyboard emoji row (body size)
    float body_px = 0;
    bool dyslexic = false;
    bool color_emoji = false;
};

struct FontPaths {
    std::string regular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    std::string bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
    std::string dyslexic = "/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Regular.otf";
    std::string dyslexic_bold = "/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Bold.otf";
    std::string symbols = "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf";
    std::string symbols1 = "/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf";
    // ImGui 1.86 cannot draw the bitmap strikes of Noto Color Emoji (glyphs come out empty), so
    // by default the keyboard uses monochrome emoji from Noto Sans Symbols. Set a path to try.
    std::string color_emoji;
};

/// The emoji on the keyboard (UTF-8 strings, all in Unicode's basic plane so ImGui 1.86 can draw them).
extern const char* const keyboard_emoji[];
extern const int keyboard_emoji_count;

/// The letter keys of a language written in its own script (Arabic, Persian, Pashto, Tigrinya),
/// row by row in reading order; empty for languages typed with the Latin keys.
std::vector<std::vector<std::string>> keyboard_script_rows(const std::string& language);
/// An Ethiopic letter's seven vowel forms (ለ: ለ ሉ ሊ ላ ሌ ል ሎ); empty for any other text.
std::vector<std::string> ethiopic_forms(const std::string& letter);
/// Every letter of those rows (and every Ethiopic letter's forms), for the atlas.
std::vector<std::string> keyboard_letters(const std::string& language);

class ComplexText;

/// Clears the atlas and loads body/title/small fonts for the metrics. Returns false with a
/// message when a font file is missing or the atlas cannot be built. With `complex`, the glyphs
/// `texts` need in that script are drawn into the same atlas (built once, like the rest).
bool build_fonts(ImFontAtlas& atlas, const Metrics& m, bool dyslexic, const FontPaths& paths, FontSet& out,
                 std::string& error, ComplexText* complex = nullptr, const std::vector<std::string>* texts = nullptr);

/// The shaped-text fonts: Noto Sans Arabic and Noto Sans Ethiopic (or SIL Abyssinica), regular
/// and bold. nullptr with the missing file in `error` when Arabic's are missing; with Arabic but
/// no Ethiopic font, the set and a message in `error` (Tigrinya cannot draw).
std::unique_ptr<ComplexText> open_complex_text(std::string& error);
/// The language's words need shaping (Arabic or Ethiopic script).
bool shaped_language(const std::string& language);

/// The texts whose glyphs go into the atlas: every language's own name (the attract screen's
/// buttons), and for a shaped language its catalogue, the question set's translation and each
/// keyboard letter in its joined forms (only when that language is chosen: loaded lazily).
std::vector<std::string> texts_to_shape(const Catalogues& catalogues, const QuestionSet& set,
                                        const std::string& language);

}  // namespace lp::kiosk::ui
