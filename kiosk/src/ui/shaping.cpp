#include <ft2build.h>
#include FT_FREETYPE_H
#include <fribidi.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <lp/kiosk/ui/shaping.hpp>
#include <set>

namespace lp::kiosk::ui {
namespace {

// The ImGui fonts are sized by their whole height (ascender to descender, Noto Sans: 1.362 em),
// the shaped fonts by their em; this keeps both scripts' letters the same size side by side.
constexpr float em_per_px = 1.0f / 1.362f;

bool shaped_script(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||
           (c >= 0x1200 && c <= 0x139F) || (c >= 0x2D80 && c <= 0x2DDF) || (c >= 0xAB00 && c <= 0xAB2F);
}

std::u32string to_u32(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

struct FtLibrary {
    FT_Library lib = nullptr;
    FtLibrary() { FT_Init_FreeType(&lib); }
    ~FtLibrary() {
        if (lib) FT_Done_FreeType(lib);
    }
};
FT_Library ft_library() {
    static FtLibrary l;  // one per process, released at exit
    return l.lib;
}

const ComplexText* g_active = nullptr;
float g_mirror_width = 0;

}  // namespace

struct ShapingFont::Impl {
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;
    FT_Face ft = nullptr;
    unsigned upem = 1000;
    ~Impl() {
        if (font) hb_font_destroy(font);
        if (face) hb_face_destroy(face);
        if (blob) hb_blob_destroy(blob);
        if (ft) FT_Done_Face(ft);
    }
    /// One run in one direction; glyphs in visual order, positions in pixels at em size em_px.
    std::vector<ShapedGlyph> run(const std::u32string& text, bool rtl, float em_px) const {
        hb_buffer_t* buf = hb_buffer_create();
        hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(text.data()), static_cast<int>(text.size()), 0,
                            static_cast<int>(text.size()));
        hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_guess_segment_properties(buf);
        hb_shape(font, buf, nullptr, 0);
        unsigned n = 0;
        hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
        hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
        std::vector<ShapedGlyph> out;
        const float k = em_px / static_cast<float>(upem);
        for (unsigned i = 0; i < n; ++i)
            out.push_back(ShapedGlyph{info[i].codepoint, 0, static_cast<float>(pos[i].x_advance) * k,
                                      static_cast<float>(pos[i].x_offset) * k, static_cast<float>(pos[i].y_offset) * k,
                                      info[i].cluster < text.size() ? static_cast<unsigned>(text[info[i].cluster]) : 0u});
        hb_buffer_destroy(buf);
        return out;
    }
};

ShapingFont::ShapingFont(std::unique_ptr<Impl> impl, std::string path) : impl_(std::move(impl)), path_(std::move(path)) {}
ShapingFont::~ShapingFont() = default;

std::unique_ptr<ShapingFont> ShapingFont::open(const std::string& path, std::string& error) {
    auto impl = std::make_unique<Impl>();
    impl->blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!impl->blob || FT_New_Face(ft_library(), path.c_str(), 0, &impl->ft) != 0) {
        error = "font not found: " + path + " (install fonts-noto-core)";
        return nullptr;
    }
    impl->face = hb_face_create(impl->blob, 0);
    impl->font = hb_font_create(impl->face);
    impl->upem = hb_face_get_upem(impl->face);
    return std::unique_ptr<ShapingFont>(new ShapingFont(std::move(impl), path));
}

std::vector<unsigned> ShapingFont::glyph_ids(std::string_view utf8, bool rtl) const {
    std::vector<unsigned> ids;
    for (const auto& g : impl_->run(to_u32(utf8), rtl, 16)) ids.push_back(g.glyph);
    return ids;
}

bool ShapingFont::covers(char32_t c) const { return FT_Get_Char_Index(impl_->ft, c) != 0; }

ShapedLine ShapingFont::shape(std::string_view utf8, float px, bool rtl, const ImFont* latin) const {
    return shape_line({this}, utf8, px, rtl, latin);
}

