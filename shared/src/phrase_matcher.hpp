#pragma once
// Internal to lp_shared: finds many short stemmed phrases in a token stream in one pass.
// Used by the theme linker and the safeguarding scan.
#include <cstddef>
#include <lp/shared/text_normalise.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lp::text::detail {

constexpr int kUnknown = -1;
constexpr int kGap = -2;  // "*" in a pattern: 0..kMaxGap tokens of anything
constexpr std::size_t kMaxGap = 2;

struct Pattern {
    std::vector<int> ids;  // stem ids, kGap for "*"
    std::string text;      // the phrase as written, for diagnostics
    int owner = 0;         // theme index or safeguarding category
    double weight = 1.0;
};

struct Match {
    int pattern = 0;
    std::size_t first = 0;  // token indices, inclusive
    std::size_t last = 0;
};

class PhraseMatcher {
public:
    explicit PhraseMatcher(std::size_t speller_min_length = 6) : speller_(speller_min_length) {}

    /// Adds a phrase ("*" words are gaps); returns its index, or -1 when it has no words.
    int add(std::string_view phrase, const SynonymMap& synonyms, int owner, double weight);
    /// Stem id of each token, correcting one-typo misspellings onto the vocabulary.
    std::vector<int> encode(const std::vector<Token>& tokens) const;
    /// Every occurrence of every pattern (shortest span per start and pattern).
    std::vector<Match> find_all(const std::vector<int>& ids) const;

    const std::vector<Pattern>& patterns() const { return patterns_; }
    /// Number of stems (tokens) that carry meaning: those in the vocabulary.
    std::size_t vocabulary_size() const { return ids_.size(); }

private:
    bool match_from(const Pattern& p, std::size_t k, const std::vector<int>& ids, std::size_t pos,
                    std::size_t& last) const;

    std::unordered_map<std::string, int> ids_;
    std::vector<Pattern> patterns_;
    std::unordered_map<int, std::vector<int>> by_first_;
    Speller speller_;
};

}  // namespace lp::text::detail
