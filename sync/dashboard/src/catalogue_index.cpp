#include <algorithm>
#include <lp/dashboard/catalogue_index.hpp>

namespace lp::dashboard {

namespace {
const std::vector<std::string> area_order = {"care leavers", "children in care", "help and protection", "leadership",
                                             "unknown"};
}  // namespace

std::string area_title(const std::string& key) {
    if (key == "care leavers") return "The experiences and progress of care leavers";
    if (key == "children in care") return "The experiences and progress of children in care";
    if (key == "help and protection") return "Children who need help and protection";
    if (key == "leadership") return "The impact of leaders on social work practice";
    return "Other themes";
}

CatalogueIndex::CatalogueIndex(Catalogue catalogue, std::vector<QuestionSet> question_sets)
    : catalogue_(std::move(catalogue)), question_sets_(std::move(question_sets)) {
    std::map<std::string, const Finding*> findings;
    for (const auto& f : catalogue_.findings) findings[f.id] = &f;
    std::map<std::string, const Report*> reports;
    for (const auto& r : catalogue_.reports) reports[r.id] = &r;
    themes_.reserve(catalogue_.themes.size());
    for (const auto& t : catalogue_.themes) {
        ThemeEntry e;
        e.theme = t;
        std::map<std::string, int> area_votes;
        for (const auto& l : catalogue_.links) {
            if (l.theme != t.id) continue;
            auto f = findings.find(l.finding);
            if (f == findings.end()) continue;
            auto r = reports.find(f->second->report);
            e.findings.push_back({f->second, r == reports.end() ? nullptr : r->second, l.score, l.matched});
            if (f->second->area != "unknown") ++area_votes[f->second->area];
        }
        // Newest report first, then the strongest link.
        std::stable_sort(e.findings.begin(), e.findings.end(), [](const ThemeFinding& a, const ThemeFinding& b) {
            const std::string da = a.report ? a.report->date : "";
            const std::string db = b.report ? b.report->date : "";
            if (da != db) return da > db;
            // What must improve leads: it is what an inspector will ask about next time.
            auto rank = [](const ThemeFinding& f) {
                return f.finding->kind == "improvement" ? 0 : f.finding->kind == "strength" ? 1 : 2;
            };
            if (rank(a) != rank(b)) return rank(a) < rank(b);
            return a.score > b.score;
        });
        e.area = "unknown";
        int best = 0;
        for (const auto& key : area_order) {
            auto it = area_votes.find(key);
            if (it != area_votes.end() && it->second > best) {
                best = it->second;
                e.area = key;
            }
        }
        for (const auto& set : question_sets_)
            for (const auto& q : set.questions)
                if (std::find(q.themes.begin(), q.themes.end(), t.id) != q.themes.end())
                    e.questions.push_back({set.id, &q});
        themes_.push_back(std::move(e));
    }
    for (const auto& key : area_order) {
        AreaGroup g{key, area_title(key), {}};
        for (const auto& t : themes_)
            if (t.area == key) g.themes.push_back(&t);
        if (!g.themes.empty()) groups_.push_back(std::move(g));
    }
}

const ThemeEntry* CatalogueIndex::find(const std::string& theme_id) const {
    for (const auto& t : themes_)
        if (t.theme.id == theme_id) return &t;
    return nullptr;
}

std::string CatalogueIndex::title_of(const std::string& theme_id) const {
    const ThemeEntry* t = find(theme_id);
    return t ? t->theme.title : theme_id;
}

}  // namespace lp::dashboard
