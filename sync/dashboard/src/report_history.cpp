#include <algorithm>
#include <cctype>
#include <lp/dashboard/report_history.hpp>
#include <set>

namespace lp::dashboard {
namespace {

// Words that say nothing about which improvement is meant: grammar, and words nearly every
// point of a children's services report holds.
const std::set<std::string>& ignored_words() {
    static const std::set<std::string> words = {
        "a",        "an",       "and",      "are",     "as",       "at",        "be",        "been",
        "by",       "for",      "from",     "has",     "have",     "in",        "into",      "is",
        "it",       "its",      "of",       "on",      "or",       "so",        "that",      "the",
        "their",    "them",     "they",     "this",    "to",       "when",      "where",     "which",
        "who",      "with",     "all",      "more",    "most",     "than",      "those",     "these",
        "there",    "what",     "how",      "need",    "needs",    "children",  "child",     "childrens",
        "young",    "people",   "person",   "ensure",  "ensuring", "improve",   "improving", "improvement",
        "improved", "quality",  "service",  "services", "local",   "authority", "including", "consistent",
        "consistently", "effective", "effectiveness", "further", "continue", "work", "practice", "s",
        // The groups a report is about, not what it asks to improve: "care leavers' health
        // histories" and "homes for care leavers" are different points.
        "care", "leaver", "leavers", "family", "families"};
    return words;
}

// A crude stem: plural and common endings off, so "plans"/"planning"/"planned" meet.
std::string stem(std::string w) {
    for (const char* end : {"ings", "ing", "ies", "ed", "es", "s", "ly"}) {
        const std::size_t n = std::char_traits<char>::length(end);
        if (w.size() > n + 3 && w.compare(w.size() - n, n, end) == 0) {
            w.erase(w.size() - n);
            if (std::string(end) == "ies") w += "y";
            break;
        }
    }
    return w;
}

std::set<std::string> content_stems(const std::string& text) {
    std::set<std::string> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty() && !ignored_words().count(word)) out.insert(stem(word));
        word.clear();
    };
    for (unsigned char c : text) {
        if (std::isalnum(c))
            word += static_cast<char>(std::tolower(c));
        else if (c != '\'')  // "children's" stays one word
            flush();
    }
    flush();
    return out;
}

// The order areas are listed in; areas outside it follow in the order first met.
const std::vector<std::string> canonical_order = {"overall", "leadership", "help-and-protection", "children-in-care",
                                                  "care-leavers", "adoption", "lscb"};

std::string area_key(const Judgement& j) {
    if (!j.canonical.empty()) return j.canonical;
    std::string k;
    for (unsigned char c : j.area) k += static_cast<char>(std::tolower(c));
    return k;
}

bool same_authority(const Report& a, const Report& b) {
    return a.authority.empty() || b.authority.empty() || a.authority == b.authority;
}

}  // namespace

std::map<std::string, std::vector<HistoryPoint>> history_points(const Catalogue& catalogue) {
    std::map<std::string, std::vector<std::string>> themes;  // finding id -> themes, in link order
    for (const auto& l : catalogue.links) themes[l.finding].push_back(l.theme);
    std::map<std::string, std::vector<HistoryPoint>> out;
    for (const auto& f : catalogue.findings) {
        if (f.kind != "improvement") continue;
        auto t = themes.find(f.id);
        out[f.report].push_back({f.area, f.text, t == themes.end() ? std::vector<std::string>{} : t->second});
    }
    return out;
}

std::vector<Report> earlier_inspections(const Catalogue& catalogue) {
    std::vector<Report> out;
    for (const auto& r : catalogue.reports)
        for (const auto& e : r.history) {
            if (e.judgements.empty() || e.date.empty()) continue;
            Report q;
            q.id = r.id + "/earlier/" + e.date;
            q.authority = r.authority;
            q.kind = kEarlierKind;
            q.date = e.date;
            q.title = r.title;
            q.judgements = e.judgements;
            out.push_back(std::move(q));
        }
    return out;
}

