// The young person's screens. Layout is computed from Metrics (absolute positions), so every
// screen fits from 800x480 to 1920x1080 in both orientations; long content scrolls by dragging.
#include <algorithm>
#include <cstring>
#include <cmath>
#include <cstdio>
#include <lp/kiosk/ui/pictures.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/widgets.hpp>
#include <lp/kiosk/ui/you_said_panel.hpp>
#include <string>

namespace lp::kiosk::ui {
namespace {

struct FooterItem {
    const char* id;
    const char* label;
    ButtonStyle style;
    UiEvent event;
    Icon icon = Icon::none;
};

/// Top row: Back (left), progress dots (middle), Start again (right). Returns its bottom y.
/// With draw false it only measures.
float header(const FrameInput& in, UiState& st, UiEvents& out, bool back, bool dots, bool start_again,
             bool draw = true) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float y = m.pad, h = m.bar_h;
    float back_w = 0, again_w = 0;
    if (back) {
        back_w = button_width_for(in, s.back, in.fonts.body, m.bar_h * 1.6f) + m.body_px;
        if (draw &&
            big_button(in, st, "back", s.back, ImVec2(m.pad, y), ImVec2(back_w, h), ButtonStyle::secondary, Icon::back))
            out.push_back(ev::Back{});
    }
    if (start_again) {
        again_w = button_width_for(in, s.start_again, in.fonts.body, m.bar_h * 1.6f);
        if (draw && big_button(in, st, "start_again", s.start_again, ImVec2(m.width - m.pad - again_w, y),
                               ImVec2(again_w, h), ButtonStyle::secondary))
            out.push_back(ev::StartAgain{});
    }
    float bottom = y + h + m.gap;
    if (dots) {
        const Flow& f = in.flow;
        std::size_t index = f.screen() == Screen::review ? f.question_count() : f.question_index();
        float middle = m.width - 2 * m.pad - back_w - again_w - 4 * m.gap;
        float needed = static_cast<float>(f.question_count()) * 14.0f;
        if (middle >= needed) {
            if (draw)
                progress_dots(in, ImVec2(m.pad + back_w + (middle + 4 * m.gap) * 0.5f, y + h * 0.5f), index,
                              f.question_count(), middle);
        } else {
            // Narrow screens: the dots get their own thin row under the buttons.
            float row = std::max(16.0f, m.body_px * 0.6f);
            if (draw)
                progress_dots(in, ImVec2(m.width * 0.5f, bottom + row * 0.4f), index, f.question_count(),
                              m.width - 2 * m.pad);
            bottom += row;
        }
    }
    return bottom;
}

/// Bottom row(s): the given buttons on the left and "I need to talk to someone" on the right.
/// When they do not fit on one row, help gets its own full-width row. Returns the top y.
float footer(const FrameInput& in, UiState& st, UiEvents& out, const std::vector<FooterItem>& items,
             bool with_help = true, bool draw = true) {
    const Metrics& m = in.metrics;
    ImFont* font = in.fonts.body;
    float avail = m.width - 2 * m.pad;
    float help_w = with_help ? button_width_for(in, in.strings.help_button, font, 0) : 0;
    std::vector<float> widths;
    float sum = 0;
    for (const auto& it : items) {
        widths.push_back(button_width_for(in, it.label, font, m.bar_h * 1.8f) +
                         (it.icon != Icon::none ? m.bar_h * 0.5f : 0));
        sum += widths.back() + m.gap;
    }
    bool one_row = sum + help_w <= avail;
    float h = m.bar_h;
    float top = m.height - m.pad - h;
    float help_y = top;
    if (!one_row && with_help && !items.empty()) {
        top -= h + m.gap;
        help_w = avail;
    }
    if (!items.empty() && draw) {
        float row_w = one_row ? sum - m.gap : avail;
        float scale = one_row ? 1.0f
                              : (row_w - m.gap * static_cast<float>(items.size() - 1)) /
                                    (sum - m.gap * static_cast<float>(items.size()));
        float x = m.pad;
        for (std::size_t i = 0; i < items.size(); ++i) {
            float w = widths[i] * scale;
            if (big_button(in, st, items[i].id, items[i].label, ImVec2(x, top), ImVec2(w, h), items[i].style,
                           items[i].icon))
                out.push_back(items[i].event);
            x += w + m.gap;
        }
    }
    if (with_help && draw) {
        if (help_w > avail) help_w = avail;
        if (big_button(in, st, "help", in.strings.help_button, ImVec2(m.width - m.pad - help_w, help_y),
                       ImVec2(help_w, h), ButtonStyle::help))
            out.push_back(ev::OpenHelp{});
    }
    return top - m.gap;
}

/// Lays out n answer buttons in [top, bottom): a row in landscape, a column in portrait.
struct Slot {
    ImVec2 pos, size;
};
std::vector<Slot> answer_slots(const Metrics& m, std::size_t n, float top, float bottom, bool force_column = false) {
    std::vector<Slot> slots;
    float avail_w = m.width - 2 * m.pad;
    float avail_h = std::max(m.button_h, bottom - top);
    float fn = static_cast<float>(n);
    const float min_h = Metrics::min_target_px;
    if ((m.portrait || force_column) && (avail_h - m.gap * (fn - 1)) / fn < min_h && n > 3) {
        // Too short for a column (large text, portrait): two columns.
        std::size_t rows = (n + 1) / 2;
        float fr = static_cast<float>(rows);
        float w = (avail_w - m.gap) / 2;
        float h = std::max(min_h * 0.8f, std::min(m.button_h * 1.2f, (avail_h - m.gap * (fr - 1)) / fr));
        for (std::size_t i = 0; i < n; ++i)
            slots.push_back(
                {ImVec2(m.pad + (w + m.gap) * static_cast<float>(i % 2), top + (h + m.gap) * static_cast<float>(i / 2)),
                 ImVec2(i + 1 == n && n % 2 == 1 ? avail_w : w, h)});
        return slots;
    }
    if (m.portrait || force_column) {
        float h = std::min(m.button_h * 1.2f, (avail_h - m.gap * (fn - 1)) / fn);
        h = std::max(h, min_h);
        float total = h * fn + m.gap * (fn - 1);
        float y = top + std::max(0.0f, (avail_h - total) * 0.5f);
        for (std::size_t i = 0; i < n; ++i)
            slots.push_back({ImVec2(m.pad, y + (h + m.gap) * static_cast<float>(i)), ImVec2(avail_w, h)});
    } else {
        float w = (avail_w - m.gap * (fn - 1)) / fn;
        float h = std::min(avail_h, std::max(m.button_h, w * 0.9f));
        float y = top + std::max(0.0f, (avail_h - h) * 0.5f);
        for (std::size_t i = 0; i < n; ++i)
            slots.push_back({ImVec2(m.pad + (w + m.gap) * static_cast<float>(i), y), ImVec2(w, h)});
    }
    return slots;
}

/// Read-aloud is on and espeak-ng can read this language (Pashto, Tigrinya: no voice, no button).
bool reads_aloud(const FrameInput& in) { return in.flow.accessibility().read_aloud && in.read_aloud_available; }

float question_text(const FrameInput& in, UiState& st, UiEvents& out, const std::string& text, float y, ImFont* font) {
    const Metrics& m = in.metrics;
    float x = m.pad;
    float w = m.width - 2 * m.pad;
    const bool speaker = reads_aloud(in);
    if (speaker) {
        float b = m.bar_h;
        if (big_button(in, st, "read_again", "", ImVec2(x, y), ImVec2(b, b), ButtonStyle::secondary, Icon::speaker))
            out.push_back(ev::ReadAloudAgain{});
        x += b + m.gap;
        w -= b + m.gap;
    }
    float h = wrapped_text(font, in.palette.text, text.c_str(), ImVec2(x, y), w, !speaker);
    return y + std::max(h, speaker ? m.bar_h : 0.0f) + m.gap;
}

std::string answer_words(const Strings& s, const Flow& f, const Question& q, const std::optional<Answer>& a,
                         bool has_comment) {
    if (q.kind == QuestionKind::comment) return has_comment ? "" : s.no_comment;
    if (!a || a->state == AnswerState::skipped) return s.skipped;
    if (a->state == AnswerState::rather_not_say) return s.not_said;
    switch (q.kind) {
        case QuestionKind::smiley5:
            return s.smiley5[std::clamp(a->scale, 1, 5) - 1];
        case QuestionKind::smiley3:
            return s.smiley3[std::clamp(a->scale, 1, 3) - 1];
        case QuestionKind::yes_no:
            return a->choice == "yes" ? s.yes : a->choice == "no" ? s.no : s.unsure;
        case QuestionKind::chips: {
            std::string out;
            for (const auto& id : a->chips)
                for (const auto& o : q.options)
                    if (o.id == id)
                        out += (out.empty() ? "" : ", ") + f.question_set().option_label(q, o, f.language());
            return out.empty() ? s.skipped : out;
        }
        case QuestionKind::comment:
            break;
    }
    return "";
}

/// The language buttons at the top of the attract screen, each in its own language ("Polski").
/// They keep clear of the staff corner. Returns the y below them.
float language_buttons(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    if (!in.catalogues) return m.pad + m.bar_h * 0.5f;
    std::vector<LanguageOption> langs = in.catalogues->languages();
    if (langs.size() < 2) return m.pad + m.bar_h * 0.5f;
    // The language picker stays where it is in every language, clear of the staff corner.
    MirrorPause same_place_in_every_language;
    float corner = m.bar_h * 1.2f + m.gap;
    float n = static_cast<float>(langs.size());
    ImFont* font = in.fonts.body;
    std::vector<float> widths;
    // One row at the top right when the names fit: roomy buttons first, then as narrow as their
    // names (never under the touch target), then in the small font.
    auto one_row = [&](ImFont* f, float min_w) {
        widths.clear();
        float sum = m.gap * (n - 1);
        for (const auto& l : langs) {
            widths.push_back(button_width_for(in, l.name.c_str(), f, min_w));
            sum += widths.back();
        }
        return sum;
    };
    const float room = m.width - m.pad - corner;
    float sum = one_row(font, m.bar_h * 1.8f);
    if (sum > room) sum = one_row(font, Metrics::min_target_px);
    if (sum > room && one_row(in.fonts.small, Metrics::min_target_px) <= room) {
        font = in.fonts.small;
        sum = one_row(font, Metrics::min_target_px);
    }
    float y = m.pad, x;
    float row_h = m.bar_h;
    std::size_t per_row = langs.size();
    if (sum <= room) {
        x = m.width - m.pad - sum;  // one row, top right
    } else {
        // Several rows of equal buttons: beside the staff corner when the names fit there, else
        // full width under it (portrait); as few rows as hold every name whole, in the body font
        // or else the small one (seven languages on a portrait screen: three rows).
        auto each_for = [&](float span, std::size_t count) {
            return (span - m.gap * static_cast<float>(count - 1)) / static_cast<float>(count);
        };
        auto fits = [&](float span, std::size_t count, ImFont* f) {
            for (const auto& l : langs)
                if (button_width_for(in, l.name.c_str(), f, 0) > each_for(span, count)) return false;
            return true;
        };
        const std::size_t most_rows = m.portrait ? langs.size() : 2;
        auto plan = [&](float span, std::size_t& rows, ImFont*& f) {
            for (rows = 2; rows <= most_rows; ++rows) {
                std::size_t count = (langs.size() + rows - 1) / rows;
                for (ImFont* candidate : {in.fonts.body, in.fonts.small})
                    if (fits(span, count, candidate)) {
                        f = candidate;
                        return true;
                    }
            }
            return false;
        };
        std::size_t rows = 2;
        float span = room;
        if (plan(span, rows, font)) {
            x = corner;
        } else {
            span = m.width - 2 * m.pad;
            if (!plan(span, rows, font)) {
                rows = most_rows;
                font = in.fonts.small;
            }
            x = m.pad;
            y = corner;
        }
        per_row = (langs.size() + rows - 1) / rows;
        // Lower buttons (still touch targets) when there are several rows, so the welcome keeps its room.
        row_h = std::min(m.bar_h, std::max(Metrics::min_target_px, m.bar_h * 0.75f));
        std::fill(widths.begin(), widths.end(), each_for(span, per_row));
    }
    const float x0 = x;
    for (std::size_t i = 0; i < langs.size(); ++i) {
        if (i > 0 && i % per_row == 0) {
            x = x0;
            y += row_h + m.gap;
        }
        bool on = in.flow.language() == langs[i].code;
        std::string id = "lang_" + langs[i].code;
        if (big_button(in, st, id.c_str(), langs[i].name.c_str(), ImVec2(x, y), ImVec2(widths[i], row_h),
                       on ? ButtonStyle::selected : ButtonStyle::secondary, Icon::none, font))
            out.push_back(ev::SetLanguage{langs[i].code});
        x += widths[i] + m.gap;
    }
    return y + row_h + m.gap;
}

}  // namespace

