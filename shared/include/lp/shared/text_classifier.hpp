#pragma once
// A small supervised text classifier over fastText (libfasttext-dev), trained in memory from
// labelled texts, reproducibly: one thread and a fixed seed give the same model every time.
//
//   std::vector<lp::LabelledText> examples = {{"my pa never rings", {"personal-advisers"}}, ...};
//   auto model = lp::TextClassifier::train(examples);          // Result<TextClassifier>
//   for (const auto& p : model->predict("pa never rings back", 3)) use(p.label, p.probability);
//   auto why = model->explain("pa never rings back", "personal-advisers", 2);  // {"pa", "rings"}
//
// Texts are words separated by spaces; normalise them (fold case, stem) the same way for training
// and prediction. A label's probability is independent of the others (one-vs-all), so a text may
// carry several labels. predict() and explain() are const and safe from many threads at once.
// Link with lp::text_classifier (kept out of lp::shared so the kiosk does not need fastText).
// Cost: fastText's word table has 30 million slots, so each model holds about 120 MB whatever
// its size; training on ~800 comments takes well under a second on a quiet core.
#include <cstdint>
#include <lp/shared/result.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lp {

struct LabelledText {
    std::string text;                 // space-separated words
    std::vector<std::string> labels;  // one or more labels (no spaces)
};

struct ClassifierOptions {
    int dim = 20;               // word vector size (20 and 20 epochs: as good as 50/50 in
    int epochs = 20;            // cross-validation on the training split, 6x faster to train)
    double learning_rate = 0.5;
    int word_ngrams = 2;        // 2: word pairs count as features too
    int buckets = 20000;        // hashed slots for word pairs: small keeps memory and load time low
    bool softmax = false;       // one label per text, probabilities summing to 1 (default: one-vs-all)
    int min_char_ngram = 0;     // character n-grams (e.g. 3..5) help with misspellings; 0: none
    int max_char_ngram = 0;
    std::int32_t seed = 1;      // fastText's seed; training runs on one thread, so it is reproducible
};

/// Every option as text ("dim=20 epochs=20 ..."): part of a saved model's fingerprint, so a model
/// trained with other options is never taken for this one.
std::string describe(const ClassifierOptions& options);

struct LabelProbability {
    std::string label;
    double probability = 0.0;
};

class TextClassifier {
public:
    /// Trains on examples. invalid_input when there are none or no example has a label and a word.
    static Result<TextClassifier> train(const std::vector<LabelledText>& examples, const ClassifierOptions& options = {});
    /// Loads a model written by save(); not_found / invalid_input name the path.
    static Result<TextClassifier> load(const std::string& path);
    /// Writes the model (fastText's .bin format); io_error names the path.
    Status save(const std::string& path) const;

    /// Labels of text, most probable first: at most k (0 = all) with probability >= threshold.
    std::vector<LabelProbability> predict(std::string_view text, std::size_t k = 0, double threshold = 0.0) const;
    /// The words of text that push label's score up most (each word's own share of the score),
    /// best first, at most n; empty when no known word raises it.
    std::vector<std::string> explain(std::string_view text, const std::string& label, std::size_t n) const;
    /// Every label the model knows.
    std::vector<std::string> labels() const;

    TextClassifier(TextClassifier&&) noexcept;
    TextClassifier& operator=(TextClassifier&&) noexcept;
    ~TextClassifier();

private:
    struct Impl;
    explicit TextClassifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace lp
