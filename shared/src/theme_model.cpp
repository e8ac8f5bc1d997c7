#include <filesystem>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/theme_model.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

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

// The examples as the model sees them: the linker's normalised words, the taxonomy's themes only.
std::vector<LabelledText> training_texts(const Linker& lexical, const Taxonomy& taxonomy,
                                         const std::vector<ThemeExample>& examples) {
    std::vector<LabelledText> training;
    for (const auto& e : examples) {
        LabelledText t;
        t.text = lexical.normalise(e.text);
        for (const auto& id : e.themes)
            if (taxonomy.find(id) >= 0) t.labels.push_back(id);
        if (!t.labels.empty() && !t.text.empty()) training.push_back(std::move(t));
    }
    return training;
}

}  // namespace

Result<std::vector<ThemeExample>> parse_theme_examples(const std::string& jsonl) {
    std::vector<ThemeExample> out;
    auto read = for_each_json_line(jsonl, [&](const nlohmann::json& j) {
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
            throw std::invalid_argument("needs \"text\"");
        ThemeExample e;
        e.text = j["text"].get<std::string>();
        if (j.contains("themes"))
            for (const auto& t : j.at("themes")) e.themes.push_back(t.get<std::string>());
        if (!e.themes.empty()) out.push_back(std::move(e));
    });
    if (!read) return read.error();
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
    auto training = training_texts(*lexical, taxonomy, examples);
    if (training.empty()) return lexical;
    auto model = TextClassifier::train(training, classifier);
    if (!model) return model.error();
    return Linker::from_taxonomy(std::move(taxonomy), options,
                                 std::make_shared<ClassifierScorer>(std::move(model).value()));
}

namespace {

// The examples beside a taxonomy: their text ("" when there is no file) and parsed.
struct ExamplesFile {
    std::string text;
    std::vector<ThemeExample> examples;
};

Result<ExamplesFile> read_examples(const std::string& taxonomy_path) {
    ExamplesFile out;
    const std::string path = examples_path_for(taxonomy_path);
    if (!std::filesystem::exists(path)) return out;
    auto text = read_file(path);
    if (!text) return text.error();
    auto parsed = parse_theme_examples(*text);
    if (!parsed) return Error{Errc::invalid_input, path + ": " + parsed.error().message};
    out.text = std::move(*text);
    out.examples = std::move(parsed).value();
    return out;
}

// The build-time model for these inputs, when one with a matching fingerprint exists.
std::shared_ptr<const ThemeScorer> shipped_scorer(const std::string& taxonomy_path, const std::string& fingerprint) {
    for (const auto& path : theme_model_paths(taxonomy_path)) {
        auto stamp = read_file(path + ".sha256");
        if (!stamp || stamp->substr(0, fingerprint.size()) != fingerprint) continue;
        auto model = TextClassifier::load(path);
        if (model) return std::make_shared<ClassifierScorer>(std::move(model).value());
    }
    return nullptr;
}

}  // namespace

std::string theme_model_fingerprint(const std::string& taxonomy_text, const std::string& examples_text,
                                    const ClassifierOptions& c) {
    return crypto::sha256_hex(crypto::sha256_hex(taxonomy_text) + crypto::sha256_hex(examples_text) + describe(c));
}

std::vector<std::string> theme_model_paths(const std::string& taxonomy_path) {
    std::vector<std::string> out{(std::filesystem::path(taxonomy_path).parent_path() / "classifier.bin").string()};
#ifdef LP_THEME_MODEL_PATH
    out.emplace_back(LP_THEME_MODEL_PATH);
#endif
    return out;
}

Status write_theme_model(const std::string& taxonomy_path, const std::string& out_path) {
    auto tax_text = read_file(taxonomy_path);
    if (!tax_text) return tax_text.error();
    auto tax = parse_taxonomy(*tax_text);
    if (!tax) return Status::fail(Errc::invalid_input, taxonomy_path + ": " + tax.error().message);
    auto examples = read_examples(taxonomy_path);
    if (!examples) return examples.error();
    if (examples->examples.empty())
        return Status::fail(Errc::invalid_input, "no examples beside " + taxonomy_path + " to train from");
    auto lexical = Linker::from_taxonomy(*tax);
    if (!lexical) return lexical.error();
    auto model = TextClassifier::train(training_texts(*lexical, *tax, examples->examples));
    if (!model) return model.error();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(out_path).parent_path(), ec);
    if (auto s = model->save(out_path); !s) return s;
    return write_file_atomic(out_path + ".sha256", theme_model_fingerprint(*tax_text, examples->text) + "\n");
}

Result<Linker> load_theme_linker(const std::string& taxonomy_path, const std::vector<ThemeExample>& extra,
                                 LinkOptions options) {
    auto tax_text = read_file(taxonomy_path);
    if (!tax_text) return tax_text.error();
    auto tax = parse_taxonomy(*tax_text);
    if (!tax) return Result<Linker>::fail(Errc::invalid_input, taxonomy_path + ": " + tax.error().message);
    auto examples = read_examples(taxonomy_path);
    if (!examples) return examples.error();
    if (extra.empty() && !examples->examples.empty())
        if (auto scorer = shipped_scorer(taxonomy_path, theme_model_fingerprint(*tax_text, examples->text)))
            return Linker::from_taxonomy(std::move(tax).value(), options, std::move(scorer));
    auto all = std::move(examples->examples);
    all.insert(all.end(), extra.begin(), extra.end());
    return build_theme_linker(std::move(tax).value(), all, options);
}

}  // namespace lp
