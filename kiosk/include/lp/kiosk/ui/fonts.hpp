#pragma once
// Fonts from Debian packages, rasterised by FreeType at their real pixel size (no scaling).
#include <imgui.h>

#include <lp/kiosk/ui/theme.hpp>
#include <string>

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

/// Clears the atlas and loads body/title/small fonts for the metrics. Returns false with a
/// message when a font file is missing or the atlas cannot be built.
bool build_fonts(ImFontAtlas& atlas, const Metrics& m, bool dyslexic, const FontPaths& paths, FontSet& out,
                 std::string& error);

}  // namespace lp::kiosk::ui
