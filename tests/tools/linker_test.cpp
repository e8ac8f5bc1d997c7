#include <algorithm>
#include <lp/shared/linker.hpp>
#include <lp/shared/text_normalise.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

bool links_to(const std::vector<lp::ThemeLink>& links, const std::string& id) {
    return std::any_of(links.begin(), links.end(), [&](const lp::ThemeLink& l) { return l.id == id; });
}

const lp::ThemeLink* find_link(const std::vector<lp::ThemeLink>& links, const std::string& id) {
    for (const auto& l : links)
        if (l.id == id) return &l;
    return nullptr;
}

}  // namespace

TEST_CASE("normalisation folds case, curly quotes and accents and splits words") {
    CHECK(lp::text::fold("Don\xE2\x80\x99t \xE2\x80\x9C"
                         "Caf\xC3\xA9\xE2\x80\x9D") == "don't \"cafe\"");
    auto words = lp::text::split_words(lp::text::fold("Children's  PA\xE2\x80\x93worker, don't!"));
    REQUIRE(words.size() == 4);
    CHECK(words[0].word == "childrens");
    CHECK(words[1].word == "pa");
    CHECK(words[2].word == "worker");
    CHECK(words[3].word == "dont");
}

TEST_CASE("stemming makes word forms meet and keeps short words apart") {
    using lp::text::stem;
    CHECK(stem("moved") == stem("move"));
    CHECK(stem("moving") == stem("moves"));
    CHECK(stem("placements") == stem("placement"));
    CHECK(stem("hitting") == stem("hit"));
    CHECK(stem("listened") == stem("listen"));
    CHECK(stem("feelings") == stem("feeling"));
    CHECK(stem("histories") == stem("history"));
    CHECK(stem("carers") == "carer");
    CHECK(stem("note") != stem("not"));
    CHECK(stem("is") == "is");
}

TEST_CASE("the speller fixes one typo in long words but never common words") {
    lp::text::Speller s(6);
    s.add("advocat");
    s.add("placement");
    s.add("world");
    CHECK(s.correct("advcat") == "advocat");        // letter left out
    CHECK(s.correct("placment") == "placement");    // letter left out
    CHECK(s.correct("placemnet") == "placement");   // swapped letters
    CHECK(s.correct("placemennt") == "placement");  // letter doubled
    CHECK(s.correct("placement").empty());          // already known
    CHECK(s.correct("would").empty());
    CHECK(s.correct("xyzzyq").empty());
}

TEST_CASE("a taxonomy with a bad id, a duplicate or no lexicon is refused with the reason") {
    auto bad = lp::parse_taxonomy(R"({"themes":[{"id":"Bad Id","title":"t","young_title":"y","lexicon":["a"]}]})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("Bad Id") != std::string::npos);
    auto dup = lp::parse_taxonomy(R"({"themes":[{"id":"a","title":"t","young_title":"y","lexicon":["x"]},
                                                {"id":"a","title":"t","young_title":"y","lexicon":["y"]}]})");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().message.find("duplicate") != std::string::npos);
    auto empty = lp::parse_taxonomy(R"({"themes":[{"id":"a","title":"t","young_title":"y","lexicon":[]}]})");
    REQUIRE_FALSE(empty.ok());
    CHECK_FALSE(lp::parse_taxonomy("not json").ok());
    auto missing = lp::Linker::from_taxonomy_file("/nonexistent/taxonomy.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == lp::Errc::not_found);
}

TEST_CASE("the shipped taxonomy has the theme ids the question sets use, with plain young titles") {
    const auto& tax = lp::test::taxonomy_linker().taxonomy();
    CHECK(tax.themes.size() >= 20);
    CHECK(tax.themes.size() <= 30);
    for (const char* id :
         {"being-listened-to",          "plans-and-records",     "stability",           "missing-from-care",
          "health-histories",           "somewhere-to-live",     "life-story",          "personal-advisers",
          "education-and-work",         "disabled-children",     "private-fostering",   "exploitation",
          "neglect-and-domestic-abuse", "foster-carers",         "workforce-stability", "management-oversight",
          "advocacy-and-iros",          "feeling-safe",          "staying-put",         "contact-with-family",
          "relationships-and-social",   "care-leavers-influence"}) {
        CAPTURE(id);
        CHECK(tax.find(id) >= 0);
    }
    for (const auto& t : tax.themes) {
        CAPTURE(t.id);
        CHECK(t.young_title.size() <= 45);  // short enough for a 9-year-old and a kiosk button
        CHECK(t.lexicon.size() >= 5);
    }
}

TEST_CASE("comments link to themes with the words that matched, in the writer's own words") {
    const auto& linker = lp::test::taxonomy_linker();
    auto pa = linker.link("My PA never rings back!!");
    REQUIRE_FALSE(pa.empty());
    CHECK(pa[0].id == "personal-advisers");
    CHECK(pa[0].score > 0);
    CHECK(std::find(pa[0].matched.begin(), pa[0].matched.end(), "pa") != pa[0].matched.end());
    CHECK(std::find(pa[0].matched.begin(), pa[0].matched.end(), "never rings back") != pa[0].matched.end());

    CHECK(links_to(linker.link("moved again its the 5th placment this year"), "stability"));
    CHECK(links_to(linker.link("nobdy lisens to me"), "being-listened-to"));
    CHECK(links_to(linker.link("i want to stay put with my carers after 18"), "staying-put"));
    CHECK(links_to(linker.link("collage is good"), "education-and-work"));
    CHECK(links_to(linker.link("I dont know why im in care"), "life-story"));
    CHECK(linker.link("rather not say").empty());
    CHECK(linker.link("").empty());
    CHECK(linker.link("   \n\t ").empty());
}

TEST_CASE("a longer phrase of one theme hides the shorter phrase of another inside it") {
    const auto& linker = lp::test::taxonomy_linker();
    auto links = linker.score_all("children who are privately fostered");
    CHECK(find_link(links, "private-fostering") != nullptr);
    CHECK(find_link(links, "foster-carers") == nullptr);
}

TEST_CASE("links are capped, ordered by score and explainable") {
    const auto& linker = lp::test::taxonomy_linker();
    auto links = linker.link(
        "my pa never rings back and i got moved again and my foster carer is nice and school is rubbish and my "
        "social worker keeps changing and i miss my mum");
    CHECK(links.size() <= linker.options().max_links);
    for (std::size_t i = 1; i < links.size(); ++i) CHECK(links[i - 1].score >= links[i].score);
    for (const auto& l : links) CHECK_FALSE(l.matched.empty());
    CHECK(linker.score_all("my pa never rings back and school is rubbish").size() >= 2);
}

