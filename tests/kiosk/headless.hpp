#pragma once
// Headless ImGui for the kiosk tests: the real screen functions in an ImGui context without a
// window, driven by synthetic mouse input; the events they emit go through the real session.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cfloat>
#include <chrono>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "test_util.hpp"

namespace lp::kiosk::test_ui {

inline const std::string real_assets = std::string(LP_SOURCE_DIR) + "/assets";

struct Headless {
    test::TempDir dir;
    crypto::KeyPair keys = crypto::generate_keypair();
    std::string assets;
    std::unique_ptr<KioskSession> session;
    ImGuiContext* ctx = nullptr;
    ui::FontSet fonts;
    ui::Metrics metrics;
    ui::Palette palette = ui::normal_palette();
    ui::UiState st;
    double now = 1;
    float font_px = 0;
    bool font_dyslexic = false;
    std::string font_language;                 // the shaped-script language in the atlas ("" none)
    std::unique_ptr<ui::ComplexText> complex;  // as lp-kiosk: built only for such a language

    /// A kiosk of w x h pixels on a fresh data dir; with_key false leaves it "not set up".
    Headless(float w, float h, std::string assets_dir = real_assets, bool with_key = true)
        : assets(std::move(assets_dir)) {
        REQUIRE(load_or_create_config(dir.path()));
        if (with_key)
            REQUIRE(set_config_value(config_path(dir.path()), "sealing_public_key",
                                     crypto::to_base64(keys.public_key.data(), keys.public_key.size())));
        reopen();
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(w, h);
    }
    ~Headless() { ImGui::DestroyContext(ctx); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    /// Opens the session (again) from the data dir, e.g. after kiosk.conf changed.
    void reopen() {
        auto opened = KioskSession::open(SessionOptions{dir.path(), assets, false, {}}, now);
        REQUIRE(opened);
        session = std::move(*opened);
    }

    void ensure_fonts() {
        ImGuiIO& io = ImGui::GetIO();
        const auto& a = session->flow().accessibility();
        metrics = ui::compute_metrics(io.DisplaySize.x, io.DisplaySize.y, a.larger_text);
        palette = a.high_contrast ? ui::high_contrast_palette() : ui::normal_palette();
        const std::string& lang = session->flow().language();
        const std::string shaped = ui::shaped_language(lang) ? lang : "";
        if (metrics.body_px == font_px && a.dyslexia_font == font_dyslexic && shaped == font_language) return;
        font_dyslexic = a.dyslexia_font;
        font_language = shaped;
        std::string error;
        std::vector<std::string> texts = ui::texts_to_shape(session->catalogues(), session->flow().question_set(), lang);
        if (!complex) {
            complex = ui::open_complex_text(error);
            REQUIRE_MESSAGE(complex, error);
        }
        REQUIRE_MESSAGE(ui::build_fonts(*io.Fonts, metrics, a.dyslexia_font, ui::FontPaths{}, fonts, error,
                                        complex.get(), &texts),
                        error);
        unsigned char* pixels = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        ui::apply_style(palette, metrics, ImGui::GetStyle());
        font_px = metrics.body_px;
    }

    /// One frame with the mouse at `pos`; applies the events and returns them.
    UiEvents frame(ImVec2 pos, bool down, double dt = 1.0 / 60) {
        ensure_fonts();
        ImGuiIO& io = ImGui::GetIO();
        now += dt;
        io.DeltaTime = static_cast<float>(dt);
        io.MousePos = pos;
        io.MouseDown[0] = down;
        session->poll(now);
        ImGui::NewFrame();
        ui::FrameInput in{session->flow(), session->staff(), palette, fonts, metrics, session->strings(), now, 3.0};
        in.catalogues = &session->catalogues();
        in.you_said_we_did = &session->you_said_we_did();
        in.complex = complex.get();
        in.read_aloud_available = session->read_aloud_available();
        UiEvents events;
        ui::draw_frame(in, st, events);
        ImGui::Render();
        session->apply_all(events, now);
        return events;
    }
    UiEvents idle_frame() { return frame(ImVec2(-FLT_MAX, -FLT_MAX), false); }

    const ui::HitRect* find(const std::string& id) {
        for (const auto& h : st.hits)
            if (h.id == id) return &h;
        return nullptr;
    }
    bool has(const std::string& id) {
        idle_frame();
        return find(id) != nullptr;
    }
    /// Press and release in the middle of a button, as a finger would.
    UiEvents tap(const std::string& id) {
        idle_frame();
        const ui::HitRect* h = find(id);
        REQUIRE_MESSAGE(h, "no button " << id << " on " << to_string(session->flow().screen()));
        ImVec2 c((h->min.x + h->max.x) / 2, (h->min.y + h->max.y) / 2);
        UiEvents all;
        for (auto [p, d] : {std::pair{c, false}, {c, true}, {c, true}, {c, false}}) {
            auto e = frame(p, d);
            all.insert(all.end(), e.begin(), e.end());
        }
        idle_frame();
        return all;
    }
    /// Frames until the PIN check (argon2id, on a worker) has answered.
    void wait_for_pin() {
        for (int i = 0; i < 300 && session->staff().pin_checking; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            frame(ImVec2(-FLT_MAX, -FLT_MAX), false, 0.02);
        }
        idle_frame();
    }
    void type_pin(const char* digits) {
        for (const char* d = digits; *d; ++d) tap(std::string("pin_") + *d);
        tap("pin_ok");
        wait_for_pin();
    }
    Screen screen() const { return session->flow().screen(); }
};

/// Every button label inside its button, every text block and button inside the window (unless it
/// scrolls), and no two buttons of the same layer on top of each other.
inline void check_layout(Headless& h, const std::string& where) {
    h.idle_frame();
    ImVec2 size = ImGui::GetIO().DisplaySize;
    auto inside = [&](const ui::HitRect& r) {
        bool x_ok = r.min.x >= -0.5f && r.max.x <= size.x + 0.5f;
        bool y_ok = r.scrolls || (r.min.y >= -0.5f && r.max.y <= size.y + 0.5f);
        return x_ok && y_ok;
    };
    for (const auto& r : h.st.hits) {
        INFO(where, " button ", r.id, " '", r.text, "'");
        CHECK_MESSAGE(r.label_fits, "label does not fit its button ", r.max.x - r.min.x, "x", r.max.y - r.min.y);
        CHECK_MESSAGE(inside(r), "button off the window: ", r.min.x, ",", r.min.y, " ", r.max.x, ",", r.max.y);
    }
    for (const auto& r : h.st.texts) {
        INFO(where, " text '", r.id, "'");
        CHECK_MESSAGE(r.label_fits, "a word is wider than its line");
        CHECK_MESSAGE(inside(r), "text off the window: ", r.min.y, "..", r.max.y, " of ", size.y);
    }
    for (std::size_t i = 0; i < h.st.hits.size(); ++i)
        for (std::size_t j = i + 1; j < h.st.hits.size(); ++j) {
            const auto &a = h.st.hits[i], &b = h.st.hits[j];
            if (a.window != b.window || a.scrolls || b.scrolls) continue;
            bool overlap =
                a.min.x < b.max.x - 1 && b.min.x < a.max.x - 1 && a.min.y < b.max.y - 1 && b.min.y < a.max.y - 1;
            CHECK_MESSAGE(!overlap, where, ": ", a.id, " overlaps ", b.id, " (", a.min.y, "-", a.max.y, " / ", b.min.y,
                          "-", b.max.y, ")");
        }
}

}  // namespace lp::kiosk::test_ui
