#pragma once
// Colours and sizes. Two palettes (normal and high contrast), both checked for a text contrast
// of at least 4.5:1; sizes follow the window so 800x480 to 1920x1080, either way up, all work.
#include <imgui.h>

namespace lp::kiosk::ui {

struct Palette {
    ImVec4 background, text, muted_text;
    ImVec4 primary, primary_text;      // main actions (Start, Send, Next)
    ImVec4 secondary, secondary_text;  // Back, Skip, Rather not say
    ImVec4 help, help_text;            // "I need to talk to someone"
    ImVec4 selected, selected_text;    // ticked chips, "On" switches
    ImVec4 panel, border, focus;
    ImVec4 face[5];   // smiley faces, really bad .. really good (never colour alone)
    ImVec4 face_ink;  // eyes and mouth
};

Palette normal_palette();
Palette high_contrast_palette();

/// WCAG contrast ratio of two colours (1..21).
double contrast_ratio(const ImVec4& a, const ImVec4& b);

/// Sizes in real pixels for a window of w x h.
struct Metrics {
    /// No touch target is ever smaller than this: 48 px is the accessibility floor, and the
    /// margin keeps it above 48 once an emulated mouse's rounding and borders are taken off.
    static constexpr float min_target_px = 56.0f;
    static constexpr float min_text_px = 24.0f;  // kiosk text is never smaller
    float width = 0, height = 0;
    bool portrait = false;
    bool compact = false;  // short screens (under 600 px tall)
    float body_px = 28;    // body text; never under 24
    float title_px = 36;
    float small_px = 24;
    float pad = 12;       // outer margin
    float gap = 10;       // between buttons
    float button_h = 72;  // never under 48; 72 or more when the screen allows
    float bar_h = 72;     // header/footer rows
    float rounding = 14;
};

/// Metrics for a window size; larger_text scales the text by 1.3.
Metrics compute_metrics(float width, float height, bool larger_text);

/// Applies colours and sizes to ImGui's style.
void apply_style(const Palette& p, const Metrics& m, ImGuiStyle& style);

ImU32 to_u32(const ImVec4& c);

}  // namespace lp::kiosk::ui