ShapedLine shape_line(const std::vector<const ShapingFont*>& faces, std::string_view utf8, float px, bool rtl,
                      const ImFont* latin) {
    ShapedLine line;
    std::u32string text = to_u32(utf8);
    const auto len = static_cast<FriBidiStrIndex>(text.size());
    if (len == 0) return line;
    // FriBiDi: each character's embedding level for this paragraph direction.
    std::vector<FriBidiChar> chars(text.begin(), text.end());
    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    fribidi_get_bidi_types(chars.data(), len, types.data());
    fribidi_get_bracket_types(chars.data(), len, types.data(), brackets.data());
    FriBidiParType dir = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;  // not forced: the first strong letter decides
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), len, &dir, levels.data()))
        std::fill(levels.begin(), levels.end(), static_cast<FriBidiLevel>(rtl ? 1 : 0));
    // Runs of one level, in logical order; then reversed level by level into display order (UAX #9 L2).
    struct Run {
        std::size_t start, end;
        int level;
    };
    std::vector<Run> runs;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (runs.empty() || runs.back().level != levels[i])
            runs.push_back({i, i + 1, levels[i]});
        else
            runs.back().end = i + 1;
    int max_level = 0, min_odd = 127;
    for (const auto& r : runs) {
        max_level = std::max(max_level, r.level);
        if (r.level % 2) min_odd = std::min(min_odd, r.level);
    }
    for (int lv = max_level; lv >= min_odd && lv > 0; --lv)
        for (std::size_t i = 0; i < runs.size();) {
            if (runs[i].level < lv) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < runs.size() && runs[j].level >= lv) ++j;
            std::reverse(runs.begin() + static_cast<long>(i), runs.begin() + static_cast<long>(j));
            i = j;
        }
    const float em_px = px * em_per_px;
    for (const auto& r : runs) {
        std::u32string part = text.substr(r.start, r.end - r.start);
        bool odd = r.level % 2 != 0;
        bool shaped = std::any_of(part.begin(), part.end(), shaped_script) ||
                      (odd && std::none_of(part.begin(), part.end(), [](char32_t c) { return c > 0x7F; }) &&
                       std::all_of(part.begin(), part.end(), [](char32_t c) { return c == ' ' || std::ispunct(static_cast<int>(c)); }));
        if (shaped) {
            // The first face that has the run's first shaped letter (Arabic, Ethiopic...).
            unsigned face = 0;
            auto first = std::find_if(part.begin(), part.end(), shaped_script);
            if (first != part.end())
                for (unsigned f = 0; f < faces.size(); ++f)
                    if (faces[f]->covers(*first)) {
                        face = f;
                        break;
                    }
            for (auto& g : faces[face]->impl_->run(part, odd, em_px)) {
                g.face = face;
                if (g.glyph == 0 && g.source != 0 && latin) {
                    // Not in the Arabic font ("(", "|"): the ImGui font's glyph, mirrored in an RTL run.
                    FriBidiChar mirrored = g.source;
                    if (odd) fribidi_get_mirror_char(g.source, &mirrored);
                    const ImFontGlyph* lg = latin->FindGlyph(static_cast<ImWchar>(mirrored));
                    g = ShapedGlyph{0, static_cast<unsigned>(mirrored), lg ? lg->AdvanceX * px / latin->FontSize : 0, 0, 0,
                                    g.source};
                }
                line.glyphs.push_back(g);
            }
        } else {
            // Latin, digits: the ImGui font's own glyphs, left to right (mirrored in an RTL run).
            if (odd) std::reverse(part.begin(), part.end());
            for (char32_t c : part) {
                float adv = 0;
                if (latin) {
                    const ImFontGlyph* g = latin->FindGlyph(static_cast<ImWchar>(c));
                    adv = g ? g->AdvanceX * px / latin->FontSize : 0;
                }
                line.glyphs.push_back(ShapedGlyph{0, static_cast<unsigned>(c), adv, 0, 0, static_cast<unsigned>(c)});
            }
        }
    }
    for (const auto& g : line.glyphs) line.width += g.advance;
    return line;
}

