#include <doctest/doctest.h>
#include <lp/shared/question_set.hpp>

#include <nlohmann/json.hpp>

namespace {

nlohmann::json good_set() {
    nlohmann::json text = {{"8-12", "Do you feel safe?"}, {"13-17", "Do you feel safe?"}, {"16-25", "Do you feel safe?"}};
    return {{"id", "test-set"},
            {"version", 2},
            {"questions",
             {{{"id", "safe"}, {"kind", "yes_no"}, {"themes", {"feeling-safe"}}, {"text", text}},
              {{"id", "pa"}, {"kind", "smiley5"}, {"text", text}},
              {{"id", "help"},
               {"kind", "chips"},
               {"text", text},
               {"options", {{{"id", "housing"}, {"label", "A home"}}, {{"id", "money"}, {"label", "Money"}}}}},
              {{"id", "comment"}, {"kind", "comment"}, {"text", text}}}}};
}

std::string error_of(const nlohmann::json& j) {
    auto r = lp::parse_question_set(j.dump(), "bad.json");
    REQUIRE_FALSE(r);
    return r.error().message;
}

}  // namespace

TEST_CASE("a valid question set loads with every kind") {
    auto r = lp::parse_question_set(good_set().dump(), "good.json");
    REQUIRE(r);
    CHECK(r->id == "test-set");
    CHECK(r->version == 2);
    CHECK(r->questions.size() == 4);
    CHECK(r->find("help")->options.size() == 2);
    CHECK(r->find("safe")->themes == std::vector<std::string>{"feeling-safe"});
    CHECK(r->languages == std::vector<std::string>{"en"});
    auto again = lp::parse_question_set(lp::question_set_to_json(*r), "roundtrip");
    REQUIRE(again);
    CHECK(again->questions.size() == 4);
}

TEST_CASE("bad question sets are refused naming the file, the question and the problem") {
    auto j = good_set();
    j["questions"][1]["text"].erase("8-12");
    auto m = error_of(j);
    CHECK(m.find("bad.json") != std::string::npos);
    CHECK(m.find("'pa'") != std::string::npos);
    CHECK(m.find("8-12") != std::string::npos);

    j = good_set();
    j["questions"][0]["kind"] = "slider";
    CHECK(error_of(j).find("unknown kind 'slider'") != std::string::npos);

    j = good_set();
    j["questions"][1]["id"] = "safe";
    CHECK(error_of(j).find("appears twice") != std::string::npos);

    j = good_set();
    j["questions"][2]["options"] = {{{"id", "x"}, {"label", "X"}}};
    CHECK(error_of(j).find("2 to 8") != std::string::npos);

    j = good_set();
    std::swap(j["questions"][2], j["questions"][3]);
    CHECK(error_of(j).find("must be the last") != std::string::npos);

    j = good_set();
    j["questions"][0]["text"]["13-17"] = std::string(200, 'a');
    CHECK(error_of(j).find("longer than") != std::string::npos);

    j = good_set();
    j["questions"][0]["themes"] = {"Not A Slug"};
    CHECK(error_of(j).find("theme ids") != std::string::npos);

    j = good_set();
    j.erase("version");
    CHECK(error_of(j).find("version") != std::string::npos);

    auto r = lp::parse_question_set("{not json", "broken.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("broken.json") != std::string::npos);
}

TEST_CASE("loading a missing question set file says not found") {
    auto r = lp::load_question_set("/nonexistent/q.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == lp::Errc::not_found);
}
