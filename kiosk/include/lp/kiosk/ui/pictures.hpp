#pragma once
// The pictures beside an under-8s question ("home", "family", ...), drawn from shapes so they
// need no image files and scale to any screen. Names: lp::known_pictures().
#include <imgui.h>

#include <lp/kiosk/ui/theme.hpp>
#include <string_view>

namespace lp::kiosk::ui {

/// Draws the named picture in a square of side 2*radius around center (screen coordinates);
/// an unknown name draws nothing and returns false.
bool draw_picture(ImDrawList* dl, std::string_view name, ImVec2 center, float radius, const Palette& p);

}  // namespace lp::kiosk::ui
