#include <doctest/doctest.h>

#include <lp/shared/enum_names.hpp>
#include <lp/shared/model.hpp>
#include <string>

namespace {
enum class Colour { red, green, blue };
}  // namespace

TEST_CASE("an enum's name is looked up in declaration order, with the fallback outside the list") {
    static constexpr const char* names[] = {"red", "green", "blue"};
    CHECK(std::string(lp::enum_name(Colour::green, names, "?")) == "green");
    CHECK(std::string(lp::enum_name(Colour::blue, names, "?")) == "blue");
    CHECK(std::string(lp::enum_name(static_cast<Colour>(7), names, "?")) == "?");
}

TEST_CASE("every age band and question kind reads back from its own name") {
    for (auto b : {lp::AgeBand::age_4_7, lp::AgeBand::age_8_12, lp::AgeBand::age_13_17, lp::AgeBand::care_leaver_16_25,
                   lp::AgeBand::unsaid})
        CHECK(lp::age_band_from_string(lp::to_string(b)) == b);
    CHECK(std::string(lp::to_string(lp::AgeBand::care_leaver_16_25)) == "16-25");
    for (auto k : {lp::QuestionKind::smiley3, lp::QuestionKind::smiley5, lp::QuestionKind::yes_no,
                   lp::QuestionKind::chips, lp::QuestionKind::comment})
        CHECK(lp::question_kind_from_string(lp::to_string(k)) == k);
    CHECK(std::string(lp::to_string(lp::AnswerState::rather_not_say)) == "rather_not_say");
}
