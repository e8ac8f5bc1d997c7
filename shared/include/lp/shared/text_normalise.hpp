#pragma once
// Text normalisation shared by the theme linker and the safeguarding scan: folds case, quotes
// and dashes, splits into word tokens, expands short forms ("pa", "dont"), stems, and maps
// one-typo misspellings onto a known vocabulary. Pure functions, no allocation beyond results.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lp::text {

/// Lower-cases ASCII, folds UTF-8 curly quotes/dashes/nbsp and common accented Latin letters to
/// ASCII, and turns any other non-ASCII byte sequence into a space. Never fails.
std::string fold(std::string_view text);

/// One word of folded text: its characters (apostrophes removed) and where it sits in the
/// folded string, so matches can be shown in the writer's own words.
struct RawToken {
    std::string word;
    std::size_t begin = 0;  // byte offsets into the folded string
    std::size_t end = 0;
};

/// Splits folded text into runs of [a-z0-9]; "don't" and "children's" become one token.
std::vector<RawToken> split_words(std::string_view folded);

/// Light English suffix stripping (plurals, -ing, -ed, -ly, final e). Deterministic, so
/// lexicon phrases and comments stem the same way; it is not a linguistic stemmer.
std::string stem(std::string_view word);

/// Built-in expansions of contractions and chat short forms ("dont" -> "do not", "u" -> "you").
const std::unordered_map<std::string, std::vector<std::string>>& builtin_synonyms();

/// Token after synonym expansion and stemming; surface_* locate the original word(s).
struct Token {
    std::string stem;
    std::size_t surface_begin = 0;
    std::size_t surface_end = 0;
};

/// Synonym table: single folded word -> replacement words (already folded, unstemmed).
using SynonymMap = std::unordered_map<std::string, std::vector<std::string>>;

/// Builds a SynonymMap from "word" -> "replacement phrase" pairs, on top of builtin_synonyms().
/// Keys with spaces are ignored (synonyms rewrite single words).
SynonymMap make_synonyms(const std::map<std::string, std::string>& extra);

/// Folds, splits, expands synonyms (one pass, no recursion) and stems.
std::vector<Token> tokenise(std::string_view folded, const SynonymMap& synonyms);

/// Adds to words (once) the writer's own spelling of the first token whose stem is stem, so a
/// link or flag names the words as written; nothing when no token has that stem.
void add_surface_word(const std::vector<Token>& tokens, std::string_view folded, const std::string& stem,
                      std::vector<std::string>& words);

/// Maps unknown stems onto a known vocabulary when they are one edit away (insert, delete,
/// substitute, transpose), for words of at least min_length characters; common English words
/// are never corrected. Built once from a vocabulary, then read-only and thread-safe.
class Speller {
public:
    explicit Speller(std::size_t min_length = 6) : min_length_(min_length) {}
    /// Adds a known stem.
    void add(const std::string& stem);
    /// The known stem nearest to `stem`, or empty when it is known already or nothing is close.
    std::string correct(const std::string& stem) const;

private:
    std::size_t min_length_;
    std::unordered_map<std::string, std::string> known_;    // stem -> stem
    std::unordered_map<std::string, std::string> deletes_;  // one-deletion variant -> stem
};

}  // namespace lp::text
