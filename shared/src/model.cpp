#include <lp/shared/model.hpp>

namespace lp {

const char* to_string(AgeBand band) noexcept {
    switch (band) {
    case AgeBand::age_8_12: return "8-12";
    case AgeBand::age_13_17: return "13-17";
    case AgeBand::care_leaver_16_25: return "16-25";
    case AgeBand::unsaid: return "unsaid";
    }
    return "unsaid";
}

std::optional<AgeBand> age_band_from_string(std::string_view s) {
    if (s == "8-12") return AgeBand::age_8_12;
    if (s == "13-17") return AgeBand::age_13_17;
    if (s == "16-25") return AgeBand::care_leaver_16_25;
    if (s == "unsaid") return AgeBand::unsaid;
    return std::nullopt;
}

const char* to_string(QuestionKind kind) noexcept {
    switch (kind) {
    case QuestionKind::smiley3: return "smiley3";
    case QuestionKind::smiley5: return "smiley5";
    case QuestionKind::yes_no: return "yes_no";
    case QuestionKind::chips: return "chips";
    case QuestionKind::comment: return "comment";
    }
    return "comment";
}

std::optional<QuestionKind> question_kind_from_string(std::string_view s) {
    for (auto k : {QuestionKind::smiley3, QuestionKind::smiley5, QuestionKind::yes_no, QuestionKind::chips,
                   QuestionKind::comment})
        if (s == to_string(k)) return k;
    return std::nullopt;
}

const std::string& Question::text_for(AgeBand band) const noexcept {
    switch (band) {
    case AgeBand::age_8_12: return text_8_12;
    case AgeBand::care_leaver_16_25: return text_16_25;
    case AgeBand::age_13_17:
    case AgeBand::unsaid: break;
    }
    return text_13_17;
}

int Question::scale_points() const noexcept {
    return kind == QuestionKind::smiley3 ? 3 : kind == QuestionKind::smiley5 ? 5 : 0;
}

const Question* QuestionSet::find(std::string_view question_id) const noexcept {
    for (const auto& q : questions)
        if (q.id == question_id) return &q;
    return nullptr;
}

std::optional<double> answer_score(const Answer& a, const Question& q) {
    if (a.state != AnswerState::value) return std::nullopt;
    int points = q.scale_points();
    if (points > 0) {
        if (a.scale < 1 || a.scale > points) return std::nullopt;
        return static_cast<double>(a.scale - 1) / (points - 1);
    }
    if (q.kind == QuestionKind::yes_no) {
        if (a.choice == "yes") return 1.0;
        if (a.choice == "unsure") return 0.5;
        if (a.choice == "no") return 0.0;
    }
    return std::nullopt;
}

}  // namespace lp
