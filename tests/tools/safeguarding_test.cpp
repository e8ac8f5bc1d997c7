#include <doctest/doctest.h>

#include <algorithm>
#include <lp/shared/safeguarding.hpp>
#include <string>

TEST_CASE("explicit disclosures are flagged with the words that matched and a category") {
    struct Case {
        const char* text;
        const char* category;
    };
    const Case cases[] = {
        {"my step dad hits me", "abuse"},
        {"i wanna kill myslef", "suicide"},
        {"kms", "suicide"},
        {"been cutting myself again", "self-harm"},
        {"i dont feel safe at home", "unsafe"},
        {"i ran away last night", "missing"},
        {"sumone older makes me carry stuff", "exploitation"},
        {"he keeps asking me to send pics", "exploitation"},
        {"there is never any food in the house", "neglect"},
        {"Im SCARED of him", "unsafe"},
        {"i want to die", "suicide"},
        {"i was touched by my uncle", "abuse"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto hit = lp::scan_safeguarding(c.text);
        CHECK(hit.flagged);
        CHECK_FALSE(hit.matched.empty());
        CHECK(std::find(hit.categories.begin(), hit.categories.end(), c.category) != hit.categories.end());
    }
    auto hit = lp::scan_safeguarding("i want to kill myself");
    REQUIRE(hit.matched.size() == 1);
    CHECK(hit.matched[0] == "kill myself");
}

TEST_CASE("everyday comments are not flagged") {
    for (const char* text : {"i feel safe here", "my pa is sound", "i miss my brother", "need help with money",
                             "i need help finding a job", "school is ok", "rather not say", "", "my pa helps me loads",
                             "my pa keeps in touch every week", "treat me like an adult", "the hub is great"}) {
        CAPTURE(text);
        CHECK_FALSE(lp::scan_safeguarding(text).flagged);
    }
}

TEST_CASE("the scan knows its categories") {
    const auto& cats = lp::safeguarding_categories();
    for (const char* c : {"suicide", "self-harm", "abuse", "unsafe", "missing", "exploitation", "neglect"})
        CHECK(std::find(cats.begin(), cats.end(), c) != cats.end());
}
