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
    std::vector<std::string> matched;     // the text's own words that matched, in text order
    std::vector<std::string> categories;  // ids from docs/safeguarding.md: "self-harm", "physical-abuse",
                                          // "sexual-abuse", "neglect", "exploitation", "threats", "bullying"
};

/// Scans text for the cues of docs/safeguarding.md (self-harm and suicide, physical abuse, sexual
/// abuse, neglect, exploitation, threats and pressure to keep quiet, bullying), minus negated cues
/// and everyday idioms. Never fails.
SafeguardingHit scan_safeguarding(std::string_view text);

/// The categories scan_safeguarding() can report, in a stable order.
const std::vector<std::string>& safeguarding_categories();

}  // namespace lp
