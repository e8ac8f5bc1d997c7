#include <algorithm>
#include <filesystem>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "safeguarding_cues.hpp"

namespace lp {
namespace {

const std::string kConcern = "concern";
const std::string kNone = "none";

// The cue tokens of words_and_cues (safeguarding_cue_words: "cue_hurt_my").
std::vector<std::string> cue_tokens(const std::string& words_and_cues) {
    std::vector<std::string> out;
    std::size_t b = 0;
    while ((b = words_and_cues.find("cue_", b)) != std::string::npos) {
        const std::size_t e = std::min(words_and_cues.find(' ', b), words_and_cues.size());
        if (b == 0 || words_and_cues[b - 1] == ' ') out.push_back(words_and_cues.substr(b, e - b));
        b = e;
    }
    return out;
}

class ModelScorer final : public SafeguardingScorer {
public:
    ModelScorer(TextClassifier model, std::optional<TextClassifier> cues, std::set<std::string> everyday,
                const SafeguardingModelOptions& options)
        : model_(std::move(model)), cues_(std::move(cues)), everyday_(std::move(everyday)), threshold_(options.threshold),
          set_aside_below_(cues_ ? options.set_aside_below : 0.0),
          read_first_from_(std::min(options.read_first_from, options.threshold)),
          set_aside_unless_(options.set_aside_unless) {}
    double probability(const std::string& words) const override {
        for (const auto& p : model_.predict(words, 0, 0.0))
            if (p.label == kConcern) return p.probability;
        return 0.0;
    }
    double threshold() const override { return threshold_; }
    std::vector<std::string> explain(const std::string& words, std::size_t n) const override {
        return model_.explain(words, kConcern, n);
    }
    std::string category(const std::string& words) const override {
        for (const auto& p : model_.predict(words, 0, 0.0))  // most probable first
            if (p.label != kConcern && p.label != kNone) return p.label;
        return {};
    }
    double cue_probability(const std::string& words_and_cues) const override {
        if (!cues_) return 1.0;
        // Only words the examples show in everyday use can be doubted: "raped" or "touched me" never.
        for (const auto& token : cue_tokens(words_and_cues))
            if (!everyday_.count(token)) return 1.0;
        for (const auto& p : cues_->predict(words_and_cues, 0, 0.0))
            if (p.label == kConcern) return p.probability;
        return 0.0;
    }
    double set_aside_below() const override { return set_aside_below_; }
    double read_first_from() const override { return read_first_from_; }
    double set_aside_unless() const override { return set_aside_unless_; }

private:
    TextClassifier model_;
    std::optional<TextClassifier> cues_;
    std::set<std::string> everyday_;  // cue tokens seen in ordinary examples (everyday_cues())
    double threshold_;
    double set_aside_below_;
    double read_first_from_;
    double set_aside_unless_;
};

}  // namespace

Result<std::vector<SafeguardingExample>> parse_safeguarding_examples(const std::string& jsonl) {
    std::vector<SafeguardingExample> out;
    auto read = for_each_json_line(jsonl, [&](const nlohmann::json& j) {
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || !j.contains("safeguarding") ||
            !j["safeguarding"].is_boolean())
            throw std::invalid_argument("needs \"text\" and \"safeguarding\": true|false");
        if (j.value("split", std::string{}) == "eval")
            throw std::invalid_argument("is from the evaluation split, which is never trained on; remove it");
        SafeguardingExample e;
        e.text = j["text"].get<std::string>();
        e.concern = j["safeguarding"].get<bool>();
        if (j.contains("category") && j["category"].is_string()) e.category = j["category"].get<std::string>();
        if (e.category == "none") e.category.clear();
        if (j.contains("disclosure") && j["disclosure"].is_string()) e.disclosure = j["disclosure"].get<std::string>();
        if (j.contains("idiom") && j["idiom"].is_boolean()) e.idiom = j["idiom"].get<bool>();
        out.push_back(std::move(e));
    });
    if (!read) return read.error();
    return out;
}

