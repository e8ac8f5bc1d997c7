#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <lp/shared/text_classifier.hpp>
#include <lp/shared/theme_model.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

// Two made-up topics whose words never overlap, twenty variations each.
std::vector<lp::LabelledText> two_topics() {
    const std::vector<std::string> food = {"dinner", "tea", "breakfast", "lunch", "snacks"};
    const std::vector<std::string> school = {"maths", "teacher", "homework", "exams", "lessons"};
    std::vector<lp::LabelledText> out;
    for (std::size_t i = 0; i < 20; ++i) {
        out.push_back({"i want more " + food[i % 5] + " and " + food[(i + 2) % 5], {"food"}});
        out.push_back({"the " + school[i % 5] + " is hard and " + school[(i + 3) % 5], {"school"}});
    }
    return out;
}

double probability(const std::vector<lp::LabelProbability>& ps, const std::string& label) {
    for (const auto& p : ps)
        if (p.label == label) return p.probability;
    return 0.0;
}

}  // namespace

TEST_CASE("the classifier learns labels from examples and ranks them by probability") {
    auto model = lp::TextClassifier::train(two_topics());
    REQUIRE(model.ok());
    auto labels = model->labels();
    CHECK(std::set<std::string>(labels.begin(), labels.end()) == std::set<std::string>{"food", "school"});
    auto p = model->predict("no tea and no snacks");
    REQUIRE(p.size() == 2);
    CHECK(p[0].label == "food");
    CHECK(p[0].probability > 0.8);
    CHECK(p[0].probability >= p[1].probability);
    CHECK(model->predict("too much homework", 1).front().label == "school");
    CHECK(model->predict("too much homework", 0, 0.99).size() <= 1);
    CHECK(model->predict("   ").empty());
}

TEST_CASE("training is reproducible: the same examples give the same model, also after save and load") {
    auto a = lp::TextClassifier::train(two_topics());
    auto b = lp::TextClassifier::train(two_topics());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (const std::string text : {"tea and maths", "lunch", "exams exams dinner", "unknown words"}) {
        CHECK(probability(a->predict(text), "food") == probability(b->predict(text), "food"));
        CHECK(probability(a->predict(text), "school") == probability(b->predict(text), "school"));
    }
    const std::string path = std::string(LP_BINARY_DIR) + "/classifier_test.bin";
    REQUIRE(a->save(path).ok());
    auto c = lp::TextClassifier::load(path);
    REQUIRE(c.ok());
    CHECK(probability(c->predict("tea and maths"), "food") == probability(a->predict("tea and maths"), "food"));
    auto fewer_epochs = lp::ClassifierOptions{};
    fewer_epochs.epochs = 5;
    auto d = lp::TextClassifier::train(two_topics(), fewer_epochs);
    REQUIRE(d.ok());
    CHECK(probability(d->predict("tea and maths"), "food") != probability(a->predict("tea and maths"), "food"));
}

TEST_CASE("the classifier names the words behind a label and refuses what it cannot use") {
    auto model = lp::TextClassifier::train(two_topics());
    REQUIRE(model.ok());
    auto why = model->explain("no breakfast today", "food", 2);
    REQUIRE_FALSE(why.empty());
    CHECK(why.front() == "breakfast");
    CHECK(model->explain("no breakfast today", "nonsense", 2).empty());
    CHECK(model->explain("unheard of words", "food", 2).empty());

    auto none = lp::TextClassifier::train({{"no label here", {}}, {"", {"food"}}});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == lp::Errc::invalid_input);
    auto missing = lp::TextClassifier::load("/nonexistent/model.bin");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == lp::Errc::not_found);
}

