#include <algorithm>
#include <cmath>
#include <lp/kiosk/ui/widgets.hpp>
#include <lp/kiosk/ui/you_said_panel.hpp>
#include <string>

namespace lp::kiosk::ui {

namespace {

const YouSaidWeDid* current(const FrameInput& in, std::size_t* index = nullptr) {
    if (in.you_said_we_did == nullptr || in.you_said_we_did->empty()) return nullptr;
    const auto n = in.you_said_we_did->size();
    const auto i = static_cast<std::size_t>(std::max(0.0, in.now) / you_said_rotate_s) % n;
    if (index != nullptr) *index = i;
    return &(*in.you_said_we_did)[i];
}

std::string said_line(const FrameInput& in, const YouSaidWeDid& r) {
    return format_text(in.strings.you_said, r.you_said.c_str());
}
std::string did_line(const FrameInput& in, const YouSaidWeDid& r) {
    return format_text(in.strings.we_did, r.we_did.c_str());
}

}  // namespace

float you_said_panel_height(const FrameInput& in, float w) {
    if (current(in) == nullptr) return 0;
    const Metrics& m = in.metrics;
    const float inner = w - 2 * m.pad;
    // The tallest reply sets the height, so Start does not move as the replies turn.
    float tallest = 0;
    for (const auto& r : *in.you_said_we_did)
        tallest = std::max(tallest, text_height(in.fonts.body, said_line(in, r).c_str(), inner) +
                                        text_height(in.fonts.body, did_line(in, r).c_str(), inner));
    // Centred text is drawn at 1.15 line spacing (wrapped_text), so count it that way.
    return m.pad * 2 + m.gap + tallest * 1.15f;
}

void draw_you_said_panel(const FrameInput& in, UiState& st, ImVec2 pos, float w) {
    std::size_t index = 0;
    const YouSaidWeDid* r = current(in, &index);
    if (r == nullptr) return;
    const Metrics& m = in.metrics;
    const float h = you_said_panel_height(in, w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    dl->AddRectFilled(ImVec2(o.x + pos.x, o.y + pos.y), ImVec2(o.x + pos.x + w, o.y + pos.y + h),
                      to_u32(in.palette.panel), m.rounding);
    dl->AddRect(ImVec2(o.x + pos.x, o.y + pos.y), ImVec2(o.x + pos.x + w, o.y + pos.y + h), to_u32(in.palette.border),
                m.rounding, 0, 2.0f);
    const float inner = w - 2 * m.pad;
    float y = pos.y + m.pad;
    y += wrapped_text(in.fonts.body, in.palette.muted_text, said_line(in, *r).c_str(), ImVec2(pos.x + m.pad, y), inner,
                      true) +
         m.gap;
    wrapped_text(in.fonts.body, in.palette.text, did_line(in, *r).c_str(), ImVec2(pos.x + m.pad, y), inner, true);
    if (in.you_said_we_did->size() > 1) {
        // Wake for the next reply even when nobody touches the screen.
        const double next = you_said_rotate_s - std::fmod(std::max(0.0, in.now), you_said_rotate_s);
        st.wake_in_s = std::min(st.wake_in_s, next + 0.01);
    }
}

}  // namespace lp::kiosk::ui
