#pragma once
// The kiosk's ImGui screens: free functions over plain state that push events. They never
// touch SQLite, the clock or files; `now` comes in through FrameInput.
#include <imgui.h>

#include <lp/kiosk/site_contact.hpp>
#include <lp/kiosk/flow.hpp>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/strings.hpp>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/shaping.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <lp/kiosk/ui_events.hpp>
#include <lp/kiosk/you_said_we_did.hpp>
#include <string>
#include <vector>

namespace lp::kiosk::ui {

/// Everything a frame reads.
struct FrameInput {
    const Flow& flow;
    const StaffView& staff;
    const Palette& palette;
    const FontSet& fonts;
    const Metrics& metrics;
    const Strings& strings;
    double now = 0;
    double staff_long_press_s = 3;
    const std::vector<YouSaidWeDid>* you_said_we_did = nullptr;  // replies for the attract screen (none: no panel)
    const Catalogues* catalogues = nullptr;  // languages offered on the attract screen (none: no button)
    const ComplexText* complex = nullptr;    // shaped text for this language (Arabic...); none: ImGui's own
    const KioskSiteContact* site_contact = nullptr;  // the site's own help contact (none: not set)
    bool read_aloud_available = true;        // espeak-ng has a voice for the language (else no read-aloud button)
};

/// A tappable thing drawn this frame (for tests and the end-to-end layout dump).
struct HitRect {
    std::string id;
    ImVec2 min, max;
    bool label_fits = true;  // the label is inside the button, no word cut in two
    bool scrolls = false;    // inside a scrolling area (may run past the window)
    unsigned window = 0;     // root window (screen or overlay): only the same layer may not overlap
    std::string text;        // the words drawn: a button's label or a text block (the pseudo-locale test)
};

struct TouchState {
    bool down = false;
    bool dragging = false;  // the current press turned into a scroll: no tap on release
    ImVec2 press_pos{0, 0};
    double press_time = 0;
    bool in_corner = false;  // the press started in the staff corner
    bool long_press_fired = false;
};

struct KeyboardState {
    bool shift = false;
    bool numbers = false;  // compact screens: number page instead of letters
    std::string ethiopic_base = "አ";  // the vowel row shows this letter's forms (Tigrinya)
    bool retype_last = false;         // the last key typed an Ethiopic letter the vowel row may change
};

struct StaffUiState {
    bool show_enrol = false;
    int field = 0;  // 0 = server address, 1 = code
    std::string server_url = "https://";
    std::string code;
    KeyboardState keyboard;
};

/// Per-window UI state (defaulted members, no function-local statics).
struct UiState {
    TouchState touch;
    KeyboardState keyboard;
    StaffUiState staff;
    unsigned session_seen = 0;
    std::vector<HitRect> hits;
    std::vector<HitRect> texts;  // blocks of wrapped text drawn this frame (layout checks)
    float drag_threshold_px = 14;
    /// Set by the frame: seconds until the UI needs another frame without input (long press).
    double wake_in_s = 1e9;
};

/// Draws one whole frame (screen + overlays) between ImGui::NewFrame and ImGui::Render.
void draw_frame(const FrameInput& in, UiState& st, UiEvents& out);

// Each screen on its own (draw_frame calls these inside the full-screen window).
void draw_not_set_up(const FrameInput& in, UiState& st, UiEvents& out);
void draw_attract(const FrameInput& in, UiState& st, UiEvents& out);
void draw_accessibility(const FrameInput& in, UiState& st, UiEvents& out);
void draw_age_band(const FrameInput& in, UiState& st, UiEvents& out);
void draw_question(const FrameInput& in, UiState& st, UiEvents& out);
void draw_comment(const FrameInput& in, UiState& st, UiEvents& out);
void draw_review(const FrameInput& in, UiState& st, UiEvents& out);
void draw_thank_you(const FrameInput& in, UiState& st, UiEvents& out);
void draw_save_failed(const FrameInput& in, UiState& st, UiEvents& out);
void draw_staff_pin(const FrameInput& in, UiState& st, UiEvents& out);
void draw_staff(const FrameInput& in, UiState& st, UiEvents& out);
void draw_help_overlay(const FrameInput& in, UiState& st, UiEvents& out);
void draw_idle_overlay(const FrameInput& in, UiState& st, UiEvents& out);

/// The on-screen keyboard inside [min, max): letters, numbers, space, delete and an emoji row.
/// Emits TypeText/DeleteChar, or edits `target` directly when it is not null (staff fields).
void draw_keyboard(const FrameInput& in, UiState& st, KeyboardState& kb, ImVec2 min, ImVec2 max, UiEvents& out,
                   std::string* target = nullptr, bool with_symbols = false);
/// The least height the keyboard needs between x = left and right with keys of the full touch
/// target (48 px) in its most compact arrangement; screens give it at least this much.
float keyboard_min_height(const FrameInput& in, float left, float right, bool with_symbols = false);

}  // namespace lp::kiosk::ui
