#pragma once
// The attract screen's "You said … We did …" panel, one reply at a time.
#include <lp/kiosk/ui/screens.hpp>

namespace lp::kiosk::ui {

/// Seconds each reply stays before the next one shows.
constexpr double you_said_rotate_s = 8.0;

/// Height the panel needs at width `w` for the reply shown at in.now; 0 when there is none.
float you_said_panel_height(const FrameInput& in, float w);

/// Draws the panel at `pos` (window coordinates), `w` wide, and asks for a frame at the next turn.
void draw_you_said_panel(const FrameInput& in, UiState& st, ImVec2 pos, float w);

}  // namespace lp::kiosk::ui
