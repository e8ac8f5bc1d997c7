#include <algorithm>
#include <cctype>
#include <lp/reports/frameworks.hpp>

namespace lp::reports {
namespace {

// [SECTION] the table: add a framework (e.g. 2027) as one more row here.
const std::vector<Framework> kFrameworks = {
    {"sif-2013",
     "sif",
     "2013",
     "Single inspection framework: services for children in need of help and protection, children looked after "
     "and care leavers; review of the Local Safeguarding Children Board",
     2013,
     {"overall", "help-and-protection", "children-in-care", "adoption", "care-leavers", "leadership", "lscb"}},
    {"ilacs-2018",
     "ilacs",
     "2018",
     "Inspecting local authority children's services (2018)",
     2018,
     {"leadership", "help-and-protection", "children-in-care", "overall"}},
    {"ilacs-2023",
     "ilacs",
     "2023",
     "Inspecting local authority children's services (from January 2023)",
     2023,
     {"leadership", "help-and-protection", "children-in-care", "care-leavers", "overall"}},
    {"ilacs-2026",
     "ilacs",
     "2026",
     "Inspecting local authority children's services (from April 2026)",
     2026,
     {"leadership", "help-and-protection", "children-in-care", "care-leavers"}},
    // {"ilacs-2027", "ilacs", "2027", "...", 2027, {...}},
};

// The words that name each canonical area, across frameworks. Longest wording wins where they
// overlap, so "children in care and care leavers" (2018) is one area, not two.
struct Wording {
    const char* words;
    const char* canonical;
};
const Wording kWordings[] = {
    {"overall effectiveness", "overall"},
    {"overall judgement", "overall"},
    {"impact of leaders on social work practice with children and families", "leadership"},
    {"impact of leaders on social work practice", "leadership"},
    {"impact of leaders", "leadership"},
    {"leaders' impact", "leadership"},
    {"leaders\u2019 impact", "leadership"},
    {"leadership, management and governance", "leadership"},
    {"leadership, management", "leadership"},
    {"leadership and management", "leadership"},
    {"leadership", "leadership"},
    {"children who need help and protection", "help-and-protection"},
    {"children in need of help and protection", "help-and-protection"},
    {"help and protection", "help-and-protection"},
    {"children in care and care leavers", "children-in-care"},
    {"children looked after and care leavers", "children-in-care"},
    {"children looked after and achieving permanence", "children-in-care"},
    {"looked after children and achieving permanence", "children-in-care"},
    {"children looked after", "children-in-care"},
    {"looked after children", "children-in-care"},
    {"children in care", "children-in-care"},
    {"children in our care and care leavers", "children-in-care"},
    {"children in our care", "children-in-care"},
    {"cared for children", "children-in-care"},
    {"children we look after", "children-in-care"},
    {"young people leaving care", "care-leavers"},
    {"progress of care leavers", "care-leavers"},
    {"care leavers", "care-leavers"},
    {"adoption performance", "adoption"},
    {"local safeguarding children board", "lscb"},
    {"safeguarding children board", "lscb"},
    {"lscb", "lscb"},
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

char ascii_lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive match of `words` at `pos`, on word boundaries; whitespace runs match one space.
std::size_t match_at(std::string_view text, std::size_t pos, std::string_view words) {
    if (pos > 0 && word_char(text[pos - 1])) return 0;
    std::size_t i = pos;
    for (std::size_t w = 0; w < words.size(); ++w) {
        if (words[w] == ' ') {
            if (i >= text.size() || !std::isspace(static_cast<unsigned char>(text[i]))) return 0;
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            continue;
        }
        if (i >= text.size() || ascii_lower(text[i]) != words[w]) return 0;
        ++i;
    }
    if (i < text.size() && word_char(text[i])) return 0;
    return i - pos;
}

}  // namespace

const std::vector<std::string>& canonical_areas() {
    static const std::vector<std::string> areas = {
        "overall", "leadership", "help-and-protection", "children-in-care", "care-leavers", "adoption", "lscb"};
    return areas;
}

const std::vector<Framework>& frameworks() { return kFrameworks; }

const Framework* framework_by_id(std::string_view id) {
    for (const auto& f : kFrameworks)
        if (f.id == id) return &f;
    return nullptr;
}

const Framework* framework_for(const std::vector<std::string>& areas, int year) {
    std::vector<std::string> want = areas;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    const Framework* exact = nullptr;
    const Framework* best_superset = nullptr;
    for (const auto& f : kFrameworks) {
        std::vector<std::string> have = f.areas;
        std::sort(have.begin(), have.end());
        bool subset = std::includes(have.begin(), have.end(), want.begin(), want.end());
        if (!subset) continue;
        bool in_use = year == 0 || f.from_year <= year;
        if (have == want && in_use) exact = &f;  // later rows win: the newest framework in use that fits
        if (in_use && (best_superset == nullptr || have.size() <= best_superset->areas.size())) best_superset = &f;
    }
    if (exact != nullptr) return exact;
    return want.empty() ? nullptr : best_superset;
}

std::vector<AreaMatch> find_areas(std::string_view text) {
    std::vector<AreaMatch> out;
    for (std::size_t pos = 0; pos < text.size();) {
        if (!std::isalpha(static_cast<unsigned char>(text[pos])) || (pos > 0 && word_char(text[pos - 1]))) {
            ++pos;
            continue;
        }
        std::size_t best_len = 0;
        const char* best = nullptr;
        for (const auto& w : kWordings) {
            std::size_t len = match_at(text, pos, w.words);
            if (len > best_len) {
                best_len = len;
                best = w.canonical;
            }
        }
        if (best != nullptr) {
            out.push_back(AreaMatch{pos, pos + best_len, best});
            pos += best_len;
        } else {
            ++pos;
        }
    }
    return out;
}

std::string canonical_area(std::string_view wording) {
    auto found = find_areas(wording);
    if (found.empty()) return "";
    for (const auto& m : found)
        if (m.canonical != found.front().canonical) return "";
    return found.front().canonical;
}

std::string ofsted_title(const std::string& canonical, const std::string& family) {
    if (canonical == "overall") return "Overall effectiveness";
    if (family == "sif") {
        if (canonical == "leadership") return "Leadership, management and governance";
        if (canonical == "help-and-protection") return "Children who need help and protection";
        if (canonical == "children-in-care") return "Children looked after and achieving permanence";
        if (canonical == "adoption") return "Adoption performance";
        if (canonical == "care-leavers") return "Experiences and progress of care leavers";
    }
    if (canonical == "leadership") return "The impact of leaders on social work practice with children and families";
    if (canonical == "help-and-protection")
        return "The experiences and progress of children who need help and protection";
    if (canonical == "children-in-care") return "The experiences and progress of children in care";
    if (canonical == "care-leavers") return "The experiences and progress of care leavers";
    if (canonical == "adoption") return "Adoption performance";
    if (canonical == "lscb") return "Review of the Local Safeguarding Children Board";
    return canonical;
}

}  // namespace lp::reports