TEST_CASE("with examples, a comment in words the lexicon lacks links, and the link names its words") {
    auto tax = lp::load_taxonomy_file(std::string(LP_SOURCE_DIR) + "/assets/themes/taxonomy.json");
    REQUIRE(tax.ok());
    const std::string text = "what even is glimmerhouse";
    auto lexical = lp::Linker::from_taxonomy(*tax);
    REQUIRE(lexical.ok());
    // "glimmerhouse" is an invented local service: no lexicon knows it.
    for (const auto& l : lexical->link(text)) CHECK(l.id != "personal-advisers");

    std::vector<lp::ThemeExample> examples;
    for (const std::string s : {"glimmerhouse helped me with my flat", "my glimmerhouse worker is great",
                                "glimmerhouse never answer", "glimmerhouse sorted my bus pass",
                                "waiting on glimmerhouse again", "glimmerhouse came round today"})
        examples.push_back({s, {"personal-advisers"}});
    for (const std::string s : {"school is boring", "my teacher is kind", "i hate maths", "college is good"})
        examples.push_back({s, {"education-and-work"}});
    lp::ThemeModelOptions few;  // ten examples need more passes than the ~4,000 shipped ones
    few.one_vs_all.epochs = few.softmax.epochs = 100;
    auto linker = lp::build_theme_linker(*tax, examples, lp::LinkOptions{}, few);
    REQUIRE(linker.ok());
    CHECK(linker->has_scorer());
    auto links = linker->link(text);
    REQUIRE_FALSE(links.empty());
    CHECK(links.front().id == "personal-advisers");
    const auto& words = links.front().matched;
    CHECK(std::find(words.begin(), words.end(), "glimmerhouse") != words.end());
}

TEST_CASE("the classifier's examples never include a comment of the blind evaluation split") {
    std::set<std::string> eval_texts;
    std::istringstream eval(lp::test::source_file("tests/data/linker_eval.jsonl"));
    for (std::string line; std::getline(eval, line);)
        if (!line.empty()) eval_texts.insert(nlohmann::json::parse(line).at("text").get<std::string>());
    REQUIRE(eval_texts.size() >= 200);
    auto examples = lp::parse_theme_examples(lp::test::source_file("assets/themes/examples.jsonl"));
    REQUIRE(examples.ok());
    CHECK(examples->size() >= 700);
    std::size_t leaked = 0;
    for (const auto& e : *examples) leaked += eval_texts.count(e.text);
    CHECK(leaked == 0);
}

