#include <algorithm>
#include <cmath>
#include <lp/kiosk/ui/theme.hpp>

namespace lp::kiosk::ui {
namespace {

ImVec4 rgb(int hex) {
    return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, 1.0f);
}

double channel(double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double luminance(const ImVec4& c) { return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z); }

}  // namespace

ImU32 to_u32(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

double contrast_ratio(const ImVec4& a, const ImVec4& b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

Palette normal_palette() {
    Palette p;
    p.background = rgb(0xFFF8EE);
    p.text = rgb(0x1B1B2F);
    p.muted_text = rgb(0x4A4A5E);
    p.primary = rgb(0x1F5FAD);
    p.primary_text = rgb(0xFFFFFF);
    p.secondary = rgb(0xE6E9F2);
    p.secondary_text = rgb(0x1B1B2F);
    p.help = rgb(0x6A1B9A);
    p.help_text = rgb(0xFFFFFF);
    p.selected = rgb(0x0B6E4F);
    p.selected_text = rgb(0xFFFFFF);
    p.panel = rgb(0xFFFFFF);
    p.border = rgb(0x8A8FA3);
    p.focus = rgb(0x1F5FAD);
    p.face[0] = rgb(0xE8705E);
    p.face[1] = rgb(0xF4A85A);
    p.face[2] = rgb(0xF7D65A);
    p.face[3] = rgb(0xA8D672);
    p.face[4] = rgb(0x5CC27A);
    p.face_ink = rgb(0x1B1B2F);
    return p;
}

Palette high_contrast_palette() {
    Palette p;
    p.background = rgb(0x000000);
    p.text = rgb(0xFFFFFF);
    p.muted_text = rgb(0xE0E0E0);
    p.primary = rgb(0xFFE000);
    p.primary_text = rgb(0x000000);
    p.secondary = rgb(0x000000);
    p.secondary_text = rgb(0xFFFFFF);
    p.help = rgb(0xFFFFFF);
    p.help_text = rgb(0x000000);
    p.selected = rgb(0x00E5FF);
    p.selected_text = rgb(0x000000);
    p.panel = rgb(0x000000);
    p.border = rgb(0xFFFFFF);
    p.focus = rgb(0xFFE000);
    for (auto& f : p.face) f = rgb(0xFFFFFF);
    p.face_ink = rgb(0x000000);
    return p;
}

Metrics compute_metrics(float width, float height, bool larger_text) {
    Metrics m;
    m.width = width;
    m.height = height;
    m.portrait = height > width * 1.05f;
    float short_side = std::min(width, height);
    m.compact = height < 600;
    float scale = larger_text ? 1.3f : 1.0f;
    m.body_px = std::round(std::clamp(short_side / 17.0f, 24.0f, 42.0f) * scale);
    m.title_px = std::round(m.body_px * 1.3f);
    m.small_px = std::round(std::max(24.0f, m.body_px * 0.82f));
    m.pad = std::round(std::clamp(short_side * 0.025f, 8.0f, 32.0f));
    m.gap = std::round(std::clamp(short_side * 0.018f, 6.0f, 20.0f));
    m.button_h = std::round(std::clamp(height * 0.15f, 72.0f, 120.0f));
    m.bar_h = std::round(std::clamp(height * 0.15f, 72.0f, 96.0f));
    if (larger_text) {
        m.button_h = std::round(std::max(m.button_h, m.body_px * 2.4f));
        m.bar_h = std::round(std::max(m.bar_h, m.small_px * 2.4f));
    }
    m.rounding = std::round(m.button_h * 0.18f);
    return m;
}

void apply_style(const Palette& p, const Metrics& m, ImGuiStyle& style) {
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.FrameRounding = m.rounding;
    style.ScrollbarSize = std::max(12.0f, m.pad);
    style.ScrollbarRounding = m.rounding;
    style.TouchExtraPadding = ImVec2(0, 0);
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = p.background;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.panel;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = p.border;
    c[ImGuiCol_ScrollbarGrabHovered] = p.border;
    c[ImGuiCol_ScrollbarGrabActive] = p.focus;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
}

}  // namespace lp::kiosk::ui
