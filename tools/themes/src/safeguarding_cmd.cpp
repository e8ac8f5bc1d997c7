// lp-themes safeguarding-cv and safeguarding-bench: choosing the second opinion's threshold on the
// training files only, and timing the scan against tokenising alone.
#include <chrono>
#include <cmath>
#include <functional>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <lp/shared/text_normalise.hpp>
#include <lp/themes/safeguarding_cmd.hpp>
#include <lp/themes/throughput.hpp>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

namespace lp::themes {
namespace {

cli::Args parse(const std::vector<std::string>& args, const std::set<std::string>& values) {
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    return cli::parse(static_cast<int>(copy.size()), argv.data(), 0, values, {"--help"});
}

Result<std::vector<SafeguardingExample>> read_examples(const std::vector<std::string>& paths,
                                                       std::vector<std::size_t>* source = nullptr) {
    std::vector<SafeguardingExample> all;
    for (const auto& p : paths) {
        auto text = read_file(p);
        if (!text) return text.error();
        auto parsed = parse_safeguarding_examples(*text);
        if (!parsed) return Result<std::vector<SafeguardingExample>>::fail(Errc::invalid_input, p + ": " + parsed.error().message);
        all.insert(all.end(), parsed->begin(), parsed->end());
        if (source) source->resize(all.size(), static_cast<std::size_t>(&p - paths.data()));
    }
    return all;
}

// Counts for one way of flagging: explicit and indirect recall, false alarms (all, idioms).
struct Tally {
    int explicit_n = 0, explicit_k = 0, indirect_n = 0, indirect_k = 0, others_n = 0, others_k = 0, idiom_n = 0,
        idiom_k = 0;
    void add(const SafeguardingExample& e, bool flagged) {
        if (e.concern && e.disclosure == "indirect") {
            ++indirect_n;
            indirect_k += flagged;
        } else if (e.concern) {
            ++explicit_n;
            explicit_k += flagged;
        } else {
            ++others_n;
            others_k += flagged;
            if (e.idiom) {
                ++idiom_n;
                idiom_k += flagged;
            }
        }
    }
    static double r(int k, int n) { return n ? static_cast<double>(k) / n : 0.0; }
    nlohmann::json json() const {
        return {{"explicit_recall", r(explicit_k, explicit_n)}, {"indirect_recall", r(indirect_k, indirect_n)},
                {"false_alarms", r(others_k, others_n)},         {"idiom_false_alarms", r(idiom_k, idiom_n)},
                {"explicit", {explicit_k, explicit_n}},          {"indirect", {indirect_k, indirect_n}},
                {"others", {others_k, others_n}}};
    }
};

}  // namespace

int run_safeguarding_cv(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse(args, {"--folds", "--epochs", "--dim", "--lr", "--minn", "--maxn", "--ngrams", "--softmax",
                          "--leave-file-out", "--everyday-min"});
    if (a.has("--help") || a.positionals.empty()) {
        out << "usage: lp-themes safeguarding-cv [--folds N] [--leave-file-out 1] [--epochs E] [--dim D] TRAIN_FILE...\n"
               "  k-fold cross-validation of the safeguarding model on training files (never the eval\n"
               "  split: its lines are refused); one JSON line for the rules alone, then one per cue-check\n"
               "  bar (set_aside_below; 0: none) and threshold for rules + model.\n"
               "  --leave-file-out 1: each file is a fold, so each writer is scored by a model that never\n"
               "  saw their words (closer to a new council's comments than random folds)\n";
        return a.has("--help") ? 0 : 2;
    }
    std::vector<std::size_t> source;
    auto examples = read_examples(a.positionals, &source);
    if (!examples) {
        err << "lp-themes: " << examples.error().message << "\n";
        return 1;
    }
    const bool file_folds = a.get_int("--leave-file-out", 0, 0, 1) == 1;
    const int folds = file_folds ? static_cast<int>(a.positionals.size()) : static_cast<int>(a.get_int("--folds", 5, 2, 20));
    auto fold_of = [&](std::size_t i) { return file_folds ? static_cast<int>(source[i]) : static_cast<int>(i % static_cast<std::size_t>(folds)); };
    SafeguardingModelOptions options;
    options.classifier.epochs = static_cast<int>(a.get_int("--epochs", options.classifier.epochs, 1, 200));
    options.classifier.dim = static_cast<int>(a.get_int("--dim", options.classifier.dim, 2, 300));
    options.classifier.min_char_ngram = static_cast<int>(a.get_int("--minn", 0, 0, 10));
    options.classifier.max_char_ngram = static_cast<int>(a.get_int("--maxn", 0, 0, 10));
    options.classifier.word_ngrams = static_cast<int>(a.get_int("--ngrams", options.classifier.word_ngrams, 1, 5));
    if (a.get_int("--softmax", 0, 0, 1) == 1) {
        options.classifier.softmax = true;
        options.categories = false;
    }
    if (auto lr = a.get("--lr")) options.classifier.learning_rate = std::stod(*lr);
    options.everyday_min = static_cast<int>(a.get_int("--everyday-min", options.everyday_min, 1, 1000));
    // Every example's held-out probability and cue probability (its fold's models never saw it), and
    // the rules' verdict.
    std::vector<double> prob(examples->size(), 0.0), cue(examples->size(), 1.0);
    std::vector<bool> rules(examples->size(), false);
    for (std::size_t i = 0; i < examples->size(); ++i) rules[i] = scan_safeguarding((*examples)[i].text).flagged;
    for (int f = 0; f < folds; ++f) {
        std::vector<SafeguardingExample> train;
        for (std::size_t i = 0; i < examples->size(); ++i)
            if (fold_of(i) != f) train.push_back((*examples)[i]);
        auto model = train_safeguarding_model(train, options);
        if (!model) {
            err << "lp-themes: " << model.error().message << "\n";
            return 1;
        }
        for (std::size_t i = 0; i < examples->size(); ++i) {
            if (fold_of(i) != f) continue;
            prob[i] = (*model)->probability(safeguarding_words((*examples)[i].text));
            if (rules[i]) cue[i] = (*model)->cue_probability(safeguarding_cue_words((*examples)[i].text));
        }
    }
    // Figures over all files, and per file (the rules were written on some of them, not others).
    const std::size_t files = a.positionals.size();
    auto tally = [&](const std::function<bool(std::size_t)>& flagged) {
        std::vector<Tally> t(files + 1);
        for (std::size_t i = 0; i < examples->size(); ++i)
            for (std::size_t f : {files, source[i]}) t[f].add((*examples)[i], flagged(i));
        return t;
    };
    auto by_file = [&](const std::vector<Tally>& t) {
        nlohmann::json j = nlohmann::json::object();
        for (std::size_t f = 0; f < files; ++f) j[a.positionals[f]] = t[f].json();
        return j;
    };
    auto rules_alone = tally([&](std::size_t i) { return bool(rules[i]); });
    out << nlohmann::json{{"way", "rules"}, {"figures", rules_alone[files].json()}, {"by_file", by_file(rules_alone)}}
               .dump()
        << "\n";
    std::vector<int> percents;  // every 5 points, then finer near the top where false alarms fall fastest
    for (int t = 5; t <= 95; t += 5) percents.push_back(t);
    for (int t : {96, 97, 98, 99}) percents.push_back(t);
    // set_aside_below 0: the rules as they are; above it, rules hits the cue check doubts are set aside.
    for (double bar : {0.0, 0.1, 0.2, 0.3, 0.4}) {
        // As the scan does: a hit is set aside only when the second opinion doubts it too.
        auto kept = [&](std::size_t i) { return rules[i] && (cue[i] >= bar || prob[i] >= options.set_aside_unless); };
        for (int t : percents) {
            const double threshold = t / 100.0;
            auto model_alone = tally([&](std::size_t i) { return prob[i] >= threshold; });
            auto both = tally([&](std::size_t i) { return kept(i) || prob[i] >= threshold; });
            out << nlohmann::json{{"way", "rules+model"},          {"threshold", threshold},
                                  {"set_aside_below", bar},        {"figures", both[files].json()},
                                  {"model_alone", model_alone[files].json()}, {"by_file", by_file(both)}}
                       .dump()
                << "\n";
        }
    }
    return 0;
}

int run_safeguarding_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse(args, {"--examples", "--out"});
    if (a.has("--help") || !a.positionals.empty() || !a.get("--out")) {
        out << "usage: lp-themes safeguarding-train [--examples FILE] --out FILE\n";
        return a.has("--help") ? 0 : 2;
    }
    const std::string examples = a.get("--examples").value_or(default_safeguarding_examples_path());
    const auto start = std::chrono::steady_clock::now();
    if (auto s = write_safeguarding_model(examples, *a.get("--out")); !s) {
        err << "lp-themes: " << s.error().message << "\n";
        return 1;
    }
    out << "wrote " << *a.get("--out") << " in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    return 0;
}

