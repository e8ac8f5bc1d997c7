// The safeguarding scan's second opinion (lp/shared/safeguarding_model.hpp): trained reproducibly,
// never on the evaluation split, flagging only what the rules miss and naming the words why.
#include <filesystem>
#include <lp/shared/files.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
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
    CHECK_FALSE(ordinary.read_first);
    CHECK(ordinary.model_probability < 0.5);
}

TEST_CASE("a second-opinion score just under the bar is not flagged but read first") {
    lp::SafeguardingModelOptions options;
    options.threshold = 1.01;  // never flags
    options.read_first_from = 0.5;
    auto model = lp::train_safeguarding_model(examples(), options);
    REQUIRE(model.ok());
    CHECK((*model)->read_first_from() == doctest::Approx(0.5));
    auto doubtful = lp::scan_safeguarding("he zorps me in the bath", model->get());
    CHECK_FALSE(doubtful.flagged);
    CHECK(doubtful.matched.empty());
    CHECK(doubtful.read_first);
    CHECK_FALSE(lp::scan_safeguarding("i really like swimming and music", model->get()).read_first);
    // A flag is never also "read first": it is already at the top, with an alert.
    options.threshold = 0.5;
    auto flagging = lp::train_safeguarding_model(examples(), options);
    REQUIRE(flagging.ok());
    auto flagged = lp::scan_safeguarding("he zorps me in the bath", flagging->get());
    CHECK(flagged.flagged);
    CHECK_FALSE(flagged.read_first);
    // read_first_from above the threshold means no read-first band at all.
    options.read_first_from = 0.9;
    options.threshold = 0.6;
    CHECK((*lp::train_safeguarding_model(examples(), options))->read_first_from() == doctest::Approx(0.6));
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

namespace {

// Made-up comments that all contain a cue word of the rules ("bruise"): disclosures, and the same
// word after sport, which is everyday.
std::vector<lp::SafeguardingExample> bruise_examples() {
    const std::vector<std::string> who = {"my dad", "my carer", "her boyfriend", "my step mum", "the man upstairs", "my uncle"};
    const std::vector<std::string> sport = {"netball", "football", "hockey", "rugby", "pe", "training"};
    std::vector<lp::SafeguardingExample> out;
    for (std::size_t i = 0; i < 36; ++i) {
        out.push_back({who[i % 6] + " left a bruise on my " + (i % 2 ? "arm" : "back") + " again", true, "physical-abuse",
                       "explicit", false});
        out.push_back({"got a bruise at " + sport[i % 6] + " today, " + (i % 2 ? "we won" : "no big deal"), false, "", "",
                       true});
    }
    return out;
}

}  // namespace

TEST_CASE("the cue check sets aside a cue word used in an everyday way, and keeps the disclosure") {
    lp::SafeguardingModelOptions options;
    options.threshold = 1.01;  // the second opinion never flags here, so only the rules and the check speak
    auto model = lp::train_safeguarding_model(bruise_examples(), options);
    REQUIRE(model.ok());
    CHECK((*model)->set_aside_below() == doctest::Approx(lp::kSafeguardingSetAsideBelow));

    const std::string everyday = "got a bruise at netball on saturday";
    REQUIRE(lp::scan_safeguarding(everyday).flagged);  // the rules alone flag it
    auto aside = lp::scan_safeguarding(everyday, model->get());
    CHECK_FALSE(aside.flagged);
    CHECK(aside.matched.empty());
    CHECK(aside.categories.empty());
    CHECK(aside.set_aside == std::vector<std::string>{"bruise"});  // still says which words it saw
    CHECK(aside.cue_probability >= 0.0);
    CHECK(aside.cue_probability < lp::kSafeguardingSetAsideBelow);
    CHECK(aside.read_first);  // no alert, but a person reads it first

    auto disclosure = lp::scan_safeguarding("my carer left a bruise on my leg", model->get());
    CHECK(disclosure.flagged);
    CHECK(disclosure.set_aside.empty());
    CHECK(disclosure.matched == std::vector<std::string>{"bruise"});
    CHECK_FALSE(disclosure.read_first);
    const std::string disclosure_cues = lp::safeguarding_cue_words("my carer left a bruise on my leg");
    CHECK((*model)->cue_probability(disclosure_cues) >= lp::kSafeguardingSetAsideBelow);

    // A cue no ordinary example uses is never doubted, whatever the words around it.
    REQUIRE(lp::scan_safeguarding("he hurt my arm at netball").flagged);
    CHECK((*model)->cue_probability(lp::safeguarding_cue_words("he hurt my arm at netball")) == 1.0);

    // Without the check (or with no cue word at all) nothing is set aside and no cue score is asked.
    options.cue_check = false;
    auto unchecked = lp::train_safeguarding_model(bruise_examples(), options);
    REQUIRE(unchecked.ok());
    CHECK((*unchecked)->set_aside_below() == 0.0);
    auto kept = lp::scan_safeguarding(everyday, unchecked->get());
    CHECK(kept.flagged);
    CHECK(kept.cue_probability == -1.0);
    CHECK(lp::scan_safeguarding("i like pizza", model->get()).cue_probability == -1.0);
}

TEST_CASE("a rules hit is set aside only when the second opinion doubts it too") {
    lp::SafeguardingModelOptions options;
    options.threshold = 1.01;
    const std::string everyday = "got a bruise at netball on saturday";
    auto both = lp::train_safeguarding_model(bruise_examples(), options);
    REQUIRE(both.ok());
    REQUIRE((*both)->set_aside_unless() == doctest::Approx(lp::kSafeguardingSetAsideUnless));
    REQUIRE(lp::scan_safeguarding(everyday, both->get()).model_probability < lp::kSafeguardingSetAsideUnless);
    CHECK_FALSE(lp::scan_safeguarding(everyday, both->get()).flagged);
    options.set_aside_unless = 0.0;  // the second opinion is never in doubt
    auto sure = lp::train_safeguarding_model(bruise_examples(), options);
    REQUIRE(sure.ok());
    auto kept = lp::scan_safeguarding(everyday, sure->get());
    CHECK(kept.flagged);
    CHECK(kept.set_aside.empty());
    options = {};
    options.threshold = 1.01;
    options.everyday_min = 1000;  // no cue is common enough in ordinary examples to be doubted
    auto never = lp::train_safeguarding_model(bruise_examples(), options);
    REQUIRE(never.ok());
    CHECK(lp::scan_safeguarding(everyday, never->get()).flagged);
}

TEST_CASE("the cue check reads the words and one token per cue, and nothing without a cue") {
    CHECK(lp::safeguarding_cue_words("i really like pizza").empty());
    const std::string words = lp::safeguarding_cue_words("he hurt my arm");
    CHECK(words.rfind(lp::safeguarding_words("he hurt my arm"), 0) == 0);
    CHECK(words.find(" cue_hurt_my") != std::string::npos);
    // An idiom hides a cue from the rules, not from the check, which learns from every use of it.
    CHECK_FALSE(lp::scan_safeguarding("this wifi is killing me").flagged);
    CHECK(lp::scan_safeguarding_cues("this wifi is killing me").flagged);
    CHECK_FALSE(lp::safeguarding_cue_words("this wifi is killing me").empty());
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

TEST_CASE("the model trained at build time is loaded only when it was trained from the same examples and options") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("lp-safeguarding-model-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto jsonl = [](bool zorp_is_concern) {
        std::string out;
        for (const auto& e : examples()) {
            const bool concern = e.concern && zorp_is_concern;
            out += nlohmann::json({{"text", e.text}, {"safeguarding", concern}}).dump() + "\n";
        }
        return out;
    };
    const std::string examples_path = (dir / "examples.jsonl").string();
    const std::string model_path = (dir / "model.bin").string();
    CHECK(lp::safeguarding_model_paths(examples_path).front() == model_path);  // beside the examples first

    // Written by the build: the stamp is the fingerprint of the examples it was trained from.
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(true)));
    REQUIRE(lp::write_safeguarding_model(examples_path, model_path));
    auto stamp = lp::read_file(model_path + ".sha256");
    REQUIRE(stamp);
    CHECK(stamp->substr(0, 64) == lp::safeguarding_model_fingerprint(jsonl(true)));
    CHECK(lp::safeguarding_cue_model_path(model_path) == (dir / "model.cues.bin").string());
    CHECK(fs::exists(lp::safeguarding_cue_model_path(model_path)));  // the cue check is written beside it

    // A model that disagrees with its examples (trained where "zorp" is harmless) but carries their
    // stamp: loading takes it as it is, which shows the shipped model is used and not retrained.
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(false)));
    REQUIRE(lp::write_safeguarding_model(examples_path, model_path));
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(true)));
    REQUIRE(lp::write_file_atomic(model_path + ".sha256", lp::safeguarding_model_fingerprint(jsonl(true)) + "\n"));
    const std::string words = lp::safeguarding_words("he zorps me in the bath");
    auto shipped = lp::load_safeguarding_model(examples_path);
    REQUIRE(shipped);
    CHECK((*shipped)->probability(words) < 0.5);

    // Other examples or other options: another fingerprint, so the model is trained from the file.
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(true) + "\n"));
    auto retrained = lp::load_safeguarding_model(examples_path);
    REQUIRE(retrained);
    CHECK((*retrained)->probability(words) > 0.5);
    lp::SafeguardingModelOptions other;
    other.categories = false;
    CHECK(lp::safeguarding_model_fingerprint("x") != lp::safeguarding_model_fingerprint("x", other));
    other = {};
    other.classifier.max_char_ngram = 5;
    CHECK(lp::safeguarding_model_fingerprint("x") != lp::safeguarding_model_fingerprint("x", other));
    other = {};
    other.cue_classifier.epochs = 7;
    CHECK(lp::safeguarding_model_fingerprint("x") != lp::safeguarding_model_fingerprint("x", other));
    other = {};
    other.cue_check = false;
    CHECK(lp::safeguarding_model_fingerprint("x") != lp::safeguarding_model_fingerprint("x", other));

    // A shipped model whose cue check is missing is not used: the pair is trained from the file.
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(false)));
    REQUIRE(lp::write_safeguarding_model(examples_path, model_path));
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(true)));
    REQUIRE(lp::write_file_atomic(model_path + ".sha256", lp::safeguarding_model_fingerprint(jsonl(true)) + "\n"));
    fs::remove(lp::safeguarding_cue_model_path(model_path));
    auto without_check = lp::load_safeguarding_model(examples_path);
    REQUIRE(without_check);
    CHECK((*without_check)->probability(words) > 0.5);  // trained from jsonl(true), not the stale model
    CHECK((*without_check)->set_aside_below() > 0.0);

    // A damaged model with the right stamp is not fatal: the model is trained instead.
    REQUIRE(lp::write_file_atomic(model_path, "not a model"));
    REQUIRE(lp::write_file_atomic(model_path + ".sha256", lp::safeguarding_model_fingerprint(jsonl(true)) + "\n"));
    REQUIRE(lp::write_file_atomic(examples_path, jsonl(true)));
    auto fallback = lp::load_safeguarding_model(examples_path);
    REQUIRE(fallback);
    CHECK((*fallback)->probability(words) > 0.5);
    fs::remove_all(dir);
}
