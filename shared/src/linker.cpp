#include <algorithm>
#include <cmath>
#include <lp/shared/files.hpp>
#include <lp/shared/linker.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <utility>

#include "phrase_matcher.hpp"

namespace lp {
namespace {

bool valid_theme_id(const std::string& id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

Taxonomy parse_taxonomy_json(const std::string& json_text) {
    auto doc = nlohmann::json::parse(json_text);
    if (!doc.is_object() || !doc.contains("themes") || !doc["themes"].is_array())
        throw std::invalid_argument("taxonomy needs a \"themes\" array");
    Taxonomy tax;
    if (doc.contains("synonyms")) {
        for (auto& [k, v] : doc["synonyms"].items()) {
            if (!v.is_string()) throw std::invalid_argument("synonym \"" + k + "\" must be a string");
            tax.synonyms[k] = v.get<std::string>();
        }
    }
    std::set<std::string> seen;
    for (const auto& t : doc["themes"]) {
        Theme theme;
        theme.id = t.value("id", "");
        if (!valid_theme_id(theme.id)) throw std::invalid_argument("bad theme id \"" + theme.id + "\" (use a-z0-9-)");
        if (!seen.insert(theme.id).second) throw std::invalid_argument("duplicate theme id \"" + theme.id + "\"");
        theme.title = t.value("title", "");
        theme.young_title = t.value("young_title", "");
        theme.description = t.value("description", "");
        if (theme.title.empty() || theme.young_title.empty())
            throw std::invalid_argument("theme \"" + theme.id + "\" needs title and young_title");
        if (!t.contains("lexicon") || !t["lexicon"].is_array() || t["lexicon"].empty())
            throw std::invalid_argument("theme \"" + theme.id + "\" needs a non-empty lexicon");
        for (const auto& item : t["lexicon"]) {
            if (item.is_string()) {
                // "phrase^0.5" is shorthand for {"phrase": "phrase", "weight": 0.5}.
                std::string phrase = item.get<std::string>();
                double weight = 1.0;
                if (auto caret = phrase.rfind('^'); caret != std::string::npos) {
                    weight = std::stod(phrase.substr(caret + 1));
                    phrase.resize(caret);
                }
                if (!(weight > 0.0)) throw std::invalid_argument("theme \"" + theme.id + "\": weight must be > 0");
                theme.lexicon.push_back(LexiconEntry{phrase, weight});
            } else if (item.is_object() && item.contains("phrase")) {
                theme.lexicon.push_back(LexiconEntry{item["phrase"].get<std::string>(), item.value("weight", 1.0)});
            } else {
                throw std::invalid_argument("theme \"" + theme.id + "\" has a lexicon item that is not a phrase");
            }
        }
        tax.themes.push_back(std::move(theme));
    }
    if (tax.themes.empty()) throw std::invalid_argument("taxonomy has no themes");
    return tax;
}

}  // namespace

int Taxonomy::find(std::string_view id) const {
    for (std::size_t i = 0; i < themes.size(); ++i)
        if (themes[i].id == id) return static_cast<int>(i);
    return -1;
}

Result<Taxonomy> parse_taxonomy(const std::string& json_text) {
    try {
        return parse_taxonomy_json(json_text);
    } catch (const std::exception& e) {
        return Result<Taxonomy>::fail(Errc::invalid_input, std::string("taxonomy: ") + e.what());
    }
}

Result<Taxonomy> load_taxonomy_file(const std::string& path) {
    return parse_file(path, parse_taxonomy);
}

struct Linker::Impl {
    Taxonomy taxonomy;
    LinkOptions options;
    text::SynonymMap synonyms;
    text::detail::PhraseMatcher matcher{6};

    std::shared_ptr<const ThemeScorer> scorer;

