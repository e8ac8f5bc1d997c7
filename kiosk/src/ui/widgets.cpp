#include <imgui_internal.h>  // GetCurrentWindow: which layer a rect belongs to

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <lp/kiosk/ui/shaping.hpp>
#include <lp/kiosk/ui/widgets.hpp>
#include <vector>

namespace lp::kiosk::ui {
namespace {

ImVec4 darker(const ImVec4& c, float f) { return ImVec4(c.x * f, c.y * f, c.z * f, c.w); }

struct Colors {
    ImVec4 bg, fg, border;
    bool draw_border;
};

Colors colors_for(const Palette& p, ButtonStyle s) {
    switch (s) {
        case ButtonStyle::primary:
            return {p.primary, p.primary_text, p.border, false};
        case ButtonStyle::secondary:
            return {p.secondary, p.secondary_text, p.border, true};
        case ButtonStyle::help:
            return {p.help, p.help_text, p.border, false};
        case ButtonStyle::selected:
            return {p.selected, p.selected_text, p.text, true};
        case ButtonStyle::plain:
            return {p.panel, p.text, p.border, true};
    }
    return {p.secondary, p.secondary_text, p.border, true};
}

// The frame being recorded: set only inside draw_frame (one UI thread), so wrapped_text, which
// many screens call without UiState, can still report where its text went.
UiState* recording = nullptr;

bool in_scroll_area() { return (ImGui::GetCurrentWindow()->Flags & ImGuiWindowFlags_ChildWindow) != 0; }
unsigned root_window_id() { return ImGui::GetCurrentWindow()->RootWindow->ID; }

/// A wrapped line that ends inside a word (ImGui cuts a word that is wider than the line).
bool cuts_word(const char* line_start, const char* line_end, const char* text_end) {
    return line_end < text_end && line_end > line_start && *line_end != ' ' && *line_end != '\n' &&
           line_end[-1] != ' ' && line_end[-1] != '-' && line_end[-1] != '/';
}

}  // namespace

LayoutRecorder::LayoutRecorder(UiState& st) { recording = &st; }
LayoutRecorder::~LayoutRecorder() { recording = nullptr; }

ImVec2 text_size(ImFont* font, const char* text) {
    if (const ComplexText* c = active_complex_text(); c && needs_shaping(text))
        return ImVec2(c->width(font, font->FontSize, text), font->FontSize);
    return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, text);
}

float text_height(ImFont* font, const char* text, float width) {
    if (const ComplexText* c = active_complex_text(); c && needs_shaping(text))
        return font->FontSize * static_cast<float>(c->wrap(font, font->FontSize, text, width).size());
    return font->CalcTextSizeA(font->FontSize, 1e9f, width, text).y;
}