namespace {

Result<TextClassifier> train_classifier(const std::vector<SafeguardingExample>& examples,
                                        const SafeguardingModelOptions& options) {
    std::vector<LabelledText> training;
    for (const auto& e : examples) {
        LabelledText t;
        t.text = safeguarding_words(e.text);
        if (t.text.empty()) continue;
        if (e.concern) {
            t.labels.push_back(kConcern);
            if (options.categories && !e.category.empty() && e.category.find(' ') == std::string::npos)
                t.labels.push_back(e.category);
        } else {
            t.labels.push_back(kNone);
        }
        training.push_back(std::move(t));
    }
    return TextClassifier::train(training, options.classifier);
}

// The cue check learns only from comments in which a cue word appears: disclosures against the
// everyday uses of the same words.
Result<TextClassifier> train_cue_classifier(const std::vector<SafeguardingExample>& examples,
                                            const SafeguardingModelOptions& options) {
    std::vector<LabelledText> training;
    for (const auto& e : examples) {
        std::string words = safeguarding_cue_words(e.text);
        if (!words.empty()) training.push_back({std::move(words), {e.concern ? kConcern : kNone}});
    }
    return TextClassifier::train(training, options.cue_classifier);
}

// The cues the examples show in everyday use: in at least options.everyday_min ordinary comments.
std::set<std::string> everyday_cues(const std::vector<SafeguardingExample>& examples,
                                    const SafeguardingModelOptions& options) {
    std::map<std::string, int> seen;
    for (const auto& e : examples)
        if (!e.concern)
            for (const auto& token : cue_tokens(safeguarding_cue_words(e.text))) ++seen[token];
    std::set<std::string> out;
    for (const auto& [token, n] : seen)
        if (n >= options.everyday_min) out.insert(token);
    return out;
}

struct TrainedModels {
    TextClassifier model;
    std::optional<TextClassifier> cues;
};

Result<TrainedModels> train_models(const std::vector<SafeguardingExample>& examples,
                                   const SafeguardingModelOptions& options) {
    auto model = train_classifier(examples, options);
    if (!model) return model.error();
    std::optional<TextClassifier> cues;
    if (options.cue_check) {
        auto trained = train_cue_classifier(examples, options);
        if (!trained) return Error{trained.error().code, "the cue check: " + trained.error().message};
        cues = std::move(trained).value();
    }
    return TrainedModels{std::move(model).value(), std::move(cues)};
}

// An examples file read and parsed; the error names its path.
Result<std::vector<SafeguardingExample>> read_examples_file(const std::string& path, std::string& text) {
    auto bytes = read_file(path);
    if (!bytes) return bytes.error();
    text = std::move(*bytes);
    auto examples = parse_safeguarding_examples(text);
    if (!examples) return Error{Errc::invalid_input, path + ": " + examples.error().message};
    return examples;
}

}  // namespace

Result<std::shared_ptr<const SafeguardingScorer>> train_safeguarding_model(
    const std::vector<SafeguardingExample>& examples, const SafeguardingModelOptions& options) {
    using R = Result<std::shared_ptr<const SafeguardingScorer>>;
    auto models = train_models(examples, options);
    if (!models) return models.error();
    return R(std::make_shared<ModelScorer>(std::move(models->model), std::move(models->cues),
                                           everyday_cues(examples, options), options));
}

std::string safeguarding_model_fingerprint(const std::string& examples_text, const SafeguardingModelOptions& options) {
    return crypto::sha256_hex(crypto::sha256_hex(examples_text) + crypto::sha256_hex(detail::safeguarding_rules_text()) +
                              describe(options.classifier) +
                              " categories=" + (options.categories ? "1" : "0") +
                              (options.cue_check ? " cues: " + describe(options.cue_classifier) : std::string()));
}

std::vector<std::string> safeguarding_model_paths(const std::string& examples_path) {
    std::vector<std::string> out{(std::filesystem::path(examples_path).parent_path() / "model.bin").string()};
#ifdef LP_SAFEGUARDING_MODEL_PATH
    out.emplace_back(LP_SAFEGUARDING_MODEL_PATH);
#endif
    return out;
}

Result<std::shared_ptr<const SafeguardingScorer>> load_safeguarding_model(const std::string& examples_path,
                                                                          const SafeguardingModelOptions& options) {
    using R = Result<std::shared_ptr<const SafeguardingScorer>>;
    std::string text;
    auto examples = read_examples_file(examples_path, text);
    if (!examples) return examples.error();
    // Training takes seconds at every start; the build's model for the same bytes takes milliseconds.
    const std::string fingerprint = safeguarding_model_fingerprint(text, options);
    for (const auto& path : safeguarding_model_paths(examples_path)) {
        auto stamp = read_file(path + ".sha256");
        if (!stamp || stamp->substr(0, fingerprint.size()) != fingerprint) continue;
        auto shipped = TextClassifier::load(path);
        if (!shipped) continue;
        std::optional<TextClassifier> cues;
        if (options.cue_check) {
            auto loaded = TextClassifier::load(safeguarding_cue_model_path(path));
            if (!loaded) continue;
            cues = std::move(loaded).value();
        }
        return R(std::make_shared<ModelScorer>(std::move(shipped).value(), std::move(cues),
                                               everyday_cues(*examples, options), options));
    }
    auto model = train_safeguarding_model(*examples, options);
    if (!model) return R::fail(model.error().code, examples_path + ": " + model.error().message);
    return model;
}

Status write_safeguarding_model(const std::string& examples_path, const std::string& out_path,
                                const SafeguardingModelOptions& options) {
    std::string text;
    auto examples = read_examples_file(examples_path, text);
    if (!examples) return examples.error();
    auto models = train_models(*examples, options);
    if (!models) return Status::fail(models.error().code, examples_path + ": " + models.error().message);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(out_path).parent_path(), ec);
    if (auto s = models->model.save(out_path); !s) return s;
    if (models->cues)
        if (auto s = models->cues->save(safeguarding_cue_model_path(out_path)); !s) return s;
    return write_file_atomic(out_path + ".sha256", safeguarding_model_fingerprint(text, options) + "\n");
}

std::string safeguarding_cue_model_path(const std::string& model_path) {
    std::filesystem::path p(model_path);
    return (p.parent_path() / (p.stem().string() + ".cues" + p.extension().string())).string();
}

std::string safeguarding_examples_path(const std::string& assets_dir) {
    return (std::filesystem::path(assets_dir) / "safeguarding" / "examples.jsonl").string();
}

}  // namespace lp