int run_safeguarding_bench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse(args, {"--seconds", "--examples"});
    if (a.has("--help") || a.positionals.size() != 1) {
        out << "usage: lp-themes safeguarding-bench [--seconds S] [--examples FILE] FILE\n"
               "  comments/s on one core: tokenising alone, the rules, the rules + model; JSON\n";
        return a.has("--help") ? 0 : 2;
    }
    const double seconds = static_cast<double>(a.get_int("--seconds", 1, 1, 60));
    auto model = load_safeguarding_model(a.get("--examples").value_or(default_safeguarding_examples_path()));
    if (!model) {
        err << "lp-themes: " << model.error().message << "\n";
        return 1;
    }
    auto examples = read_examples({a.positionals[0]});
    if (!examples) {
        err << "lp-themes: " << examples.error().message << "\n";
        return 1;
    }
    std::vector<std::string> texts;
    for (const auto& e : *examples) texts.push_back(e.text);
    const auto synonyms = text::make_synonyms({});
    std::size_t sink = 0;
    auto rate = [&](const std::function<void(const std::string&)>& work) {
        return themes::texts_per_second(texts, seconds, work);
    };
    double baseline = rate([&](const std::string& t) { sink += text::tokenise(text::fold(t), synonyms).size(); });
    double rules = rate([&](const std::string& t) { sink += scan_safeguarding(t).matched.size(); });
    double both = rate([&](const std::string& t) { sink += scan_safeguarding(t, model->get()).matched.size(); });
    out << nlohmann::json{{"texts", texts.size()},
                          {"tokenise_per_s", std::round(baseline)},
                          {"scan_rules_per_s", std::round(rules)},
                          {"scan_rules_and_model_per_s", std::round(both)},
                          {"rules_vs_tokenise", std::round(rules / baseline * 1000) / 1000},
                          {"rules_and_model_vs_tokenise", std::round(both / baseline * 1000) / 1000},
                          {"checksum", sink % 1000}}
               .dump()
        << "\n";
    return 0;
}

}  // namespace lp::themes
