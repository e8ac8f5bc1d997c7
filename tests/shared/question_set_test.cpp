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

TEST_CASE("the under-8s path: 4-7 text on at most 5 questions, each with three faces and a picture") {
    auto q = [](const char* id, const char* kind, const char* extra) {
        return std::string(R"({"id": ")") + id + R"(", "kind": ")" + kind + R"(", )" + extra +
               R"("text": {"4-7": "Is it good?", "8-12": "a", "13-17": "b", "16-25": "c"}})";
    };
    auto set = [](const std::string& questions) {
        return R"({"id": "s", "version": 1, "questions": [)" + questions + "]}";
    };
    auto ok = lp::parse_question_set(set(q("a", "yes_no", R"("picture": "home", )")), "s.json");
    REQUIRE(ok);
    CHECK(ok->questions[0].for_under_8s());
    CHECK(ok->has_under_8s_path());
    CHECK(ok->path(lp::AgeBand::age_4_7, false).size() == 1);
    auto no_picture = lp::parse_question_set(set(q("a", "yes_no", "")), "s.json");
    REQUIRE_FALSE(no_picture);
    CHECK(no_picture.error().message.find("picture") != std::string::npos);
    auto chips = lp::parse_question_set(set(q("a", "comment", R"("picture": "home", )")), "s.json");
    CHECK_FALSE(chips);
    auto unknown = lp::parse_question_set(set(q("a", "smiley3", R"("picture": "rocket", )")), "s.json");
    CHECK_FALSE(unknown);
    std::string six;
    for (const char* id : {"a", "b", "c", "d", "e", "f"})
        six += (six.empty() ? "" : ",") + q(id, "smiley3", R"("picture": "home", )");
    auto too_many = lp::parse_question_set(set(six), "s.json");
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message.find("at most 5") != std::string::npos);
}

TEST_CASE("the quick path: at most 6 questions marked quick, and the others are not asked") {
    std::string qs;
    for (int i = 0; i < 7; ++i)
        qs += std::string(qs.empty() ? "" : ",") + R"({"id": "q)" + std::to_string(i) + R"(", "kind": "yes_no", )" +
              (i < 3 ? R"("quick": true, )" : "") + R"("text": {"8-12": "a", "13-17": "b", "16-25": "c"}})";
    auto s = lp::parse_question_set(R"({"id": "s", "version": 1, "questions": [)" + qs + "]}", "s.json");
    REQUIRE(s);
    CHECK(s->path(lp::AgeBand::age_13_17, true).size() == 3);
    CHECK(s->path(lp::AgeBand::age_13_17, false).size() == 7);
    CHECK_FALSE(s->has_under_8s_path());
    std::string all_quick = qs;
    for (std::size_t p = 0; (p = all_quick.find("\"kind\": \"yes_no\", \"text\"", p)) != std::string::npos;)
        all_quick.replace(p, 18, "\"kind\": \"yes_no\", \"quick\": true, ");
    auto too_many = lp::parse_question_set(R"({"id": "s", "version": 1, "questions": [)" + all_quick + "]}", "s.json");
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message.find("at most 6") != std::string::npos);
}