bool needs_shaping(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        // Every shaped script starts with a lead byte of D6..DF (U+0590..07FF), E0 A0..A3
        // (U+0800..08FF), E1 88..8E (Ethiopic) or EF AC..BB (presentation forms); check exactly.
        if (c >= 0xC0) {
            std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            auto cps = to_u32(utf8.substr(i, n));
            if (!cps.empty() && shaped_script(cps.front())) return true;
            i += n - 1;
        }
    }
    return false;
}

bool is_rtl_language(std::string_view code) {
    return code == "ar" || code == "fa" || code == "ps" || code == "ur" || code == "he" || code == "prs";
}

// [SECTION] ComplexText

std::unique_ptr<ComplexText> ComplexText::open(const std::string& regular, const std::string& bold,
                                               std::string& error) {
    auto c = std::unique_ptr<ComplexText>(new ComplexText());
    if (!c->add_script(regular, bold, error)) return nullptr;
    return c;
}

bool ComplexText::add_script(const std::string& regular, const std::string& bold, std::string& error) {
    auto r = ShapingFont::open(regular, error);
    if (!r) return false;
    auto b = ShapingFont::open(bold, error);
    if (!b) return false;
    regular_.push_back(std::move(r));
    bold_.push_back(std::move(b));
    regular_faces_.push_back(regular_.back().get());
    bold_faces_.push_back(bold_.back().get());
    return true;
}

const std::vector<const ShapingFont*>& ComplexText::faces_for(ImFont* font) const {
    auto it = bold_fonts_.find(font);
    return it != bold_fonts_.end() && it->second ? bold_faces_ : regular_faces_;
}

void ComplexText::reserve(ImFontAtlas& atlas, const std::vector<Target>& fonts, const std::vector<std::string>& texts) {
    glyphs_.clear();
    cache_.clear();
    bold_fonts_.clear();
    for (const auto& [font, px, bold] : fonts) {
        bold_fonts_[font] = bold;
        const auto& faces = bold ? bold_faces_ : regular_faces_;
        const float em_px = px * em_per_px;
        for (const ShapingFont* face : faces) FT_Set_Pixel_Sizes(face->impl_->ft, 0, static_cast<FT_UInt>(std::lround(em_px)));
        std::set<std::pair<unsigned, unsigned>> ids;  // (face, glyph)
        for (const auto& t : texts)
            if (needs_shaping(t))
                for (bool rtl : {false, true})  // either layout direction may draw it
                    for (const auto& g : shape_line(faces, t, px, rtl).glyphs)
                        if (g.codepoint == 0) ids.insert({g.face, g.glyph});
        for (const auto& [face, id] : ids) {
            Baked b;
            const FT_Face ft = faces[face]->impl_->ft;
            if (FT_Load_Glyph(ft, id, FT_LOAD_DEFAULT) == 0) {
                b.w = static_cast<int>(ft->glyph->metrics.width >> 6) + 2;
                b.h = static_cast<int>(ft->glyph->metrics.height >> 6) + 2;
            }
            if (b.w > 0 && b.h > 0) b.rect = atlas.AddCustomRectRegular(b.w, b.h);
            glyphs_[{font, face, id}] = b;
        }
    }
}

