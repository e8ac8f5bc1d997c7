#include <filesystem>
#include <lp/shared/files.hpp>
#include <lp/shared/theme_model.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lp {
namespace {

// The classifier behind a Linker: fastText probabilities per theme id.
class ClassifierScorer final : public ThemeScorer {
public:
    explicit ClassifierScorer(TextClassifier model) : model_(std::move(model)) {}
    std::vector<std::pair<std::string, double>> probabilities(const std::string& words) const override {
        std::vector<std::pair<std::string, double>> out;
        for (auto& p : model_.predict(words, 0, 0.01)) out.emplace_back(std::move(p.label), p.probability);
        return out;
    }
    std::vector<std::string> explain(const std::string& words, const std::string& theme,
                                     std::size_t n) const override {
        return model_.explain(words, theme, n);
    }

private:
    TextClassifier model_;
};

}  // namespace

Result<std::vector<ThemeExample>> parse_theme_examples(const std::string& jsonl) {
    std::vector<ThemeExample> out;
    std::istringstream in(jsonl);
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            auto j = nlohmann::json::parse(line);
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
                throw std::invalid_argument("needs \"text\"");
            ThemeExample e;
            e.text = j["text"].get<std::string>();
            if (j.contains("themes"))
                for (const auto& t : j.at("themes")) e.themes.push_back(t.get<std::string>());
            if (!e.themes.empty()) out.push_back(std::move(e));
        } catch (const std::exception& e) {
            return Result<std::vector<ThemeExample>>::fail(Errc::invalid_input,
                                                           "line " + std::to_string(number) + ": " + e.what());
        }
    }
    return out;
}

std::string examples_path_for(const std::string& taxonomy_path) {
    return (std::filesystem::path(taxonomy_path).parent_path() / "examples.jsonl").string();
}

Result<Linker> build_theme_linker(Taxonomy taxonomy, const std::vector<ThemeExample>& examples, LinkOptions options,
                                  const ClassifierOptions& classifier) {
    // A lexicon-only linker first: it normalises the examples exactly as it will normalise comments.
    auto lexical = Linker::from_taxonomy(taxonomy, options);
    if (!lexical || examples.empty()) return lexical;
    std::vector<LabelledText> training;
    for (const auto& e : examples) {
        LabelledText t;
        t.text = lexical->normalise(e.text);
        for (const auto& id : e.themes)
            if (taxonomy.find(id) >= 0) t.labels.push_back(id);
        if (!t.labels.empty() && !t.text.empty()) training.push_back(std::move(t));
    }
    if (training.empty()) return lexical;
    auto model = TextClassifier::train(training, classifier);
    if (!model) return model.error();
    return Linker::from_taxonomy(std::move(taxonomy), options,
                                 std::make_shared<ClassifierScorer>(std::move(model).value()));
}

Result<Linker> load_theme_linker(const std::string& taxonomy_path, const std::vector<ThemeExample>& extra,
                                 LinkOptions options) {
    auto tax = load_taxonomy_file(taxonomy_path);
    if (!tax) return tax.error();
    std::vector<ThemeExample> examples;
    const std::string path = examples_path_for(taxonomy_path);
    if (std::filesystem::exists(path)) {
        auto text = read_file(path);
        if (!text) return text.error();
        auto parsed = parse_theme_examples(*text);
        if (!parsed) return Result<Linker>::fail(Errc::invalid_input, path + ": " + parsed.error().message);
        examples = std::move(parsed).value();
    }
    examples.insert(examples.end(), extra.begin(), extra.end());
    return build_theme_linker(std::move(tax).value(), examples, options);
}

}  // namespace lp
