#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <istream>
#include <lp/reports/importer.hpp>
#include <lp/reports/input.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/safeguarding.hpp>
#include <lp/shared/text_normalise.hpp>
#include <lp/shared/theme_model.hpp>
#include <lp/shared/version.hpp>
#include <lp/themes/commands.hpp>
#include <lp/themes/eval.hpp>
#include <lp/themes/report_eval.hpp>
#include <lp/themes/safeguarding_cmd.hpp>
#include <lp/themes/throughput.hpp>
#include <lp/shared/safeguarding_model.hpp>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>

#ifndef LP_ASSETS_DIR
#define LP_ASSETS_DIR "assets"
#endif

namespace lp::themes {
namespace {

const char* const kUsage =
    "usage: lp-themes <command> [options]\n"
    "  import --authority NAME [--date YYYY-MM-DD] [--out FILE] [--taxonomy FILE] FILE...\n"
    "      read inspection reports, letters, minutes, news (PDF, HTML, text, Markdown) into catalogue JSON\n"
    "  link [--catalogue FILE] [--taxonomy FILE] [--all] [--lexicon-only] [--safeguarding-rules-only]\n"
    "      link each stdin line (a comment) to themes and scan it (safeguarding rules + model); one\n"
    "      JSON object per line (--safeguarding-rules-only: the phrase rules without the model)\n"
    "      (--all: every theme with any evidence, before thresholds)\n"
    "  eval [--taxonomy FILE] [--lexicon-only] FILE\n"
    "      score theme links and the safeguarding scan on labelled JSON lines\n"
    "  eval-reports DIR\n"
    "      read every report in DIR with a NAME.expected.json beside it; found/expected per document\n"
    "  bench-read FILE [--seconds S]\n"
    "      time reading one report (PDF, HTML, text) on one core; JSON with pages_per_s\n"
    "  cv [--taxonomy FILE] [--folds N] [--model-weight W] [--min-score S] [--relative-floor R]\n"
    "     [--epochs E] [--dim D] [--softmax-share S] FILE\n"
    "      cross-validate the classifier on a labelled training file: each fold is linked by a\n"
    "      model trained on examples.jsonl without that fold (for tuning; never on the eval split)\n"
    "  lowo [--taxonomy FILE] [--model-weight W] [--min-score S] [--relative-floor R] [--epochs E]\n"
    "       [--dim D] [--softmax-share S] FILE...\n"
    "      leave one writer out: each FILE (one writer's training comments) is linked by a model\n"
    "      trained on examples.jsonl without its texts; per-file micro/macro F1, top-1 and the mean\n"
    "  train [--taxonomy FILE] --out FILE\n"
    "      train the classifier from examples.jsonl beside the taxonomy and write it (and FILE.sha256,\n"
    "      what it was trained from); the build writes build/themes/classifier.bin this way\n"
    "  bench [--taxonomy FILE] [--seconds S] [--lexicon-only] FILE\n"
    "      time tokenising, linking and scanning the texts of a JSON-lines file on one core\n"
    "  safeguarding-cv [--folds N] [--leave-file-out 1] TRAIN_FILE...\n"
    "      cross-validate the safeguarding model per threshold and cue-check bar (training files only)\n"
    "  safeguarding-train [--examples FILE] --out FILE\n"
    "      train the safeguarding model and its cue check and write them (FILE, FILE's .cues.bin\n"
    "      and FILE.sha256); the build writes build/safeguarding/model.bin this way\n"
    "  safeguarding-bench [--seconds S] FILE\n"
    "      comments/s: tokenising alone, the safeguarding rules, rules + model\n"
    "  --lexicon-only: link by the taxonomy's lexicon alone, without the classifier that\n"
    "      learns from themes/examples.jsonl (findings are always linked this way)\n"
    "  --help, --version\n";

// This process's resident memory in MB (Linux /proc; 0 elsewhere), for the bench's record.
double resident_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::round(std::strtod(line.c_str() + 6, nullptr) / 102.4) / 10;
    return 0;
}

// Thrown by parse_args when a command is asked for --help; run() prints the usage once for all.
struct HelpAsked {};

// cli::parse wants argc/argv; keep the strings alive while it reads them.
cli::Args parse_args(const std::vector<std::string>& args, const std::set<std::string>& values) {
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    auto a = cli::parse(static_cast<int>(copy.size()), argv.data(), 0, values,
                        {"--help", "--all", "--lexicon-only", "--safeguarding-rules-only"});
    if (a.has("--help")) throw HelpAsked{};
    return a;
}

// Says what went wrong, as lp-themes words it, and gives the exit code for input it could not use.
int failed(std::ostream& err, const std::string& message) {
    err << "lp-themes: " << message << "\n";
    return 1;
}

// Comments are linked by the lexicon and the classifier trained on examples.jsonl; inspection
// findings by the lexicon alone (the classifier learnt young people's words, not inspectors').
Result<Linker> load_linker(const cli::Args& a) {
    const std::string path = a.get("--taxonomy").value_or(default_taxonomy_path());
    if (a.has("--lexicon-only")) return Linker::from_taxonomy_file(path);
    return load_theme_linker(path);
}

}  // namespace