// [SECTION] Frame

void draw_frame(const FrameInput& in, UiState& st, UiEvents& out) {
    st.hits.clear();
    st.texts.clear();
    LayoutRecorder recording(st);
    ComplexTextScope complex(in.complex, is_rtl_language(in.flow.language()) ? in.metrics.width : 0.0f);
    st.wake_in_s = 1e9;
    if (st.session_seen != in.flow.session_number()) {
        // A new young person: nothing typed or toggled by the last one may survive.
        st.session_seen = in.flow.session_number();
        st.keyboard = KeyboardState{};
    }
    update_touch(in, st, out);

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(in.metrics.width, in.metrics.height));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                             ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushFont(in.fonts.body);
    ImGui::Begin("##screen", nullptr, flags);
    switch (in.flow.screen()) {
        case Screen::not_set_up:
            draw_not_set_up(in, st, out);
            break;
        case Screen::attract:
            draw_attract(in, st, out);
            break;
        case Screen::accessibility:
            draw_accessibility(in, st, out);
            break;
        case Screen::age_band:
            draw_age_band(in, st, out);
            break;
        case Screen::question:
            draw_question(in, st, out);
            break;
        case Screen::comment:
            draw_comment(in, st, out);
            break;
        case Screen::review:
            draw_review(in, st, out);
            break;
        case Screen::thank_you:
            draw_thank_you(in, st, out);
            break;
        case Screen::save_failed:
            draw_save_failed(in, st, out);
            break;
        case Screen::staff_pin:
            draw_staff_pin(in, st, out);
            break;
        case Screen::staff:
            draw_staff(in, st, out);
            break;
    }
    ImGui::End();
    if (in.flow.help_open())
        draw_help_overlay(in, st, out);
    else if (in.flow.idle_warning(in.now))
        draw_idle_overlay(in, st, out);
    ImGui::PopFont();
}

