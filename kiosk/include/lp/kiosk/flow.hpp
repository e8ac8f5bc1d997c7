#pragma once
// The kiosk's flow state machine: attract -> age band -> questions -> comment -> review ->
// thank-you, with help, idle reset and staff mode. Pure: no ImGui, no SQLite, no clock
// (every call that cares about time takes `now` in seconds from any monotonic origin).
#include <cstddef>
#include <lp/kiosk/accessibility.hpp>
#include <lp/shared/model.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lp::kiosk {

enum class Screen {
    not_set_up,  // no sealing key: staff-only screen, nothing is collected
    attract,
    accessibility,  // settings reached from the attract screen
    age_band,
    question,
    comment,
    review,
    thank_you,
    save_failed,  // "We couldn't save this, please tell a member of staff"
    staff_pin,
    staff,
};

/// Short name for logs and tests, e.g. "age_band".
const char* to_string(Screen s) noexcept;

struct FlowTiming {
    double idle_reset_s = 60;    // no touch for this long -> back to attract, answers wiped
    double idle_warning_s = 10;  // "are you still there?" shown for the last part of that time
    double thank_you_s = 20;     // thank-you / sorry screens go back to attract after this
    double staff_idle_s = 300;   // staff mode locks itself after this
};

/// Maximum length of a comment in characters (code points), from docs/formats.md.
constexpr std::size_t max_comment_code_points = 2000;

class Flow {
public:
    /// `set` must outlive the flow (or be replaced with set_question_set between sessions).
    Flow(const QuestionSet& set, FlowTiming timing, bool set_up = true);

    // [SECTION] What is on screen
    Screen screen() const noexcept { return screen_; }
    bool help_open() const noexcept { return help_open_; }
    /// True after "flag for follow-up" in this session (or on the help screen just now).
    bool help_flagged() const noexcept { return needs_help_; }
    bool idle_warning(double now) const noexcept;
    /// Whole seconds until the idle reset (for the countdown).
    int idle_seconds_left(double now) const noexcept;
    /// Seconds until tick() would change anything (for the event loop's wait timeout).
    double seconds_until_next_deadline(double now) const noexcept;

    const QuestionSet& question_set() const noexcept { return *set_; }
    std::optional<AgeBand> age_band() const noexcept { return age_band_; }
    AgeBand age_band_or_unsaid() const noexcept { return age_band_.value_or(AgeBand::unsaid); }
    /// Position on this session's path (the questions asked), and how many it has.
    std::size_t question_index() const noexcept { return index_; }
    std::size_t question_count() const noexcept { return path_.size(); }
    /// The question at a position on the path.
    const Question& question_at(std::size_t position) const { return set_->questions.at(path_.at(position)); }
    /// The under-8s path: 4 to 7, three faces, one big Next, "A grown-up helped me" at the end.
    bool under_8s() const noexcept { return age_band_ == AgeBand::age_4_7; }
    /// The set has an under-8s path, so the 4 to 7 band is offered.
    bool offers_under_8s() const noexcept { return set_->has_under_8s_path(); }
    /// The site chose the quick path (questions marked "quick"; 4-7 keeps the under-8s path).
    void set_quick(bool quick);
    bool quick() const noexcept { return quick_; }
    /// The question on screen (question or comment screen), nullptr otherwise.
    const Question* current_question() const noexcept;
    /// The recorded answer at a position on the path, if any.
    const std::optional<Answer>& answer_at(std::size_t position) const { return answers_.at(path_.at(position)); }
    /// Chips ticked so far on the current chips question.
    const std::vector<std::string>& chip_draft() const noexcept { return chip_draft_; }
    const std::string& comment() const noexcept { return comment_; }
    const AccessibilitySettings& accessibility() const noexcept { return accessibility_; }
    /// The young person's language for this session ("en" until they choose).
    const std::string& language() const noexcept { return language_; }
    bool set_up() const noexcept { return set_up_; }
    /// On the thank-you screen: the response just saved asked for a staff follow-up.
    bool thanked_with_help() const noexcept { return screen_ == Screen::thank_you && thanked_with_help_; }
    /// Bumps every time the session is wiped (so the UI can drop per-person state).
    unsigned session_number() const noexcept { return session_; }

