#include <cctype>
#include <algorithm>
#include <lp/shared/safeguarding.hpp>
#include <lp/shared/text_normalise.hpp>
#include <map>
#include <utility>

#include "phrase_matcher.hpp"
#include "safeguarding_cues.hpp"

namespace lp {
namespace {

// What a phrase in the matcher is for: a cue of a group, a companion a group requires, a phrase
// that cancels a group, or an idiom that hides any cue lying wholly inside it ("killing me"
// hides "kill me"; "not feel safe" is not hidden by "feel safe").
enum class Role { cue, requires_any, unless_any, idiom };

struct Owner {
    int group = -1;
    Role role = Role::cue;
};

constexpr std::size_t kNarrowNegation = 3;  // words "not", "never", "no" reach forward in their clause
constexpr std::size_t kWideNegation = 7;    // words "nobody", "no one" reach: they negate the whole clause

const text::SynonymMap& safeguarding_synonyms() {
    static const text::SynonymMap map = [] {
        std::map<std::string, std::string> extra;
        for (const auto& [from, to] : detail::safeguarding_short_forms()) extra.emplace(from, to);
        return text::make_synonyms(extra);
    }();
    return map;
}

struct Scanner {
    text::detail::PhraseMatcher matcher{5};
    std::vector<Owner> owners;  // by pattern index
    std::vector<std::string> categories;
    std::vector<std::size_t> group_category;
    std::vector<std::string> negators;       // narrow
    std::vector<std::string> wide_negators;  // "nobody", and "no" before "one"
    std::vector<std::string> clause_breaks;

    void add(const char* phrase, Owner owner) {
        int index = matcher.add(phrase, safeguarding_synonyms(), static_cast<int>(owners.size()), 1.0);
        if (index >= 0) owners.push_back(owner);
    }

    Scanner() {
        for (const char* c : detail::safeguarding_category_ids()) categories.emplace_back(c);
        const auto& groups = detail::safeguarding_cue_groups();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto& group = groups[g];
            auto c = std::find(categories.begin(), categories.end(), group.category);
            group_category.push_back(static_cast<std::size_t>(c - categories.begin()));
            int gi = static_cast<int>(g);
            for (const char* p : group.phrases) add(p, {gi, Role::cue});
            for (const char* p : group.requires_any) add(p, {gi, Role::requires_any});
            for (const char* p : group.unless_any) add(p, {gi, Role::unless_any});
        }
        for (const char* p : detail::safeguarding_idioms()) add(p, {-1, Role::idiom});
        for (const char* w : {"no", "not", "never", "nor", "neither"}) negators.push_back(text::stem(w));
        for (const char* w : {"nobody", "none", "noone"}) wide_negators.push_back(text::stem(w));
        for (const char* w : {"but", "and", "so", "because", "why", "when", "if", "though", "until", "since", "now"})
            clause_breaks.push_back(text::stem(w));
    }

    bool contains(const std::vector<std::string>& list, const std::string& stem) const {
        return std::find(list.begin(), list.end(), stem) != list.end();
    }

    // A negator earlier in the same clause: "no one has ever made me feel unsafe", "im not scared".
    // Punctuation and words such as "but" and "why" end the clause ("dunno why they pick on me").
    bool negated(const std::string& folded, const std::vector<text::Token>& tokens, std::size_t first) const {
        for (std::size_t back = 1; back <= kWideNegation && back <= first; ++back) {
            const auto& t = tokens[first - back];
            const auto& next = tokens[first - back + 1];
            if (t.surface_end < next.surface_begin &&
                folded.find_first_of(".,!?;:", t.surface_end) < next.surface_begin)
                return false;
            if (contains(clause_breaks, t.stem)) return false;
            bool no_one = t.stem == "no" && next.stem == "one";
            if (contains(wide_negators, t.stem) || no_one) return true;
            if (back <= kNarrowNegation && contains(negators, t.stem)) return true;
        }
        return false;
    }
};

const Scanner& scanner() {
    static const Scanner s;  // built once; read-only afterwards, so scans are thread-safe
    return s;
}

}  // namespace