double point_similarity(const std::string& a, const std::string& b) {
    const auto sa = content_stems(a), sb = content_stems(b);
    if (sa.empty() || sb.empty()) return 0.0;
    std::size_t common = 0;
    for (const auto& w : sa) common += sb.count(w);
    return 2.0 * static_cast<double>(common) / static_cast<double>(sa.size() + sb.size());
}

HistoryTable build_history(std::vector<HistoryReport> reports, const MatchRule& rule) {
    // A quoted earlier inspection gives way to the report itself, when that was imported too.
    auto imported_itself = [&](const Report& quoted) {
        const std::size_t n = std::min<std::size_t>(quoted.date.size(), 7);
        return std::any_of(reports.begin(), reports.end(), [&](const HistoryReport& r) {
            return r.report.kind != kEarlierKind && same_authority(r.report, quoted) && r.report.date.size() >= n &&
                   r.report.date.compare(0, n, quoted.date, 0, n) == 0;
        });
    };
    std::vector<HistoryReport> kept;
    for (auto& r : reports)
        if (r.report.kind != kEarlierKind || !imported_itself(r.report)) kept.push_back(r);
    reports = std::move(kept);
    // Undated reports (minutes without a date line) go after the dated ones, in import order.
    std::stable_sort(reports.begin(), reports.end(), [](const HistoryReport& a, const HistoryReport& b) {
        if (a.report.date.empty() != b.report.date.empty()) return b.report.date.empty();
        if (a.report.date != b.report.date) return a.report.date < b.report.date;
        return a.imported_at < b.imported_at;
    });
    HistoryTable table;
    for (auto& r : reports) {
        HistoryColumn c;
        c.report = std::move(r.report);
        c.imported_at = r.imported_at;
        for (auto& p : r.points) c.points.push_back({std::move(p), {}});
        table.columns.push_back(std::move(c));
    }
    // Later mentions: for each later report of the same authority, its closest point, if close enough.
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        auto& col = table.columns[i];
        for (std::size_t j = i + 1; j < table.columns.size(); ++j) {
            const auto& later = table.columns[j];
            if (!same_authority(col.report, later.report)) continue;
            col.has_later = true;
            for (auto& f : col.points) {
                LaterMention best;
                bool found = false;
                for (const auto& q : later.points) {
                    std::vector<std::string> shared;
                    for (const auto& t : f.point.themes)
                        if (std::find(q.point.themes.begin(), q.point.themes.end(), t) != q.point.themes.end())
                            shared.push_back(t);
                    const double sim = point_similarity(f.point.text, q.point.text);
                    const bool match = sim >= rule.words || (!shared.empty() && sim >= rule.words_with_theme);
                    if (match && (!found || sim > best.similarity)) {
                        best = LaterMention{j, q.point.text, sim, shared};
                        found = true;
                    }
                }
                if (found) f.later.push_back(std::move(best));
            }
        }
    }
    // Areas: every judged area, each report's grade in its column.
    std::vector<std::string> keys;
    std::map<std::string, AreaRow> rows;
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        for (const auto& j : table.columns[i].report.judgements) {
            const std::string key = area_key(j);
            auto& row = rows[key];
            if (row.grades.empty()) {
                row.canonical = key;
                row.grades.assign(table.columns.size(), "");
                keys.push_back(key);
            }
            row.grades[i] = j.grade;
            row.wording = j.area;  // the latest report's words win (columns are oldest first)
        }
    std::stable_sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
        auto rank = [](const std::string& k) {
            auto it = std::find(canonical_order.begin(), canonical_order.end(), k);
            return static_cast<std::size_t>(it - canonical_order.begin());
        };
        return rank(a) < rank(b);
    });
    for (const auto& k : keys) table.areas.push_back(std::move(rows[k]));
    return table;
}

}  // namespace lp::dashboard
