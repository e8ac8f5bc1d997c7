#pragma once
// Which question set the kiosk shows: a set delivered by sync (DIR/question-set.json) if it is
// valid, else the one named in kiosk.conf from assets/question-sets/. A bad delivered set never
// replaces a good one: the last good delivered set is kept in DIR/question-set.good.json.
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp::kiosk {

struct ChosenQuestionSet {
    QuestionSet set;
    std::string source;                 // file it came from
    std::vector<std::string> warnings;  // e.g. why a delivered set was refused (for staff)
};

std::string delivered_set_path(const std::string& data_dir);
std::string assets_set_path(const std::string& assets_dir, const std::string& id);

/// Ids of the sets in assets/question-sets/ (sorted).
std::vector<std::string> available_question_sets(const std::string& assets_dir);

/// Picks the set to show. `configured_id` comes from kiosk.conf; `explicit_choice` says staff
/// chose it (then a delivered set with another id does not win). not_found / invalid_input
/// when nothing usable exists, naming every file tried.
Result<ChosenQuestionSet> choose_question_set(const std::string& data_dir, const std::string& assets_dir,
                                              const std::string& configured_id, bool explicit_choice);

}  // namespace lp::kiosk