// [SECTION] Screens

void draw_not_set_up(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    float bottom = footer(in, st, out, {});
    float w = m.width - 4 * m.pad;
    float h = text_height(in.fonts.title, in.strings.not_set_up_title, w) + m.gap +
              text_height(in.fonts.body, in.strings.not_set_up_body, w);
    float y = std::max(m.pad, (bottom - h) * 0.5f);
    y += wrapped_text(in.fonts.title, in.palette.text, in.strings.not_set_up_title, ImVec2(2 * m.pad, y), w, true) +
         m.gap;
    wrapped_text(in.fonts.body, in.palette.muted_text, in.strings.not_set_up_body, ImVec2(2 * m.pad, y), w, true);
}

void draw_attract(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float bottom =
        footer(in, st, out, {FooterItem{"settings", s.settings, ButtonStyle::secondary, ev::OpenAccessibility{}}});
    float top = language_buttons(in, st, out);
    float w = std::min(m.width - 4 * m.pad, m.body_px * 26);
    float x = (m.width - w) * 0.5f;
    float start_h = std::max(m.button_h * 1.3f, m.title_px * 2.4f);
    ImFont* body_font = in.fonts.body;
    ImFont* title_font = in.fonts.title;
    const char* welcome_body = s.welcome_body;
    auto block_h = [&] {
        // Centred text is drawn at 1.15 line spacing (wrapped_text), so count it that way.
        return (text_height(title_font, s.welcome_title, w) + text_height(body_font, welcome_body, w)) * 1.15f +
               m.gap * 5 + start_h;
    };
    float block = block_h();
    // Short screens with large text: a smaller Start button, then smaller words, so nothing
    // runs into the buttons at the bottom.
    if (block > bottom - top) start_h = std::max(m.button_h, start_h - (block - (bottom - top)));
    if ((block = block_h()) > bottom - top) body_font = in.fonts.small;
    if ((block = block_h()) > bottom - top) title_font = in.fonts.body;
    if ((block = block_h()) > bottom - top) start_h = std::max(Metrics::min_target_px, start_h - (block - (bottom - top)));
    if ((block = block_h()) > bottom - top) welcome_body = "";  // last resort: the title and Start only
    block = block_h();
    // "You said, we did" under Start, only when it fits whole with Start still big (so not at 800x480).
    const float panel_w = m.width - 4 * m.pad;  // wide, so a reply takes few lines
    const float panel_h = you_said_panel_height(in, panel_w);
    bool panel = false;
    if (panel_h > 0) {
        // Start stays a big target (72 px or more), the panel gets the rest.
        const float compact_start = std::min(start_h, std::max(72.0f, m.button_h * 0.8f));
        const float grown = block - start_h + compact_start + m.gap * 2 + panel_h;
        if (grown <= bottom - top - m.gap) {
            panel = true;
            block = grown;
            start_h = compact_start;
        }
    }
    float y = std::max(top, top + (bottom - top - block) * 0.5f);
    // A friendly face above the welcome, when there is room.
    if (y - top > m.bar_h * 1.6f) {
        float r = std::min(m.bar_h * 0.6f, (y - top) * 0.3f);
        ImVec2 o = ImGui::GetWindowPos();
        draw_icon(ImGui::GetWindowDrawList(), Icon::face5, ImVec2(o.x + m.width * 0.5f, o.y + y - r - m.gap * 2), r,
                  in.palette, in.palette.text);
    }
    y += wrapped_text(title_font, in.palette.text, s.welcome_title, ImVec2(x, y), w, true) + m.gap * 2;
    y += wrapped_text(body_font, in.palette.muted_text, welcome_body, ImVec2(x, y), w, true) + m.gap * 3;
    float bw = std::min(w, std::max(m.width * 0.4f, button_width_for(in, s.start, in.fonts.title, 0)));
    if (big_button(in, st, "start", s.start, ImVec2((m.width - bw) * 0.5f, y), ImVec2(bw, start_h),
                   ButtonStyle::primary, Icon::none, in.fonts.title))
        out.push_back(ev::Start{});
    if (panel) draw_you_said_panel(in, st, ImVec2((m.width - panel_w) * 0.5f, y + start_h + m.gap * 2), panel_w);
}

