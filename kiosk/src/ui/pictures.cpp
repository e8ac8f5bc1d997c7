#include <algorithm>
#include <lp/kiosk/ui/pictures.hpp>

namespace lp::kiosk::ui {
namespace {

/// A person: head and shoulders, `h` tall, feet at `base`.
void person(ImDrawList* dl, ImVec2 base, float h, ImU32 fill, ImU32 ink, float th) {
    float head = h * 0.2f;
    ImVec2 hc(base.x, base.y - h + head);
    dl->AddCircleFilled(hc, head, fill, 24);
    dl->AddCircle(hc, head, ink, 24, th);
    ImVec2 a(base.x - h * 0.28f, base.y), b(base.x + h * 0.28f, base.y - h * 0.55f);
    dl->AddRectFilled(a, ImVec2(b.x, a.y), fill, 0);
    dl->AddRectFilled(ImVec2(a.x, b.y), ImVec2(b.x, base.y), fill, h * 0.12f, ImDrawFlags_RoundCornersTop);
    dl->AddRect(ImVec2(a.x, b.y), ImVec2(b.x, base.y), ink, h * 0.12f, ImDrawFlags_RoundCornersTop, th);
}

void heart(ImDrawList* dl, ImVec2 c, float r, ImU32 fill, ImU32 ink, float th) {
    ImVec2 l(c.x - r * 0.45f, c.y - r * 0.2f), rr(c.x + r * 0.45f, c.y - r * 0.2f);
    dl->AddCircleFilled(l, r * 0.5f, fill, 24);
    dl->AddCircleFilled(rr, r * 0.5f, fill, 24);
    dl->AddTriangleFilled(ImVec2(c.x - r * 0.93f, c.y - r * 0.05f), ImVec2(c.x + r * 0.93f, c.y - r * 0.05f),
                          ImVec2(c.x, c.y + r * 0.9f), fill);
    dl->AddLine(ImVec2(c.x - r * 0.93f, c.y - r * 0.05f), ImVec2(c.x, c.y + r * 0.9f), ink, th);
    dl->AddLine(ImVec2(c.x + r * 0.93f, c.y - r * 0.05f), ImVec2(c.x, c.y + r * 0.9f), ink, th);
}

}  // namespace

bool draw_picture(ImDrawList* dl, std::string_view name, ImVec2 c, float r, const Palette& p) {
    const ImU32 ink = ImGui::ColorConvertFloat4ToU32(p.face_ink);
    const ImU32 warm = ImGui::ColorConvertFloat4ToU32(p.face[3]);
    const ImU32 cool = ImGui::ColorConvertFloat4ToU32(p.primary);
    const ImU32 soft = ImGui::ColorConvertFloat4ToU32(p.panel);
    const float th = std::max(2.0f, r * 0.06f);
    dl->AddCircleFilled(c, r, soft, 48);  // every picture sits on the same disc
    if (name == "home") {
        ImVec2 a(c.x - r * 0.5f, c.y - r * 0.05f), b(c.x + r * 0.5f, c.y + r * 0.6f);
        dl->AddRectFilled(a, b, warm);
        dl->AddRect(a, b, ink, 0, 0, th);
        dl->AddTriangleFilled(ImVec2(c.x - r * 0.7f, c.y), ImVec2(c.x + r * 0.7f, c.y), ImVec2(c.x, c.y - r * 0.65f), cool);
        dl->AddTriangle(ImVec2(c.x - r * 0.7f, c.y), ImVec2(c.x + r * 0.7f, c.y), ImVec2(c.x, c.y - r * 0.65f), ink, th);
        dl->AddRectFilled(ImVec2(c.x - r * 0.12f, c.y + r * 0.25f), ImVec2(c.x + r * 0.12f, c.y + r * 0.6f), ink);
    } else if (name == "family") {
        person(dl, ImVec2(c.x - r * 0.35f, c.y + r * 0.6f), r * 1.1f, cool, ink, th);
        person(dl, ImVec2(c.x + r * 0.35f, c.y + r * 0.6f), r * 1.0f, warm, ink, th);
        person(dl, ImVec2(c.x, c.y + r * 0.65f), r * 0.65f, ImGui::ColorConvertFloat4ToU32(p.face[4]), ink, th);
    } else if (name == "friends") {
        person(dl, ImVec2(c.x - r * 0.3f, c.y + r * 0.6f), r * 0.9f, cool, ink, th);
        person(dl, ImVec2(c.x + r * 0.3f, c.y + r * 0.6f), r * 0.9f, warm, ink, th);
    } else if (name == "school") {
        // An open book.
        ImVec2 l0(c.x - r * 0.7f, c.y - r * 0.35f), m0(c.x, c.y - r * 0.25f), r0(c.x + r * 0.7f, c.y - r * 0.35f);
        ImVec2 l1(c.x - r * 0.7f, c.y + r * 0.45f), m1(c.x, c.y + r * 0.55f), r1(c.x + r * 0.7f, c.y + r * 0.45f);
        dl->AddQuadFilled(l0, m0, m1, l1, warm);
        dl->AddQuadFilled(m0, r0, r1, m1, cool);
        dl->AddQuad(l0, m0, m1, l1, ink, th);
        dl->AddQuad(m0, r0, r1, m1, ink, th);
    } else if (name == "safe") {
        // A shield.
        ImVec2 pts[] = {ImVec2(c.x, c.y - r * 0.7f), ImVec2(c.x + r * 0.55f, c.y - r * 0.45f),
                        ImVec2(c.x + r * 0.45f, c.y + r * 0.25f), ImVec2(c.x, c.y + r * 0.7f),
                        ImVec2(c.x - r * 0.45f, c.y + r * 0.25f), ImVec2(c.x - r * 0.55f, c.y - r * 0.45f)};
        dl->AddConvexPolyFilled(pts, 6, cool);
        dl->AddPolyline(pts, 6, ink, ImDrawFlags_Closed, th);
        heart(dl, ImVec2(c.x, c.y), r * 0.3f, warm, ink, th * 0.7f);
    } else if (name == "listen") {
        // An ear: a big C with a small one inside.
        dl->PathArcTo(c, r * 0.55f, -3.6f, 1.2f, 32);
        dl->PathStroke(ink, 0, th * 2.0f);
        dl->PathArcTo(ImVec2(c.x + r * 0.05f, c.y), r * 0.25f, -3.4f, 0.6f, 24);
        dl->PathStroke(ink, 0, th * 1.5f);
    } else if (name == "health") {
        heart(dl, c, r * 0.65f, ImGui::ColorConvertFloat4ToU32(p.face[0]), ink, th);
    } else if (name == "play") {
        // A ball.
        dl->AddCircleFilled(c, r * 0.55f, warm, 32);
        dl->AddCircle(c, r * 0.55f, ink, 32, th);
        dl->AddLine(ImVec2(c.x - r * 0.55f, c.y), ImVec2(c.x + r * 0.55f, c.y), ink, th);
        dl->AddBezierQuadratic(ImVec2(c.x, c.y - r * 0.55f), ImVec2(c.x - r * 0.35f, c.y), ImVec2(c.x, c.y + r * 0.55f),
                               ink, th, 16);
    } else {
        return false;
    }
    return true;
}

}  // namespace lp::kiosk::ui