float wrapped_text(ImFont* font, const ImVec4& color, const char* text, ImVec2 pos, float width, bool centered) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetWindowPos();
    ImVec2 scroll(ImGui::GetScrollX(), ImGui::GetScrollY());
    pos.x = mirror_x(pos.x, width);  // right-to-left layouts: the block moves to the other side
    ImVec2 at(origin.x + pos.x - scroll.x, origin.y + pos.y - scroll.y);
    float total = 0;
    if (const ComplexText* c = active_complex_text(); c && needs_shaping(text)) {
        // Shaped lines: wrapped at spaces, each aligned to the start of its direction.
        bool cut = false;
        auto lines = c->wrap(font, font->FontSize, text, width, &cut);
        const float line_h = centered ? font->FontSize * 1.15f : font->FontSize;
        for (const auto& l : lines) {
            float lw = c->width(font, font->FontSize, l);
            float x = centered ? (width - lw) * 0.5f : c->rtl() ? width - lw : 0.0f;
            c->draw(dl, font, font->FontSize, ImVec2(at.x + x, at.y + total), to_u32(color), l);
            total += line_h;
        }
        if (recording)
            recording->texts.push_back(HitRect{std::string(text).substr(0, 40), at, ImVec2(at.x + width, at.y + total),
                                               !cut, in_scroll_area(), root_window_id(), text});
        ImGui::SetCursorPos(ImVec2(pos.x, pos.y + total));
        ImGui::Dummy(ImVec2(width, 0));
        return total;
    }
    if (!centered) {
        dl->AddText(font, font->FontSize, at, to_u32(color), text, nullptr, width);
        total = text_height(font, text, width);
    } else {
        // Centre each wrapped line on its own.
        const char* s = text;
        const char* end = text + std::strlen(text);
        while (s < end) {
            const char* line_end = font->CalcWordWrapPositionA(1.0f, s, end, width);
            if (line_end == s) line_end = s + 1;
            const char* nl = static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(line_end - s)));
            if (nl) line_end = nl;
            ImVec2 sz = font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, s, line_end);
            dl->AddText(font, font->FontSize, ImVec2(at.x + (width - sz.x) * 0.5f, at.y + total), to_u32(color), s,
                        line_end);
            total += font->FontSize * 1.15f;
            s = line_end;
            while (s < end && (*s == ' ' || *s == '\n')) ++s;
        }
    }
    if (recording) {
        bool fits = true;
        const char* s = text;
        const char* end = text + std::strlen(text);
        while (s < end) {
            const char* e = font->CalcWordWrapPositionA(1.0f, s, end, width);
            if (e == s) e = s + 1;
            if (cuts_word(s, e, end) || font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, s, e).x > width + 0.5f)
                fits = false;
            s = e;
            while (s < end && (*s == ' ' || *s == '\n')) ++s;
        }
        recording->texts.push_back(HitRect{std::string(text).substr(0, 40), at, ImVec2(at.x + width, at.y + total),
                                           fits, in_scroll_area(), root_window_id(), text});
    }
    // Reserve the space so child windows know their content size.
    ImGui::SetCursorPos(ImVec2(pos.x, pos.y + total));
    ImGui::Dummy(ImVec2(width, 0));
    return total;
}

float button_width_for(const FrameInput& in, const char* label, ImFont* font, float min_w) {
    return std::max(min_w, text_size(font, label).x + in.metrics.body_px * 1.4f);
}

