#pragma once
// The safeguarding scan's second opinion: a fastText model (lp::TextClassifier) trained,
// reproducibly (one thread, fixed seed), from labelled comments, beside the phrase rules. Lives in
// lp::text_classifier, so only the aggregator side (the dashboard's indexer, lp-themes) carries it;
// the kiosk stays free of fastText.
//
//   auto model = lp::load_safeguarding_model(assets + "/safeguarding/examples.jsonl");
//   auto hit = lp::scan_safeguarding(comment, model->get());  // rules (less what the cue check sets
//                                                             // aside), or the model when they are silent
//
// Each disclosure is trained with the labels "concern" and its category; every other comment with
// "none". The cue check is a second small model trained only on comments in which a cue word
// appears, so it learns the everyday uses of those words from the examples instead of a phrase
// list. Both bars were chosen by cross-validation on the training files, one writer left out at a
// time (`lp-themes safeguarding-cv`, docs/safeguarding.md).
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
inline constexpr double kSafeguardingThreshold = 0.97;
/// The cue check's bar, chosen the same way, one writer left out at a time: below it a rules hit is
/// set aside. A set-aside comment raises no alert, but the dashboard puts it at the top of "To read"
/// (read_first), because the check is sometimes wrong about a real disclosure.
inline constexpr double kSafeguardingSetAsideBelow = 0.3;

/// Below the threshold, a second-opinion score from here up marks a comment "read first" (no alert,
/// top of "To read"). Chosen the same way: it keeps the ordinary comments read first (with those
/// the cue check set aside) under 5 % held out.
inline constexpr double kSafeguardingReadFirstFrom = 0.85;

/// How many ordinary examples must use a cue before the cue check may doubt it (see everyday_min).
inline constexpr int kSafeguardingEverydayMin = 2;
/// A rules hit is set aside only when the second opinion also scores it below this: the two models
/// must both doubt it (cross-validation: two fewer explicit disclosures set aside, same false alarms).
inline constexpr double kSafeguardingSetAsideUnless = 0.5;

/// The cue check's classifier: concern or none among comments with a cue (softmax), with character
/// n-grams so "bruized" and "bruised" look alike.
inline ClassifierOptions safeguarding_cue_classifier_options() {
    ClassifierOptions o;
    o.softmax = true;
    o.min_char_ngram = 3;
    o.max_char_ngram = 5;
    return o;
}

struct SafeguardingModelOptions {
    ClassifierOptions classifier{};
    double threshold = kSafeguardingThreshold;  // flag when p(concern) >= threshold
    bool categories = true;  // also learn each disclosure's category (one-vs-all); false: concern/none only
    bool cue_check = true;   // also train the cue check (a second model, on comments with a cue)
    ClassifierOptions cue_classifier = safeguarding_cue_classifier_options();
    double set_aside_below = kSafeguardingSetAsideBelow;  // set a rules hit aside below this cue probability
    double read_first_from = kSafeguardingReadFirstFrom;  // read first from this p(concern) up to threshold
    // The cue check may only doubt cues that at least this many ordinary examples use ("killing me":
    // many; "raped": none, so a comment with it is never set aside).
    int everyday_min = kSafeguardingEverydayMin;
    // ... and only when the second opinion doubts it too (p(concern) below this).
    double set_aside_unless = kSafeguardingSetAsideUnless;
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

/// Trains on an examples file and writes the model to out_path (fastText .bin), its cue check
/// beside it (safeguarding_cue_model_path()) and their fingerprint in out_path + ".sha256"
/// (`lp-themes safeguarding-train`, run by the build).
Status write_safeguarding_model(const std::string& examples_path, const std::string& out_path,
                                const SafeguardingModelOptions& options = {});

/// What a shipped model is trained from: a hex sha256 of the examples' bytes and the options that
/// shape the model (not the threshold, which is applied at scan time).
std::string safeguarding_model_fingerprint(const std::string& examples_text,
                                           const SafeguardingModelOptions& options = {});

/// Where load_safeguarding_model() looks for a build-time model, in order: model.bin beside the
/// examples (an installed package), then the build tree's (LP_SAFEGUARDING_MODEL_PATH, from CMake).
std::vector<std::string> safeguarding_model_paths(const std::string& examples_path);

/// Where the cue check is saved beside a model: model.bin -> model.cues.bin.
std::string safeguarding_cue_model_path(const std::string& model_path);

/// The examples file under an assets directory: <assets>/safeguarding/examples.jsonl.
std::string safeguarding_examples_path(const std::string& assets_dir);

}  // namespace lp
