#include <lp/dashboard/council_linker.hpp>
#include <cctype>
#include <lp/shared/files.hpp>
#include <map>
#include <mutex>

namespace lp::dashboard {
namespace {

// Linkers built in this process, by taxonomy path and the corrections' words. Few distinct keys
// ever occur (the shipped set, then each night's corrections), so old ones are simply dropped
// when the cache grows past a handful; a linker still in use lives on through its shared_ptr.
struct LinkerCache {
    std::mutex m;
    std::map<std::string, std::shared_ptr<const Linker>> linkers;
};

LinkerCache& cache() {
    static LinkerCache c;
    return c;
}

std::string cache_key(const std::string& taxonomy_path, const std::vector<ThemeExample>& corrections) {
    std::string key = taxonomy_path;
    for (const auto& e : corrections) {
        key += '\n';
        key += e.text;
        for (const auto& t : e.themes) key += '\t' + t;
    }
    return key;
}

// The shipped examples beside a taxonomy ("" file: none).
Result<std::vector<ThemeExample>> shipped_examples(const std::string& taxonomy_path) {
    const std::string path = examples_path_for(taxonomy_path);
    if (!file_exists(path)) return std::vector<ThemeExample>{};
    auto text = read_file(path);
    if (!text) return text.error();
    auto parsed = parse_theme_examples(*text);
    if (!parsed) return Error{Errc::invalid_input, path + ": " + parsed.error().message};
    return parsed;
}

Result<Linker> council_trained(const std::string& taxonomy_path, const std::vector<ThemeExample>& corrections) {
    auto tax = load_taxonomy_file(taxonomy_path);
    if (!tax) return tax.error();
    auto shipped = shipped_examples(taxonomy_path);
    if (!shipped) return shipped.error();
    auto lexical = Linker::from_taxonomy(*tax);
    if (!lexical) return lexical.error();
    // The council's own words join its themes' lexicons, so they link and are named as the reason.
    for (const auto& w : council_words(*lexical, *shipped, corrections))
        if (int i = tax->find(w.theme); i >= 0) tax->themes[i].lexicon.push_back({w.word, council_word_weight});
    // A council's own corrections weigh more than one shipped example each: they are few (tens
    // beside ~1,000) and they are about this council's words, so each is trained on several times.
    auto examples = std::move(shipped).value();
    for (int i = 0; i < correction_repeats; ++i) examples.insert(examples.end(), corrections.begin(), corrections.end());
    return build_theme_linker(std::move(tax).value(), examples);
}

}  // namespace

std::vector<CouncilWord> council_words(const Linker& lexical, const std::vector<ThemeExample>& shipped,
                                       const std::vector<ThemeExample>& corrections) {
    // Each text's distinct surface words (lower case, letters and digits), with the linker's stem.
    auto words_of = [&](const std::string& text) {
        std::map<std::string, std::string> out;  // stem -> first surface form
        std::string w;
        auto flush = [&] {
            if (w.size() >= 3 && w.find_first_not_of("0123456789") != std::string::npos) {
                const std::string stem = lexical.normalise(w);
                if (!stem.empty() && stem.find(' ') == std::string::npos) out.emplace(stem, w);
            }
            w.clear();
        };
        for (unsigned char c : text) {
            if (std::isalnum(c) || c >= 0x80)
                w += static_cast<char>(std::tolower(c));
            else
                flush();
        }
        flush();
        return out;
    };
    std::map<std::string, int> shipped_df;
    for (const auto& e : shipped)
        for (const auto& [stem, surface] : words_of(e.text)) ++shipped_df[stem];
    struct Tally {
        std::string surface;
        int comments = 0;
        std::map<std::string, int> themes;
    };
    std::map<std::string, Tally> tally;
    for (const auto& e : corrections)
        for (const auto& [stem, surface] : words_of(e.text)) {
            auto& t = tally[stem];
            if (t.surface.empty()) t.surface = surface;
            ++t.comments;
            for (const auto& theme : e.themes) ++t.themes[theme];
        }
    std::vector<CouncilWord> out;
    for (const auto& [stem, t] : tally) {
        if (t.comments < council_word_min_comments) continue;
        if (shipped_df[stem] > council_word_max_shipped) continue;  // not local: the shipped data knows it
        if (!lexical.score_all(t.surface).empty()) continue;        // the lexicon already gives it a meaning
        for (const auto& [theme, n] : t.themes)
            if (n * 5 >= t.comments * 4) out.push_back({theme, t.surface, t.comments});  // 80 % agree
    }
    return out;
}

Result<std::shared_ptr<const Linker>> linker_with_corrections(const std::string& taxonomy_path,
                                                              const std::vector<ThemeExample>& corrections) {
    const std::string key = cache_key(taxonomy_path, corrections);
    auto& c = cache();
    // Held while training: two callers wanting the same linker train it once.
    std::lock_guard<std::mutex> lock(c.m);
    if (auto it = c.linkers.find(key); it != c.linkers.end()) return it->second;
    Result<Linker> linker = corrections.empty() ? load_theme_linker(taxonomy_path) : council_trained(taxonomy_path, corrections);
    if (!linker) return linker.error();
    auto shared = std::make_shared<const Linker>(std::move(linker).value());
    if (c.linkers.size() >= 4) c.linkers.clear();
    c.linkers.emplace(key, shared);
    return shared;
}

Result<std::shared_ptr<const Linker>> shipped_linker(const std::string& taxonomy_path) {
    return linker_with_corrections(taxonomy_path, {});
}

Result<std::vector<ThemeExample>> council_corrections(DashboardStore& store) {
    auto lines = store.labelled_examples();
    if (!lines) return lines.error();
    std::string jsonl;
    for (const auto& l : *lines) jsonl += l + "\n";
    auto parsed = parse_theme_examples(jsonl);  // a comment corrected to no theme teaches "none"
    if (!parsed) return Error{Errc::invalid_input, "the council's corrections: " + parsed.error().message};
    return parsed;
}

Result<std::shared_ptr<const Linker>> council_linker(const std::string& taxonomy_path, DashboardStore& store) {
    auto corrections = council_corrections(store);
    if (!corrections) return corrections.error();
    return linker_with_corrections(taxonomy_path, *corrections);
}

}  // namespace lp::dashboard
