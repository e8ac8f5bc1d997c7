// The safeguarding scan's second opinion (lp/shared/safeguarding_model.hpp): trained reproducibly,
// never on the evaluation split, flagging only what the rules miss and naming the words why.
#include <lp/shared/files.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

// Made-up examples: disclosures about a word the rules do not know ("zorp"), and ordinary comments.
std::vector<lp::SafeguardingExample> examples() {
    const std::vector<std::string> things = {"garden", "kitchen", "car", "stairs", "shed", "hall"};
    const std::vector<std::string> fun = {"football", "pizza", "the park", "music", "swimming", "drawing"};
    std::vector<lp::SafeguardingExample> out;
    for (std::size_t i = 0; i < 30; ++i) {
        out.push_back({"he zorps me in the " + things[i % 6] + " every night", true, "physical-abuse", "indirect", false});
        out.push_back({"i really like " + fun[i % 6] + " and " + fun[(i + 1) % 6] + " here", false, "", "", false});
    }
    return out;
}

}  // namespace

TEST_CASE("the safeguarding model is reproducible: the same examples give the same probabilities") {
    auto a = lp::train_safeguarding_model(examples());
    auto b = lp::train_safeguarding_model(examples());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (const char* text : {"he zorps me in the bath", "i like pizza", "zorps"}) {
        const auto words = lp::safeguarding_words(text);
        CHECK((*a)->probability(words) == (*b)->probability(words));
    }
}

TEST_CASE("a comment only the model flags names the words that raised its score, and its category") {
    lp::SafeguardingModelOptions options;
    options.threshold = 0.5;
    auto model = lp::train_safeguarding_model(examples(), options);
    REQUIRE(model.ok());
    CHECK_FALSE(lp::scan_safeguarding("he zorps me in the bath").flagged);  // the rules do not know it
    auto hit = lp::scan_safeguarding("he zorps me in the bath", model->get());
    CHECK(hit.flagged);
    CHECK(hit.by_model);
    CHECK(hit.model_probability >= 0.5);
    REQUIRE_FALSE(hit.matched.empty());
    CHECK(hit.matched[0] == "zorps");  // the writer's own word, not its stem, and no "me" or "the"
    CHECK(hit.matched.size() <= 3);
    REQUIRE(hit.categories.size() == 1);
    CHECK(hit.categories[0] == "physical-abuse");

    auto ordinary = lp::scan_safeguarding("i really like swimming and music", model->get());
    CHECK_FALSE(ordinary.flagged);
    CHECK(ordinary.model_probability < 0.5);
}

TEST_CASE("the rules still say which words matched when both fire") {
    lp::SafeguardingModelOptions options;
    options.threshold = 0.0;  // the model fires on everything
    auto model = lp::train_safeguarding_model(examples(), options);
    REQUIRE(model.ok());
    auto hit = lp::scan_safeguarding("i want to kill myself", model->get());
    CHECK(hit.flagged);
    CHECK_FALSE(hit.by_model);
    REQUIRE_FALSE(hit.matched.empty());
    CHECK(hit.matched[0] == "kill myself");
}

TEST_CASE("training examples from the evaluation split are refused") {
    auto ok = lp::parse_safeguarding_examples(
        "{\"text\": \"he hits me\", \"safeguarding\": true, \"category\": \"physical-abuse\", \"split\": \"train\"}\n"
        "{\"text\": \"nice food\", \"safeguarding\": false, \"idiom\": true}\n");
    REQUIRE(ok.ok());
    REQUIRE(ok->size() == 2);
    CHECK((*ok)[0].concern);
    CHECK((*ok)[0].category == "physical-abuse");
    CHECK((*ok)[1].idiom);
    auto refused = lp::parse_safeguarding_examples(
        "{\"text\": \"nice food\", \"safeguarding\": false}\n{\"text\": \"x\", \"safeguarding\": true, \"split\": \"eval\"}\n");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("line 2") != std::string::npos);
    CHECK(refused.error().message.find("evaluation split") != std::string::npos);
    CHECK_FALSE(lp::parse_safeguarding_examples("{\"text\": \"no label\"}\n").ok());
}

TEST_CASE("the shipped examples train a model with no evaluation text in them") {
    const std::string path = lp::safeguarding_examples_path(std::string(LP_SOURCE_DIR) + "/assets");
    auto examples = lp::read_file(path);
    auto eval = lp::read_file(std::string(LP_SOURCE_DIR) + "/tests/data/safeguarding_eval.jsonl");
    REQUIRE(examples.ok());
    REQUIRE(eval.ok());
    std::set<std::string> eval_texts;
    std::istringstream in(*eval);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) eval_texts.insert(nlohmann::json::parse(line).at("text").get<std::string>());
    auto parsed = lp::parse_safeguarding_examples(*examples);
    REQUIRE(parsed.ok());
    CHECK(parsed->size() > 1000);
    for (const auto& e : *parsed) CHECK_MESSAGE(eval_texts.count(e.text) == 0, "an evaluation text is trained on");
    auto model = lp::load_safeguarding_model(path);
    REQUIRE(model.ok());
    auto missing = lp::load_safeguarding_model("/nonexistent/examples.jsonl");
    CHECK_FALSE(missing.ok());
}