void draw_accessibility(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float bottom = footer(in, st, out, {FooterItem{"done", s.done, ButtonStyle::primary, ev::CloseAccessibility{}}});
    float y = m.pad;
    y += wrapped_text(in.fonts.title, in.palette.text, s.settings_title, ImVec2(m.pad, y), m.width - 2 * m.pad, true) +
         m.gap;
    AccessibilitySettings a = in.flow.accessibility();
    struct Row {
        const char* id;
        const char* label;
        bool AccessibilitySettings::*field;
    };
    const Row rows[] = {{"larger_text", s.larger_text, &AccessibilitySettings::larger_text},
                        {"high_contrast", s.high_contrast, &AccessibilitySettings::high_contrast},
                        {"dyslexia_font", s.dyslexia_font, &AccessibilitySettings::dyslexia_font},
                        {"read_aloud", s.read_aloud, &AccessibilitySettings::read_aloud}};
    // No read-aloud setting for a language espeak-ng has no voice for: a button that says nothing
    // would look broken.
    const int n = in.read_aloud_available ? 4 : 3;
    bool two_cols = !m.portrait;
    float cols = two_cols ? 2.0f : 1.0f;
    float w = (m.width - 2 * m.pad - m.gap * (cols - 1)) / cols;
    float rows_n = two_cols ? 2.0f : static_cast<float>(n);
    float h = std::min(m.button_h * 1.3f, (bottom - y - m.gap * (rows_n - 1)) / rows_n);
    h = std::max(h, Metrics::min_target_px);
    for (int i = 0; i < n; ++i) {
        int col = two_cols ? i % 2 : 0, row = two_cols ? i / 2 : i;
        ImVec2 pos(m.pad + (w + m.gap) * static_cast<float>(col), y + (h + m.gap) * static_cast<float>(row));
        bool on = a.*(rows[i].field);
        std::string label = std::string(rows[i].label) + ": " + (on ? s.on : s.off);
        if (big_button(in, st, rows[i].id, label.c_str(), pos, ImVec2(w, h),
                       on ? ButtonStyle::selected : ButtonStyle::secondary, on ? Icon::tick : Icon::none)) {
            AccessibilitySettings changed = a;
            changed.*(rows[i].field) = !on;
            out.push_back(ev::SetAccessibility{changed});
        }
    }
}

void draw_age_band(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float top = header(in, st, out, true, false, true);
    float bottom = footer(in, st, out, {});
    top += wrapped_text(in.fonts.title, in.palette.text, s.age_title, ImVec2(m.pad, top), m.width - 2 * m.pad, true) +
           m.gap;
    // 4 to 7 only when the set has an under-8s path.
    const int first = in.flow.offers_under_8s() ? 0 : 1;
    const AgeBand all_bands[] = {AgeBand::age_4_7, AgeBand::age_8_12, AgeBand::age_13_17, AgeBand::care_leaver_16_25,
                                 AgeBand::unsaid};
    const char* all_ids[] = {"age_4_7", "age_8_12", "age_13_17", "age_16_25", "age_unsaid"};
    const AgeBand* bands = all_bands + first;
    const char* const* ids = all_ids + first;
    const int n = 5 - first;
    auto style = [n](int i) { return i == n - 1 ? ButtonStyle::secondary : ButtonStyle::primary; };
    if (m.portrait) {
        auto slots = answer_slots(m, static_cast<std::size_t>(n), top, bottom, true);
        for (int i = 0; i < n; ++i)
            if (big_button(in, st, ids[i], age_band_label(s, bands[i]), slots[static_cast<std::size_t>(i)].pos,
                           slots[static_cast<std::size_t>(i)].size, style(i)))
                out.push_back(ev::ChooseAge{bands[i]});
        return;
    }
    // Two rows: with five bands the three school ages on top, care leavers and "rather not say"
    // below (the long labels get the wide buttons); with four, two and two.
    float h = std::min(m.button_h * 1.6f, (bottom - top - m.gap) / 2);
    h = std::max(h, Metrics::min_target_px);
    float y0 = top + std::max(0.0f, (bottom - top - 2 * h - m.gap) * 0.5f);
    const int top_row = n == 5 ? 3 : 2;
    for (int i = 0; i < n; ++i) {
        int row = i < top_row ? 0 : 1, col = i < top_row ? i : i - top_row;
        float per_row = static_cast<float>(row == 0 ? top_row : n - top_row);
        float w = (m.width - 2 * m.pad - m.gap * (per_row - 1)) / per_row;
        ImVec2 pos(m.pad + (w + m.gap) * static_cast<float>(col), y0 + (h + m.gap) * static_cast<float>(row));
        if (big_button(in, st, ids[i], age_band_label(s, bands[i]), pos, ImVec2(w, h), style(i)))
            out.push_back(ev::ChooseAge{bands[i]});
    }
}