void draw_icon(ImDrawList* dl, Icon icon, ImVec2 c, float r, const Palette& p, const ImVec4& ink) {
    ImU32 ink_u = to_u32(ink);
    float th = std::max(2.0f, r * 0.12f);
    // face1..face5 follow one another in Icon: 1 (really bad) to 5 (really good), 0 for other icons.
    const bool is_face = icon >= Icon::face1 && icon <= Icon::face5;
    const int face = is_face ? static_cast<int>(icon) - static_cast<int>(Icon::face1) + 1 : 0;
    if (face > 0) {
        dl->AddCircleFilled(c, r, to_u32(p.face[face - 1]), 48);
        dl->AddCircle(c, r, to_u32(p.face_ink), 48, th * 0.6f);
        ImU32 f_ink = to_u32(p.face_ink);
        float ex = r * 0.36f, ey = r * 0.28f, er = r * 0.11f;
        dl->AddCircleFilled(ImVec2(c.x - ex, c.y - ey), er, f_ink, 16);
        dl->AddCircleFilled(ImVec2(c.x + ex, c.y - ey), er, f_ink, 16);
        // Mouth: curvature from sad (1) to happy (5).
        float k = (static_cast<float>(face) - 3.0f) / 2.0f;  // -1 .. 1
        float mw = r * 0.5f, my = c.y + r * 0.35f;
        ImVec2 a(c.x - mw, my - k * r * 0.08f), b(c.x + mw, my - k * r * 0.08f);
        ImVec2 ctl1(c.x - mw * 0.4f, my + k * r * 0.45f), ctl2(c.x + mw * 0.4f, my + k * r * 0.45f);
        dl->AddBezierCubic(a, ctl1, ctl2, b, f_ink, th, 24);
        return;
    }
    switch (icon) {
        case Icon::tick:
            dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(c.x - r * 0.6f, c.y), ImVec2(c.x - r * 0.15f, c.y + r * 0.45f),
                                                  ImVec2(c.x + r * 0.65f, c.y - r * 0.5f)}
                                .data(),
                            3, ink_u, 0, th * 1.6f);
            break;
        case Icon::cross:
            dl->AddLine(ImVec2(c.x - r * 0.5f, c.y - r * 0.5f), ImVec2(c.x + r * 0.5f, c.y + r * 0.5f), ink_u,
                        th * 1.6f);
            dl->AddLine(ImVec2(c.x + r * 0.5f, c.y - r * 0.5f), ImVec2(c.x - r * 0.5f, c.y + r * 0.5f), ink_u,
                        th * 1.6f);
            break;
        case Icon::question: {
            dl->PathArcTo(ImVec2(c.x, c.y - r * 0.25f), r * 0.35f, 3.4f, 6.28f + 1.2f, 20);
            dl->PathStroke(ink_u, 0, th * 1.5f);
            dl->AddLine(ImVec2(c.x + r * 0.05f, c.y + r * 0.05f), ImVec2(c.x, c.y + r * 0.3f), ink_u, th * 1.5f);
            dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.6f), th * 1.1f, ink_u, 12);
            break;
        }
        case Icon::back: {
            const float d = layout_mirrored() ? -1.0f : 1.0f;  // right to left: back points right
            dl->AddLine(ImVec2(c.x + d * r * 0.5f, c.y), ImVec2(c.x - d * r * 0.5f, c.y), ink_u, th * 1.4f);
            dl->AddLine(ImVec2(c.x - d * r * 0.5f, c.y), ImVec2(c.x - d * r * 0.05f, c.y - r * 0.45f), ink_u, th * 1.4f);
            dl->AddLine(ImVec2(c.x - d * r * 0.5f, c.y), ImVec2(c.x - d * r * 0.05f, c.y + r * 0.45f), ink_u, th * 1.4f);
            break;
        }
        case Icon::speaker: {
            ImVec2 pts[] = {ImVec2(c.x - r * 0.6f, c.y - r * 0.2f),   ImVec2(c.x - r * 0.3f, c.y - r * 0.2f),
                            ImVec2(c.x + r * 0.05f, c.y - r * 0.55f), ImVec2(c.x + r * 0.05f, c.y + r * 0.55f),
                            ImVec2(c.x - r * 0.3f, c.y + r * 0.2f),   ImVec2(c.x - r * 0.6f, c.y + r * 0.2f)};
            dl->AddConvexPolyFilled(pts, 6, ink_u);
            dl->PathArcTo(ImVec2(c.x + r * 0.05f, c.y), r * 0.4f, -0.8f, 0.8f, 12);
            dl->PathStroke(ink_u, 0, th);
            dl->PathArcTo(ImVec2(c.x + r * 0.05f, c.y), r * 0.65f, -0.8f, 0.8f, 12);
            dl->PathStroke(ink_u, 0, th);
            break;
        }
        default:
            break;
    }
}