    // [SECTION] Young person's actions (each ignores calls that make no sense on the screen)
    void touch(double now);
    void start(double now);
    void open_accessibility(double now);
    void set_accessibility(const AccessibilitySettings& a);
    /// Attract or settings screen: the language of the words (kept only for this session).
    void set_language(const std::string& code, double now);
    void close_accessibility(double now);
    void choose_age(AgeBand band, double now);
    /// Records a value for the current question and moves on.
    void answer(Answer a, double now);
    void answer_scale(int value, double now);
    void answer_choice(const std::string& choice, double now);
    /// Under-8s: face 1 (bad), 2 (OK) or 3 (good), recorded in the question's own values
    /// (smiley5 1/3/5, yes_no no/unsure/yes).
    void answer_face(int face, double now);
    void toggle_chip(const std::string& option_id);
    /// Chips/comment: records what is there (empty = skipped) and moves on.
    void next(double now);
    void skip(double now);
    void rather_not_say(double now);
    void back(double now);
    /// Jump from the review screen to change one answer; answering returns to review.
    void edit_question(std::size_t index, double now);
    void type_text(const std::string& utf8);
    /// Deletes the last whole UTF-8 character of the comment.
    void delete_char();
    /// Review -> builds the response to store. The caller stores it and calls saved().
    /// `assisted`: "A grown-up helped me" (only the under-8s path asks; ignored on the others).
    std::optional<Response> send(double now, bool assisted = false);
    /// Result of storing what send() gave: thank-you on success, the sorry screen otherwise.
    void saved(bool ok, double now);
    void start_again(double now);
    void open_help(double now);
    void close_help(double now);
    /// Marks this session for a staff follow-up. Returns a help-only response to store at
    /// once (so the request survives an idle reset); the final response also carries the flag.
    std::optional<Response> flag_for_follow_up(double now);
    void still_here(double now);
    /// Advances time: idle warning, idle reset, thank-you timeout, staff lock.
    void tick(double now);

    // [SECTION] Staff
    void open_staff_pin(double now);
    void staff_unlocked(double now);
    void leave_staff(double now);
    void set_set_up(bool set_up, double now);
    /// Replaces the question set; only takes effect between sessions (it resets the flow).
    void set_question_set(const QuestionSet& set, double now);
    void set_timing(FlowTiming t) { timing_ = t; }
    const FlowTiming& timing() const noexcept { return timing_; }

private:
    void reset_to_home(double now);
    void go_to_question(std::size_t position);
    std::size_t set_index() const { return path_.at(index_); }
    void advance(double now);
    /// Skip and "rather not say": state (one of the two) recorded for the question, and on.
    void leave_unanswered(AnswerState state, double now);
    Response build_response(bool help_only) const;
    double idle_limit() const noexcept;
    bool idle_applies() const noexcept;

    const QuestionSet* set_;
    FlowTiming timing_;
    bool set_up_;
    Screen screen_;
    bool help_open_ = false;
    std::optional<AgeBand> age_band_;
    bool quick_ = false;
    bool assisted_ = false;
    std::vector<std::size_t> path_;  // indexes into set_->questions asked in this session
    std::vector<std::optional<Answer>> answers_;
    std::vector<std::string> chip_draft_;
    std::string comment_;
    bool needs_help_ = false;
    bool thanked_with_help_ = false;
    bool return_to_review_ = false;
    bool awaiting_save_ = false;
    std::size_t index_ = 0;
    AccessibilitySettings accessibility_;
    std::string language_ = "en";
    double last_touch_ = 0;
    unsigned session_ = 0;
};

}  // namespace lp::kiosk