    std::vector<ThemeLink> score(std::string_view input, bool* model_asked = nullptr) const {
        std::string folded = text::fold(input);
        auto tokens = text::tokenise(folded, synonyms);
        auto ids = matcher.encode(tokens);
        auto matches = matcher.find_all(ids);
        const bool use_model = scorer != nullptr && tokens.size() <= options.model_max_tokens;
        if (model_asked) *model_asked = use_model;
        if (matches.empty() && !use_model) return {};

        // Per theme, keep the longest non-overlapping matches: "foster carer" wins over "carer".
        const auto& patterns = matcher.patterns();
        std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
            std::size_t la = a.last - a.first, lb = b.last - b.first;
            return la != lb ? la > lb : a.first < b.first;
        });
        const std::size_t n_themes = taxonomy.themes.size();
        std::vector<std::vector<bool>> covered(n_themes);
        std::vector<std::unordered_map<int, int>> counts(n_themes);  // pattern -> tf
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> spans(n_themes);
        // Longest match wins across themes too: "privately fostered" (private fostering) hides the
        // "fostered" inside it from foster carers, "care leavers forum" hides "care leavers".
        std::vector<std::size_t> widest(ids.size(), 0);
        for (const auto& m : matches) {
            const auto& p = patterns[static_cast<std::size_t>(m.pattern)];
            auto t = static_cast<std::size_t>(p.owner);
            const std::size_t span = m.last - m.first + 1;
            bool hidden = true;
            for (std::size_t k = m.first; k <= m.last; ++k) hidden = hidden && widest[k] > span;
            if (hidden) continue;
            for (std::size_t k = m.first; k <= m.last; ++k) widest[k] = std::max(widest[k], span);
            auto& cov = covered[t];
            if (cov.empty()) cov.assign(ids.size(), false);
            bool overlap = false;
            for (std::size_t k = m.first; k <= m.last; ++k) overlap = overlap || cov[k];
            if (overlap) continue;
            for (std::size_t k = m.first; k <= m.last; ++k) cov[k] = true;
            ++counts[t][m.pattern];
            spans[t].emplace_back(tokens[m.first].surface_begin, tokens[m.last].surface_end);
        }

        const double length = static_cast<double>(std::max<std::size_t>(tokens.size(), 1));
        const double norm = 1.0 - options.length_b + options.length_b * length / options.average_tokens;
        const double k1 = options.saturation_k1;
        // The scorer's probability per theme (0 without a scorer or below the noise floor).
        std::vector<double> prob(n_themes, 0.0);
        std::string words;
        if (use_model) {
            for (const auto& tk : tokens) words += tk.stem + ' ';
            for (const auto& [id, p] : scorer->probabilities(words)) {
                int t = taxonomy.find(id);
                if (t >= 0 && p >= options.model_floor) prob[static_cast<std::size_t>(t)] = p;
            }
        }
        std::vector<ThemeLink> out;
        for (std::size_t t = 0; t < n_themes; ++t) {
            if (counts[t].empty() && prob[t] == 0.0) continue;
            const double from_model = options.model_weight * prob[t];
            if (counts[t].empty()) {
                // Only the model saw this theme: worth reporting only when it could pass the floor,
                // and then named by the words that raised its probability.
                if (from_model < options.min_score) continue;
                ThemeLink link;
                link.id = taxonomy.themes[t].id;
                link.score = std::round(from_model * 1000.0) / 1000.0;
                for (const auto& stem : scorer->explain(words, link.id, 3))
                    text::add_surface_word(tokens, folded, stem, link.matched);
                if (link.matched.empty()) continue;  // a link must name its words
                out.push_back(std::move(link));
                continue;
            }
            double s = from_model;
            for (const auto& [pi, tf] : counts[t]) {
                double f = static_cast<double>(tf);
                s += patterns[static_cast<std::size_t>(pi)].weight * f * (k1 + 1.0) / (f + k1 * norm);
            }
            ThemeLink link;
            link.id = taxonomy.themes[t].id;
            link.score = std::round(s * 1000.0) / 1000.0;
            std::sort(spans[t].begin(), spans[t].end());
            for (const auto& [b, e] : spans[t]) {
                std::string word = folded.substr(b, e - b);
                if (std::find(link.matched.begin(), link.matched.end(), word) == link.matched.end())
                    link.matched.push_back(std::move(word));
            }
            out.push_back(std::move(link));
        }
        std::sort(out.begin(), out.end(), [](const ThemeLink& a, const ThemeLink& b) {
            return a.score != b.score ? a.score > b.score : a.id < b.id;
        });
        return out;
    }
};

