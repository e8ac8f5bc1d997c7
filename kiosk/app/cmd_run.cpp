// The touch-screen UI: GLFW window, ImGui, and an event-driven loop that sleeps until a touch,
// a timer (idle reset, countdown, long press) or a wake-up from another thread.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/theme.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.hpp"
#include "font_texture.hpp"

namespace lp::kiosk::app {
namespace {

struct Options {
    std::string data_dir;
    std::string assets_dir;
    int width = 0, height = 0;  // 0 = fullscreen
};

/// Set by GLFW callbacks; read and cleared by the loop.
struct InputFlags {
    bool input = false;
    bool cursor_moved = false;
};

void on_error(int code, const char* text) { std::fprintf(stderr, "lp-kiosk: GLFW error %d: %s\n", code, text); }

InputFlags& flags_of(GLFWwindow* w) { return *static_cast<InputFlags*>(glfwGetWindowUserPointer(w)); }

/// The tappable areas of the current frame, for end-to-end tests (LP_KIOSK_LAYOUT_FILE).
std::string layout_json(const Flow& flow, const ui::UiState& st, double now) {
    nlohmann::json j;
    j["screen"] = to_string(flow.screen());
    j["language"] = flow.language();
    j["help"] = flow.help_open();
    j["idle_warning"] = flow.idle_warning(now);
    j["question"] = flow.question_index();
    j["session"] = flow.session_number();
    // Lets a test confirm that each key tap changed the comment, never what it says.
    j["comment_edit"] = std::hash<std::string>{}(flow.comment()) % 1000003;
    auto& hits = j["hits"] = nlohmann::json::array();
    for (const auto& h : st.hits)
        hits.push_back(
            {{"id", h.id}, {"x", h.min.x}, {"y", h.min.y}, {"w", h.max.x - h.min.x}, {"h", h.max.y - h.min.y}});
    return j.dump();
}

/// Everything a timer can change on screen; when it is unchanged there is nothing to redraw.
std::string visible_state(const KioskSession& s, double now) {
    const Flow& f = s.flow();
    const StaffView& v = s.staff();
    std::string out = std::string(to_string(f.screen())) + "|" + std::to_string(f.session_number()) + "|" +
                      std::to_string(f.question_index()) + "|" + (f.help_open() ? "h" : "") + "|" +
                      (f.set_up() ? "u" : "");
    if (f.idle_warning(now)) out += "|idle" + std::to_string(f.idle_seconds_left(now));
    out += "|ysd" + std::to_string(s.you_said_we_did_generation());  // new replies arrived
    if (f.screen() == Screen::staff || f.screen() == Screen::staff_pin) {
        out += "|" + std::to_string(v.counts.stored) + "," + std::to_string(v.counts.pending) + "," +
               std::to_string(v.counts.sent) + "," + std::to_string(v.counts.quarantined) + "|" + v.pin_message +
               (v.pin_checking ? "c" : "") + "|" + v.message + "|" + std::to_string(v.sync.syncing) +
               std::to_string(static_cast<int>(v.sync.progress * 100)) + v.sync.last_error_plain_words +
               std::to_string(v.sync.last_success) + std::to_string(v.sync.enrolled);
    }
    return out;
}

Options parse_options(int argc, char** argv) {
    Options o;
    auto args = cli::parse(argc, argv, 1, {"--data", "--windowed", "--assets"}, {"--fullscreen"});
    if (!args.positionals.empty()) throw cli::UsageError("unknown command " + args.positionals[0]);
    o.data_dir = args.get("--data").value_or(default_data_dir());
    o.assets_dir = assets_dir_or_default(args.get("--assets").value_or(""));
    if (auto w = args.get("--windowed")) {
        int wd = 0, ht = 0;
        char x = 0;
        if (std::sscanf(w->c_str(), "%d%c%d", &wd, &x, &ht) != 3 || (x != 'x' && x != 'X') || wd < 320 || ht < 240 ||
            wd > 8192 || ht > 8192)
            throw cli::UsageError("--windowed wants WIDTHxHEIGHT, e.g. 1280x800");
        o.width = wd;
        o.height = ht;
    }
    return o;
}

}  // namespace

int cmd_run(int argc, char** argv) {
    Options opt;
    try {
        opt = parse_options(argc, argv);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "lp-kiosk: %s\n", e.what());
        return 2;
    }
    auto t0 = std::chrono::steady_clock::now();
    const char* layout_file = std::getenv("LP_KIOSK_LAYOUT_FILE");
    const bool timing = std::getenv("LP_KIOSK_TIMING") != nullptr;
    // LP_KIOSK_TIMING: where the time before the first frame goes, printed with it.
    std::string phases;
    auto mark = [&](const char* what) {
        if (!timing) return;
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        char buf[64];
        std::snprintf(buf, sizeof buf, " %s %.1f", what, ms);
        phases += buf;
    };

