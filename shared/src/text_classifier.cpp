#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fasttext/fasttext.h>
#include <filesystem>
#include <fstream>
#include <lp/shared/text_classifier.hpp>
#include <sstream>
#include <unistd.h>

namespace lp {
namespace {

const std::string kPrefix = "__label__";

// fastText trains from a file: a private temporary one, removed when this goes out of scope.
class TempFile {
public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "lp-classifier-XXXXXX").string();
        int fd = ::mkstemp(pattern.data());
        if (fd >= 0) {
            ::close(fd);
            path_ = pattern;
        }
    }
    ~TempFile() {
        if (!path_.empty()) std::remove(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// One line for fastText: spaces and newlines inside a word would change its meaning.
std::string clean(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') c = ' ';
    return out;
}

}  // namespace

std::string describe(const ClassifierOptions& o) {
    std::ostringstream out;
    out << "dim=" << o.dim << " epochs=" << o.epochs << " lr=" << o.learning_rate << " ngrams=" << o.word_ngrams
        << " buckets=" << o.buckets << " softmax=" << o.softmax << " char=" << o.min_char_ngram << ".."
        << o.max_char_ngram << " seed=" << o.seed;
    return out.str();
}

struct TextClassifier::Impl {
    fasttext::FastText model;

    std::vector<LabelProbability> predict(const std::string& text, std::size_t k, double threshold) const {
        std::vector<LabelProbability> out;
        if (text.find_first_not_of(' ') == std::string::npos) return out;
        std::istringstream in(text + "\n");
        std::vector<std::pair<fasttext::real, std::string>> raw;
        const auto n_labels = model.getDictionary()->nlabels();
        const auto want = static_cast<std::int32_t>(k == 0 ? static_cast<std::size_t>(n_labels) : k);
        model.predictLine(in, raw, std::min(want, n_labels), static_cast<fasttext::real>(threshold));
        for (auto& [p, label] : raw)
            out.push_back(LabelProbability{label.substr(label.rfind(kPrefix, 0) == 0 ? kPrefix.size() : 0),
                                           static_cast<double>(p)});
        return out;
    }
};

TextClassifier::TextClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextClassifier::TextClassifier(TextClassifier&&) noexcept = default;
TextClassifier& TextClassifier::operator=(TextClassifier&&) noexcept = default;
TextClassifier::~TextClassifier() = default;

Result<TextClassifier> TextClassifier::train(const std::vector<LabelledText>& examples,
                                             const ClassifierOptions& options) {
    TempFile file;
    if (file.path().empty()) return Result<TextClassifier>::fail(Errc::io_error, "classifier: no temporary file");
    std::size_t usable = 0;
    {
        std::ofstream out(file.path());
        for (const auto& e : examples) {
            std::string text = clean(e.text);
            if (e.labels.empty() || text.find_first_not_of(' ') == std::string::npos) continue;
            for (const auto& l : e.labels) out << kPrefix << clean(l) << ' ';
            out << text << '\n';
            ++usable;
        }
        if (!out) return Result<TextClassifier>::fail(Errc::io_error, "classifier: cannot write " + file.path());
    }
    if (usable == 0)
        return Result<TextClassifier>::fail(Errc::invalid_input, "classifier: no example has both a label and a word");
    fasttext::Args args;
    args.input = file.path();
    args.model = fasttext::model_name::sup;
    args.loss = options.softmax ? fasttext::loss_name::softmax : fasttext::loss_name::ova;
    args.dim = options.dim;
    args.epoch = options.epochs;
    args.lr = options.learning_rate;
    args.wordNgrams = options.word_ngrams;
    args.minCount = 1;
    args.minn = options.min_char_ngram;  // default none: fast, and spelling is corrected before the model
    args.maxn = options.max_char_ngram;
    args.bucket = options.word_ngrams > 1 || options.max_char_ngram > 0 ? options.buckets : 0;
    args.thread = 1;  // one thread + fixed seed = the same model on every machine and run
    args.seed = options.seed;
    args.verbose = 0;
    auto impl = std::make_unique<Impl>();
    try {
        impl->model.train(args);
    } catch (const std::exception& e) {
        return Result<TextClassifier>::fail(Errc::invalid_input, std::string("classifier: training failed: ") + e.what());
    }
    return TextClassifier(std::move(impl));
}

Result<TextClassifier> TextClassifier::load(const std::string& path) {
    if (!std::filesystem::exists(path))
        return Result<TextClassifier>::fail(Errc::not_found, "classifier: no model at " + path);
    auto impl = std::make_unique<Impl>();
    try {
        impl->model.loadModel(path);
    } catch (const std::exception& e) {
        return Result<TextClassifier>::fail(Errc::invalid_input, "classifier: " + path + ": " + e.what());
    }
    return TextClassifier(std::move(impl));
}

Status TextClassifier::save(const std::string& path) const {
    try {
        impl_->model.saveModel(path);
    } catch (const std::exception& e) {
        return Status::fail(Errc::io_error, "classifier: cannot write " + path + ": " + e.what());
    }
    return ok_status();
}

std::vector<LabelProbability> TextClassifier::predict(std::string_view text, std::size_t k, double threshold) const {
    return impl_->predict(clean(text), k, threshold);
}

std::vector<std::string> TextClassifier::explain(std::string_view text, const std::string& label,
                                                 std::size_t n) const {
    // A label's logit is its output row dotted with the mean of the text's input rows, so each
    // word's own share is input_row(word) . output_row(label): no extra predictions needed.
    auto dict = impl_->model.getDictionary();
    std::int32_t label_row = -1;
    for (std::int32_t i = 0; i < dict->nlabels(); ++i)
        if (dict->getLabel(i) == kPrefix + label) label_row = i;
    std::vector<std::string> out;
    if (label_row < 0 || n == 0) return out;
    auto input = impl_->model.getInputMatrix();
    auto output = impl_->model.getOutputMatrix();
    std::vector<std::pair<double, std::string>> shares;
    std::istringstream in{std::string(text)};
    for (std::string w; in >> w;) {
        const std::int32_t id = dict->getId(w);
        if (id < 0 || std::any_of(shares.begin(), shares.end(), [&](const auto& s) { return s.second == w; }))
            continue;
        double dot = 0;
        for (std::int64_t j = 0; j < input->cols(); ++j) dot += input->at(id, j) * output->at(label_row, j);
        if (dot > 0) shares.emplace_back(dot, w);
    }
    std::stable_sort(shares.begin(), shares.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < shares.size() && i < n; ++i) out.push_back(shares[i].second);
    return out;
}

std::vector<std::string> TextClassifier::labels() const {
    std::vector<std::string> out;
    auto dict = impl_->model.getDictionary();
    for (std::int32_t i = 0; i < dict->nlabels(); ++i) {
        std::string l = dict->getLabel(i);
        out.push_back(l.substr(l.rfind(kPrefix, 0) == 0 ? kPrefix.size() : 0));
    }
    return out;
}

}  // namespace lp
