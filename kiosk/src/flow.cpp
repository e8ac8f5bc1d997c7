#include <algorithm>
#include <cmath>
#include <lp/kiosk/flow.hpp>
#include <lp/shared/enum_names.hpp>

namespace lp::kiosk {

const char* to_string(Screen s) noexcept {
    static constexpr const char* names[] = {"not_set_up",  "attract",   "accessibility", "age_band",
                                            "question",    "comment",   "review",        "thank_you",
                                            "save_failed", "staff_pin", "staff"};
    return enum_name(s, names, "unknown");
}

Flow::Flow(const QuestionSet& set, FlowTiming timing, bool set_up)
    : set_(&set), timing_(timing), set_up_(set_up), screen_(set_up ? Screen::attract : Screen::not_set_up) {
    answers_.assign(set_->questions.size(), std::nullopt);
    path_ = set_->path(AgeBand::unsaid, quick_);
}

// [SECTION] Queries

const Question* Flow::current_question() const noexcept {
    if (screen_ != Screen::question && screen_ != Screen::comment) return nullptr;
    if (index_ >= path_.size()) return nullptr;
    return &set_->questions[path_[index_]];
}

bool Flow::idle_applies() const noexcept {
    // Nothing personal is on the attract or "not set up" screens, so there is nothing to wipe.
    return screen_ != Screen::attract && screen_ != Screen::not_set_up;
}

double Flow::idle_limit() const noexcept {
    switch (screen_) {
        case Screen::thank_you:
        case Screen::save_failed:
            return timing_.thank_you_s;
        case Screen::staff:
            return timing_.staff_idle_s;
        default:
            return timing_.idle_reset_s;
    }
}

bool Flow::idle_warning(double now) const noexcept {
    if (!idle_applies() || screen_ == Screen::thank_you || screen_ == Screen::save_failed) return false;
    if (awaiting_save_) return false;
    return now - last_touch_ >= idle_limit() - timing_.idle_warning_s;
}

int Flow::idle_seconds_left(double now) const noexcept {
    double left = idle_limit() - (now - last_touch_);
    return std::max(0, static_cast<int>(std::ceil(left)));
}

double Flow::seconds_until_next_deadline(double now) const noexcept {
    if (!idle_applies() || awaiting_save_) return 1e9;
    double since = now - last_touch_;
    double limit = idle_limit();
    double warn_at = limit - timing_.idle_warning_s;
    if (screen_ != Screen::thank_you && screen_ != Screen::save_failed && since < warn_at) return warn_at - since;
    if (since < limit) {
        // During the countdown the number changes every second.
        double to_next_second = 1.0 - std::fmod(since, 1.0);
        return std::min(limit - since, to_next_second);
    }
    return 0;
}

// [SECTION] Session lifecycle

void Flow::reset_to_home(double now) {
    answers_.assign(set_->questions.size(), std::nullopt);
    chip_draft_.clear();
    // Overwrite before clearing so the comment text does not linger in the old buffer.
    std::fill(comment_.begin(), comment_.end(), '\0');
    comment_.clear();
    age_band_.reset();
    path_ = set_->path(AgeBand::unsaid, quick_);
    assisted_ = false;
    needs_help_ = false;
    thanked_with_help_ = false;
    return_to_review_ = false;
    awaiting_save_ = false;
    help_open_ = false;
    index_ = 0;
    accessibility_ = AccessibilitySettings{};
    language_ = "en";
    screen_ = set_up_ ? Screen::attract : Screen::not_set_up;
    last_touch_ = now;
    ++session_;
}

void Flow::touch(double now) { last_touch_ = now; }

void Flow::set_quick(bool quick) {
    quick_ = quick;
    if (!age_band_) path_ = set_->path(AgeBand::unsaid, quick_);  // a session under way keeps its path
}

void Flow::start(double now) {
    touch(now);
    if (screen_ != Screen::attract) return;
    screen_ = Screen::age_band;
}

void Flow::open_accessibility(double now) {
    touch(now);
    if (screen_ == Screen::attract) screen_ = Screen::accessibility;
}

void Flow::set_accessibility(const AccessibilitySettings& a) {
    if (screen_ == Screen::not_set_up || screen_ == Screen::staff || screen_ == Screen::staff_pin) return;
    accessibility_ = a;
}

void Flow::set_language(const std::string& code, double now) {
    if (screen_ != Screen::attract && screen_ != Screen::accessibility) return;
    touch(now);
    language_ = code;
}

void Flow::close_accessibility(double now) {
    touch(now);
    if (screen_ == Screen::accessibility) screen_ = Screen::attract;
}

void Flow::choose_age(AgeBand band, double now) {
    touch(now);
    if (screen_ != Screen::age_band) return;
    if (band == AgeBand::age_4_7 && !offers_under_8s()) return;
    age_band_ = band;
    path_ = set_->path(band, quick_);
    std::fill(answers_.begin(), answers_.end(), std::nullopt);  // a changed band may change the path
    // The under-8s hear every question from the start; a grown-up can turn it off in settings.
    if (band == AgeBand::age_4_7) accessibility_.read_aloud = true;
    go_to_question(0);
}

void Flow::go_to_question(std::size_t position) {
    index_ = position;
    if (index_ >= path_.size()) {
        screen_ = Screen::review;
        return;
    }
    const Question& q = set_->questions[set_index()];
    screen_ = q.kind == QuestionKind::comment ? Screen::comment : Screen::question;
    chip_draft_.clear();
    const auto& a = answers_[set_index()];
    if (q.kind == QuestionKind::chips && a && a->state == AnswerState::value) chip_draft_ = a->chips;
}

void Flow::advance(double /*now*/) {
    if (return_to_review_) {
        return_to_review_ = false;
        screen_ = Screen::review;
        chip_draft_.clear();
        return;
    }
    go_to_question(index_ + 1);
}

// [SECTION] Answering

void Flow::answer(Answer a, double now) {
    touch(now);
    const Question* q = current_question();
    if (!q || screen_ != Screen::question) return;
    a.question = q->id;
    answers_[set_index()] = std::move(a);
    advance(now);
}

void Flow::answer_scale(int value, double now) {
    const Question* q = current_question();
    if (!q || q->scale_points() == 0 || value < 1 || value > q->scale_points()) return;
    answer(Answer::of_scale(q->id, value), now);
}

void Flow::answer_choice(const std::string& choice, double now) {
    const Question* q = current_question();
    if (!q || q->kind != QuestionKind::yes_no) return;
    if (choice != "yes" && choice != "unsure" && choice != "no") return;
    answer(Answer::of_choice(q->id, choice), now);
}

void Flow::answer_face(int face, double now) {
    const Question* q = current_question();
    if (!q || face < 1 || face > 3) return;
    switch (q->kind) {
        case QuestionKind::smiley3:
            return answer_scale(face, now);
        case QuestionKind::smiley5:
            return answer_scale(face * 2 - 1, now);
        case QuestionKind::yes_no:
            return answer_choice(face == 1 ? "no" : face == 2 ? "unsure" : "yes", now);
        default:
            return;
    }
}

void Flow::toggle_chip(const std::string& option_id) {
    const Question* q = current_question();
    if (!q || q->kind != QuestionKind::chips) return;
    bool known =
        std::any_of(q->options.begin(), q->options.end(), [&](const ChipOption& o) { return o.id == option_id; });
    if (!known) return;
    auto it = std::find(chip_draft_.begin(), chip_draft_.end(), option_id);
    if (it == chip_draft_.end())
        chip_draft_.push_back(option_id);
    else
        chip_draft_.erase(it);
}

void Flow::next(double now) {
    touch(now);
    const Question* q = current_question();
    if (!q) return;
    if (q->kind == QuestionKind::chips) {
        if (chip_draft_.empty()) {
            answers_[set_index()] = Answer::skipped(q->id);
        } else {
            // Keep the order of the options in the set, not the order of the taps.
            std::vector<std::string> ordered;
            for (const auto& o : q->options)
                if (std::find(chip_draft_.begin(), chip_draft_.end(), o.id) != chip_draft_.end())
                    ordered.push_back(o.id);
            answers_[set_index()] = Answer::of_chips(q->id, std::move(ordered));
        }
        advance(now);
    } else if (q->kind == QuestionKind::comment) {
        answers_[set_index()] = comment_.empty() ? Answer::skipped(q->id) : Answer::of_choice(q->id, "");
        advance(now);
    } else if (under_8s()) {
        // The under-8s path's one big Next moves on without a face (a skip).
        answers_[set_index()] = Answer::skipped(q->id);
        advance(now);
    }
}

void Flow::skip(double now) { leave_unanswered(AnswerState::skipped, now); }

void Flow::rather_not_say(double now) { leave_unanswered(AnswerState::rather_not_say, now); }

void Flow::leave_unanswered(AnswerState state, double now) {
    touch(now);
    const Question* q = current_question();
    if (!q) return;
    if (q->kind == QuestionKind::comment) comment_.clear();
    answers_[set_index()] = state == AnswerState::skipped ? Answer::skipped(q->id) : Answer::rather_not_say(q->id);
    chip_draft_.clear();
    advance(now);
}

void Flow::back(double now) {
    touch(now);
    switch (screen_) {
        case Screen::age_band:
            screen_ = Screen::attract;
            break;
        case Screen::question:
        case Screen::comment:
            return_to_review_ = false;
            if (index_ == 0)
                screen_ = Screen::age_band;
            else
                go_to_question(index_ - 1);
            break;
        case Screen::review:
            if (path_.empty())
                screen_ = Screen::age_band;
            else
                go_to_question(path_.size() - 1);
            break;
        case Screen::accessibility:
            screen_ = Screen::attract;
            break;
        case Screen::staff_pin:
            screen_ = set_up_ ? Screen::attract : Screen::not_set_up;
            break;
        default:
            break;
    }
}

void Flow::edit_question(std::size_t index, double now) {
    touch(now);
    if (screen_ != Screen::review || index >= path_.size()) return;
    go_to_question(index);
    return_to_review_ = true;
}

namespace {
std::size_t code_points(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

void Flow::type_text(const std::string& utf8) {
    if (screen_ != Screen::comment) return;
    if (code_points(comment_) + code_points(utf8) > max_comment_code_points) return;
    comment_ += utf8;
}

void Flow::delete_char() {
    if (screen_ != Screen::comment || comment_.empty()) return;
    std::size_t n = comment_.size();
    do {
        --n;
    } while (n > 0 && (static_cast<unsigned char>(comment_[n]) & 0xC0) == 0x80);
    comment_.erase(n);
}

// [SECTION] Sending

Response Flow::build_response(bool help_only) const {
    Response r;
    r.question_set_id = set_->id;
    r.question_set_version = set_->version;
    r.age_band = age_band_or_unsaid();
    r.language = language_;
    r.needs_help = needs_help_;
    r.assisted = assisted_;
    if (help_only) return r;
    // Only the questions on this session's path: one it did not ask has no answer, not a skip.
    for (std::size_t i : path_) {
        const Question& q = set_->questions[i];
        if (q.kind == QuestionKind::comment) continue;  // the comment travels in `comment`
        r.answers.push_back(answers_[i] ? *answers_[i] : Answer::skipped(q.id));
    }
    r.comment = comment_;
    return r;
}

std::optional<Response> Flow::send(double now, bool assisted) {
    touch(now);
    if (screen_ != Screen::review || awaiting_save_) return std::nullopt;
    awaiting_save_ = true;
    assisted_ = assisted && under_8s();
    return build_response(false);
}

void Flow::saved(bool ok, double now) {
    if (!awaiting_save_) return;
    // The answers now live in the store (or in the app's memory if saving failed): wipe ours.
    bool flagged = needs_help_;
    std::string language = language_;
    reset_to_home(now);
    thanked_with_help_ = flagged;
    language_ = language;  // the thank-you (or sorry) screen is still in their language
    screen_ = ok ? Screen::thank_you : Screen::save_failed;
}

void Flow::start_again(double now) {
    if (screen_ == Screen::staff || screen_ == Screen::staff_pin) return;
    reset_to_home(now);
}

// [SECTION] Help

void Flow::open_help(double now) {
    touch(now);
    if (screen_ == Screen::staff || screen_ == Screen::staff_pin) return;
    help_open_ = true;
}

void Flow::close_help(double now) {
    touch(now);
    help_open_ = false;
}

std::optional<Response> Flow::flag_for_follow_up(double now) {
    touch(now);
    if (!help_open_ || needs_help_) return std::nullopt;
    needs_help_ = true;
    if (!set_up_) return std::nullopt;  // nowhere to seal it to; the help screen still shows
    return build_response(true);
}

void Flow::still_here(double now) { touch(now); }

void Flow::tick(double now) {
    if (!idle_applies() || awaiting_save_) return;
    if (now - last_touch_ >= idle_limit()) reset_to_home(now);
}

// [SECTION] Staff

void Flow::open_staff_pin(double now) {
    touch(now);
    if (screen_ == Screen::attract || screen_ == Screen::not_set_up) {
        help_open_ = false;
        // Bigger text and the other settings were the young person's; staff get the standard screens.
        accessibility_ = AccessibilitySettings{};
        screen_ = Screen::staff_pin;
    }
}

void Flow::staff_unlocked(double now) {
    touch(now);
    if (screen_ == Screen::staff_pin) screen_ = Screen::staff;
}

void Flow::leave_staff(double now) {
    if (screen_ == Screen::staff || screen_ == Screen::staff_pin) reset_to_home(now);
}

void Flow::set_set_up(bool set_up, double now) {
    if (set_up == set_up_) return;
    set_up_ = set_up;
    if (screen_ == Screen::attract || screen_ == Screen::not_set_up || screen_ == Screen::accessibility)
        reset_to_home(now);
}

void Flow::set_question_set(const QuestionSet& set, double now) {
    set_ = &set;
    Screen keep = screen_;
    reset_to_home(now);
    if (keep == Screen::staff) screen_ = Screen::staff;  // staff changed it; stay in staff mode
}

}  // namespace lp::kiosk
