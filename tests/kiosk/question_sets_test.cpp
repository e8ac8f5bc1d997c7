#include <doctest/doctest.h>

#include <algorithm>
#include <lp/kiosk/question_source.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>
#include <set>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {
const std::string assets = std::string(LP_SOURCE_DIR) + "/assets";
}

TEST_CASE("the shipped question sets load and validate") {
    for (const char* id : {"care-leavers", "children-in-care"}) {
        auto set = load_question_set(assets_set_path(assets, id));
        REQUIRE_MESSAGE(set, (set ? "" : set.error().message));
        CHECK(set->id == id);
        CHECK(set->questions.size() >= 8);
        CHECK(set->questions.back().kind == QuestionKind::comment);
    }
}

TEST_CASE("the shipped sets cover the services the reports talk about") {
    std::set<std::string> themes;
    auto set = load_question_set(assets_set_path(assets, "care-leavers"));
    REQUIRE(set);
    for (const auto& q : set->questions) {
        themes.insert(q.themes.begin(), q.themes.end());
        for (const auto& o : q.options) themes.insert(o.themes.begin(), o.themes.end());
    }
    for (const char* t : {"plans-and-records", "personal-advisers", "health-histories", "somewhere-to-live",
                          "life-story", "feeling-safe", "being-listened-to", "staying-put", "education-and-work",
                          "relationships-and-social", "care-leavers-influence"})
        CHECK_MESSAGE(themes.count(t) == 1, t);
}

TEST_CASE("a valid delivered set wins over the assets default") {
    test::TempDir dir;
    auto text = read_file(assets_set_path(assets, "children-in-care"));
    REQUIRE(text);
    REQUIRE(write_file_atomic(delivered_set_path(dir.path()), *text));
    auto chosen = choose_question_set(dir.path(), assets, "care-leavers", false);
    REQUIRE(chosen);
    CHECK(chosen->set.id == "children-in-care");
    // Staff picking a set explicitly beats a delivered set with a different id.
    auto explicit_choice = choose_question_set(dir.path(), assets, "care-leavers", true);
    REQUIRE(explicit_choice);
    CHECK(explicit_choice->set.id == "care-leavers");
}

TEST_CASE("a bad delivered set is refused with a message and the last good one is kept") {
    test::TempDir dir;
    auto text = read_file(assets_set_path(assets, "children-in-care"));
    REQUIRE(write_file_atomic(delivered_set_path(dir.path()), *text));
    REQUIRE(choose_question_set(dir.path(), assets, "care-leavers", false));
    // Now sync delivers a broken one.
    std::string broken = *text;
    broken.replace(broken.find("\"smiley3\""), 9, "\"smiley9\"");
    REQUIRE(write_file_atomic(delivered_set_path(dir.path()), broken));
    auto chosen = choose_question_set(dir.path(), assets, "care-leavers", false);
    REQUIRE(chosen);
    CHECK(chosen->set.id == "children-in-care");
    REQUIRE_FALSE(chosen->warnings.empty());
    CHECK(chosen->warnings[0].find("question-set.json") != std::string::npos);
}

TEST_CASE("an unknown configured set falls back to any valid one, with a warning") {
    test::TempDir dir;
    auto chosen = choose_question_set(dir.path(), assets, "no-such-set", true);
    REQUIRE(chosen);
    REQUIRE_FALSE(chosen->warnings.empty());
    auto none = choose_question_set(dir.path(), dir.path() + "/empty-assets", "x", true);
    CHECK_FALSE(none);
}

TEST_CASE("available sets are listed from the assets folder") {
    auto ids = available_question_sets(assets);
    CHECK(std::find(ids.begin(), ids.end(), "care-leavers") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "children-in-care") != ids.end());
}
