#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <lp/reports/facts.hpp>
#include <lp/reports/lines.hpp>
#include <utility>

namespace lp::reports {
namespace {

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

std::string strip_tail(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '\'' || s.back() == '"' ||
                          s.back() == ')' || s.back() == ';' || s.back() == ','))
        s.pop_back();
    return s;
}

}  // namespace

std::optional<std::string> trailing_grade(std::string_view text) {
    std::string t = strip_tail(lower(text));
    static const std::array<std::pair<const char*, const char*>, 5> grades = {{
        {"requires improvement to be good", "Requires improvement to be good"},
        {"requires improvement", "Requires improvement to be good"},
        {"inadequate", "Inadequate"},
        {"outstanding", "Outstanding"},
        {"good", "Good"},
    }};
    for (const auto& [phrase, grade] : grades) {
        std::string_view p(phrase);
        if (t.size() >= p.size() && t.compare(t.size() - p.size(), p.size(), p) == 0) {
            // Whole words only: "good" but not "neighbourhood".
            if (t.size() == p.size() || !std::isalpha(static_cast<unsigned char>(t[t.size() - p.size() - 1])))
                return std::string(grade);
        }
    }
    return std::nullopt;
}

std::string judgement_area_of(std::string_view text) {
    std::string t = lower(text);
    if (contains(t, "overall effectiveness")) return "overall";
    if (contains(t, "impact of leaders") || contains(t, "leadership") || contains(t, "leaders")) return "leadership";
    if (contains(t, "help and protection")) return "help and protection";
    if (contains(t, "children in care") || contains(t, "looked after")) return "children in care";
    if (contains(t, "care leavers") || contains(t, "care leaver")) return "care leavers";
    return "";
}

std::string canonical_judgement(std::string_view text) {
    std::string t = lower(text);
    if (contains(t, "overall effectiveness") || t == "overall") return "Overall effectiveness";
    if (contains(t, "impact of leaders"))
        return "The impact of leaders on social work practice with children and families";
    if (contains(t, "help and protection"))
        return "The experiences and progress of children who need help and protection";
    if (contains(t, "children in care and care leavers"))
        return "The experiences and progress of children in care and care leavers";
    if (contains(t, "children in care")) return "The experiences and progress of children in care";
    if (contains(t, "care leavers")) return "The experiences and progress of care leavers";
    return "";
}

