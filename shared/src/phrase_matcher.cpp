#include "phrase_matcher.hpp"

namespace lp::text::detail {

int PhraseMatcher::add(std::string_view phrase, const SynonymMap& synonyms, int owner, double weight) {
    Pattern p;
    p.text = std::string(phrase);
    p.owner = owner;
    p.weight = weight;
    std::string folded = fold(phrase);
    // Split on whitespace first so "*" survives as a gap marker.
    std::size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && folded[i] == ' ') ++i;
        std::size_t j = i;
        while (j < folded.size() && folded[j] != ' ') ++j;
        std::string_view word(folded.data() + i, j - i);
        if (word == "*") {
            if (!p.ids.empty() && p.ids.back() != kGap) p.ids.push_back(kGap);
        } else if (!word.empty()) {
            for (const auto& t : tokenise(word, synonyms)) {
                auto [it, inserted] = ids_.emplace(t.stem, static_cast<int>(ids_.size()));
                if (inserted) speller_.add(t.stem);
                p.ids.push_back(it->second);
            }
        }
        i = j;
    }
    while (!p.ids.empty() && p.ids.back() == kGap) p.ids.pop_back();
    if (!p.ids.empty() && p.ids.front() == kGap) p.ids.erase(p.ids.begin());
    if (p.ids.empty()) return -1;
    int index = static_cast<int>(patterns_.size());
    by_first_[p.ids.front()].push_back(index);
    patterns_.push_back(std::move(p));
    return index;
}

std::vector<int> PhraseMatcher::encode(const std::vector<Token>& tokens) const {
    std::vector<int> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) {
        auto it = ids_.find(t.stem);
        if (it != ids_.end()) {
            out.push_back(it->second);
            continue;
        }
        std::string fixed = speller_.correct(t.stem);
        auto fx = fixed.empty() ? ids_.end() : ids_.find(fixed);
        out.push_back(fx == ids_.end() ? kUnknown : fx->second);
    }
    return out;
}

bool PhraseMatcher::match_from(const Pattern& p, std::size_t k, const std::vector<int>& ids, std::size_t pos,
                               std::size_t& last) const {
    if (k == p.ids.size()) return true;
    if (p.ids[k] == kGap) {
        for (std::size_t skip = 0; skip <= kMaxGap && pos + skip < ids.size(); ++skip) {
            if (ids[pos + skip] == p.ids[k + 1] && match_from(p, k + 2, ids, pos + skip + 1, last)) {
                if (k + 2 == p.ids.size()) last = pos + skip;
                return true;
            }
        }
        return false;
    }
    if (pos >= ids.size() || ids[pos] != p.ids[k]) return false;
    if (k + 1 == p.ids.size()) last = pos;
    return match_from(p, k + 1, ids, pos + 1, last);
}

std::vector<Match> PhraseMatcher::find_all(const std::vector<int>& ids) const {
    std::vector<Match> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] < 0) continue;
        auto it = by_first_.find(ids[i]);
        if (it == by_first_.end()) continue;
        for (int pi : it->second) {
            const Pattern& p = patterns_[static_cast<std::size_t>(pi)];
            std::size_t last = i;
            if (match_from(p, 1, ids, i + 1, last)) out.push_back(Match{pi, i, last});
        }
    }
    return out;
}

}  // namespace lp::text::detail