namespace {

/// The under-8s question: a picture and the words (read aloud), three big faces, one big Next.
void draw_under_8s_question(const FrameInput& in, UiState& st, UiEvents& out, const Question& q) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    const Flow& f = in.flow;
    float top = header(in, st, out, false, true, true);
    float bottom = footer(in, st, out, {FooterItem{"next", s.next, ButtonStyle::primary, ev::Next{}}});
    const std::string& text = f.question_set().text_for(q, f.age_band_or_unsaid(), f.language());
    // The picture sits beside the words in landscape and above them in portrait (narrow lines
    // would split long words), when there is room for it above the faces.
    float pic = std::min(m.button_h * 1.2f, (bottom - top) * (m.portrait ? 0.2f : 0.3f));
    ImVec2 o = ImGui::GetWindowPos();
    if (pic < Metrics::min_target_px) pic = 0;
    if (pic > 0 && m.portrait) {
        draw_picture(ImGui::GetWindowDrawList(), q.picture, ImVec2(o.x + m.width * 0.5f, o.y + top + pic * 0.5f),
                     pic * 0.5f, in.palette);
        top += pic + m.gap;
        pic = 0;
    } else if (pic > 0) {
        // At the end of the line: the right in English, the left in a mirrored layout (the words
        // and their read-again button then start on the right).
        const float left = mirror_x(m.width - m.pad - pic, pic);
        draw_picture(ImGui::GetWindowDrawList(), q.picture, ImVec2(o.x + left + pic * 0.5f, o.y + top + pic * 0.5f),
                     pic * 0.5f, in.palette);
    }
    Metrics beside = m;
    beside.width -= pic > 0 ? pic + m.gap : 0;
    FrameInput narrow{in.flow,     in.staff, in.palette, in.fonts, beside, in.strings, in.now, in.staff_long_press_s,
                      in.you_said_we_did, in.catalogues, in.complex, in.site_contact, in.read_aloud_available};
    float words_bottom = question_text(narrow, st, out, text, top, in.fonts.title);
    top = std::max(words_bottom, top + pic + m.gap);
    const std::optional<Answer>& prev = f.answer_at(f.question_index());
    auto slots = answer_slots(m, 3, top, bottom);
    for (int i = 0; i < 3; ++i) {
        int value = i + 1;
        static const char* const choices[] = {"no", "unsure", "yes"};
        bool chosen = prev && prev->state == AnswerState::value &&
                      (q.kind == QuestionKind::yes_no ? prev->choice == choices[i]
                                                      : prev->scale == (q.kind == QuestionKind::smiley5 ? 2 * value - 1 : value));
        std::string id = "scale_" + std::to_string(value);
        const Slot& slot = slots[static_cast<std::size_t>(i)];
        static const Icon faces[] = {Icon::face1, Icon::face3, Icon::face5};
        // Yes/no questions keep their own words under the faces: No, Not sure, Yes.
        const char* label = q.kind == QuestionKind::yes_no ? (i == 0 ? s.no : i == 1 ? s.unsure : s.yes) : s.smiley3[i];
        if (big_button(in, st, id.c_str(), label, slot.pos, slot.size,
                       chosen ? ButtonStyle::selected : ButtonStyle::plain, faces[i], in.fonts.body))
            out.push_back(ev::AnswerFace{value});
    }
}

/// The end of the under-8s path: "All done!" and two big buttons that both send.
void draw_under_8s_done(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float top = header(in, st, out, false, true, true);
    float bottom = footer(in, st, out, {});
    float w = m.width - 2 * m.pad;
    top += wrapped_text(in.fonts.title, in.palette.text, s.all_done, ImVec2(m.pad, top), w, true) + m.gap;
    top += wrapped_text(in.fonts.body, in.palette.text, s.who_helped, ImVec2(m.pad, top), w, true) + m.gap;
    auto slots = answer_slots(m, 2, top, bottom);
    if (big_button(in, st, "send_on_my_own", s.on_my_own, slots[0].pos, slots[0].size, ButtonStyle::primary,
                   Icon::face5, in.fonts.body))
        out.push_back(ev::Send{false});
    if (big_button(in, st, "send_grown_up_helped", s.grown_up_helped, slots[1].pos, slots[1].size, ButtonStyle::primary,
                   Icon::tick, in.fonts.body))
        out.push_back(ev::Send{true});
}

}  // namespace

void draw_question(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    const Flow& f = in.flow;
    const Question* q = f.current_question();
    if (!q) return;
    if (f.under_8s()) return draw_under_8s_question(in, st, out, *q);
    float top = header(in, st, out, true, true, true);
    std::vector<FooterItem> items = {
        FooterItem{"skip", s.skip, ButtonStyle::secondary, ev::Skip{}},
        FooterItem{"rather_not_say", s.rather_not_say, ButtonStyle::secondary, ev::RatherNotSay{}}};
    if (q->kind == QuestionKind::chips) items.push_back(FooterItem{"next", s.next, ButtonStyle::primary, ev::Next{}});
    float bottom = footer(in, st, out, items);
    const std::string& text = f.question_set().text_for(*q, f.age_band_or_unsaid(), f.language());
    {
        // Long words at large text: the question steps down a font size until the answers fit.
        float qw = m.width - 2 * m.pad - (reads_aloud(in) ? m.bar_h + m.gap : 0);
        float need = q->kind == QuestionKind::chips ? m.button_h * 1.5f
                     : m.portrait                   ? static_cast<float>(std::max(q->scale_points(), 3)) * Metrics::min_target_px
                     : q->scale_points() > 0        ? m.button_h * 1.6f  // faces above their words
                                                    : m.button_h;
        ImFont* font = in.fonts.title;
        for (ImFont* candidate : {in.fonts.title, in.fonts.body, in.fonts.small}) {
            font = candidate;
            if (bottom - top - text_height(candidate, text.c_str(), qw) - m.gap >= need) break;
        }
        top = question_text(in, st, out, text, top, font);
    }
    const std::optional<Answer>& prev = f.answer_at(f.question_index());

    if (q->kind == QuestionKind::smiley3 || q->kind == QuestionKind::smiley5) {
        int n = q->scale_points();
        auto slots = answer_slots(m, static_cast<std::size_t>(n), top, bottom);
        for (int i = 0; i < n; ++i) {
            int value = i + 1;
            // A 3-point scale uses the bad / OK / good faces of the 5-point one.
            int face = n == 3 ? (value == 1 ? 1 : value == 2 ? 3 : 5) : value;
            const char* label = n == 3 ? s.smiley3[i] : s.smiley5[i];
            bool chosen = prev && prev->state == AnswerState::value && prev->scale == value;
            std::string id = "scale_" + std::to_string(value);
            const Slot& slot = slots[static_cast<std::size_t>(i)];
            // Two-line labels ("Bardzo dobrze") in a short button: smaller words, the face keeps room;
            // the same size for every face in the row.
            float px = in.fonts.small->FontSize;
            for (int j = 0; j < n; ++j)
                if (text_size(in.fonts.small, n == 3 ? s.smiley3[j] : s.smiley5[j]).x > slot.size.x * 0.85f)
                    px = std::min(px, std::max(slot.size.y * 0.25f, 18.0f));
            if (big_button(in, st, id.c_str(), label, slot.pos, slot.size,
                           chosen ? ButtonStyle::selected : ButtonStyle::plain,
                           static_cast<Icon>(static_cast<int>(Icon::face1) + face - 1), in.fonts.small, px))
                out.push_back(ev::AnswerScale{value});
        }
    } else if (q->kind == QuestionKind::yes_no) {
        struct Opt {
            const char* id;
            const char* label;
            const char* value;
            Icon icon;
        };
        const Opt opts[] = {{"yes", s.yes, "yes", Icon::tick},
                            {"unsure", s.unsure, "unsure", Icon::question},
                            {"no", s.no, "no", Icon::cross}};
        auto slots = answer_slots(m, 3, top, bottom);
        for (std::size_t i = 0; i < 3; ++i) {
            bool chosen = prev && prev->state == AnswerState::value && prev->choice == opts[i].value;
            if (big_button(in, st, opts[i].id, opts[i].label, slots[i].pos, slots[i].size,
                           chosen ? ButtonStyle::selected : ButtonStyle::plain, opts[i].icon))
                out.push_back(ev::AnswerChoice{opts[i].value});
        }
    } else if (q->kind == QuestionKind::chips) {
        float hint_h = wrapped_text(in.fonts.small, in.palette.muted_text, s.pick_any, ImVec2(m.pad, top),
                                    m.width - 2 * m.pad, true);
        top += hint_h + m.gap;
        begin_scroll_area(in, st, "##chips", ImVec2(0, top), ImVec2(m.width, bottom - top));
        float x = m.pad, y = 0, h = std::max(m.button_h * 0.9f, 64.0f);
        float max_x = m.width - m.pad;
        for (const auto& o : q->options) {
            bool on = std::find(f.chip_draft().begin(), f.chip_draft().end(), o.id) != f.chip_draft().end();
            const std::string& label = f.question_set().option_label(*q, o, f.language());
            float w =
                std::min(max_x - m.pad, button_width_for(in, label.c_str(), in.fonts.body, m.button_h * 2) + h * 0.6f);
            if (x + w > max_x) {
                x = m.pad;
                y += h + m.gap;
            }
            std::string id = "chip_" + o.id;
            if (big_button(in, st, id.c_str(), label.c_str(), ImVec2(x, y), ImVec2(w, h),
                           on ? ButtonStyle::selected : ButtonStyle::plain, on ? Icon::tick : Icon::none))
                out.push_back(ev::ToggleChip{o.id});
            x += w + m.gap;
        }
        ImGui::SetCursorPos(ImVec2(0, y + h));
        ImGui::Dummy(ImVec2(1, 1));
        end_scroll_area();
    }
}

