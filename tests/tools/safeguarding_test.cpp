#include <doctest/doctest.h>

#include <algorithm>
#include <lp/shared/safeguarding.hpp>
#include <string>

namespace {
bool has_category(const lp::SafeguardingHit& hit, const char* category) {
    return std::find(hit.categories.begin(), hit.categories.end(), category) != hit.categories.end();
}
}  // namespace

TEST_CASE("disclosures in every category are flagged with the words that matched and the category") {
    struct Case {
        const char* text;
        const char* category;
    };
    const Case cases[] = {
        {"i wanna kill myslef", "self-harm"},
        {"kms", "self-harm"},
        {"been cutting myself again", "self-harm"},
        {"no point trying anymore tbh", "self-harm"},
        {"took a load of tablets last week", "self-harm"},
        {"my step dad hits me", "physical-abuse"},
        {"she grabbed me by the arm and it left marks", "physical-abuse"},
        {"they locked me in my room all weekend", "physical-abuse"},
        {"i was touched by my uncle", "sexual-abuse"},
        {"he keeps asking me to send pics", "sexual-abuse"},
        {"he says its our secret", "sexual-abuse"},
        {"there is never any food in the house", "neglect"},
        {"no heating and its freezing in my room", "neglect"},
        {"been sleeping on my cousins sofa for weeks", "neglect"},
        {"sumone older makes me carry stuff", "exploitation"},
        {"i owe them money and they say i have to work it off", "exploitation"},
        {"i ran away last night", "exploitation"},
        {"he said he would hurt my mum if i tell", "threats"},
        {"i dont feel safe at home", "threats"},
        {"Im SCARED of him", "threats"},
        {"i get bullied every day", "bullying"},
        {"no one lets me sit with them at dinner", "bullying"},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        auto hit = lp::scan_safeguarding(c.text);
        CHECK(hit.flagged);
        CHECK_FALSE(hit.matched.empty());
        CHECK(has_category(hit, c.category));
    }
    auto hit = lp::scan_safeguarding("i want to kill myself");
    REQUIRE(hit.matched.size() == 1);
    CHECK(hit.matched[0] == "kill myself");
}

TEST_CASE("a companion word is shown beside the cue it enabled") {
    auto hit = lp::scan_safeguarding("the older boys keep buying me trainers");
    REQUIRE(hit.flagged);
    CHECK(has_category(hit, "exploitation"));
    CHECK(std::find(hit.matched.begin(), hit.matched.end(), "older boys") != hit.matched.end());
    // Without what they give or ask, older people alone are ordinary.
    CHECK_FALSE(lp::scan_safeguarding("the older boys at football are kind").flagged);
}

TEST_CASE("everyday comments, idioms and negations are not flagged") {
    for (const char* text : {"i feel safe here",
                             "my pa is sound",
                             "i miss my brother",
                             "need help with money",
                             "i need help finding a job",
                             "school is ok",
                             "rather not say",
                             "",
                             "my pa helps me loads",
                             "my pa keeps in touch every week",
                             "treat me like an adult",
                             "the hub is great",
                             "this homework is killing me",
                             "id kill for a pizza",
                             "my phone died on the bus",
                             "we got beaten 4-1 at football",
                             "nobody bullies me at this club",
                             "im not scared anymore",
                             "cut my fringe and it looks ok",
                             "i owe my mate a tenner",
                             "the bus is so slow, send help",
                             "keep it a secret, its a surprise party for my carer"}) {
        const std::string shown = text;
        CAPTURE(shown);
        auto hit = lp::scan_safeguarding(text);
        CHECK_FALSE(hit.flagged);
        CHECK(hit.matched.empty());
    }
}

TEST_CASE("a negation ends at the clause, so a later disclosure still flags") {
    CHECK(lp::scan_safeguarding("i dont know why but they all pick on me").flagged);
    CHECK(lp::scan_safeguarding("nobody believes me, he hits me").flagged);
    CHECK_FALSE(lp::scan_safeguarding("nobody here has ever hit me").flagged);
}

TEST_CASE("the scan knows the taxonomy's categories, in order") {
    const auto& cats = lp::safeguarding_categories();
    const std::vector<std::string> expected = {"self-harm",    "physical-abuse", "sexual-abuse", "neglect",
                                               "exploitation", "threats",        "bullying"};
    CHECK(cats == expected);
}
