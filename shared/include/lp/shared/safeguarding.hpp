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
    double cue_probability = -1.0;        // the cue check's score for the rules' words, -1 when none was asked
    std::vector<std::string> set_aside;   // cues the cue check judged an everyday use ("bruised my knee
                                          // at netball"); the comment is then not flagged by the rules
    bool read_first = false;              // not flagged but in doubt (set aside, or a second-opinion score
                                          // from read_first_from() up): a person should read it soon
    std::vector<std::string> matched;     // the text's own words that matched, in text order
    std::vector<std::string> categories;  // ids from docs/safeguarding.md: "self-harm", "physical-abuse",
                                          // "sexual-abuse", "neglect", "exploitation", "threats", "bullying"
};

/// Scans text for the cues of docs/safeguarding.md (self-harm and suicide, physical abuse, sexual
/// abuse, neglect, exploitation, threats and pressure to keep quiet, bullying), minus negated cues
/// and everyday idioms. Never fails.
SafeguardingHit scan_safeguarding(std::string_view text);
/// The cues alone, with no idiom and no "unless" phrase applied: every comment in which a cue word
/// appears at all. The cue check (SafeguardingScorer::cue_probability) learns from these.
SafeguardingHit scan_safeguarding_cues(std::string_view text);

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
    /// The cue check: the probability (0..1) that a comment in which the rules found cues is a
    /// disclosure, from a model trained only on such comments, so it learns how the same words are
    /// used harmlessly. words_and_cues is safeguarding_cue_words(text). 1 when there is no check.
    virtual double cue_probability(const std::string& words_and_cues) const {
        (void)words_and_cues;
        return 1.0;
    }
    /// A rules hit whose cue probability is below this is set aside (0: never) ...
    virtual double set_aside_below() const { return 0.0; }
    /// ... unless the second opinion's probability is at least this (both must doubt it).
    virtual double set_aside_unless() const { return 2.0; }
    /// A comment the second opinion scores from here up to threshold() is not flagged but read first.
    virtual double read_first_from() const { return threshold(); }
};

/// The rules, then, when a model is given, its cue check and its second opinion. A rules hit the
/// cue check scores below set_aside_below() is set aside (its words move to set_aside); then the
/// comment is flagged when the rules or the second opinion fire. One that is not, but was set aside
/// or scored from read_first_from() up, is marked read_first. A model-only flag names the
/// comment's own words that raised its score most (by_model is set), so the output stays
/// explainable. model may be null (rules alone).
SafeguardingHit scan_safeguarding(std::string_view text, const SafeguardingScorer* model);

/// The languages the scan's cues and model are written in: English only (with young people's
/// spellings and text-speak). A comment in any other language, or mostly in another script, is
/// one the scan cannot read: it goes to the top of "To read" for a person instead.
inline constexpr const char* kSafeguardingLanguages = "en";
bool safeguarding_can_read(std::string_view language, std::string_view comment);

/// The words the scan sees: folded, short forms expanded ("kms" -> kill myself), stemmed,
/// joined by spaces. Train a SafeguardingScorer on these.
std::string safeguarding_words(std::string_view text);

/// What the cue check reads: safeguarding_words(text), then one token per cue the bare cues find
/// ("cue_hurt_my"); "" when no cue word appears at all.
std::string safeguarding_cue_words(std::string_view text);

/// The categories scan_safeguarding() can report, in a stable order.
const std::vector<std::string>& safeguarding_categories();

}  // namespace lp