TEST_CASE("the model trained at build time is loaded only when it was trained from the same taxonomy and examples") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("lp-theme-model-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string taxonomy = (dir / "taxonomy.json").string();
    fs::copy_file(std::string(LP_SOURCE_DIR) + "/assets/themes/taxonomy.json", taxonomy,
                  fs::copy_options::overwrite_existing);
    // A small examples file: an invented local name that only the model can know.
    std::string examples;
    for (const std::string s : {"glimmerhouse helped me with my flat", "my glimmerhouse worker is great",
                                "glimmerhouse never answer", "glimmerhouse sorted my bus pass"})
        examples += nlohmann::json({{"text", s}, {"themes", {"personal-advisers"}}}).dump() + "\n";
    REQUIRE(lp::write_file_atomic((dir / "examples.jsonl").string(), examples));
    const std::string model = (dir / "classifier.bin").string();
    REQUIRE(lp::write_theme_model(taxonomy, model));
    // Both members of the classifier are written: the one-vs-all model and the softmax one.
    const std::string softmax = (dir / "classifier.softmax.bin").string();
    CHECK(lp::theme_softmax_model_path(model) == softmax);
    CHECK(fs::file_size(model) > 0);
    CHECK(fs::file_size(softmax) > 0);
    auto stamp = lp::read_file(model + ".sha256");
    REQUIRE(stamp);
    CHECK(stamp->substr(0, 64) == lp::theme_model_fingerprint(lp::test::source_file("assets/themes/taxonomy.json"), examples));
    CHECK(lp::theme_model_paths(taxonomy).front() == model);  // beside the taxonomy first

    // Loaded, it links as the model trained on load does (training is reproducible).
    auto loaded = lp::load_theme_linker(taxonomy);
    REQUIRE(loaded);
    CHECK(loaded->has_scorer());
    auto tax = lp::load_taxonomy_file(taxonomy);
    REQUIRE(tax);
    auto trained = lp::build_theme_linker(*tax, *lp::parse_theme_examples(examples));
    REQUIRE(trained);
    for (const std::string text : {"glimmerhouse never rings", "my flat is cold", "glimmerhouse sorted my flat"}) {
        const auto a = loaded->score_all(text), b = trained->score_all(text);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].id == b[i].id);
            CHECK(a[i].score == doctest::Approx(b[i].score));
        }
    }
    // Other examples, another fingerprint: that model is not used for them.
    CHECK(lp::theme_model_fingerprint("{}", examples) != lp::theme_model_fingerprint("{}", examples + "\n"));
    lp::ThemeModelOptions more;
    more.one_vs_all.epochs = 21;
    CHECK(lp::theme_model_fingerprint("{}", examples) != lp::theme_model_fingerprint("{}", examples, more));
    lp::ThemeModelOptions other_share;
    other_share.softmax_share = 0.3;
    CHECK(lp::theme_model_fingerprint("{}", examples) != lp::theme_model_fingerprint("{}", examples, other_share));
    // A model missing its softmax member is not used: the linker trains its own, and links the same.
    fs::remove(softmax);
    auto without_member = lp::load_theme_linker(taxonomy);
    REQUIRE(without_member);
    CHECK(without_member->has_scorer());
    for (const std::string text : {"glimmerhouse never rings", "glimmerhouse sorted my flat"}) {
        const auto a = without_member->score_all(text), b = trained->score_all(text);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].score == doctest::Approx(b[i].score));
    }
    // A damaged model with the right fingerprint is not fatal: the linker trains its own.
    REQUIRE(lp::write_file_atomic(model, "not a model"));
    auto fallback = lp::load_theme_linker(taxonomy);
    REQUIRE(fallback);
    CHECK(fallback->has_scorer());
    fs::remove_all(dir);
}

TEST_CASE("comments labelled with no theme are learnt as none: everyday words then link nothing") {
    // "themes": [] is a label (none); a disclosure with no theme and a line without "themes" are not.
    auto parsed = lp::parse_theme_examples(
        "{\"text\": \"hi there\", \"themes\": []}\n"
        "{\"text\": \"he hits me\", \"themes\": [], \"safeguarding\": true}\n"
        "{\"text\": \"unlabelled line\"}\n"
        "{\"text\": \"my pa rings\", \"themes\": [\"personal-advisers\"]}\n");
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 2);
    CHECK(parsed->at(0).themes.empty());
    CHECK(parsed->at(1).themes == std::vector<std::string>{"personal-advisers"});

    auto tax = lp::load_taxonomy_file(std::string(LP_SOURCE_DIR) + "/assets/themes/taxonomy.json");
    REQUIRE(tax);
    // Every themed example mentions "lol"; only the none examples show "lol" on its own.
    std::vector<lp::ThemeExample> themed, with_none;
    for (const char* t : {"my pa never rings lol", "pa helped with my flat lol", "my pa is late again lol",
                          "the pa sorted my money lol"})
        themed.push_back({t, {"personal-advisers"}});
    with_none = themed;
    for (const char* t : {"lol", "lol ok", "lol hi", "ok lol thanks", "lol nothing to say", "hi lol"})
        with_none.push_back({t, {}});
    auto without = lp::build_theme_linker(*tax, themed);
    auto with = lp::build_theme_linker(*tax, with_none);
    REQUIRE(without);
    REQUIRE(with);
    CHECK_FALSE(without->link("lol lol").empty());  // without them, "lol" alone meant personal advisers
    CHECK(with->link("lol lol").empty());
    CHECK_FALSE(with->link("my pa never rings back").empty());
}
