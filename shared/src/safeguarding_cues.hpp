#pragma once
// Internal to lp_shared: the safeguarding taxonomy as data (docs/safeguarding.md explains it).
// Each group of cues belongs to one category; a group may need a companion phrase somewhere in
// the comment ("kill me" counts only beside "tell", "police"...), may be cancelled by another
// ("secret" beside "surprise"), and may be negatable ("no one bullies me"). Idioms are phrases
// that are not disclosures ("this wifi is killing me"); a cue inside an idiom is ignored.
#include <string>
#include <utility>
#include <vector>

namespace lp::detail {

struct CueGroup {
    const char* category;
    bool negatable = false;
    std::vector<const char*> phrases;
    std::vector<const char*> requires_any;  // at least one must appear in the comment (empty: none needed)
    std::vector<const char*> unless_any;    // none of these may appear in the comment
};

/// The category ids, in the order the scan reports them.
const std::vector<const char*>& safeguarding_category_ids();
/// Every cue group of every category.
const std::vector<CueGroup>& safeguarding_cue_groups();
/// Phrases that are everyday idioms, not disclosures.
const std::vector<const char*>& safeguarding_idioms();
/// Short forms and misspellings young people use: single word -> words.
const std::vector<std::pair<const char*, const char*>>& safeguarding_short_forms();
/// Every cue, companion, exception, idiom and short form as one text: part of a saved model's
/// fingerprint, since the words a model reads and the cue check's examples both follow the rules.
std::string safeguarding_rules_text();

}  // namespace lp::detail