namespace {

SafeguardingHit scan(std::string_view input, bool exceptions) {
    const Scanner& s = scanner();
    SafeguardingHit hit;
    std::string folded = text::fold(input);
    auto tokens = text::tokenise(folded, safeguarding_synonyms());
    auto matches = s.matcher.find_all(s.matcher.encode(tokens));
    if (matches.empty()) return hit;

    const auto& groups = detail::safeguarding_cue_groups();
    std::vector<const text::detail::Match*> companion(groups.size(), nullptr);
    std::vector<bool> cancelled(groups.size(), false);
    std::vector<std::pair<std::size_t, std::size_t>> idioms;
    for (const auto& m : matches) {
        const Owner& o =
            s.owners[static_cast<std::size_t>(s.matcher.patterns()[static_cast<std::size_t>(m.pattern)].owner)];
        if (o.role == Role::idiom) idioms.emplace_back(m.first, m.last);
        if (o.role == Role::requires_any && !companion[static_cast<std::size_t>(o.group)])
            companion[static_cast<std::size_t>(o.group)] = &m;
        if (o.role == Role::unless_any) cancelled[static_cast<std::size_t>(o.group)] = true;
    }

    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<bool> seen_category(s.categories.size(), false);
    for (const auto& m : matches) {
        const Owner& o =
            s.owners[static_cast<std::size_t>(s.matcher.patterns()[static_cast<std::size_t>(m.pattern)].owner)];
        if (o.role != Role::cue) continue;
        auto g = static_cast<std::size_t>(o.group);
        const auto& group = groups[g];
        bool in_idiom = std::any_of(idioms.begin(), idioms.end(),
                                    [&](const auto& i) { return i.first <= m.first && m.last <= i.second; });
        if (exceptions && (in_idiom || cancelled[g])) continue;
        if (!group.requires_any.empty() && !companion[g]) continue;
        if (group.negatable && s.negated(folded, tokens, m.first)) continue;
        seen_category[s.group_category[g]] = true;
        spans.emplace_back(tokens[m.first].surface_begin, tokens[m.last].surface_end);
        if (companion[g])  // the companion is part of the reason, so it is shown too
            spans.emplace_back(tokens[companion[g]->first].surface_begin, tokens[companion[g]->last].surface_end);
    }
    if (spans.empty()) return hit;
    hit.flagged = true;
    // Report the widest phrase per start so "kill myself" is shown rather than "kill" too; in text order.
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::size_t covered_to = 0;
    for (const auto& [b, e] : spans) {
        if (b < covered_to && e <= covered_to) continue;
        std::string phrase = folded.substr(b, e - b);
        if (std::find(hit.matched.begin(), hit.matched.end(), phrase) == hit.matched.end())
            hit.matched.push_back(std::move(phrase));
        covered_to = std::max(covered_to, e);
    }
    for (std::size_t c = 0; c < s.categories.size(); ++c)
        if (seen_category[c]) hit.categories.push_back(s.categories[c]);
    return hit;
}

}  // namespace

SafeguardingHit scan_safeguarding(std::string_view input) { return scan(input, true); }

SafeguardingHit scan_safeguarding_cues(std::string_view input) { return scan(input, false); }

bool safeguarding_can_read(std::string_view language, std::string_view comment) {
    if (!language.empty() && language != kSafeguardingLanguages) return false;
    // Letters outside ASCII (UTF-8 lead bytes) against ASCII letters: mostly another script.
    std::size_t ascii = 0, other = 0;
    for (unsigned char c : comment) {
        if (std::isalpha(c) && c < 0x80) ++ascii;
        else if (c >= 0xC0) ++other;
    }
    return other <= ascii;
}

SafeguardingHit scan_safeguarding(std::string_view text, const SafeguardingScorer* model) {
    SafeguardingHit hit = scan_safeguarding(text);
    if (!model) return hit;
    std::string folded = text::fold(text);
    auto tokens = text::tokenise(folded, safeguarding_synonyms());
    std::string words;
    for (const auto& t : tokens) words += t.stem + ' ';
    hit.model_probability = model->probability(words);
    if (hit.flagged && model->set_aside_below() > 0.0 && hit.model_probability < model->set_aside_unless()) {
        hit.cue_probability = model->cue_probability(safeguarding_cue_words(text));
        if (hit.cue_probability < model->set_aside_below()) {
            hit.set_aside = std::move(hit.matched);
            hit.matched.clear();
            hit.categories.clear();
            hit.flagged = false;
        }
    }
    if (!hit.flagged)
        hit.read_first = !hit.set_aside.empty() || hit.model_probability >= model->read_first_from();
    if (hit.flagged || hit.model_probability < model->threshold()) return hit;
    // Only the model fired: name the writer's own words that pushed its score most, leaving out
    // words that explain nothing to a reader ("me", "the"), at most three.
    static const std::vector<std::string> kFunctionWords = {
        "i", "me", "my", "myself", "you", "he", "she", "it", "we", "they", "him", "her", "them", "the", "a", "an",
        "and", "or", "to", "of", "in", "on", "at", "is", "am", "are", "be", "do", "not", "that", "this", "with", "for"};
    for (const auto& stem : model->explain(words, 12)) {
        if (hit.matched.size() >= 3) break;
        if (std::find(kFunctionWords.begin(), kFunctionWords.end(), stem) != kFunctionWords.end()) continue;
        text::add_surface_word(tokens, folded, stem, hit.matched);
    }
    if (hit.matched.empty()) return hit;  // a flag must name its words
    hit.flagged = true;
    hit.read_first = false;
    hit.by_model = true;
    if (auto c = model->category(words); !c.empty()) hit.categories.push_back(std::move(c));
    return hit;
}

std::string safeguarding_words(std::string_view text) {
    std::string words;
    for (const auto& t : text::tokenise(text::fold(text), safeguarding_synonyms())) {
        if (!words.empty()) words += ' ';
        words += t.stem;
    }
    return words;
}

const std::vector<std::string>& safeguarding_categories() { return scanner().categories; }

std::string safeguarding_cue_words(std::string_view text) {
    auto cues = scan_safeguarding_cues(text);
    if (!cues.flagged) return {};
    std::string out = safeguarding_words(text);
    for (const auto& phrase : cues.matched) {
        std::string token = "cue_" + safeguarding_words(phrase);
        std::replace(token.begin(), token.end(), ' ', '_');
        out += ' ' + token;
    }
    return out;
}

}  // namespace lp
