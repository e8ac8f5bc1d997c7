#pragma once
// Shaped, ordered text for scripts ImGui cannot draw by code point (Arabic joins its letters and
// runs right to left): FriBiDi orders each line, HarfBuzz picks and places the glyphs, FreeType
// draws them once into custom rectangles of the ImGui font atlas, and the screens draw the
// glyph runs through ImGui draw lists. Latin runs inside (digits, "Childline") stay with the
// ImGui fonts. Everything here is built only when a language that needs it is on screen.
#include <imgui.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace lp::kiosk::ui {

/// The layout is mirrored (a right-to-left language is on screen).
bool layout_mirrored();

/// True when the text has a character from a script this module shapes (Arabic, Ethiopic).
bool needs_shaping(std::string_view utf8);
/// Languages written right to left ("ar", "fa", "ps", "ur", "he").
bool is_rtl_language(std::string_view code);

/// One glyph in visual (left-to-right) order: a glyph of the shaping font, or a code point
/// drawn with the ImGui font (Latin runs). Sizes in pixels at the size it was shaped at.
struct ShapedGlyph {
    unsigned glyph = 0;      // glyph id in the shaping font (when codepoint == 0)
    unsigned codepoint = 0;  // non-zero: draw this character with the ImGui font instead
    float advance = 0, x_offset = 0, y_offset = 0;
    unsigned source = 0;  // the character it came from (a shaped glyph's first), for fallbacks
    unsigned face = 0;    // which of the faces shaped it (shape_line's list)
};

struct ShapedLine {
    std::vector<ShapedGlyph> glyphs;
    float width = 0;
};

/// A font file opened for HarfBuzz and FreeType (Noto Sans Arabic, Noto Sans Ethiopic...).
class ShapingFont {
public:
    /// nullptr with a message when the file cannot be read.
    static std::unique_ptr<ShapingFont> open(const std::string& path, std::string& error);
    ~ShapingFont();
    ShapingFont(const ShapingFont&) = delete;
    ShapingFont& operator=(const ShapingFont&) = delete;

    /// Glyph ids and positions of a line at `px`, ordered for display (FriBiDi, then HarfBuzz per
    /// run); `rtl` makes the paragraph right to left, else its first strong letter decides. Runs without a shaped-script letter come back as
    /// code points, measured with `latin` (the ImGui font; may be null in tests: zero advances).
    ShapedLine shape(std::string_view utf8, float px, bool rtl, const ImFont* latin = nullptr) const;
    /// Glyph ids HarfBuzz gives for one run in one direction, in its output order (the test
    /// compares them with hb-shape).
    std::vector<unsigned> glyph_ids(std::string_view utf8, bool rtl) const;
    /// The font has a glyph for the character.
    bool covers(char32_t c) const;
    const std::string& path() const { return path_; }

    struct Impl;

private:
    explicit ShapingFont(std::unique_ptr<Impl> impl, std::string path);
    std::unique_ptr<Impl> impl_;
    std::string path_;
    friend class ComplexText;
    friend ShapedLine shape_line(const std::vector<const ShapingFont*>&, std::string_view, float, bool, const ImFont*);
};

/// As ShapingFont::shape, with several fonts: each run of shaped letters is shaped with the first
/// face that has its first letter (Noto Sans Arabic for Arabic, Noto Sans Ethiopic for Tigrinya).
ShapedLine shape_line(const std::vector<const ShapingFont*>& faces, std::string_view utf8, float px, bool rtl,
                      const ImFont* latin = nullptr);

/// The shaped glyphs of one language's texts in the ImGui atlas, and drawing with them.
class ComplexText {
public:
    /// Opens the regular and bold font; nullptr with a message when one is missing.
    static std::unique_ptr<ComplexText> open(const std::string& regular, const std::string& bold, std::string& error);
    /// Adds another script's regular and bold font (before reserve()); false with a message when
    /// one is missing (the fonts already added still work).
    bool add_script(const std::string& regular, const std::string& bold, std::string& error);

    /// One ImFont the shaped glyphs go with: its pixel size (ImGui sets FontSize only when it
    /// builds) and whether it is the bold one.
    struct Target {
        ImFont* font;
        float px;
        bool bold;
    };
    /// Before atlas.Build(): reserves a rectangle for every glyph `texts` need in each of the
    /// fonts (title is bold). Call bake() after Build().
    void reserve(ImFontAtlas& atlas, const std::vector<Target>& fonts, const std::vector<std::string>& texts);
    /// After atlas.Build(): draws the reserved glyphs into the atlas's alpha pixels.
    void bake(ImFontAtlas& atlas);

    /// Lines run right to left (the layout is mirrored).
    bool rtl() const { return layout_mirrored(); }
    /// The shaped line (cached), measured at `px` with `font`.
    const ShapedLine& line(ImFont* font, float px, std::string_view text) const;
    float width(ImFont* font, float px, std::string_view text) const { return line(font, px, text).width; }
    /// Splits text at spaces into lines no wider than `width` (logical order); a word wider
    /// than the line gets a line of its own and sets *cut.
    std::vector<std::string> wrap(ImFont* font, float px, std::string_view text, float width, bool* cut = nullptr) const;
    /// Draws one line with its top-left at `pos` (screen coordinates).
    void draw(ImDrawList* dl, ImFont* font, float px, ImVec2 pos, ImU32 color, std::string_view text) const;
    /// Glyphs reserved (for tests and the start-up log).
    std::size_t glyph_count() const { return glyphs_.size(); }

private:
    struct Baked {
        int rect = -1;
        int left = 0, top = 0, w = 0, h = 0;
        ImVec2 uv0, uv1;  // kept: the atlas forgets its rectangles once the texture is uploaded
    };
    const std::vector<const ShapingFont*>& faces_for(ImFont* font) const;
    std::vector<std::unique_ptr<ShapingFont>> regular_, bold_;  // one pair a script, in add order
    std::vector<const ShapingFont*> regular_faces_, bold_faces_;
    std::map<ImFont*, bool> bold_fonts_;
    std::map<std::tuple<ImFont*, unsigned, unsigned>, Baked> glyphs_;  // (font, face, glyph)
    mutable std::map<std::tuple<ImFont*, float, std::string>, ShapedLine> cache_;
};

/// While alive, the widgets draw texts that need shaping with `text` and mirror the layout
/// when it is right to left (draw_frame sets one up for the young person's language).
class ComplexTextScope {
public:
    /// mirror_width > 0: the layout is mirrored in a window that wide (a right-to-left language).
    ComplexTextScope(const ComplexText* text, float mirror_width);
    ~ComplexTextScope();
    ComplexTextScope(const ComplexTextScope&) = delete;
    ComplexTextScope& operator=(const ComplexTextScope&) = delete;
};
/// While alive, nothing is mirrored (the language buttons keep their place in every language).
class MirrorPause {
public:
    MirrorPause();
    ~MirrorPause();
    MirrorPause(const MirrorPause&) = delete;
    MirrorPause& operator=(const MirrorPause&) = delete;

private:
    float saved_;
};
/// The active complex text, or nullptr.
const ComplexText* active_complex_text();
/// The layout is mirrored (right to left): x of a box of width w becomes mirror_x(x, w).
float mirror_x(float x, float w);

}  // namespace lp::kiosk::ui
