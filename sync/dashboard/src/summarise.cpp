#include <lp/dashboard/summarise.hpp>

namespace lp::dashboard {

BatchSummary summarise(const std::vector<const IndexedResponse*>& batch, const BlockedLinks& blocked) {
    BatchSummary out;
    for (const auto* r : batch) {
        for (const auto& l : r->comment_links)
            if (!blocked.count({r->pk, l.theme}))
                ++out.themes[{l.theme, r->month, r->site, r->age_band, r->question_set}].comments;
        std::set<std::string> seen_themes;  // a response counts once per theme however many answers
        for (const auto& a : r->answers) {
            if (!a.value.empty()) ++out.values[{r->question_set, a.question, r->month, r->site, r->age_band, a.value}];
            if (!a.score) continue;
            for (const auto& t : a.themes) {
                auto& cell = out.themes[{t, r->month, r->site, r->age_band, r->question_set}];
                ++cell.answers;
                cell.score_sum += *a.score;
                if (is_negative(*a.score)) ++cell.negatives;
                if (seen_themes.insert(t).second) ++cell.responses;
            }
        }
    }
    return out;
}

}  // namespace lp::dashboard
