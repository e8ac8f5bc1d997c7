#include <algorithm>
#include <filesystem>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/theme_model.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace lp {
namespace {

// The classifier behind a Linker: per theme, the one-vs-all model's probability plus
// softmax_share x the softmax model's (ThemeModelOptions).
class ClassifierScorer final : public ThemeScorer {
public:
    ClassifierScorer(TextClassifier one_vs_all, std::optional<TextClassifier> softmax, double softmax_share)
        : one_vs_all_(std::move(one_vs_all)), softmax_(std::move(softmax)), share_(softmax_share) {}
    std::vector<std::pair<std::string, double>> probabilities(const std::string& words) const override {
        std::vector<std::pair<std::string, double>> sum;
        for (auto& p : one_vs_all_.predict(words)) sum.emplace_back(std::move(p.label), p.probability);
        if (softmax_) {
            for (auto& p : softmax_->predict(words)) {
                auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& s) { return s.first == p.label; });
                if (it == sum.end()) it = sum.emplace(sum.end(), std::move(p.label), 0.0);
                it->second += share_ * p.probability;
            }
        }
        // Below 0.01 says nothing (the linker's own floor is higher); fewer themes to look at.
        sum.erase(std::remove_if(sum.begin(), sum.end(), [](const auto& s) { return s.second < 0.01; }), sum.end());
        return sum;
    }
    std::vector<std::string> explain(const std::string& words, const std::string& theme,
                                     std::size_t n) const override {
        auto out = one_vs_all_.explain(words, theme, n);
        if (out.empty() && softmax_) out = softmax_->explain(words, theme, n);
        return out;
    }

private:
    TextClassifier one_vs_all_;
    std::optional<TextClassifier> softmax_;
    double share_;
};

// Trains the scorer's models on the same texts.
Result<std::shared_ptr<const ClassifierScorer>> train_scorer(const std::vector<LabelledText>& training,
                                                             const ThemeModelOptions& options) {
    auto one_vs_all = TextClassifier::train(training, options.one_vs_all);
    if (!one_vs_all) return one_vs_all.error();
    std::optional<TextClassifier> softmax;
    if (options.softmax_share > 0) {
        auto trained = TextClassifier::train(training, options.softmax);
        if (!trained) return trained.error();
        softmax = std::move(trained).value();
    }
    return std::make_shared<const ClassifierScorer>(std::move(one_vs_all).value(), std::move(softmax),
                                                    options.softmax_share);
}

// The examples as the model sees them: the linker's normalised words, the taxonomy's themes only.
std::vector<LabelledText> training_texts(const Linker& lexical, const Taxonomy& taxonomy,
                                         const std::vector<ThemeExample>& examples) {
    std::vector<LabelledText> training;
    for (const auto& e : examples) {
        LabelledText t;
        t.text = lexical.normalise(e.text);
        for (const auto& id : e.themes)
            if (taxonomy.find(id) >= 0) t.labels.push_back(id);
        // A comment labelled with no theme ("hi", "nothing to add") teaches the models that such
        // words belong to none: a label no theme has, which the linker never reports.
        if (e.themes.empty()) t.labels.push_back(kNoThemeLabel);
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
        if (!j.contains("themes") || !j["themes"].is_array()) return;  // unlabelled: nothing to learn
        for (const auto& t : j.at("themes")) e.themes.push_back(t.get<std::string>());
        // A disclosure with no theme is not taught as "none": its theme is left to its reader.
        if (e.themes.empty() && j.value("safeguarding", false)) return;
        out.push_back(std::move(e));
    });
    if (!read) return read.error();
    return out;
}

std::string examples_path_for(const std::string& taxonomy_path) {
    return (std::filesystem::path(taxonomy_path).parent_path() / "examples.jsonl").string();
}

std::string describe(const ThemeModelOptions& o) {
    std::ostringstream out;
    out << "one-vs-all: " << describe(o.one_vs_all) << "; softmax: " << describe(o.softmax)
        << "; softmax_share=" << o.softmax_share;
    return out.str();
}

std::string theme_softmax_model_path(const std::string& path) {
    std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + ".softmax" + p.extension().string())).string();
}

Result<Linker> build_theme_linker(Taxonomy taxonomy, const std::vector<ThemeExample>& examples, LinkOptions options,
                                  const ThemeModelOptions& model) {
    // A lexicon-only linker first: it normalises the examples exactly as it will normalise comments.
    auto lexical = Linker::from_taxonomy(taxonomy, options);
    if (!lexical || examples.empty()) return lexical;
    auto training = training_texts(*lexical, taxonomy, examples);
    if (training.empty()) return lexical;
    auto scorer = train_scorer(training, model);
    if (!scorer) return scorer.error();
    return Linker::from_taxonomy(std::move(taxonomy), options, std::move(scorer).value());
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

// The build-time model for these inputs, when one with a matching fingerprint exists and all its
// members load.
std::shared_ptr<const ThemeScorer> shipped_scorer(const std::string& taxonomy_path, const std::string& fingerprint,
                                                  const ThemeModelOptions& options) {
    for (const auto& path : theme_model_paths(taxonomy_path)) {
        auto stamp = read_file(path + ".sha256");
        if (!stamp || stamp->substr(0, fingerprint.size()) != fingerprint) continue;
        auto one_vs_all = TextClassifier::load(path);
        if (!one_vs_all) continue;
        std::optional<TextClassifier> softmax;
        if (options.softmax_share > 0) {
            auto loaded = TextClassifier::load(theme_softmax_model_path(path));
            if (!loaded) continue;
            softmax = std::move(loaded).value();
        }
        return std::make_shared<ClassifierScorer>(std::move(one_vs_all).value(), std::move(softmax),
                                                  options.softmax_share);
    }
    return nullptr;
}

}  // namespace

std::string theme_model_fingerprint(const std::string& taxonomy_text, const std::string& examples_text,
                                    const ThemeModelOptions& model) {
    return crypto::sha256_hex(crypto::sha256_hex(taxonomy_text) + crypto::sha256_hex(examples_text) +
                              describe(model));
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
    const ThemeModelOptions options;
    const auto training = training_texts(*lexical, *tax, examples->examples);
    auto one_vs_all = TextClassifier::train(training, options.one_vs_all);
    if (!one_vs_all) return one_vs_all.error();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(out_path).parent_path(), ec);
    if (auto s = one_vs_all->save(out_path); !s) return s;
    if (options.softmax_share > 0) {
        auto softmax = TextClassifier::train(training, options.softmax);
        if (!softmax) return softmax.error();
        if (auto s = softmax->save(theme_softmax_model_path(out_path)); !s) return s;
    }
    return write_file_atomic(out_path + ".sha256", theme_model_fingerprint(*tax_text, examples->text, options) + "\n");
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
        if (auto scorer = shipped_scorer(taxonomy_path, theme_model_fingerprint(*tax_text, examples->text), {}))
            return Linker::from_taxonomy(std::move(tax).value(), options, std::move(scorer));
    auto all = std::move(examples->examples);
    all.insert(all.end(), extra.begin(), extra.end());
    return build_theme_linker(std::move(tax).value(), all, options);
}

}  // namespace lp