namespace {

// The first sentence of a text: up to its first full stop ("." then a space, "።", "۔" or "؟").
std::string first_sentence(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')) return text.substr(0, i + 1);
        for (const char* stop : {"\u1362", "\u06D4", "\u061F"})
            if (text.compare(i, std::strlen(stop), stop) == 0) return text.substr(0, i + std::strlen(stop));
    }
    return text;
}

}  // namespace

void draw_comment(const FrameInput& full, UiState& st, UiEvents& out) {
    const Flow& f = full.flow;
    const Question* q = f.current_question();
    if (!q) return;
    const Strings& s = full.strings;
    const std::vector<FooterItem> items = {FooterItem{"skip", s.skip, ButtonStyle::secondary, ev::Skip{}},
                                           FooterItem{"next", s.next, ButtonStyle::primary, ev::Next{}}};
    const std::string question = f.question_set().text_for(*q, f.age_band_or_unsaid(), f.language());
    // Short screens at the largest text: when the keys (full touch target), one line of text box
    // and the question in the small font do not fit between the bars, the bars get lower (not
    // under 56 px) and the margins thinner, so the keys keep their size.
    Metrics tight = full.metrics;
    FrameInput in{full.flow,
                  full.staff,
                  full.palette,
                  full.fonts,
                  tight,
                  full.strings,
                  full.now,
                  full.staff_long_press_s,
                  full.you_said_we_did,
                  full.catalogues,
                  full.complex,
                  full.site_contact,
                  full.read_aloud_available};
    // Before the box, what happens to a message: a grown-up reads it and may act, never knowing who.
    // Short screens with large text keep its first sentence ("A grown-up reads every message.");
    // read-aloud still says all of it.
    std::string safety = s.comment_safety;
    const auto safety_height = [&](const Metrics& mt) {
        return text_height(in.fonts.small, safety.c_str(), mt.width - 2 * mt.pad) + mt.gap * 0.5f;
    };
    for (int round = 0; round < 3; ++round) {
        float top = header(in, st, out, true, true, true, false);
        float bottom = footer(in, st, out, items, true, false);
        float w = tight.width - 2 * tight.pad;
        float spare = bottom - top - text_height(in.fonts.small, question.c_str(), w) * 1.15f - tight.gap * 1.5f -
                      safety_height(tight) - (in.fonts.body->FontSize + 2 * tight.gap) -
                      keyboard_min_height(in, tight.pad, tight.width - tight.pad);
        if (spare >= 0) break;
        if (round == 0) {
            int bars = bottom < tight.height - tight.pad - tight.bar_h * 1.5f ? 3 : 2;  // footer on two rows?
            tight.bar_h = std::max(Metrics::min_target_px, std::floor(tight.bar_h + spare / static_cast<float>(bars)));
        } else {
            tight.pad = std::max(6.0f, tight.pad * 0.5f);
            tight.gap = std::max(6.0f, tight.gap * 0.7f);
        }
    }
    const Metrics& m = tight;
    float top = header(in, st, out, true, true, true);
    float bottom = footer(in, st, out, items);
    float w = m.width - 2 * m.pad;
    // The keys come first: they keep the full touch target, and the words and the text box take
    // what is left. Short screens with large text: the question in the small font, the box one line.
    const float inner = m.gap;
    const float kb_need = keyboard_min_height(in, m.pad, m.width - m.pad);
    const float min_box = in.fonts.body->FontSize + 2 * inner;
    auto room_for_box = [&](ImFont* qf) {
        return bottom - top - text_height(qf, question.c_str(), w) * 1.15f - safety_height(m) - m.gap * 1.5f - kb_need;
    };
    if (room_for_box(in.fonts.small) < min_box) safety = first_sentence(safety);
    // Shortest screens: the sentence stands in the empty box instead of the hint.
    std::string hint = s.comment_hint;
    if (room_for_box(in.fonts.small) < min_box) {
        hint = safety;
        safety.clear();
    }
    ImFont* q_font = (bottom - top) < m.height * 0.55f ? in.fonts.small : in.fonts.body;
    if (room_for_box(q_font) < min_box) q_font = in.fonts.small;
    top += wrapped_text(q_font, in.palette.text, question.c_str(), ImVec2(m.pad, top), w, true) + m.gap * 0.5f;
    if (!safety.empty())
        top += wrapped_text(in.fonts.small, in.palette.text, safety.c_str(), ImVec2(m.pad, top), w) + m.gap * 0.5f;
    // The text box: shows the end of the comment with a steady caret (no blinking: no redraws).
    float box_h = m.compact || q_font == in.fonts.small
                      ? in.fonts.body->FontSize * 1.6f
                      : std::max(in.fonts.body->FontSize * 2.4f, (bottom - top) * 0.22f);
    box_h = std::max(min_box, std::min(box_h, bottom - top - m.gap - kb_need));
    ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 a(o.x + m.pad, o.y + top), b(o.x + m.pad + w, o.y + top + box_h);
    dl->AddRectFilled(a, b, to_u32(in.palette.panel), m.rounding * 0.5f);
    dl->AddRect(a, b, to_u32(in.palette.focus), m.rounding * 0.5f, 0, 3.0f);
    std::string shown = f.comment() + "|";
    ImFont* font = in.fonts.body;
    float tw = w - 2 * inner;
    float th = text_height(font, shown.c_str(), tw);
    dl->PushClipRect(a, b, true);
    float ty = a.y + inner - std::max(0.0f, th - (box_h - 2 * inner));
    const ComplexText* shaper = active_complex_text();
    if (f.comment().empty() && shaper && needs_shaping(hint)) {
        float hy = ty;
        for (const auto& l : shaper->wrap(in.fonts.small, in.fonts.small->FontSize, hint, tw)) {
            float lw = shaper->width(in.fonts.small, in.fonts.small->FontSize, l);
            shaper->draw(dl, in.fonts.small, in.fonts.small->FontSize,
                         ImVec2(shaper->rtl() ? a.x + inner + tw - lw : a.x + inner, hy), to_u32(in.palette.muted_text), l);
            hy += in.fonts.small->FontSize;
        }
    } else if (f.comment().empty()) {
        dl->AddText(in.fonts.small, in.fonts.small->FontSize, ImVec2(a.x + inner, ty), to_u32(in.palette.muted_text),
                    hint.c_str(), nullptr, tw);
    } else if (shaper && needs_shaping(shown)) {
        // Typed Arabic: the comment on one line from the right, the caret where it ends (its left
        // in a right-to-left line; the Arabic font has no "|" of its own).
        const std::string& typed = f.comment();
        float lw = shaper->width(font, font->FontSize, typed);
        float x0 = shaper->rtl() ? a.x + inner + std::max(0.0f, tw - lw) : a.x + inner;
        shaper->draw(dl, font, font->FontSize, ImVec2(x0, ty), to_u32(in.palette.text), typed);
        float cx = shaper->rtl() ? x0 - 3.0f : x0 + lw + 3.0f;
        dl->AddLine(ImVec2(cx, ty + font->FontSize * 0.1f), ImVec2(cx, ty + font->FontSize * 0.95f),
                    to_u32(in.palette.text), 2.0f);
    } else {
        dl->AddText(font, font->FontSize, ImVec2(a.x + inner, ty), to_u32(in.palette.text), shown.c_str(), nullptr, tw);
    }
    dl->PopClipRect();
    top += box_h + m.gap;
    draw_keyboard(in, st, st.keyboard, ImVec2(m.pad, top), ImVec2(m.width - m.pad, bottom), out);
}

