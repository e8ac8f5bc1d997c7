#pragma once
// The safeguarding scan's second opinion: a fastText model (lp::TextClassifier) trained,
// reproducibly (one thread, fixed seed), from labelled comments, beside the phrase rules. Lives in
// lp::text_classifier, so only the aggregator side (the dashboard's indexer, lp-themes) carries it;
// the kiosk stays free of fastText.
//
//   auto model = lp::load_safeguarding_model(assets + "/safeguarding/examples.jsonl");
//   auto hit = lp::scan_safeguarding(comment, model->get());  // rules, or the model when they are silent
//
// Each disclosure is trained with the labels "concern" and its category; every other comment with
// "none". The threshold on p(concern) was chosen by cross-validation on the training files
// (`lp-themes safeguarding-cv`, docs/safeguarding.md).
#include <lp/shared/result.hpp>
#include <lp/shared/safeguarding.hpp>
#include <lp/shared/text_classifier.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp {

/// One labelled comment: a training line {"text", "safeguarding": bool, "category"?, "disclosure"?}.
struct SafeguardingExample {
    std::string text;
    bool concern = false;
    std::string category;    // "" for none
    std::string disclosure;  // "explicit", "indirect" or "" (figures only)
    bool idiom = false;      // an everyday idiom that is not a disclosure (figures only)
};

/// Reads JSON lines as above. Refuses any line with "split": "eval" (the blind evaluation split is
/// never trained on); invalid_input names the first bad line (1-based).
Result<std::vector<SafeguardingExample>> parse_safeguarding_examples(const std::string& jsonl);

/// The threshold chosen by cross-validation on the training files (docs/safeguarding.md): the lowest
/// at which rules + model kept held-out false alarms under 5 %.
inline constexpr double kSafeguardingThreshold = 0.98;

struct SafeguardingModelOptions {
    ClassifierOptions classifier{};
    double threshold = kSafeguardingThreshold;  // flag when p(concern) >= threshold
    bool categories = true;  // also learn each disclosure's category (one-vs-all); false: concern/none only
};

/// Trains the model on examples (normalised with safeguarding_words()). invalid_input when there is
/// nothing to learn from.
Result<std::shared_ptr<const SafeguardingScorer>> train_safeguarding_model(
    const std::vector<SafeguardingExample>& examples, const SafeguardingModelOptions& options = {});

/// The model for an examples file: the one trained at build time from the same bytes and options
/// when it exists (see safeguarding_model_paths()), else trained here. not_found / invalid_input
/// name the path.
Result<std::shared_ptr<const SafeguardingScorer>> load_safeguarding_model(
    const std::string& examples_path, const SafeguardingModelOptions& options = {});

/// Trains on an examples file and writes the model to out_path (fastText .bin) with its
/// fingerprint in out_path + ".sha256" (`lp-themes safeguarding-train`, run by the build).
Status write_safeguarding_model(const std::string& examples_path, const std::string& out_path,
                                const SafeguardingModelOptions& options = {});

/// What a shipped model is trained from: a hex sha256 of the examples' bytes and the options that
/// shape the model (not the threshold, which is applied at scan time).
std::string safeguarding_model_fingerprint(const std::string& examples_text,
                                           const SafeguardingModelOptions& options = {});

/// Where load_safeguarding_model() looks for a build-time model, in order: model.bin beside the
/// examples (an installed package), then the build tree's (LP_SAFEGUARDING_MODEL_PATH, from CMake).
std::vector<std::string> safeguarding_model_paths(const std::string& examples_path);

/// The examples file under an assets directory: <assets>/safeguarding/examples.jsonl.
std::string safeguarding_examples_path(const std::string& assets_dir);

}  // namespace lp