std::string default_safeguarding_examples_path() {
    const char* env = std::getenv("LP_ASSETS_DIR");
    return safeguarding_examples_path(env != nullptr && *env != '\0' ? env : LP_ASSETS_DIR);
}

std::string default_taxonomy_path() {
    const char* env = std::getenv("LP_ASSETS_DIR");
    std::string dir = env != nullptr && *env != '\0' ? env : LP_ASSETS_DIR;
    return dir + "/themes/taxonomy.json";
}

int run_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, {"--authority", "--date", "--out", "--taxonomy"});
    std::string authority = a.require("--authority");
    if (authority.empty()) throw cli::UsageError("--authority must not be empty");
    std::string date = a.get("--date").value_or("");
    if (!date.empty() && !std::regex_match(date, std::regex(R"(\d{4}(-\d{2}(-\d{2})?)?)")))
        throw cli::UsageError("--date must look like YYYY-MM-DD, got '" + date + "'");
    if (a.positionals.empty()) throw cli::UsageError("import needs at least one FILE");

    auto linker = Linker::from_taxonomy_file(a.get("--taxonomy").value_or(default_taxonomy_path()));
    if (!linker) return failed(err, linker.error().message);
    std::vector<reports::ImportedReport> imported_reports;
    int status = 0;
    for (const auto& path : a.positionals) {
        auto doc = reports::read_document(path);
        if (!doc) {
            err << "lp-themes: " << doc.error().message << "\n";
            status = 1;
            continue;
        }
        auto imported = reports::import_document(doc->text, path, reports::ImportOptions{authority, date});
        if (!imported) {
            err << "lp-themes: " << imported.error().message << "\n";
            status = 1;
            continue;
        }
        err << "lp-themes: " << path << ": " << imported->report.kind << ", " << imported->findings.size()
            << " findings, " << imported->report.judgements.size() << " judgements\n";
        imported_reports.push_back(std::move(imported).value());
    }
    if (status != 0) return status;  // never write a catalogue that silently lacks a report
    std::string json = catalogue_to_json(reports::build_catalogue(std::move(imported_reports), *linker));
    if (auto path = a.get("--out")) {
        auto written = write_file_atomic(*path, json);
        if (!written) return failed(err, written.error().message);
    } else {
        out << json;
    }
    return 0;
}