void draw_review(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    const Flow& f = in.flow;
    if (f.under_8s()) return draw_under_8s_done(in, st, out);
    float top = header(in, st, out, true, true, true);
    float bottom = footer(in, st, out, {FooterItem{"send", s.send, ButtonStyle::primary, ev::Send{}, Icon::tick}});
    float w = m.width - 2 * m.pad;
    top += wrapped_text(in.fonts.title, in.palette.text, s.review_title, ImVec2(m.pad, top), w, true);
    top += wrapped_text(in.fonts.small, in.palette.muted_text, s.review_body, ImVec2(m.pad, top), w, true) + m.gap;
    begin_scroll_area(in, st, "##review", ImVec2(0, top), ImVec2(m.width, bottom - top));
    const QuestionSet& set = f.question_set();
    float y = 0;
    AgeBand band = f.age_band_or_unsaid();
    for (std::size_t i = 0; i < f.question_count(); ++i) {
        const Question& q = f.question_at(i);
        std::string words = q.kind == QuestionKind::comment
                                ? (f.comment().empty() ? std::string(s.no_comment) : f.comment())
                                : answer_words(s, f, q, f.answer_at(i), !f.comment().empty());
        std::string qtext = set.text_for(q, band, f.language());
        float row_w = w - m.gap * 2;
        float h = text_height(in.fonts.small, qtext.c_str(), row_w) + text_height(in.fonts.body, words.c_str(), row_w) +
                  m.gap * 2.5f;
        h = std::max(h, 64.0f);
        std::string id = "review_" + q.id;
        if (big_button(in, st, id.c_str(), "", ImVec2(m.pad, y), ImVec2(w, h), ButtonStyle::plain))
            out.push_back(ev::EditQuestion{i});
        float ty = y + m.gap;
        ty += wrapped_text(in.fonts.small, in.palette.muted_text, qtext.c_str(), ImVec2(m.pad + m.gap, ty), row_w);
        wrapped_text(in.fonts.body, in.palette.text, words.c_str(), ImVec2(m.pad + m.gap, ty), row_w);
        y += h + m.gap;
    }
    ImGui::SetCursorPos(ImVec2(0, y));
    ImGui::Dummy(ImVec2(1, 1));
    end_scroll_area();
}

void draw_thank_you(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float bottom = footer(in, st, out, {FooterItem{"finish", s.finish, ButtonStyle::primary, ev::DismissMessage{}}});
    float w = std::min(m.width - 4 * m.pad, m.body_px * 28);
    float x = (m.width - w) * 0.5f;
    float h = text_height(in.fonts.title, s.thanks_title, w) + text_height(in.fonts.body, s.thanks_body, w) + m.gap * 2;
    if (in.flow.thanked_with_help()) h += text_height(in.fonts.title, s.thanks_help, w) + m.gap * 2;
    float y = std::max(m.pad, (bottom - h) * 0.5f);
    if (y > m.bar_h * 1.6f) {
        float r = std::min(m.bar_h * 0.6f, y * 0.3f);
        ImVec2 o = ImGui::GetWindowPos();
        draw_icon(ImGui::GetWindowDrawList(), Icon::face5, ImVec2(o.x + m.width * 0.5f, o.y + y - r - m.gap * 2), r,
                  in.palette, in.palette.text);
    }
    y += wrapped_text(in.fonts.title, in.palette.text, s.thanks_title, ImVec2(x, y), w, true) + m.gap * 2;
    y += wrapped_text(in.fonts.body, in.palette.text, s.thanks_body, ImVec2(x, y), w, true) + m.gap * 2;
    if (in.flow.thanked_with_help())
        wrapped_text(in.fonts.title, in.palette.text, s.thanks_help, ImVec2(x, y), w, true);
}

