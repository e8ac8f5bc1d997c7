#pragma once
// The domain model shared by kiosk, sync and aggregator. JSON shapes: docs/formats.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lp {

enum class AgeBand { age_8_12, age_13_17, care_leaver_16_25, unsaid };
/// "8-12", "13-17", "16-25", "unsaid".
const char* to_string(AgeBand band) noexcept;
std::optional<AgeBand> age_band_from_string(std::string_view s);

enum class QuestionKind { smiley3, smiley5, yes_no, chips, comment };
const char* to_string(QuestionKind kind) noexcept;
std::optional<QuestionKind> question_kind_from_string(std::string_view s);

struct ChipOption {
    std::string id;
    std::string label;
    std::vector<std::string> themes;
};

struct Question {
    std::string id;
    QuestionKind kind = QuestionKind::smiley5;
    std::string text_8_12, text_13_17, text_16_25;
    std::vector<ChipOption> options;  // chips only
    std::vector<std::string> themes;

    /// The wording for a band; "rather not say" gets the 13-17 wording.
    const std::string& text_for(AgeBand band) const noexcept;
    /// Number of points on a smiley scale (3 or 5), 0 for other kinds.
    int scale_points() const noexcept;
};

/// One question's wording in another language (the English lives in Question itself).
struct QuestionTranslation {
    std::string text_8_12, text_13_17, text_16_25;
    std::map<std::string, std::string> options;  // chip option id -> label
};

struct QuestionSet {
    std::string id;
    int version = 0;
    std::string title;
    std::vector<std::string> languages;
    std::vector<Question> questions;
    /// Optional: language code ("pl") -> question id -> wording. English is never in here.
    std::map<std::string, std::map<std::string, QuestionTranslation>> translations;

    /// nullptr when there is no question with that id.
    const Question* find(std::string_view question_id) const noexcept;
    /// The wording of `q` for a band in `language`, falling back to English when not translated.
    const std::string& text_for(const Question& q, AgeBand band, std::string_view language) const;
    /// A chip option's label in `language`, falling back to English.
    const std::string& option_label(const Question& q, const ChipOption& o, std::string_view language) const;
    /// What is missing for each declared language ("pl: question 'x': no 8-12 text"); empty when complete.
    std::vector<std::string> missing_translations() const;
};

enum class AnswerState { value, skipped, rather_not_say };
/// "value", "skipped", "rather_not_say" (the stores' and the CSV export's spelling).
const char* to_string(AnswerState state) noexcept;
/// Unknown text reads as skipped: a row that says nothing usable counts as no answer.
AnswerState answer_state_from_string(std::string_view s) noexcept;

struct Answer {
    std::string question;
    AnswerState state = AnswerState::skipped;
    int scale = 0;                    // smiley: 1..points
    std::string choice;               // yes_no: "yes" | "unsure" | "no"
    std::vector<std::string> chips;   // chips: option ids

    static Answer skipped(std::string q) { return Answer{std::move(q), AnswerState::skipped, 0, {}, {}}; }
    static Answer rather_not_say(std::string q) { return Answer{std::move(q), AnswerState::rather_not_say, 0, {}, {}}; }
    static Answer of_scale(std::string q, int v) { return Answer{std::move(q), AnswerState::value, v, {}, {}}; }
    static Answer of_choice(std::string q, std::string c) { return Answer{std::move(q), AnswerState::value, 0, std::move(c), {}}; }
    static Answer of_chips(std::string q, std::vector<std::string> c) { return Answer{std::move(q), AnswerState::value, 0, {}, std::move(c)}; }
};

/// Score in [0,1] for dashboards (docs/formats.md); nullopt for chips, skips and "rather not say".
std::optional<double> answer_score(const Answer& answer, const Question& question);

struct Response {
    std::string id;                  // uuid4
    std::int64_t seq = 0;            // per device
    std::string question_set_id;
    int question_set_version = 0;
    std::string created_hour;        // "2026-11-25T14:00:00Z"
    AgeBand age_band = AgeBand::unsaid;
    std::string language = "en";
    std::vector<Answer> answers;
    std::string comment;
    bool needs_help = false;
};

}  // namespace lp