int run_link(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, {"--catalogue", "--taxonomy"});
    const bool all = a.has("--all");  // every scored theme, before thresholds (for tuning)
    if (!a.positionals.empty()) throw cli::UsageError("link reads comments from stdin, not '" + a.positionals[0] + "'");
    auto linker = load_linker(a);
    if (!linker) return failed(err, linker.error().message);
    // With a catalogue, only its themes are reported (a council may publish a subset).
    std::set<std::string> allowed;
    if (auto path = a.get("--catalogue")) {
        auto cat = load_catalogue_file(*path);
        if (!cat) return failed(err, cat.error().message);
        for (const auto& t : cat->themes) allowed.insert(t.id);
    }
    // The safeguarding scan's second opinion, trained from assets/safeguarding/examples.jsonl.
    std::shared_ptr<const SafeguardingScorer> model;
    if (!a.has("--safeguarding-rules-only")) {
        auto loaded = load_safeguarding_model(default_safeguarding_examples_path());
        if (!loaded) return failed(err, loaded.error().message + " (or pass --safeguarding-rules-only)");
        model = std::move(loaded).value();
    }
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        nlohmann::json themes = nlohmann::json::array();
        for (const auto& l : all ? linker->score_all(line) : linker->link(line)) {
            if (!allowed.empty() && !allowed.count(l.id)) continue;
            themes.push_back({{"id", l.id}, {"score", l.score}, {"matched", l.matched}});
        }
        auto sg = scan_safeguarding(line, model.get());
        nlohmann::json j = {
            {"text", line}, {"themes", themes}, {"safeguarding", sg.flagged}, {"safeguarding_matched", sg.matched},
            {"safeguarding_categories", sg.categories}};
        if (model) {
            j["safeguarding_by_model"] = sg.by_model;
            j["safeguarding_model_p"] = std::round(sg.model_probability * 1000) / 1000;
            if (sg.cue_probability >= 0) j["safeguarding_cue_p"] = std::round(sg.cue_probability * 1000) / 1000;
            if (!sg.set_aside.empty()) j["safeguarding_set_aside"] = sg.set_aside;
            j["safeguarding_read_first"] = sg.read_first;
        }
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    out.flush();
    return 0;
}

int run_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, {"--taxonomy"});
    if (a.positionals.size() != 1) throw cli::UsageError("eval needs exactly one FILE");
    auto linker = load_linker(a);
    if (!linker) return failed(err, linker.error().message);
    auto text = read_file(a.positionals[0]);
    if (!text) return failed(err, text.error().message);
    auto report = evaluate(*text, *linker);
    if (!report) return failed(err, a.positionals[0] + ": " + report.error().message);
    out << format_eval(*report);
    return 0;
}

// Trains the shipped classifier and writes it (the build runs this; see tools/themes/CMakeLists.txt).
int run_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, {"--taxonomy", "--out"});
    if (!a.positionals.empty()) throw cli::UsageError("train takes no FILE; it reads examples.jsonl beside the taxonomy");
    const std::string taxonomy = a.get("--taxonomy").value_or(default_taxonomy_path());
    const std::string path = a.require("--out");
    const auto start = std::chrono::steady_clock::now();
    if (auto s = write_theme_model(taxonomy, path); !s) return failed(err, s.error().message);
    out << "wrote " << path << " in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    return 0;
}

// The options cv and lowo try: the linker's thresholds and the classifier's size.
struct TuningOptions {
    LinkOptions link;
    ThemeModelOptions model;
};

TuningOptions tuning_options(const cli::Args& a) {
    auto number = [&](const char* name, double fallback) {
        auto v = a.get(name);
        if (!v) return fallback;
        try {
            return std::stod(*v);
        } catch (const std::exception&) {
            throw cli::UsageError(std::string(name) + " needs a number, got '" + *v + "'");
        }
    };
    TuningOptions t;
    t.link.model_weight = number("--model-weight", t.link.model_weight);
    t.link.min_score = number("--min-score", t.link.min_score);
    t.link.relative_floor = number("--relative-floor", t.link.relative_floor);
    t.model.one_vs_all.epochs = t.model.softmax.epochs =
        static_cast<int>(a.get_int("--epochs", t.model.one_vs_all.epochs, 1, 1000));
    t.model.one_vs_all.dim = t.model.softmax.dim =
        static_cast<int>(a.get_int("--dim", t.model.one_vs_all.dim, 2, 1000));
    t.model.softmax_share = number("--softmax-share", t.model.softmax_share);
    return t;
}

const std::set<std::string> kTuningFlags = {"--taxonomy", "--model-weight", "--min-score", "--relative-floor",
                                            "--epochs",   "--dim",          "--softmax-share"};

std::string fixed3(double v) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(3);
    out << v;
    return out.str();
}

// The taxonomy and the examples beside it, for cv and lowo.
struct TuningInputs {
    Taxonomy taxonomy;
    std::vector<ThemeExample> examples;
};

