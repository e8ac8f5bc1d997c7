#pragma once
// The theme linker: links free text (a young person's comment, an inspection finding) to
// themes of the taxonomy (assets/themes/taxonomy.json), lexically and explainably.
//
//   auto linker = lp::Linker::from_taxonomy_file("assets/themes/taxonomy.json");
//   if (!linker) { report(linker.error().message); }
//   for (const lp::ThemeLink& l : linker->link("my pa never rings back"))
//       std::cout << l.id << " " << l.score << " " << l.matched[0];   // personal-advisers 4.1 "pa"
//
// How it scores: text is folded, split into words, short forms expanded ("pa" -> "personal
// adviser", "dont" -> "do not"), stemmed, and one-typo misspellings corrected onto the lexicon's
// words. Each lexicon phrase found adds weight x saturated count (BM25's tf curve) to its theme;
// a phrase's weight grows with its length and shrinks when several themes share it (an IDF over
// themes), and long texts are length-normalised as in BM25. A theme is linked when its score
// passes an absolute floor and a share of the best theme's score. A Linker is immutable after
// construction: link() is const and safe to call from many threads at once.
//
// Optionally a ThemeScorer (a classifier trained on labelled comments, lp/shared/theme_model.hpp)
// adds model_weight x its probability to each theme's score, so a comment in words the lexicon
// lacks can still link. Every link still names words: the lexicon's matches, or, for a theme
// only the model found, the words that raised its probability most.
#include <cstddef>
#include <lp/shared/result.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lp {

/// A lexicon phrase and its extra weight (1 unless the taxonomy says otherwise).
struct LexiconEntry {
    std::string phrase;
    double weight = 1.0;
};

/// One theme of the taxonomy.
struct Theme {
    std::string id;           // lower-case a-z0-9-, e.g. "personal-advisers"
    std::string title;        // for managers
    std::string young_title;  // for young people, plain words
    std::string description;  // one line: what the theme covers (optional)
    std::vector<LexiconEntry> lexicon;
};

/// The theme taxonomy: themes in file order plus word-level synonyms ("pa" -> "personal adviser").
struct Taxonomy {
    std::vector<Theme> themes;
    std::map<std::string, std::string> synonyms;
    /// Index of a theme id, or -1.
    int find(std::string_view id) const;
};

/// Parses taxonomy JSON ({"synonyms": {...}, "themes": [{"id","title","young_title","description"?,"lexicon"}]});
/// lexicon items are strings ("phrase" or "phrase^0.5" for a weight) or {"phrase", "weight"}. invalid_input names the
/// bad theme/field (bad or duplicate id, missing title, empty lexicon).
Result<Taxonomy> parse_taxonomy(const std::string& json_text);
/// Reads and parses a taxonomy file; not_found / io_error / invalid_input (message names the path).
Result<Taxonomy> load_taxonomy_file(const std::string& path);

/// A link from text to one theme: its score and the text's own words that matched.
struct ThemeLink {
    std::string id;
    double score = 0.0;
    std::vector<std::string> matched;  // folded surface words, in text order, no duplicates
};

/// Tunables of link(); the defaults were chosen on the training examples only, never on the
/// evaluation split: min_score by 5-fold CV (`lp-themes cv`), model_weight and relative_floor by
/// leaving one blind writer out (`lp-themes lowo`, docs/themes.md): weight 25 / floor 0.5 beat
/// 10 / 0.45 by +0.02 micro F1 on the three writers' mean (15 / 40 and 0.45 / 0.55 within 0.005).
struct LinkOptions {
    double min_score = 3.6;        // absolute floor on a theme's score (3.2 and 4.0: within 0.002)
    double relative_floor = 0.5;   // share of the best theme's score a link must reach
    double lexicon_relative_floor = 0.35;  // the same when the model is not asked (findings, long
                                           // texts, no model): chosen on the findings' F1
    std::size_t max_links = 3;     // most themes returned for one text
    double average_tokens = 24.0;  // BM25 length normalisation: typical text length
    double length_b = 0.6;         // BM25 b
    double saturation_k1 = 1.2;    // BM25 k1
    double model_weight = 25.0;    // a ThemeScorer's probability 1.0 adds this much to a score
    double model_floor = 0.05;     // probabilities below this add nothing (noise)
    std::size_t model_max_tokens = 30;  // longer texts (inspection findings) use the lexicon alone:
                                        // the model learnt from young people's short comments
};

/// A statistical second opinion on a text's themes. Words are Linker::normalise(text).
class ThemeScorer {
public:
    virtual ~ThemeScorer() = default;
    /// (theme id, probability in 0..1) for the themes the scorer knows, any order.
    virtual std::vector<std::pair<std::string, double>> probabilities(const std::string& words) const = 0;
    /// The words (of `words`) that most raise theme's probability, best first, at most n.
    virtual std::vector<std::string> explain(const std::string& words, const std::string& theme,
                                             std::size_t n) const = 0;
};

class Linker {
public:
    /// Builds the phrase index of a taxonomy. invalid_input when no theme has a usable phrase.
    /// With a scorer, its probabilities join the lexicon's scores (see ThemeScorer).
    static Result<Linker> from_taxonomy(Taxonomy taxonomy, LinkOptions options = {},
                                        std::shared_ptr<const ThemeScorer> scorer = nullptr);
    /// Loads a taxonomy file and builds the linker; errors as load_taxonomy_file().
    static Result<Linker> from_taxonomy_file(const std::string& path, LinkOptions options = {});

    /// Themes linked to text, best first (at most options.max_links). Never fails; empty when
    /// nothing passes the thresholds.
    std::vector<ThemeLink> link(std::string_view text) const;
    /// Every theme with any lexicon match, best first, before thresholds (for explaining/tuning).
    std::vector<ThemeLink> score_all(std::string_view text) const;

    /// The words the linker sees: folded, short forms expanded, stemmed, joined by spaces. Train a
    /// ThemeScorer on these so it shares the linker's spelling fixes and stems.
    std::string normalise(std::string_view text) const;
    /// Whether a ThemeScorer takes part.
    bool has_scorer() const;

    const Taxonomy& taxonomy() const;
    const LinkOptions& options() const;

    Linker(Linker&&) noexcept;
    Linker& operator=(Linker&&) noexcept;
    ~Linker();

private:
    struct Impl;
    explicit Linker(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace lp
