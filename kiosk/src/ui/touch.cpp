#include <algorithm>
#include <cmath>
#include <lp/kiosk/ui/widgets.hpp>

namespace lp::kiosk::ui {

void update_touch(const FrameInput& in, UiState& st, UiEvents& out) {
    ImGuiIO& io = ImGui::GetIO();
    TouchState& t = st.touch;
    float corner = in.metrics.bar_h * 1.2f;
    if (io.MouseClicked[0]) {
        t.down = true;
        t.dragging = false;
        t.press_pos = io.MousePos;
        t.press_time = in.now;
        t.in_corner = io.MousePos.x < corner && io.MousePos.y < corner;
        t.long_press_fired = false;
    }
    if (t.down && io.MouseDown[0]) {
        float dx = io.MousePos.x - t.press_pos.x, dy = io.MousePos.y - t.press_pos.y;
        if (!t.dragging && std::sqrt(dx * dx + dy * dy) > st.drag_threshold_px) t.dragging = true;
        Screen s = in.flow.screen();
        bool corner_screen = s == Screen::attract || s == Screen::not_set_up;
        if (t.in_corner && corner_screen && !t.dragging && !t.long_press_fired) {
            double held = in.now - t.press_time;
            if (held >= in.staff_long_press_s) {
                t.long_press_fired = true;
                out.push_back(ev::StaffGesture{});
            } else {
                // Wake up when the press becomes long enough, even if the finger does not move.
                st.wake_in_s = std::min(st.wake_in_s, in.staff_long_press_s - held);
            }
        }
    }
    if (io.MouseReleased[0]) t.down = false;  // `dragging` stays set so this release is not a tap
}

}  // namespace lp::kiosk::ui