void ComplexText::bake(ImFontAtlas& atlas) {
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &tw, &th);
    for (auto& [key, b] : glyphs_) {
        if (b.rect < 0) continue;
        ImFont* font = std::get<0>(key);
        const FT_Face ft = faces_for(font)[std::get<1>(key)]->impl_->ft;
        FT_Set_Pixel_Sizes(ft, 0, static_cast<FT_UInt>(std::lround(font->FontSize * em_per_px)));
        if (FT_Load_Glyph(ft, std::get<2>(key), FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT) != 0) continue;
        const FT_GlyphSlot slot = ft->glyph;
        const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(b.rect);
        const FT_Bitmap& bm = slot->bitmap;
        b.left = slot->bitmap_left;
        b.top = slot->bitmap_top;
        int w = std::min<int>(static_cast<int>(bm.width), r->Width);
        int h = std::min<int>(static_cast<int>(bm.rows), r->Height);
        b.w = w;
        b.h = h;
        atlas.CalcCustomRectUV(r, &b.uv0, &b.uv1);
        // Only the part FreeType drew (the rectangle has a margin).
        b.uv1.x = b.uv0.x + (b.uv1.x - b.uv0.x) * static_cast<float>(w) / r->Width;
        b.uv1.y = b.uv0.y + (b.uv1.y - b.uv0.y) * static_cast<float>(h) / r->Height;
        for (int y = 0; y < h; ++y)
            std::memcpy(pixels + (r->Y + y) * tw + r->X, bm.buffer + y * bm.pitch, static_cast<std::size_t>(w));
    }
}

const ShapedLine& ComplexText::line(ImFont* font, float px, std::string_view text) const {
    const bool rtl = layout_mirrored();
    auto key = std::make_tuple(font, rtl ? -px : px, std::string(text));
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    return cache_.emplace(key, shape_line(faces_for(font), text, px, rtl, font)).first->second;
}

std::vector<std::string> ComplexText::wrap(ImFont* font, float px, std::string_view text, float width, bool* cut) const {
    std::vector<std::string> lines;
    std::string cur;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t sp = text.find_first_of(" \n", i);
        std::string word(text.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i));
        std::string candidate = cur.empty() ? word : cur + " " + word;
        if (!cur.empty() && this->width(font, px, candidate) > width) {
            lines.push_back(cur);
            cur = word;
        } else {
            cur = candidate;
        }
        if (cut && this->width(font, px, word) > width) *cut = true;
        if (sp == std::string_view::npos) break;
        if (text[sp] == '\n') {
            lines.push_back(cur);
            cur.clear();
        }
        i = sp + 1;
    }
    if (!cur.empty()) lines.push_back(cur);
    return lines;
}

void ComplexText::draw(ImDrawList* dl, ImFont* font, float px, ImVec2 pos, ImU32 color, std::string_view text) const {
    const ShapedLine& l = line(font, px, text);
    const float scale = px / font->FontSize;
    const float baseline = pos.y + font->Ascent * scale;
    float x = pos.x;
    for (const auto& g : l.glyphs) {
        if (g.codepoint) {
            font->RenderChar(dl, px, ImVec2(x, pos.y), color, static_cast<ImWchar>(g.codepoint));
        } else {
            auto it = glyphs_.find({font, g.face, g.glyph});
            if (it != glyphs_.end() && it->second.rect >= 0 && it->second.w > 0) {
                const Baked& b = it->second;
                ImVec2 a(x + (static_cast<float>(b.left) + g.x_offset) * scale,
                         baseline - (static_cast<float>(b.top) + g.y_offset) * scale);
                ImVec2 c(a.x + static_cast<float>(b.w) * scale, a.y + static_cast<float>(b.h) * scale);
                dl->PrimReserve(6, 4);
                dl->PrimRectUV(a, c, b.uv0, b.uv1, color);
            }
        }
        x += g.advance;
    }
}

// [SECTION] Scope

ComplexTextScope::ComplexTextScope(const ComplexText* text, float mirror_width) {
    g_active = text;
    g_mirror_width = mirror_width;
}
ComplexTextScope::~ComplexTextScope() {
    g_active = nullptr;
    g_mirror_width = 0;
}
MirrorPause::MirrorPause() : saved_(g_mirror_width) { g_mirror_width = 0; }
MirrorPause::~MirrorPause() { g_mirror_width = saved_; }
const ComplexText* active_complex_text() { return g_active; }
bool layout_mirrored() { return g_mirror_width > 0; }
float mirror_x(float x, float w) { return g_mirror_width > 0 ? g_mirror_width - x - w : x; }

}  // namespace lp::kiosk::ui