void draw_save_failed(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    float bottom = footer(in, st, out, {FooterItem{"ok", s.ok, ButtonStyle::primary, ev::DismissMessage{}}});
    float w = std::min(m.width - 4 * m.pad, m.body_px * 28);
    float x = (m.width - w) * 0.5f;
    float h = text_height(in.fonts.title, s.save_failed_title, w) + text_height(in.fonts.body, s.save_failed_body, w) +
              m.gap * 2;
    float y = std::max(m.pad, (bottom - h) * 0.5f);
    y += wrapped_text(in.fonts.title, in.palette.text, s.save_failed_title, ImVec2(x, y), w, true) + m.gap * 2;
    wrapped_text(in.fonts.body, in.palette.text, s.save_failed_body, ImVec2(x, y), w, true);
}

// [SECTION] Overlays

namespace {
void begin_overlay(const FrameInput& in, const char* name) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(in.metrics.width, in.metrics.height));
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0.6f));
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleColor();
}

/// A centred panel; returns its top-left and size (window coordinates).
std::pair<ImVec2, ImVec2> panel(const FrameInput& in, float content_h) {
    const Metrics& m = in.metrics;
    float w = std::min(m.width - 2 * m.pad, std::max(m.width * 0.7f, m.body_px * 20));
    float h = std::min(m.height - 2 * m.pad, content_h);
    ImVec2 pos((m.width - w) * 0.5f, (m.height - h) * 0.5f);
    ImVec2 o = ImGui::GetWindowPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(o.x + pos.x, o.y + pos.y),
                                              ImVec2(o.x + pos.x + w, o.y + pos.y + h), to_u32(in.palette.background),
                                              m.rounding);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(o.x + pos.x, o.y + pos.y), ImVec2(o.x + pos.x + w, o.y + pos.y + h),
                                        to_u32(in.palette.border), m.rounding, 0, 2.0f);
    return {pos, ImVec2(w, h)};
}
}  // namespace

void draw_help_overlay(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    begin_overlay(in, "##help");
    float inner = m.pad;
    float w_guess = std::min(m.width - 2 * m.pad, std::max(m.width * 0.7f, m.body_px * 20)) - 2 * inner;
    const char* flag_text = in.flow.help_flagged() ? s.help_flagged : nullptr;
    // Large text on a short screen: the words drop to the small font so the buttons stay apart.
    ImFont* body = in.fonts.body;
    // Staff here, the site's own contact (when a manager set one), Childline, 999.
    const auto lines = help_lines(s, in.site_contact ? std::optional<KioskSiteContact>(*in.site_contact) : std::nullopt);
    auto content_h = [&] {
        float h = text_height(in.fonts.title, s.help_title, w_guess);
        for (const auto& l : lines) h += text_height(body, l.c_str(), w_guess) + m.gap;
        return h + (flag_text ? text_height(body, flag_text, w_guess) : m.button_h) + m.bar_h + m.gap * 5 + inner * 2;
    };
    if (content_h() > m.height - 2 * m.pad) body = in.fonts.small;
    float content = content_h();
    auto [pos, size] = panel(in, content);
    float x = pos.x + inner, w = size.x - 2 * inner, y = pos.y + inner;
    y += wrapped_text(in.fonts.title, in.palette.text, s.help_title, ImVec2(x, y), w, true) + m.gap * 1.5f;
    for (const auto& l : lines) y += wrapped_text(body, in.palette.text, l.c_str(), ImVec2(x, y), w) + m.gap;
    y += m.gap;
    if (flag_text) {
        y += wrapped_text(body, in.palette.text, flag_text, ImVec2(x, y), w) + m.gap * 2;
    } else {
        if (big_button(in, st, "help_flag", s.help_flag, ImVec2(x, y), ImVec2(w, m.button_h), ButtonStyle::help))
            out.push_back(ev::FlagForFollowUp{});
        y += m.button_h + m.gap * 2;
    }
    float bw = std::min(w, button_width_for(in, s.help_close, in.fonts.body, m.bar_h * 2.5f));
    if (big_button(in, st, "help_close", s.help_close,
                   ImVec2(x + (w - bw) * 0.5f, std::min(y, pos.y + size.y - inner - m.bar_h)), ImVec2(bw, m.bar_h),
                   ButtonStyle::secondary, Icon::back))
        out.push_back(ev::CloseHelp{});
    ImGui::End();
}

void draw_idle_overlay(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const Strings& s = in.strings;
    begin_overlay(in, "##idle");
    char body[160];
    std::snprintf(body, sizeof body, s.idle_body, in.flow.idle_seconds_left(in.now));
    float inner = m.pad;
    float w_guess = std::min(m.width - 2 * m.pad, std::max(m.width * 0.7f, m.body_px * 20)) - 2 * inner;
    float content = text_height(in.fonts.title, s.idle_title, w_guess) + text_height(in.fonts.body, body, w_guess) +
                    m.button_h * 2 + m.gap * 6 + inner * 2;
    auto [pos, size] = panel(in, content);
    float x = pos.x + inner, w = size.x - 2 * inner, y = pos.y + inner;
    y += wrapped_text(in.fonts.title, in.palette.text, s.idle_title, ImVec2(x, y), w, true) + m.gap;
    y += wrapped_text(in.fonts.body, in.palette.text, body, ImVec2(x, y), w, true) + m.gap * 2;
    if (big_button(in, st, "still_here", s.still_here, ImVec2(x, y), ImVec2(w, m.button_h), ButtonStyle::primary))
        out.push_back(ev::StillHere{});
    y += m.button_h + m.gap;
    if (big_button(in, st, "idle_start_again", s.start_again, ImVec2(x, y), ImVec2(w, m.button_h),
                   ButtonStyle::secondary))
        out.push_back(ev::StartAgain{});
    ImGui::End();
}

}  // namespace lp::kiosk::ui