bool big_button(const FrameInput& in, UiState& st, const char* id, const char* label, ImVec2 pos, ImVec2 size,
                ButtonStyle style, Icon icon, ImFont* font, float font_px) {
    const Metrics& m = in.metrics;
    if (!font) font = in.fonts.body;
    const float px = font_px > 0 ? font_px : font->FontSize;
    pos.x = mirror_x(pos.x, size.x);  // right-to-left: Back on the right, keyboard rows from the right
    ImGui::SetCursorPos(pos);
    ImGui::PushID(id);
    bool pressed = ImGui::InvisibleButton("##b", size);
    bool held = ImGui::IsItemActive() && !st.touch.dragging;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::PopID();
    st.hits.push_back(HitRect{id, a, b, true, in_scroll_area(), root_window_id(), label ? label : ""});
    HitRect& hit = st.hits.back();

    Colors c = colors_for(in.palette, style);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec4 bg = held ? darker(c.bg, 0.8f) : c.bg;
    if (held && c.bg.x + c.bg.y + c.bg.z < 0.3f) bg = ImVec4(0.25f, 0.25f, 0.25f, 1);  // black buttons lighten
    dl->AddRectFilled(a, b, to_u32(bg), m.rounding);
    if (c.draw_border || held)
        dl->AddRect(a, b, to_u32(held ? in.palette.focus : c.border), m.rounding, 0, held ? 4.0f : 2.0f);

    float inner_pad = std::min(m.body_px * 0.5f, size.y * 0.12f);
    ImVec2 lab_min(a.x + inner_pad, a.y + inner_pad), lab_max(b.x - inner_pad, b.y - inner_pad);
    bool has_label = label && *label;
    // Faces always sit above their words: beside them, two-word labels would be squeezed.
    bool is_face = icon >= Icon::face1 && icon <= Icon::face5;
    bool stacked = icon != Icon::none && has_label && (size.y >= size.x * 0.75f || is_face);
    if (stacked && is_face && size.y < size.x * 0.75f) {
        // A face keeps its words beside it when they fit there on one line (wide, short buttons).
        float r = std::min(size.y * 0.32f, size.x * 0.15f);
        float beside = size.x - inner_pad * 3 - 2 * r;
        stacked = text_size(font, label).x * px / font->FontSize > beside;
    }
    float icon_r = 0;
    if (icon != Icon::none && !has_label)
        icon_r = std::min(size.x, size.y) * 0.32f;
    else if (icon != Icon::none && !stacked)
        icon_r = std::min(size.y * 0.32f, size.x * 0.15f);
    const bool mirrored = layout_mirrored();
    if (icon != Icon::none && !stacked && has_label) {
        if (mirrored)
            lab_max.x = b.x - inner_pad * 2 - 2 * icon_r;  // the icon sits at the start: the right
        else
            lab_min.x = a.x + inner_pad * 2 + 2 * icon_r;
    }
    const ComplexText* complex = active_complex_text();
    const bool shaped = complex && has_label && needs_shaping(label);
    std::vector<std::string> shaped_lines;

    // Wrap the label first: a stacked icon gets whatever height the label leaves.
    std::vector<std::pair<const char*, const char*>> lines;
    float w = lab_max.x - lab_min.x;
    if (shaped) {
        bool cut = false;
        shaped_lines = complex->wrap(font, px, label, w, &cut);
        for (const auto& l : shaped_lines)
            if (complex->width(font, px, l) > size.x - 2.0f) cut = true;
        if (cut) hit.label_fits = false;
    } else if (has_label) {
        const char* s = label;
        const char* end = label + std::strlen(label);
        while (s < end) {
            const char* e = font->CalcWordWrapPositionA(px / font->FontSize, s, end, w);
            if (e == s) e = s + 1;
            // Overflow means outside the button itself; eating into the padding is only tight.
            if (cuts_word(s, e, end) || font->CalcTextSizeA(px, 1e9f, 0.0f, s, e).x > size.x - 2.0f)
                hit.label_fits = false;
            lines.emplace_back(s, e);
            s = e;
            while (s < end && *s == ' ') ++s;
        }
    }
    float line_h = px * 1.1f;
    const std::size_t line_count = shaped ? shaped_lines.size() : lines.size();
    float total = line_h * static_cast<float>(line_count);
    if (stacked) {
        // Reserve two label lines whatever this label needs, so icons in a row match in size.
        float room = size.y - std::max(total, 2 * line_h) - inner_pad * 2.5f;
        icon_r = std::max(10.0f, std::min(size.x * 0.3f, room * 0.5f));
        float block = 2 * icon_r + inner_pad * 0.5f + total;
        float top = a.y + std::max(inner_pad, (size.y - block) * 0.5f);
        draw_icon(dl, icon, ImVec2((a.x + b.x) * 0.5f, top + icon_r), icon_r, in.palette, c.fg);
        lab_min.y = top + 2 * icon_r + inner_pad * 0.5f;
        lab_max.y = lab_min.y + total;
    } else if (icon != Icon::none && !has_label) {
        draw_icon(dl, icon, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), icon_r, in.palette, c.fg);
    } else if (icon != Icon::none) {
        float ix = mirrored ? b.x - inner_pad - icon_r : a.x + inner_pad + icon_r;
        draw_icon(dl, icon, ImVec2(ix, (a.y + b.y) * 0.5f), icon_r, in.palette, c.fg);
    }
    if (stacked ? lab_min.y + total > b.y + 0.5f : px * static_cast<float>(line_count) > size.y + 0.5f)
        hit.label_fits = false;
    float y = lab_min.y + std::max(0.0f, (lab_max.y - lab_min.y - total) * 0.5f);
    for (const auto& l : shaped_lines) {
        float lw = complex->width(font, px, l);
        complex->draw(dl, font, px, ImVec2(lab_min.x + (w - lw) * 0.5f, y), to_u32(c.fg), l);
        y += line_h;
    }
    for (auto& [ls, le] : lines) {
        ImVec2 sz = font->CalcTextSizeA(px, 1e9f, 0.0f, ls, le);
        dl->AddText(font, px, ImVec2(lab_min.x + (w - sz.x) * 0.5f, y), to_u32(c.fg), ls, le);
        y += line_h;
    }
    return pressed && !st.touch.dragging;
}

