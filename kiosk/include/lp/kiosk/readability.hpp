#pragma once
// Easy read, measured: the Flesch-Kincaid grade level of English texts young people read, with
// limits per age band (docs/languages.md). Pure: no files, no ImGui.
#include <cstddef>
#include <lp/kiosk/strings.hpp>
#include <lp/shared/model.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lp::kiosk {

/// Counts of one text and its Flesch-Kincaid grade.
struct ReadabilityScore {
    int sentences = 0;
    int words = 0;
    int syllables = 0;
    int longest_sentence_words = 0;
    int longest_word_syllables = 0;
    double grade = 0;  // Flesch-Kincaid grade level; reading age = grade + 5
};

/// Syllables in one English word by vowel groups with the usual silent-e, -es and -ed rules
/// (at least 1; a number or placeholder counts as 1).
int english_syllables(std::string_view word);

/// Sentences, words, syllables and the Flesch-Kincaid grade of an English text.
ReadabilityScore score_english(std::string_view text);

/// What a band's readers can be asked to read.
struct ReadingLimit {
    const char* band;             // "4-7", "8-12", "13-17", "16-25"
    double max_grade;             // Flesch-Kincaid grade, for texts of min_scored_words or more
    int max_sentence_words;       // every sentence, every text
    int max_word_syllables;       // texts shorter than min_scored_words: no word longer than this
    int min_scored_words;         // below this the formula says little (it was fitted on passages)
};

/// The limit for a band id; the 8-12 limit for an unknown one.
const ReadingLimit& reading_limit(std::string_view band);

/// One text checked against its band's limit.
struct ReadingCheck {
    std::string where;  // "children-in-care: feel-safe (8-12)", "kiosk: welcome_body"
    std::string band;
    std::string text;
    ReadabilityScore score;
    std::string problem;  // empty when within the limit
};

/// Checks one text against the limit for `band`.
ReadingCheck check_reading(std::string where, std::string_view band, std::string_view text);

/// Every English question text (each band's wording, chip labels at the youngest band that sees them).
std::vector<ReadingCheck> check_question_set(const QuestionSet& set);

/// Every young person's string of a kiosk catalogue (all of them before the staff screens), at
/// the youngest band that reads them: "4-7" for the under-8s path's own words, "8-12" otherwise.
std::vector<ReadingCheck> check_kiosk_strings(const Strings& english);

}  // namespace lp::kiosk
