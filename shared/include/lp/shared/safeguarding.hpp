#pragma once
// Safeguarding scan of free text (kiosk comments). Tuned for recall: missing a real disclosure
// is the worst failure, so a hit only means "a person should read this now", never a verdict.
// Uses the same normalisation as the linker (folding, short forms such as "kms", stemming,
// one-typo spelling correction), so "my step dad hits me", "i wanna kill myslef" and
// "sumone older makes me carry stuff" are all caught. Built-in phrase list; thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace lp {

struct SafeguardingHit {
    bool flagged = false;
    bool by_model = false;                // only the second opinion (SafeguardingScorer) fired
    double model_probability = -1.0;      // the second opinion's score, -1 when none was asked
    std::vector<std::string> matched;     // the text's own words that matched, in text order
    std::vector<std::string> categories;  // ids from docs/safeguarding.md: "self-harm", "physical-abuse",
                                          // "sexual-abuse", "neglect", "exploitation", "threats", "bullying"
};

/// Scans text for the cues of docs/safeguarding.md (self-harm and suicide, physical abuse, sexual
/// abuse, neglect, exploitation, threats and pressure to keep quiet, bullying), minus negated cues
/// and everyday idioms. Never fails.
SafeguardingHit scan_safeguarding(std::string_view text);

/// A statistical second opinion on a comment (a fastText model on the aggregator side:
/// lp/shared/safeguarding_model.hpp, library lp::text_classifier, so the kiosk never needs it).
/// Words are safeguarding_words(text).
class SafeguardingScorer {
public:
    virtual ~SafeguardingScorer() = default;
    /// Probability (0..1) that the words are a disclosure.
    virtual double probability(const std::string& words) const = 0;
    /// Flag at or above this probability.
    virtual double threshold() const = 0;
    /// The words (of `words`) that raise the probability most, best first, at most n.
    virtual std::vector<std::string> explain(const std::string& words, std::size_t n) const = 0;
    /// The most probable category id for a disclosure ("" when the model has none).
    virtual std::string category(const std::string& words) const = 0;
};

/// The rules, then, when they do not fire and a model is given, the model: a comment is flagged
/// when either fires. A model-only flag names the comment's own words that raised its score most
/// (by_model is set), so the output stays explainable. model may be null (rules alone).
SafeguardingHit scan_safeguarding(std::string_view text, const SafeguardingScorer* model);

/// The languages the scan's cues and model are written in: English only (with young people's
/// spellings and text-speak). A comment in any other language, or mostly in another script, is
/// one the scan cannot read: it goes to the top of "To read" for a person instead.
inline constexpr const char* kSafeguardingLanguages = "en";
bool safeguarding_can_read(std::string_view language, std::string_view comment);

/// The words the scan sees: folded, short forms expanded ("kms" -> kill myself), stemmed,
/// joined by spaces. Train a SafeguardingScorer on these.
std::string safeguarding_words(std::string_view text);

/// The categories scan_safeguarding() can report, in a stable order.
const std::vector<std::string>& safeguarding_categories();

}  // namespace lp
