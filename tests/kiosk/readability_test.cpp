#include <doctest/doctest.h>

#include <lp/kiosk/question_source.hpp>
#include <lp/kiosk/readability.hpp>
#include <lp/shared/question_set.hpp>

using namespace lp;
using namespace lp::kiosk;

namespace {
const std::string assets = std::string(LP_SOURCE_DIR) + "/assets";
}

TEST_CASE("syllables are counted by vowel groups with the silent endings") {
    CHECK(english_syllables("cat") == 1);
    CHECK(english_syllables("live") == 1);       // silent e
    CHECK(english_syllables("little") == 2);     // -le is a syllable
    CHECK(english_syllables("helped") == 1);     // silent -ed
    CHECK(english_syllables("wanted") == 2);     // -ed after t
    CHECK(english_syllables("places") == 2);     // -es after a hiss
    CHECK(english_syllables("lives") == 1);
    CHECK(english_syllables("family") == 3);
    CHECK(english_syllables("grown-ups") == 2);  // two words said together
    CHECK(english_syllables("%d") == 1);
    CHECK(english_syllables("understand") == 3);
}

TEST_CASE("the Flesch-Kincaid grade follows the published formula") {
    // 6 words, 6 syllables, 1 sentence: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
    auto easy = score_english("The cat sat on the mat.");
    CHECK(easy.words == 6);
    CHECK(easy.syllables == 6);
    CHECK(easy.sentences == 1);
    CHECK(easy.grade == doctest::Approx(-1.45).epsilon(0.001));
    // Two sentences halve the words per sentence.
    auto two = score_english("The cat sat. The dog ran.");
    CHECK(two.sentences == 2);
    CHECK(two.longest_sentence_words == 3);
    auto hard = score_english("Administrative responsibilities necessitate considerable organisational flexibility.");
    CHECK(hard.grade > 15);
}

TEST_CASE("a text above its band's limit fails and names the limit") {
    auto ok = check_reading("t", "8-12", "Do you feel safe where you live?");
    CHECK(ok.problem.empty());
    auto hard = check_reading("t", "8-12", "Do you understand the responsibilities of your independent reviewing officer?");
    CHECK(hard.problem.find("grade") != std::string::npos);
    // The same words may be fine for an older band.
    auto long_sentence = check_reading(
        "t", "16-25", "Do you and the people who look after you talk about what you want to do when you are older now?");
    CHECK(long_sentence.problem.find("words") != std::string::npos);
    auto short_hard = check_reading("t", "4-7", "Independence");
    CHECK(short_hard.problem.find("syllables") != std::string::npos);
    // The under-8s limit is stricter than the 16-25 one.
    CHECK(reading_limit("4-7").max_grade < reading_limit("16-25").max_grade);
}

TEST_CASE("every young person's English string is within its band's reading limit") {
    std::vector<ReadingCheck> all;
    for (const char* id : {"care-leavers", "children-in-care"}) {
        auto set = load_question_set(assets_set_path(assets, id));
        REQUIRE(set);
        auto checks = check_question_set(*set);
        all.insert(all.end(), checks.begin(), checks.end());
    }
    auto catalogues = Catalogues::load(assets);
    REQUIRE(catalogues.has("en"));
    auto kiosk = check_kiosk_strings(catalogues.get("en"));
    CHECK(kiosk.size() > 50);
    all.insert(all.end(), kiosk.begin(), kiosk.end());
    int failures = 0;
    for (const auto& c : all)
        if (!c.problem.empty()) {
            ++failures;
            MESSAGE(c.where << ": \"" << c.text << "\": " << c.problem);
        }
    CHECK(failures == 0);
}
