#pragma once
// Touch-friendly widgets used by the screens: big buttons with wrapped labels, smiley faces,
// wrapped text, drag-to-scroll areas. Taps that turned into drags never count as taps.
#include <imgui.h>

#include <lp/kiosk/ui/screens.hpp>

namespace lp::kiosk::ui {

enum class ButtonStyle { primary, secondary, help, selected, plain };
// face1..face5 stay in order and together: draw_icon counts on it.
enum class Icon { none, face1, face2, face3, face4, face5, tick, cross, question, back, speaker };

/// A button at an absolute position (window coordinates); true when tapped (released inside,
/// not dragged). `id` is recorded in st.hits.
bool big_button(const FrameInput& in, UiState& st, const char* id, const char* label, ImVec2 pos, ImVec2 size,
                ButtonStyle style, Icon icon = Icon::none, ImFont* font = nullptr, float font_px = 0);

/// Draws text wrapped to `width` at pos in font/colour; returns its height.
/// While alive, wrapped_text records each block into st.texts (draw_frame sets one up).
class LayoutRecorder {
public:
    explicit LayoutRecorder(UiState& st);
    ~LayoutRecorder();
    LayoutRecorder(const LayoutRecorder&) = delete;
    LayoutRecorder& operator=(const LayoutRecorder&) = delete;
};

float wrapped_text(ImFont* font, const ImVec4& color, const char* text, ImVec2 pos, float width, bool centered = false);
/// Height the text would take.
float text_height(ImFont* font, const char* text, float width);
ImVec2 text_size(ImFont* font, const char* text);

/// Draws an icon centred in a square box (screen coordinates).
void draw_icon(ImDrawList* dl, Icon icon, ImVec2 center, float radius, const Palette& p, const ImVec4& ink);

/// Begins a child region that scrolls when dragged with a finger; pair with end_scroll_area.
void begin_scroll_area(const FrameInput& in, UiState& st, const char* id, ImVec2 pos, ImVec2 size);
void end_scroll_area();

/// The progress dots for question i of n.
void progress_dots(const FrameInput& in, ImVec2 center, std::size_t index, std::size_t count, float max_w = 0);

/// Width of a button that fits its label with padding.
float button_width_for(const FrameInput& in, const char* label, ImFont* font, float min_w);

}  // namespace lp::kiosk::ui

namespace lp::kiosk::ui {

/// Tracks the finger: taps vs drags, and the long press in the top-left corner that opens
/// staff mode (emits StaffGesture). Call once at the top of a frame.
void update_touch(const FrameInput& in, UiState& st, UiEvents& out);

}  // namespace lp::kiosk::ui
