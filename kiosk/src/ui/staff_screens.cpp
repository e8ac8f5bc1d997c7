// Staff mode: the PIN pad and the status/settings screen. Same rules as the young person's
// screens: read plain state, push events.
#include <algorithm>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/widgets.hpp>
#include <lp/shared/time.hpp>
#include <string>

namespace lp::kiosk::ui {
namespace {

void pin_pad(const FrameInput& in, UiState& st, UiEvents& out, float top, float bottom) {
    const Metrics& m = in.metrics;
    const StaffView& v = in.staff;
    const char* title = v.pin_mode == PinMode::choose_new    ? in.strings.staff_choose_pin
                        : v.pin_mode == PinMode::confirm_new ? in.strings.staff_confirm_pin
                                                             : in.strings.staff_pin_title;
    float w = m.width - 2 * m.pad;
    top += wrapped_text(in.fonts.title, in.palette.text, title, ImVec2(m.pad, top), w, true) + m.gap;
    std::string dots;
    for (std::size_t i = 0; i < v.pin_entry.size(); ++i) dots += "\xE2\x97\x8F ";  // ●
    if (v.pin_checking) dots = "...";
    if (dots.empty()) dots = " ";
    top += wrapped_text(in.fonts.title, in.palette.text, dots.c_str(), ImVec2(m.pad, top), w, true);
    if (!v.pin_message.empty())
        top += wrapped_text(in.fonts.body, in.palette.text, v.pin_message.c_str(), ImVec2(m.pad, top), w, true);
    top += m.gap;
    float rows = 4, cols = 3;
    float kh = std::max(48.0f, std::min(m.button_h, (bottom - top - m.gap * (rows - 1)) / rows));
    float kw = std::min(kh * 2.2f, (w - m.gap * (cols - 1)) / cols);
    float x0 = (m.width - (kw * cols + m.gap * (cols - 1))) * 0.5f;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"};
    for (int i = 0; i < 12; ++i) {
        ImVec2 pos(x0 + (kw + m.gap) * static_cast<float>(i % 3), top + (kh + m.gap) * static_cast<float>(i / 3));
        std::string id = std::string("pin_") + keys[i];
        const char* label = i == 9 ? in.strings.del : i == 11 ? in.strings.ok : keys[i];
        ButtonStyle style = i == 11 ? ButtonStyle::primary : ButtonStyle::plain;
        if (big_button(in, st, id.c_str(), label, pos, ImVec2(kw, kh), style)) {
            if (i == 9)
                out.push_back(ev::PinDelete{});
            else if (i == 11)
                out.push_back(ev::PinSubmit{});
            else
                out.push_back(ev::PinDigit{keys[i][0]});
        }
    }
}

std::string when(const Strings& s, std::int64_t t) { return t == 0 ? std::string(s.staff_never) : iso_utc(t); }

int count(std::int64_t n) { return static_cast<int>(std::min<std::int64_t>(n, 2000000000)); }

/// Width of the Cancel button: its words plus room for the back arrow beside them.
float cancel_width(const FrameInput& in) {
    return button_width_for(in, in.strings.cancel, in.fonts.body, in.metrics.bar_h * 2) + in.metrics.bar_h * 0.7f;
}

}  // namespace

void draw_staff_pin(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    float bw = cancel_width(in);
    if (big_button(in, st, "pin_cancel", in.strings.cancel, ImVec2(m.pad, m.pad), ImVec2(bw, m.bar_h),
                   ButtonStyle::secondary, Icon::back))
        out.push_back(ev::PinCancel{});
    pin_pad(in, st, out, m.pad + m.bar_h + m.gap, m.height - m.pad);
}

void draw_staff(const FrameInput& in, UiState& st, UiEvents& out) {
    const Metrics& m = in.metrics;
    const StaffView& v = in.staff;
    float w = m.width - 2 * m.pad;
    // Top bar: leave staff mode.
    const char* leave = in.strings.staff_leave;
    float lw = button_width_for(in, leave, in.fonts.body, m.bar_h * 2);
    if (big_button(in, st, "staff_leave", leave, ImVec2(m.width - m.pad - lw, m.pad), ImVec2(lw, m.bar_h),
                   ButtonStyle::primary))
        out.push_back(ev::LeaveStaff{});
    float top = m.pad + m.bar_h + m.gap;

    if (v.pin_mode != PinMode::enter) {
        // Changing the PIN: Cancel takes the heading's place, so the pad has the same room as at the door.
        if (big_button(in, st, "pin_cancel", in.strings.cancel, ImVec2(m.pad, m.pad), ImVec2(cancel_width(in), m.bar_h),
                       ButtonStyle::secondary, Icon::back))
            out.push_back(ev::PinCancel{});
        pin_pad(in, st, out, top, m.height - m.pad);
        return;
    }
    std::string heading = v.site_name.empty() ? std::string(in.strings.staff_title)
                                              : format_text(in.strings.staff_title_site, v.site_name.c_str());
    wrapped_text(in.fonts.title, in.palette.text, heading.c_str(), ImVec2(m.pad, m.pad + (m.bar_h - m.title_px) * 0.4f),
                 w - lw - m.gap);

    if (st.staff.show_enrol) {
        // Enrolment: two fields typed with the kiosk keyboard (with : / . - for addresses).
        float fh = std::max(Metrics::min_target_px, m.bar_h * 0.9f);
        // The keys keep the full touch target: on short screens the two fields get lower (not under 48 px).
        const float keys_h = keyboard_min_height(in, m.pad, m.width - m.pad, true);
        const float fields_room = m.height - m.pad - m.bar_h - m.gap * 4 - keys_h - top;
        fh = std::max(48.0f, std::min(fh, fields_room / 2));
        std::string url_label =
            format_text(in.strings.staff_server, (st.staff.server_url + (st.staff.field == 0 ? "|" : "")).c_str());
        std::string code_label =
            format_text(in.strings.staff_code, (st.staff.code + (st.staff.field == 1 ? "|" : "")).c_str());
        if (big_button(in, st, "enrol_url", url_label.c_str(), ImVec2(m.pad, top), ImVec2(w, fh),
                       st.staff.field == 0 ? ButtonStyle::selected : ButtonStyle::plain, Icon::none, in.fonts.small))
            st.staff.field = 0;
        top += fh + m.gap;
        if (big_button(in, st, "enrol_code", code_label.c_str(), ImVec2(m.pad, top), ImVec2(w, fh),
                       st.staff.field == 1 ? ButtonStyle::selected : ButtonStyle::plain, Icon::none, in.fonts.small))
            st.staff.field = 1;
        top += fh + m.gap;
        float bh = m.bar_h;
        float bottom = m.height - m.pad - bh;
        float bw = (w - m.gap) / 2;
        if (big_button(in, st, "enrol_go", in.strings.staff_enrol_go, ImVec2(m.pad, bottom), ImVec2(bw, bh),
                       ButtonStyle::primary)) {
            out.push_back(ev::Enrol{st.staff.server_url, st.staff.code});
            st.staff.show_enrol = false;
        }
        if (big_button(in, st, "enrol_cancel", in.strings.cancel, ImVec2(m.pad + bw + m.gap, bottom), ImVec2(bw, bh),
                       ButtonStyle::secondary))
            st.staff.show_enrol = false;
        std::string* target = st.staff.field == 0 ? &st.staff.server_url : &st.staff.code;
        std::size_t before = target->size();
        draw_keyboard(in, st, st.staff.keyboard, ImVec2(m.pad, top), ImVec2(m.width - m.pad, bottom - m.gap), out,
                      target, true);
        if (target->size() != before) out.push_back(ev::StillHere{});
        return;
    }

    begin_scroll_area(in, st, "##staff", ImVec2(0, top), ImVec2(m.width, m.height - top - m.pad));
    float y = 0;
    auto line = [&](const std::string& text, ImFont* font) {
        y += wrapped_text(font, in.palette.text, text.c_str(), ImVec2(m.pad, y), w) + m.gap * 0.5f;
    };
    auto section = [&](const char* title) {
        y += m.gap;
        line(title, in.fonts.title);
    };
    float bh = m.bar_h;

    const Strings& s = in.strings;
    section(s.staff_answers_title);
    line(format_text(s.staff_counts, count(v.counts.stored), count(v.counts.pending), count(v.counts.sent),
                     count(v.counts.quarantined)),
         in.fonts.body);
    if (v.counts.needs_help_pending > 0)
        line(format_text(s.staff_help_waiting, count(v.counts.needs_help_pending)), in.fonts.body);
    for (const auto& reason : v.quarantine_reasons)
        line(format_text(s.staff_held_back, reason.c_str()), in.fonts.small);
    if (!v.store_problem.empty()) line(format_text(s.staff_problem, v.store_problem.c_str()), in.fonts.body);
    if (v.recovery) {
        const RecoveryFacts& r = *v.recovery;
        const std::string at = iso_utc(r.at);  // "2026-01-01T09:00:00Z" shown as "2026-01-01 09:00 UTC"
        const std::string when_text = at.size() >= 16 ? at.substr(0, 10) + " " + at.substr(11, 5) + " UTC" : at;
        // The old file's name (too long for a narrow screen) is in `lp-kiosk status`, for whoever runs salvage.
        line(format_text(s.staff_damaged_when, when_text.c_str()), in.fonts.body);
        line(format_text(r.complete ? s.staff_damaged_held : s.staff_damaged_held_at_least, count(r.held),
                         count(r.held_pending)),
             in.fonts.body);
        if (r.brought_back > 0) line(format_text(s.staff_damaged_back, count(r.brought_back)), in.fonts.body);
    } else if (!v.recovery_note.empty()) {  // written before the facts were kept: English details
        line(s.staff_damaged_store, in.fonts.body);
        line(v.recovery_note, in.fonts.small);
    }
    if (v.recovery || !v.recovery_note.empty()) {
        if (big_button(in, st, "staff_salvage", s.staff_salvage, ImVec2(m.pad, y),
                       ImVec2(std::min(w, m.body_px * 12), bh), ButtonStyle::primary))
            out.push_back(ev::SalvageDamaged{});
        y += bh + m.gap;
    }
    if (v.unsaved_in_memory > 0) {
        line(format_text(s.staff_unsaved, count(static_cast<std::int64_t>(v.unsaved_in_memory))), in.fonts.body);
        if (big_button(in, st, "staff_retry", s.staff_retry, ImVec2(m.pad, y), ImVec2(std::min(w, m.body_px * 12), bh),
                       ButtonStyle::primary))
            out.push_back(ev::RetryUnsaved{});
        y += bh + m.gap;
    }

    section(s.staff_sending_title);
    const SyncStatus& sync = v.sync;
    line(std::string(sync.enrolled || !v.device_id.empty() ? s.staff_enrolled_yes : s.staff_enrolled_no) +
             (v.device_id.empty() ? "" : "  (" + v.device_id + ")"),
         in.fonts.body);
    line(format_text(s.staff_last_sent, when(s, std::max(sync.last_success, v.last_sync.last_success_time)).c_str()),
         in.fonts.body);
    // Sync's problems come in English from the sync module: known sentences are swapped for the catalogue's.
    std::string err = !sync.available && v.last_sync.last_error.empty() ? std::string(s.staff_no_sync)
                      : !sync.last_error_plain_words.empty()            ? sync.last_error_plain_words
                                                                        : v.last_sync.last_error;
    if (!err.empty()) line(format_text(s.staff_last_problem, translate_plain_words(s, err).c_str()), in.fonts.body);
    if (sync.syncing) line(format_text(s.staff_sending_now, static_cast<int>(sync.progress * 100)), in.fonts.body);
    if (!v.message.empty()) line(v.message, in.fonts.body);
    float half = (w - m.gap) / 2;
    if (big_button(in, st, "staff_sync_now", s.staff_sync_now, ImVec2(m.pad, y), ImVec2(half, bh),
                   ButtonStyle::primary))
        out.push_back(ev::SyncNow{});
    if (big_button(in, st, "staff_enrol", s.staff_enrol, ImVec2(m.pad + half + m.gap, y), ImVec2(half, bh),
                   ButtonStyle::secondary))
        st.staff.show_enrol = true;
    y += bh + m.gap;

    section(s.staff_questions_title);
    line(format_text(s.staff_showing, v.question_set_id.c_str(), static_cast<int>(v.question_set_version)),
         in.fonts.body);
    for (const auto& warning : v.warnings) line(warning, in.fonts.small);
    // Machine-made or unchecked translations stay marked until a native speaker's review is
    // recorded in the catalogue (reviewed_by, reviewed_on); one line a language keeps each name
    // whole in its own script.
    if (in.catalogues)
        for (const auto& l : in.catalogues->unreviewed())
            line(format_text(s.staff_not_reviewed, l.name.c_str()), in.fonts.small);
    for (const auto& id : v.available_sets) {
        std::string bid = "staff_set_" + id;
        bool current = id == v.question_set_id;
        if (big_button(in, st, bid.c_str(), id.c_str(), ImVec2(m.pad, y), ImVec2(w, bh),
                       current ? ButtonStyle::selected : ButtonStyle::plain, current ? Icon::tick : Icon::none))
            out.push_back(ev::ChooseQuestionSet{id});
        y += bh + m.gap;
    }

    section(s.staff_settings_title);
    line(format_text(s.staff_idle, static_cast<int>(v.idle_reset_s)), in.fonts.body);
    float third = (w - 2 * m.gap) / 3;
    if (big_button(in, st, "staff_idle_minus", s.staff_idle_minus, ImVec2(m.pad, y), ImVec2(third, bh),
                   ButtonStyle::secondary))
        out.push_back(ev::ChangeIdleReset{-10});
    if (big_button(in, st, "staff_idle_plus", s.staff_idle_plus, ImVec2(m.pad + third + m.gap, y), ImVec2(third, bh),
                   ButtonStyle::secondary))
        out.push_back(ev::ChangeIdleReset{10});
    if (big_button(in, st, "staff_change_pin", s.staff_change_pin, ImVec2(m.pad + 2 * (third + m.gap), y),
                   ImVec2(third, bh), ButtonStyle::secondary))
        out.push_back(ev::ChangePin{});
    y += bh + m.gap;
    ImGui::SetCursorPos(ImVec2(0, y));
    ImGui::Dummy(ImVec2(1, 1));
    end_scroll_area();
}

}  // namespace lp::kiosk::ui