Result<TuningInputs> tuning_inputs(const cli::Args& a) {
    const std::string tax_path = a.get("--taxonomy").value_or(default_taxonomy_path());
    auto tax = load_taxonomy_file(tax_path);
    if (!tax) return tax.error();
    auto base_text = read_file(examples_path_for(tax_path));
    if (!base_text) return base_text.error();
    auto base = parse_theme_examples(*base_text);
    if (!base) return base.error();
    return TuningInputs{std::move(tax).value(), std::move(base).value()};
}

Result<std::vector<ThemeExample>> labelled_file(const std::string& path) {
    auto file = read_file(path);
    if (!file) return file.error();
    auto labelled = parse_theme_examples(*file);
    if (!labelled) return Error{Errc::invalid_input, path + ": " + labelled.error().message};
    return labelled;
}

std::string as_lines(const std::vector<ThemeExample>& examples) {
    std::string out;
    for (const auto& e : examples) out += nlohmann::json({{"text", e.text}, {"themes", e.themes}}).dump() + "\n";
    return out;
}

int run_cv(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto flags = kTuningFlags;
    flags.insert("--folds");
    auto a = parse_args(args, flags);
    if (a.positionals.size() != 1) throw cli::UsageError("cv needs exactly one FILE");
    const auto folds = static_cast<std::size_t>(a.get_int("--folds", 5, 2, 20));
    const auto options = tuning_options(a);
    auto inputs = tuning_inputs(a);
    auto labelled = inputs ? labelled_file(a.positionals[0]) : Result<std::vector<ThemeExample>>(inputs.error());
    if (!labelled) return failed(err, labelled.error().message);
    std::set<std::string> held_out;
    for (const auto& e : *labelled) held_out.insert(e.text);
    std::vector<EvalReport> parts;
    for (std::size_t f = 0; f < folds; ++f) {
        std::vector<ThemeExample> training, fold;
        for (const auto& e : inputs->examples)
            if (!held_out.count(e.text)) training.push_back(e);
        for (std::size_t i = 0; i < labelled->size(); ++i)
            (i % folds == f ? fold : training).push_back((*labelled)[i]);
        auto linker = build_theme_linker(inputs->taxonomy, training, options.link, options.model);
        if (!linker) return failed(err, linker.error().message);
        auto r = evaluate(as_lines(fold), *linker);
        if (!r) return failed(err, r.error().message);
        parts.push_back(std::move(r).value());
    }
    out << format_eval(pool(parts));
    return 0;
}

// Leave one writer out: each FILE (one writer's comments, all in examples.jsonl) is linked by a
// model trained on the examples without its texts, so the figure says how the linker does on a
// new writer's words; the mean over writers is what methods and settings are chosen by.
int run_lowo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, kTuningFlags);
    if (a.positionals.empty()) throw cli::UsageError("lowo needs one FILE per writer");
    const auto options = tuning_options(a);
    auto inputs = tuning_inputs(a);
    if (!inputs) return failed(err, inputs.error().message);
    double micro = 0, macro = 0, top1 = 0;
    for (const auto& path : a.positionals) {
        auto labelled = labelled_file(path);
        if (!labelled) return failed(err, labelled.error().message);
        std::set<std::string> held_out;
        for (const auto& e : *labelled) held_out.insert(e.text);
        std::vector<ThemeExample> training;
        for (const auto& e : inputs->examples)
            if (!held_out.count(e.text)) training.push_back(e);
        auto linker = build_theme_linker(inputs->taxonomy, training, options.link, options.model);
        if (!linker) return failed(err, linker.error().message);
        auto r = evaluate(as_lines(*labelled), *linker);
        if (!r) return failed(err, path + ": " + r.error().message);
        out << std::filesystem::path(path).filename().string() << ": micro_f1=" << fixed3(r->theme_f1)
            << " macro_f1=" << fixed3(r->macro_f1) << " top1=" << fixed3(r->top1_accuracy)
            << " (trained on " << training.size() << " examples)\n";
        micro += r->theme_f1;
        macro += r->macro_f1;
        top1 += r->top1_accuracy;
    }
    const double n = static_cast<double>(a.positionals.size());
    out << "mean: micro_f1=" << fixed3(micro / n) << " macro_f1=" << fixed3(macro / n) << " top1=" << fixed3(top1 / n)
        << "\n";
    return 0;
}