Linker::Linker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;
Linker::~Linker() = default;

Result<Linker> Linker::from_taxonomy(Taxonomy taxonomy, LinkOptions options,
                                     std::shared_ptr<const ThemeScorer> scorer) {
    auto impl = std::make_unique<Impl>();
    impl->scorer = std::move(scorer);
    impl->synonyms = text::make_synonyms(taxonomy.synonyms);
    impl->options = options;

    // A phrase shared by several themes says less about each: weight it by an IDF over themes.
    std::unordered_map<std::string, int> df;
    auto key_of = [&](const std::string& phrase) {
        std::string key;
        for (const auto& t : text::tokenise(text::fold(phrase), impl->synonyms)) key += t.stem + ' ';
        return key;
    };
    for (const auto& theme : taxonomy.themes) {
        std::set<std::string> keys;
        for (const auto& e : theme.lexicon) keys.insert(key_of(e.phrase));
        for (const auto& k : keys) ++df[k];
    }
    const double n_themes = static_cast<double>(taxonomy.themes.size());
    int usable = 0;
    for (std::size_t t = 0; t < taxonomy.themes.size(); ++t) {
        std::set<std::string> added;
        for (const auto& e : taxonomy.themes[t].lexicon) {
            std::string key = key_of(e.phrase);
            if (key.empty() || !added.insert(key).second) continue;
            std::size_t words = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
            double idf = std::log(1.0 + n_themes / static_cast<double>(df[key]));
            double length_bonus = 1.0 + 0.5 * static_cast<double>(std::min<std::size_t>(words, 4) - 1);
            if (impl->matcher.add(e.phrase, impl->synonyms, static_cast<int>(t), e.weight * idf * length_bonus) >= 0)
                ++usable;
        }
    }
    if (usable == 0) return Result<Linker>::fail(Errc::invalid_input, "taxonomy has no usable lexicon phrase");
    impl->taxonomy = std::move(taxonomy);
    return Linker(std::move(impl));
}

Result<Linker> Linker::from_taxonomy_file(const std::string& path, LinkOptions options) {
    auto tax = load_taxonomy_file(path);
    if (!tax) return tax.error();
    return from_taxonomy(std::move(tax).value(), options);
}

std::vector<ThemeLink> Linker::link(std::string_view text) const {
    bool model_asked = false;
    auto all = impl_->score(text, &model_asked);
    std::vector<ThemeLink> out;
    if (all.empty()) return out;
    const auto& o = impl_->options;
    const double relative = model_asked ? o.relative_floor : o.lexicon_relative_floor;
    const double floor = std::max(o.min_score, relative * all.front().score);
    for (auto& l : all) {
        if (l.score < floor || out.size() >= impl_->options.max_links) break;
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<ThemeLink> Linker::score_all(std::string_view text) const { return impl_->score(text); }

std::string Linker::normalise(std::string_view text) const {
    std::string out;
    for (const auto& t : text::tokenise(text::fold(text), impl_->synonyms)) {
        if (!out.empty()) out += ' ';
        out += t.stem;
    }
    return out;
}

bool Linker::has_scorer() const { return impl_->scorer != nullptr; }
const Taxonomy& Linker::taxonomy() const { return impl_->taxonomy; }
const LinkOptions& Linker::options() const { return impl_->options; }

}  // namespace lp
