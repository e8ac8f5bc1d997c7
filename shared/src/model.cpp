#include <lp/shared/enum_names.hpp>
#include <lp/shared/model.hpp>

namespace lp {

const char* to_string(AgeBand band) noexcept {
    static constexpr const char* names[] = {"4-7", "8-12", "13-17", "16-25", "unsaid"};
    return enum_name(band, names, "unsaid");
}

std::optional<AgeBand> age_band_from_string(std::string_view s) {
    for (auto b : {AgeBand::age_4_7, AgeBand::age_8_12, AgeBand::age_13_17, AgeBand::care_leaver_16_25, AgeBand::unsaid})
        if (s == to_string(b)) return b;
    return std::nullopt;
}

const char* to_string(QuestionKind kind) noexcept {
    static constexpr const char* names[] = {"smiley3", "smiley5", "yes_no", "chips", "comment"};
    return enum_name(kind, names, "comment");
}

std::optional<QuestionKind> question_kind_from_string(std::string_view s) {
    for (auto k : {QuestionKind::smiley3, QuestionKind::smiley5, QuestionKind::yes_no, QuestionKind::chips,
                   QuestionKind::comment})
        if (s == to_string(k)) return k;
    return std::nullopt;
}

const char* to_string(AnswerState state) noexcept {
    static constexpr const char* names[] = {"value", "skipped", "rather_not_say"};
    return enum_name(state, names, "skipped");
}

AnswerState answer_state_from_string(std::string_view s) noexcept {
    for (auto st : {AnswerState::value, AnswerState::rather_not_say})
        if (s == to_string(st)) return st;
    return AnswerState::skipped;
}

const std::string& QuestionSet::text_for(const Question& q, AgeBand band, std::string_view language) const {
    auto lang = translations.find(std::string(language));
    if (lang == translations.end()) return q.text_for(band);
    auto t = lang->second.find(q.id);
    if (t == lang->second.end()) return q.text_for(band);
    if (band == AgeBand::age_4_7 && !t->second.text_4_7.empty()) return t->second.text_4_7;
    const std::string& text = band == AgeBand::age_8_12 || band == AgeBand::age_4_7 ? t->second.text_8_12
                              : band == AgeBand::care_leaver_16_25 ? t->second.text_16_25
                                                                   : t->second.text_13_17;
    return text.empty() ? q.text_for(band) : text;
}

const std::string& QuestionSet::option_label(const Question& q, const ChipOption& o, std::string_view language) const {
    auto lang = translations.find(std::string(language));
    if (lang == translations.end()) return o.label;
    auto t = lang->second.find(q.id);
    if (t == lang->second.end()) return o.label;
    auto label = t->second.options.find(o.id);
    return label == t->second.options.end() || label->second.empty() ? o.label : label->second;
}

std::vector<std::string> QuestionSet::missing_translations() const {
    std::vector<std::string> missing;
    for (const auto& language : languages) {
        if (language == "en") continue;
        auto lang = translations.find(language);
        for (const auto& q : questions) {
            const QuestionTranslation* t = nullptr;
            if (lang != translations.end()) {
                auto it = lang->second.find(q.id);
                if (it != lang->second.end()) t = &it->second;
            }
            std::string where = language + ": question '" + q.id + "'";
            if (!t) {
                missing.push_back(where + ": not translated");
                continue;
            }
            if (t->text_8_12.empty() || t->text_13_17.empty() || t->text_16_25.empty() ||
                (q.for_under_8s() && t->text_4_7.empty()))
                missing.push_back(where + ": a band has no text");
            for (const auto& o : q.options)
                if (!t->options.count(o.id)) missing.push_back(where + ": no label for option '" + o.id + "'");
        }
    }
    return missing;
}

const std::string& Question::text_for(AgeBand band) const noexcept {
    switch (band) {
    case AgeBand::age_4_7: return text_4_7.empty() ? text_8_12 : text_4_7;
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

std::vector<std::size_t> QuestionSet::path(AgeBand band, bool quick) const {
    std::vector<std::size_t> all, chosen;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        all.push_back(i);
        if (band == AgeBand::age_4_7 ? questions[i].for_under_8s() : quick && questions[i].quick) chosen.push_back(i);
    }
    return chosen.empty() ? all : chosen;
}

bool QuestionSet::has_under_8s_path() const noexcept {
    for (const auto& q : questions)
        if (q.for_under_8s()) return true;
    return false;
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