std::string area_from_words(std::string_view text) {
    std::string t = lower(text);
    struct Cue {
        const char* phrase;
        int area;  // 0 help and protection, 1 children in care, 2 care leavers, 3 leadership
        int weight;
    };
    // Specific phrases weigh more than general ones; "private fostering" must not count as
    // fostering, so it is listed and weighed for help and protection.
    static const Cue cues[] = {
        {"care leaver", 2, 4},
        {"leaving care", 2, 3},
        {"personal advis", 2, 3},
        {"pathway plan", 2, 3},
        {"staying put", 2, 3},
        {"staying-put", 2, 3},
        {"independence", 2, 2},
        {"health histor", 2, 3},
        {"children in care", 1, 3},
        {"looked after", 1, 3},
        {"foster carer", 1, 3},
        {"fostering", 1, 1},
        {"permanence", 1, 3},
        {"life-story", 1, 3},
        {"life story", 1, 3},
        {"adopt", 1, 3},
        {"placement", 1, 2},
        {"virtual school", 1, 3},
        {"placed with parents", 1, 2},
        {"long-term foster", 1, 2},
        {"iro", 1, 1},
        {"choice and availability of homes", 1, 2},
        {"stable foster", 1, 3},
        {"private fostering", 0, 5},
        {"privately fostered", 0, 5},
        {"child protection", 0, 3},
        {"child in need", 0, 3},
        {"children in need", 0, 2},
        {"assessment", 0, 2},
        {"referral", 0, 3},
        {"contacts", 0, 2},
        {"strategy", 0, 2},
        {"missing", 0, 3},
        {"return home interview", 0, 3},
        {"disabled children", 0, 3},
        {"children with disabilities", 0, 3},
        {"allegations", 0, 3},
        {"early help", 0, 3},
        {"domestic", 0, 3},
        {"neglect", 0, 3},
        {"exploitation", 0, 3},
        {"threshold", 0, 2},
        {"significant harm", 0, 2},
        {"immediate harm", 0, 2},
        {"initial response", 0, 3},
        {"duty", 0, 1},
        {"caf", 0, 1},
        {"investigations", 0, 2},
        {"seen quickly", 0, 2},
        {"family network", 0, 1},
        {"help and protection", 0, 4},
        {"multi-agency", 0, 1},
        {"risk", 0, 1},
        {"case records", 0, 1},
        {"children in care and care leavers", 1, 2},
        {"decision-making", 3, 1},
        {"management", 3, 2},
        {"management oversight", 3, 4},
        {"supervision", 3, 4},
        {"quality assurance", 3, 3},
        {"performance", 3, 2},
        {"senior managers", 3, 2},
        {"leaders", 3, 3},
        {"leadership", 3, 3},
        {"audit", 3, 2},
        {"workforce", 3, 3},
        {"caseload", 3, 3},
        {"recruit", 3, 2},
        {"morale", 3, 3},
        {"training", 3, 1},
        {"newly qualified", 3, 3},
        {"staff", 3, 1},
        {"managers", 3, 1},
        {"corporate", 3, 2},
        {"improvement board", 3, 3},
    };
    std::array<int, 4> score{};
    for (const auto& c : cues) {
        if (contains(t, c.phrase)) score[static_cast<std::size_t>(c.area)] += c.weight;
    }
    // "private fostering" also contains "fostering"; take back what it added there.
    if (contains(t, "private fostering") || contains(t, "privately fostered")) score[1] -= 1;
    static const char* names[] = {"help and protection", "children in care", "care leavers", "leadership"};
    int best = -1, best_score = 0;
    for (int a = 0; a < 4; ++a) {
        if (score[static_cast<std::size_t>(a)] > best_score) {
            best = a;
            best_score = score[static_cast<std::size_t>(a)];
        }
    }
    return best < 0 ? "unknown" : names[best];
}

std::vector<std::string> dates_in(std::string_view text) {
    static const char* months[] = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december"};
    std::string t = lower(text);
    std::vector<std::string> words;
    {
        std::string cur;
        for (char c : t) {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                cur.push_back(c);
            } else if (!cur.empty()) {
                words.push_back(cur);
                cur.clear();
            }
        }
        if (!cur.empty()) words.push_back(cur);
    }
    auto month_of = [&](const std::string& w) {
        for (int m = 0; m < 12; ++m) {
            std::string_view full(months[m]);
            if (w == full || (w.size() == 3 && full.substr(0, 3) == w)) return m + 1;
        }
        return 0;
    };
    auto is_num = [](const std::string& w) {
        return !w.empty() && w.size() <= 4 &&
               std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        int m = month_of(words[i]);
        if (m == 0 || i + 1 >= words.size() || !is_num(words[i + 1]) || words[i + 1].size() != 4) continue;
        int year = std::stoi(words[i + 1]);
        if (year < 1990 || year > 2100) continue;
        char buf[16];
        int day = 0;
        if (i > 0 && is_num(words[i - 1]) && words[i - 1].size() <= 2) day = std::stoi(words[i - 1]);
        if (day >= 1 && day <= 31)
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, m, day);
        else
            std::snprintf(buf, sizeof buf, "%04d-%02d", year, m);
        out.emplace_back(buf);
    }
    return out;
}

bool is_date_line(std::string_view text) {
    auto dates = dates_in(text);
    if (dates.size() != 1) return false;
    std::size_t alnum = 0;
    for (char c : text) alnum += std::isalnum(static_cast<unsigned char>(c)) ? 1 : 0;
    return alnum <= 20 && text.size() <= 24;
}

std::string slug(std::string_view name) {
    std::string out;
    for (char c : lower(name)) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "authority" : out;
}

}  // namespace lp::reports
