#include <imgui_freetype.h>

#include <cmath>
#include <fstream>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/shaping.hpp>

namespace lp::kiosk::ui {

const char* const keyboard_emoji[] = {"\u263A", "\u2639", "\u2764", "\u2B50", "\u270C", "\u270B",
                                      "\u2600", "\u26BD", "\u266B", "\u2714", "\u2716", "\u2753"};
const int keyboard_emoji_count = static_cast<int>(sizeof(keyboard_emoji) / sizeof(keyboard_emoji[0]));

namespace {

// ASCII, Latin-1 (café, £), Latin Extended-A and ș ț (Polish, Romanian), typographic quotes and dashes, bullet and ●
// for PIN dots. Kept small: every glyph costs atlas memory at the large sizes a kiosk uses.
const ImWchar text_ranges[] = {0x0020, 0x007E, 0x00A0, 0x00FF, 0x0100, 0x017F, 0x0218, 0x021B, 0x2013, 0x2014,
                               0x2018, 0x201D, 0x2022, 0x2022, 0x2026, 0x2026, 0x25CF, 0x25CF, 0};
// Exactly the keyboard's emoji (the only pictures a comment or label can hold), not the whole
// symbol blocks: each glyph is baked into the body, title and small fonts at kiosk sizes, so the
// 450 symbols of U+2600..27BF used to double the atlas (and the GL driver's copy of it).
const ImWchar emoji_ranges[] = {0x2600, 0x2600, 0x2639, 0x263A, 0x266B, 0x266B, 0x26BD, 0x26BD, 0x270B, 0x270C, 0x2714,
                                0x2714, 0x2716, 0x2716, 0x2753, 0x2753, 0x2764, 0x2764, 0x2B50, 0x2B50, 0};

bool readable(const std::string& path) { return std::ifstream(path).good(); }

}  // namespace

bool build_fonts(ImFontAtlas& atlas, const Metrics& m, bool dyslexic, const FontPaths& paths, FontSet& out,
                 std::string& error, ComplexText* complex, const std::vector<std::string>* texts) {
    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    const std::string& regular = dyslexic ? paths.dyslexic : paths.regular;
    const std::string& bold = dyslexic ? paths.dyslexic_bold : paths.bold;
    for (const auto* p : {&regular, &bold, &paths.symbols}) {
        if (!readable(*p)) {
            error = "font not found: " + *p + " (install fonts-noto-core and fonts-opendyslexic)";
            return false;
        }
    }
    bool color = !paths.color_emoji.empty() && readable(paths.color_emoji);

    // OpenDyslexic has very tall ascenders, so at the same pixel height its letters come out
    // smaller than Noto Sans; scale it up to look the same size.
    const float face_scale = dyslexic ? 1.2f : 1.0f;
    auto reserve = [&] {
        if (complex && texts)
            complex->reserve(atlas,
                             {{out.body, std::round(m.body_px * face_scale), false},
                              {out.title, std::round(m.title_px * face_scale), true},
                              {out.small, std::round(m.small_px * face_scale), false}},
                             *texts);
    };
    auto add = [&](const std::string& file, float px) {
        px = std::round(px * face_scale);
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;  // FreeType renders at the real size already
        ImFont* f = atlas.AddFontFromFileTTF(file.c_str(), px, &cfg, text_ranges);
        // Merge symbol glyphs so ✔, ☺ and friends show in any text.
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.OversampleH = merge.OversampleV = 1;
        atlas.AddFontFromFileTTF(paths.symbols.c_str(), px, &merge, emoji_ranges);
        if (readable(paths.symbols1)) atlas.AddFontFromFileTTF(paths.symbols1.c_str(), px, &merge, emoji_ranges);
        return f;
    };
    out.emoji = nullptr;
    out.color_emoji = false;
    if (color) {
        // Colour emoji for the keyboard row, from the bitmap strikes of Noto Color Emoji, when this
        // ImGui/FreeType can do it.
        out.body = add(regular, m.body_px);
        out.title = add(bold, m.title_px);
        out.small = add(regular, m.small_px);
        ImFontConfig cfg;
        cfg.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LoadColor | ImGuiFreeTypeBuilderFlags_Bitmap;
        cfg.OversampleH = cfg.OversampleV = 1;
        out.emoji = atlas.AddFontFromFileTTF(paths.color_emoji.c_str(), m.body_px, &cfg, emoji_ranges);
        reserve();
        if (atlas.Build() && out.emoji) {
            const ImFontGlyph* g = out.emoji->FindGlyphNoFallback(0x2764);
            out.color_emoji = g != nullptr && g->Visible;
        }
    }
    if (!out.color_emoji) {
        // Monochrome emoji from Noto Sans Symbols, drawn larger so they read as pictures on the keys.
        atlas.Clear();
        out.body = add(regular, m.body_px);
        out.title = add(bold, m.title_px);
        out.small = add(regular, m.small_px);
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;
        float px = std::round(m.body_px * 1.35f);
        out.emoji = atlas.AddFontFromFileTTF(paths.symbols.c_str(), px, &cfg, emoji_ranges);
        if (readable(paths.symbols1)) {
            ImFontConfig merge = cfg;
            merge.MergeMode = true;
            atlas.AddFontFromFileTTF(paths.symbols1.c_str(), px, &merge, emoji_ranges);
        }
        reserve();
        if (!atlas.Build()) {
            error = "could not build the font atlas";
            return false;
        }
    }
    if (complex && texts) complex->bake(atlas);
    out.body_px = m.body_px;
    out.dyslexic = dyslexic;
    return true;
}

std::unique_ptr<ComplexText> open_complex_text(std::string& error) {
    const std::string dir = "/usr/share/fonts/truetype/noto/";
    auto text = ComplexText::open(dir + "NotoSansArabic-Regular.ttf", dir + "NotoSansArabic-Bold.ttf", error);
    if (!text) return nullptr;
    // Ethiopic (Tigrinya) from the same package; SIL Abyssinica (fonts-sil-abyssinica, one weight)
    // if a system has only that. Without either, Arabic still works and the error says what to install.
    std::string ethiopic_error;
    if (!text->add_script(dir + "NotoSansEthiopic-Regular.ttf", dir + "NotoSansEthiopic-Bold.ttf", ethiopic_error)) {
        const std::string sil = "/usr/share/fonts/truetype/abyssinica/AbyssinicaSIL-Regular.ttf";
        if (!text->add_script(sil, sil, ethiopic_error))
            error = "no Ethiopic font: Tigrinya will not draw (install fonts-noto-core)";
    }
    return text;
}

bool shaped_language(const std::string& language) { return is_rtl_language(language) || language == "ti"; }

std::vector<std::string> texts_to_shape(const Catalogues& catalogues, const QuestionSet& set,
                                        const std::string& language) {
    std::vector<std::string> out;
    // Every language's own name, for the buttons on the attract screen.
    for (const auto& l : catalogues.languages()) out.push_back(l.name);
    if (!shaped_language(language)) return out;
    const Strings& strings = catalogues.get(language);
    for (const auto& key : string_keys())
        if (const char* t = string_value(strings, key)) out.emplace_back(t);
    auto lang = set.translations.find(language);
    if (lang != set.translations.end())
        for (const auto& [qid, t] : lang->second) {
            for (const auto* text : {&t.text_4_7, &t.text_8_12, &t.text_13_17, &t.text_16_25})
                if (!text->empty()) out.push_back(*text);
            for (const auto& [oid, label] : t.options) out.push_back(label);
        }
    // Typed letters in every joined form: alone, first, middle and last (U+0640 is the joining
    // stroke), and lam-alef, so any comment draws from the atlas.
    const std::string tatweel = "ـ";
    for (const auto& letter : keyboard_letters(language)) {
        out.push_back(letter);
        if (!is_rtl_language(language)) continue;  // Ethiopic letters do not join
        out.push_back(letter + tatweel);
        out.push_back(tatweel + letter + tatweel);
        out.push_back(tatweel + letter);
    }
    if (is_rtl_language(language)) {
        for (const char* la : {"لا", "ـلا", "لأ", "لإ", "لآ"})
            out.emplace_back(la);
    }
    return out;
}

}  // namespace lp::kiosk::ui
