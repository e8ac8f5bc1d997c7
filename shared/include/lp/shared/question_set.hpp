#pragma once
// Question sets: JSON in assets/question-sets/ (docs/formats.md), validated before use.
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lp {

constexpr std::size_t max_question_text_chars = 140;
constexpr std::size_t max_questions = 30;
/// The under-8s path (questions with 4-7 text) and the quick path ask at most this many.
constexpr std::size_t max_under_8s_questions = 5;
constexpr std::size_t max_quick_questions = 6;

/// The pictures the kiosk can draw beside an under-8s question ("home", "family", ...).
const std::vector<std::string>& known_pictures();
bool is_known_picture(std::string_view name);
/// "home, family, ..." for messages.
std::string known_pictures_list();

/// Parses and validates a question set. On failure the message names origin (the file),
/// the question id and the problem, e.g. "care.json: question 'pa-know': no text for 8-12".
Result<QuestionSet> parse_question_set(const std::string& json_text, const std::string& origin);
/// Reads a file and parses it as above.
Result<QuestionSet> load_question_set(const std::string& path);
/// Canonical JSON for a question set (what the aggregator sends to kiosks).
std::string question_set_to_json(const QuestionSet& set);

}  // namespace lp