    // [1] Error callback and window.
    glfwSetErrorCallback(on_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "lp-kiosk: could not start the window system (is DISPLAY set?)\n");
        return 1;
    }
    mark("glfw");
    // [1b] The session (config, question set, translations, outbox check) opens on a helper thread
    // while the window system makes the window and its GL context, the longest step before the
    // first frame. Nothing in it touches GLFW but the wake-up, which any thread may post.
    auto opening = std::async(std::launch::async, [&opt] {
        return KioskSession::open(SessionOptions{opt.data_dir, opt.assets_dir, true, [] { glfwPostEmptyEvent(); }},
                                  glfwGetTime());
    });
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = nullptr;
    if (opt.width > 0) {
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        window = glfwCreateWindow(opt.width, opt.height, "Listening Post", nullptr, nullptr);
    } else {
        GLFWmonitor* monitor = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (mode) window = glfwCreateWindow(mode->width, mode->height, "Listening Post", monitor, nullptr);
    }
    if (!window) {
        std::fprintf(stderr, "lp-kiosk: could not open a window with OpenGL 3\n");
        (void)opening.get();  // the session closes (and stops its threads) while GLFW is still up
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    mark("window");
    InputFlags input;
    glfwSetWindowUserPointer(window, &input);
    // Our callbacks go in first; ImGui's backend chains to them.
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) {
        flags_of(w).input = true;
        flags_of(w).cursor_moved = true;
    });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { flags_of(w).input = true; });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int, int, int, int) { flags_of(w).input = true; });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { flags_of(w).input = true; });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { flags_of(w).input = true; });
    glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int, int) { flags_of(w).input = true; });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { flags_of(w).input = true; });
    if (opt.width == 0) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    // [2] ImGui context and backends.
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing about a session is written to disk
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    // The backend's shaders and buffers now (with ImGui's small default font, replaced below), so
    // its first NewFrame does not build and upload our atlas a second time. Our atlas then goes to
    // the GPU as one byte a pixel when the context can sample it that way.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    const bool alpha_font_texture = FontTexture::supported();
    if (alpha_font_texture) ImGui_ImplOpenGL3_DestroyFontsTexture();
    mark("gl");

    // [3] The session, opened meanwhile.
    auto opened = opening.get();
    if (!opened) {
        std::fprintf(stderr, "lp-kiosk: %s\n", opened.error().message.c_str());
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }
    KioskSession& session = **opened;
    mark("session");

    // [4] Loop.
    ui::UiState ui_state;
    ui::FontSet fonts;
    ui::FontPaths font_paths;
    ui::Metrics metrics;
    ui::Palette palette;
    float fonts_px = -1;
    bool fonts_dyslexic = false;
    std::string fonts_language;                // the shaped-script language the atlas holds, if any
    std::unique_ptr<ui::ComplexText> complex;  // its shaped glyphs (Arabic...), none for Latin languages
    int frames_to_draw = 3;
    bool mouse_was_down = false;
    int frames_since_release = 100;
    bool first_frame = true;
    std::string last_layout;
    std::string last_look;
    bool trim_heap = false;
    auto last_session = session.flow().session_number();
    FontTexture font_texture;
    struct {  // LP_KIOSK_TIMING: a language change's new atlas, from its start to its first frame
        std::optional<std::chrono::steady_clock::time_point> started;
        double open_ms = 0, build_ms = 0;
        std::string language;
    } atlas_timing;
    while (!glfwWindowShouldClose(window)) {
        bool timer_wake = false;
        if (frames_to_draw <= 0) {
            double now = glfwGetTime();
            double wait = std::min(session.seconds_until_next_deadline(now), ui_state.wake_in_s);
            wait = std::clamp(wait, 0.0, 3600.0);
            if (wait > 0)
                glfwWaitEventsTimeout(wait + 0.002);
            else
                glfwPollEvents();
            timer_wake = true;
        } else {
            glfwPollEvents();
        }
        if (input.input) {
            // ImGui needs a couple of frames to settle hover/active state after input.
            frames_to_draw = std::max(frames_to_draw, 3);
            input.input = false;
            timer_wake = false;
        }
        double now = glfwGetTime();
        session.poll(now);
        // A timer or a wake-up from another thread: draw only if something visible changed
        // (a countdown second, a new screen, new staff figures), so an idle kiosk stays asleep.
        std::string look = visible_state(session, now);
        if (timer_wake) {
            if (look == last_look && ui_state.wake_in_s > 1e8) continue;
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        last_look = look;

        // Fonts at their real pixel size for this window and the young person's settings.
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        if (w <= 0 || h <= 0) {
            frames_to_draw = 0;
            continue;
        }
        const AccessibilitySettings& a = session.flow().accessibility();
        metrics = ui::compute_metrics(static_cast<float>(w), static_cast<float>(h), a.larger_text);
        palette = a.high_contrast ? ui::high_contrast_palette() : ui::normal_palette();
        // Shaped-script fonts (Arabic, Ethiopic) load only when such a language is chosen, so
        // start-up and the Latin languages never pay for them.
        const std::string& language = session.flow().language();
        const bool shaped_language = ui::shaped_language(language);
        if (metrics.body_px != fonts_px || a.dyslexia_font != fonts_dyslexic ||
            (shaped_language ? language : std::string()) != fonts_language) {
            const auto atlas_t0 = std::chrono::steady_clock::now();
            std::string error;
            std::vector<std::string> texts =
                ui::texts_to_shape(session.catalogues(), session.flow().question_set(), language);
            bool any_shaped = std::any_of(texts.begin(), texts.end(), [](const std::string& t) { return ui::needs_shaping(t); });
            if (any_shaped && !complex) {
                complex = ui::open_complex_text(error);
                if (!error.empty()) std::fprintf(stderr, "lp-kiosk: %s\n", error.c_str());  // Latin fonts still draw
                error.clear();
                mark("shaping-fonts");
            }
            const auto atlas_t1 = std::chrono::steady_clock::now();
            fonts_language = shaped_language ? language : std::string();
            ImGui_ImplOpenGL3_DestroyFontsTexture();  // whichever holds the old atlas
            font_texture.reset();
            if (!ui::build_fonts(*io.Fonts, metrics, a.dyslexia_font, font_paths, fonts, error, complex.get(),
                                 &texts)) {
                std::fprintf(stderr, "lp-kiosk: %s\n", error.c_str());
                break;
            }
            // Colour emoji (FontPaths::color_emoji) need the backend's RGBA texture.
            if (alpha_font_texture && !fonts.color_emoji)
                font_texture.upload(*io.Fonts);
            else
                ImGui_ImplOpenGL3_CreateFontsTexture();
            // The GPU has its copy: drop the CPU pixels and the font files read for the build
            // (a change of size or font builds a new atlas from scratch anyway).
            io.Fonts->ClearTexData();
            io.Fonts->ClearInputData();
            trim_heap = true;
            mark("fonts");
            if (timing && !first_frame) {  // a later atlas: timed to the frame that shows it
                atlas_timing.started = atlas_t0;
                atlas_timing.open_ms = std::chrono::duration<double, std::milli>(atlas_t1 - atlas_t0).count();
                atlas_timing.build_ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - atlas_t1).count();
                atlas_timing.language = language;
            }
            fonts_px = metrics.body_px;
            fonts_dyslexic = a.dyslexia_font;
            ui::apply_style(palette, metrics, ImGui::GetStyle());
        }
        ui::apply_style(palette, metrics, ImGui::GetStyle());

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // Touch screens leave the pointer where the finger was: one frame after a release,
        // forget it so the last button does not stay highlighted.
        bool down = io.MouseDown[0];
        if (mouse_was_down && !down) {
            frames_since_release = 0;
            input.cursor_moved = false;
        } else if (!down) {
            ++frames_since_release;
        }
        if (!down && frames_since_release >= 1 && !input.cursor_moved) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        mouse_was_down = down;

        ImGui::NewFrame();
        ui::FrameInput in{session.flow(), session.staff(),   palette, fonts,
                          metrics,        session.strings(), now,     session.config().staff_long_press_s};
        in.catalogues = &session.catalogues();
        in.you_said_we_did = &session.you_said_we_did();
        in.complex = complex.get();
        in.site_contact = session.site_contact() ? &*session.site_contact() : nullptr;
        in.read_aloud_available = session.read_aloud_available();
        UiEvents events;
        ui::draw_frame(in, ui_state, events);
        ImGui::Render();
        glViewport(0, 0, w, h);
        const ImVec4& bg = palette.background;
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        if (session.flow().session_number() != last_session) {
            // One young person's answers are gone: give the memory their screens used (and the
            // GL driver's scratch) back, so a kiosk that runs for weeks stays at its start-up size.
            last_session = session.flow().session_number();
            trim_heap = true;
        }
        if (trim_heap) {
            // Font building leaves large freed blocks behind; hand them back to the system.
            malloc_trim(0);
            trim_heap = false;
        }
        if (atlas_timing.started) {
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                        *atlas_timing.started)
                                  .count();
            std::fprintf(stderr, "lp-kiosk: atlas for '%s' drawn after %.1f ms (fonts opened %.1f, atlas built %.1f)\n",
                         atlas_timing.language.c_str(), ms, atlas_timing.open_ms, atlas_timing.build_ms);
            atlas_timing.started.reset();
        }
        if (first_frame) {
            first_frame = false;
            if (timing) {
                double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                std::fprintf(stderr, "lp-kiosk: first frame after %.1f ms (ms since start:%s)\n", ms, phases.c_str());
            }
        }

        if (!events.empty()) {
            session.apply_all(events, glfwGetTime());
            frames_to_draw = std::max(frames_to_draw, 3);
        }
        --frames_to_draw;
        if (layout_file && frames_to_draw <= 0) {
            // Written once the frame has settled, so tests read what is really on screen.
            std::string j = layout_json(session.flow(), ui_state, now);
            if (j != last_layout) {
                last_layout = j;
                (void)write_file_atomic(layout_file, j, 0644);
            }
        }
    }

    // [5] Shutdown in reverse order.
    font_texture.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

}  // namespace lp::kiosk::app