void begin_scroll_area(const FrameInput& in, UiState& st, const char* id, ImVec2 pos, ImVec2 size) {
    (void)in;
    ImGui::SetCursorPos(pos);
    // ImGui's scroll bar is always on the right; a mirrored layout draws its own on the left.
    ImGui::BeginChild(id, size, false, layout_mirrored() ? ImGuiWindowFlags_NoScrollbar : 0);
    ImVec2 wmin = ImGui::GetWindowPos();
    ImVec2 wmax(wmin.x + size.x, wmin.y + size.y);
    const TouchState& t = st.touch;
    bool started_inside =
        t.press_pos.x >= wmin.x && t.press_pos.x < wmax.x && t.press_pos.y >= wmin.y && t.press_pos.y < wmax.y;
    if (t.down && t.dragging && started_inside && ImGui::GetIO().MouseDown[0])
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
}

void end_scroll_area() {
    const float max_y = ImGui::GetScrollMaxY();
    if (layout_mirrored() && max_y > 0) {
        // The scroll bar at the left edge, as ImGui would draw it at the right: track and thumb.
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec2 p = ImGui::GetWindowPos();
        const ImVec2 size = ImGui::GetWindowSize();
        const float w = style.ScrollbarSize;
        const float visible = size.y / (size.y + max_y);
        const float thumb = std::max(style.GrabMinSize, size.y * visible);
        const float top = p.y + (size.y - thumb) * (ImGui::GetScrollY() / max_y);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + size.y), ImGui::GetColorU32(ImGuiCol_ScrollbarBg));
        dl->AddRectFilled(ImVec2(p.x + 2, top + 2), ImVec2(p.x + w - 2, top + thumb - 2),
                          ImGui::GetColorU32(ImGuiCol_ScrollbarGrab), style.ScrollbarRounding);
    }
    ImGui::EndChild();
}

void progress_dots(const FrameInput& in, ImVec2 center, std::size_t index, std::size_t count, float max_w) {
    if (count == 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetWindowPos();
    float r = std::max(6.0f, in.metrics.body_px * 0.22f);
    float step = r * 3.2f;
    if (max_w <= 0) max_w = in.metrics.width * 0.4f;
    if (step * static_cast<float>(count) > max_w) {
        step = max_w / static_cast<float>(count);
        r = std::max(4.0f, step * 0.3f);
    }
    center.x = mirror_x(center.x, 0);
    float x0 = origin.x + center.x - step * static_cast<float>(count - 1) * 0.5f;
    for (std::size_t i = 0; i < count; ++i) {
        // Right to left: the first question is the rightmost dot.
        float slot = layout_mirrored() ? static_cast<float>(count - 1 - i) : static_cast<float>(i);
        ImVec2 c(x0 + step * slot, origin.y + center.y);
        if (i < index)
            dl->AddCircleFilled(c, r, to_u32(in.palette.primary), 20);
        else if (i == index)
            dl->AddCircleFilled(c, r * 1.35f, to_u32(in.palette.focus), 20);
        else
            dl->AddCircle(c, r, to_u32(in.palette.border), 20, 2.5f);
    }
}

}  // namespace lp::kiosk::ui