int run_bench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse_args(args, {"--taxonomy", "--seconds"});
    if (a.positionals.size() != 1) throw cli::UsageError("bench needs exactly one FILE");
    const double seconds = static_cast<double>(a.get_int("--seconds", 1, 1, 60));
    const auto load_start = std::chrono::steady_clock::now();
    auto linker = load_linker(a);
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
    if (!linker) return failed(err, linker.error().message);
    auto file = read_file(a.positionals[0]);
    if (!file) return failed(err, file.error().message);
    std::vector<std::string> texts;
    std::istringstream lines(*file);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        try {
            auto j = nlohmann::json::parse(line);
            if (j.contains("text") && j["text"].is_string()) texts.push_back(j["text"].get<std::string>());
        } catch (const std::exception&) {
            texts.push_back(line);  // plain text lines are fine too
        }
    }
    if (texts.empty()) return failed(err, a.positionals[0] + ": no texts");
    // Each stage runs over the whole set repeatedly for `seconds`; the baseline (fold + split +
    // stem) is the floor any lexical linker pays, so link/baseline says what matching costs.
    const auto synonyms = text::make_synonyms(linker->taxonomy().synonyms);
    std::size_t sink = 0;
    auto rate = [&](const std::function<void(const std::string&)>& work) {
        return themes::texts_per_second(texts, seconds, work);
    };
    double baseline = rate([&](const std::string& t) { sink += text::tokenise(text::fold(t), synonyms).size(); });
    double link = rate([&](const std::string& t) { sink += linker->link(t).size(); });
    double scan = rate([&](const std::string& t) { sink += scan_safeguarding(t).matched.size(); });
    double both = rate([&](const std::string& t) { sink += linker->link(t).size() + scan_safeguarding(t).flagged; });
    nlohmann::json j = {{"texts", texts.size()},
                        {"tokenise_per_s", std::round(baseline)},
                        {"link_per_s", std::round(link)},
                        {"scan_per_s", std::round(scan)},
                        {"link_and_scan_per_s", std::round(both)},
                        {"link_vs_tokenise", std::round(link / baseline * 1000) / 1000},
                        {"link_and_scan_vs_tokenise", std::round(both / baseline * 1000) / 1000},
                        {"target_per_s", 10000},
                        {"load_s", std::round(load_s * 1000) / 1000},
                        {"resident_mb", resident_mb()},
                        {"checksum", sink % 1000}};
    out << j.dump() << "\n";
    return 0;
}

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    try {
        if (args.empty()) throw cli::UsageError("missing command (import, link or eval); see --help");
        const std::string& cmd = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            out << kUsage;
            return 0;
        }
        if (cmd == "--version") {
            out << "lp-themes " << version() << "\n";
            return 0;
        }
        if (cmd == "import") return run_import(rest, out, err);
        if (cmd == "link") return run_link(rest, in, out, err);
        if (cmd == "eval") return run_eval(rest, out, err);
        if (cmd == "bench") return run_bench(rest, out, err);
        if (cmd == "eval-reports") return run_eval_reports(rest, out, err);
        if (cmd == "bench-read") return run_bench_read(rest, out, err);
        if (cmd == "cv") return run_cv(rest, out, err);
        if (cmd == "lowo") return run_lowo(rest, out, err);
        if (cmd == "safeguarding-cv") return run_safeguarding_cv(rest, out, err);
        if (cmd == "safeguarding-train") return run_safeguarding_train(rest, out, err);
        if (cmd == "safeguarding-bench") return run_safeguarding_bench(rest, out, err);
        if (cmd == "train") return run_train(rest, out, err);
        throw cli::UsageError("unknown command '" + cmd + "' (import, link or eval)");
    } catch (const HelpAsked&) {
        out << kUsage;
        return 0;
    } catch (const cli::UsageError& e) {
        err << "lp-themes: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace lp::themes
