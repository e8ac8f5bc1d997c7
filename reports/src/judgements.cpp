#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <lp/reports/facts.hpp>
#include <lp/reports/frameworks.hpp>
#include <lp/reports/judgements.hpp>
#include <map>
#include <set>

namespace lp::reports {
namespace {

char low(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = low(c);
    return out;
}

// Length of a quote mark at `pos` (ASCII ' " or UTF-8 curly quotes), 0 when none.
std::size_t quote_at(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) return 0;
    if (s[pos] == '\'' || s[pos] == '"') return 1;
    if (pos + 2 < s.size() && static_cast<unsigned char>(s[pos]) == 0xE2 &&
        static_cast<unsigned char>(s[pos + 1]) == 0x80) {
        auto c = static_cast<unsigned char>(s[pos + 2]);
        if (c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D) return 3;
    }
    return 0;
}

const std::pair<const char*, const char*> kGrades[] = {
    {"requires improvement to be good", "Requires improvement to be good"},
    {"require improvement to be good", "Requires improvement to be good"},
    {"requiring improvement to be good", "Requires improvement to be good"},
    {"requires improvement", "Requires improvement to be good"},
    {"require improvement", "Requires improvement to be good"},
    {"requiring improvement", "Requires improvement to be good"},
    {"inadequate", "Inadequate"},
    {"outstanding", "Outstanding"},
    {"good", "Good"},
};

// Matches `phrase` (lower-case, single spaces) at `pos`, letting any whitespace run match a space.
std::size_t phrase_at(std::string_view s, std::size_t pos, std::string_view phrase) {
    std::size_t i = pos;
    for (char p : phrase) {
        if (p == ' ') {
            if (i >= s.size() || !std::isspace(static_cast<unsigned char>(s[i]))) return 0;
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
            continue;
        }
        if (i >= s.size() || low(s[i]) != p) return 0;
        ++i;
    }
    if (i < s.size() && word_char(s[i])) return 0;
    return i - pos;
}

// Trailing separators between a judgement's name and its grade: spaces, tabs, | : - – —.
std::string_view trim_separators(std::string_view s) {
    for (;;) {
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '|' || s.back() == ':' ||
                              s.back() == '-' || s.back() == ',' || s.back() == '.'))
            s.remove_suffix(1);
        if (s.size() >= 3 && static_cast<unsigned char>(s[s.size() - 3]) == 0xE2 &&
            static_cast<unsigned char>(s[s.size() - 2]) == 0x80 &&
            (static_cast<unsigned char>(s.back()) == 0x93 || static_cast<unsigned char>(s.back()) == 0x94)) {
            s.remove_suffix(3);
            continue;
        }
        if (std::size_t q = s.empty() ? 0 : (quote_at(s, s.size() - 1) == 1 ? 1 : 0); q > 0) {
            s.remove_suffix(q);
            continue;
        }
        if (s.size() >= 3 && quote_at(s, s.size() - 3) == 3) {
            s.remove_suffix(3);
            continue;
        }
        return s;
    }
}

std::string_view trim_front(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '|')) s.remove_prefix(1);
    return s;
}

// "2.1 Adoption performance" -> "Adoption performance"; "3." too.
std::string_view strip_numbering(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i > 0 && i < s.size() && s[i] == ' ') return trim_front(s.substr(i));
    return s;
}

std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == '\'') continue;  // "children's" is one word; a quote mark is none
        if (std::isalpha(static_cast<unsigned char>(c))) {
            cur.push_back(low(c));
        } else if (!cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// A row's name may carry a few words besides the area's ("The experiences and progress of"),
// never the words of a sentence ("care leavers are not yet good").
bool sentence_word(const std::string& w) {
    static const std::set<std::string> words = {
        "not",     "yet",     "but",  "although", "however", "than",  "was",    "were", "been", "judged", "remain",
        "remains", "has",     "have", "had",      "now",     "still", "also",   "only", "no",   "more",   "less",
        "very",    "because", "when", "if",       "be",      "being", "become", "too",  "so",   "well",   "as"};
    return words.count(w) > 0;
}

std::optional<FoundJudgement> parse_row(std::string_view text) {
    if (text.size() > 240) return std::nullopt;
    std::string_view s = strip_numbering(trim_front(text));
    // The grade is at the very end (after it only punctuation and quotes).
    std::string_view body = trim_separators(s);
    std::optional<std::string> grade;
    std::size_t gstart = 0;
    for (const auto& [phrase, name] : kGrades) {
        std::string_view p(phrase);
        if (body.size() < p.size()) continue;
        std::size_t at = body.size() - p.size();
        if (at > 0 && word_char(body[at - 1])) continue;
        if (phrase_at(body, at, p) != p.size()) continue;
        grade = name;
        gstart = at;
        break;
    }
    if (!grade) return std::nullopt;
    std::string_view name = trim_separators(body.substr(0, gstart));
    for (const char* verb : {" is", " are"}) {
        std::string_view v(verb);
        if (name.size() > v.size() && ascii_lower(name.substr(name.size() - v.size())) == v) {
            name.remove_suffix(v.size());
            break;
        }
    }
    name = trim_separators(name);
    if (name.empty() || name.find(". ") != std::string_view::npos) return std::nullopt;
    // "and care leavers   Requires improvement" is the tail of a wrapped row, not a row.
    if (std::islower(static_cast<unsigned char>(name.front()))) return std::nullopt;
    auto areas = find_areas(name);
    if (areas.empty()) return std::nullopt;
    for (const auto& a : areas)
        if (a.canonical != areas.front().canonical) return std::nullopt;
    // Words outside the area's own wording.
    std::string rest;
    std::size_t from = 0;
    for (const auto& a : areas) {
        rest += std::string(name.substr(from, a.begin - from)) + " ";
        from = a.end;
    }
    rest += std::string(name.substr(from));
    auto extra = words_of(rest);
    if (extra.size() > 9) return std::nullopt;
    for (const auto& w : extra)
        if (sentence_word(w)) return std::nullopt;
    return FoundJudgement{std::string(name), areas.front().canonical, *grade, "", true};
}

// [SECTION] prose

// `s` with the dates after "since" blanked out, up to `reach` characters on and never past its
// clause: "since 2022" names the point a change is measured from, never the date of the statement
// around it.
std::string without_since_dates(std::string_view s, std::size_t reach) {
    std::string out(s);
    const std::string lo = ascii_lower(s);  // blanking digits moves no "since"
    for (std::size_t p = 0; (p = lo.find("since ", p)) != std::string::npos; p += 6)
        for (std::size_t k = p + 6; k < out.size() && k < p + 6 + reach; ++k) {
            if (out[k] == '.' || out[k] == ',' || out[k] == ';') break;
            if (std::isdigit(static_cast<unsigned char>(out[k]))) out[k] = '#';
        }
    return out;
}

// The last date ("2018-10") or year ("2019") named in `s`, "" when none. Dates within
// `since_reach` characters after a "since" are not counted (without_since_dates).
std::string last_date_in(std::string_view text, std::size_t since_reach = 20) {
    const std::string masked = without_since_dates(text, since_reach);
    std::string_view s = masked;
    std::string best;
    std::size_t best_pos = 0;
    // Month + year dates, by position of their year.
    auto dates = dates_in(s);
    std::size_t search = 0;
    for (const auto& d : dates) {
        std::size_t p = s.find(d.substr(0, 4), search);
        if (p == std::string_view::npos) continue;
        search = p + 4;
        if (best.empty() || p >= best_pos) {
            best = d.substr(0, 7);
            best_pos = p;
        }
    }
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if ((i > 0 && word_char(s[i - 1])) || (i + 4 < s.size() && word_char(s[i + 4]))) continue;
        if (!(s.compare(i, 2, "19") == 0 || s.compare(i, 2, "20") == 0)) continue;
        if (!std::isdigit(static_cast<unsigned char>(s[i + 2])) || !std::isdigit(static_cast<unsigned char>(s[i + 3])))
            continue;
        if (i > best_pos || best.empty()) {
            if (best.empty() || best.compare(0, 4, s.substr(i, 4)) != 0 || i > best_pos + 4) {
                best = std::string(s.substr(i, 4));
                best_pos = i;
            }
        }
    }
    return best;
}

struct Statement {
    FoundJudgement j;
    bool present = false;   // "is"/"are": about the inspection the document reports
    bool previous = false;  // the grade before ("improved from X to Y", "remained X"): dated later
};

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

// `before` (the words ahead of a grade) ends with one of `leads`, quote marks and spaces aside:
// "a judgement of 'good'" ends with "judgement of".
bool ends_with_lead(const std::string& before, std::initializer_list<std::string_view> leads) {
    std::string_view tail = std::string_view(before).substr(0, before.find_last_not_of(" '\"") + 1);
    return std::any_of(leads.begin(), leads.end(), [&](std::string_view l) {
        return tail.size() >= l.size() && tail.substr(tail.size() - l.size()) == l;
    });
}

// Whole years from `older` to `newer` ("2024-11", "2022" -> 2); dates are "YYYY" or "YYYY-MM".
int years_apart(const std::string& newer, const std::string& older) {
    return std::atoi(newer.substr(0, 4).c_str()) - std::atoi(older.substr(0, 4).c_str());
}

// The year a grade is given right after it: "inadequate in 2022", "good (2024)", "good in
// November 2024"; "" when none.
std::string date_right_after(const std::string& block, std::size_t at) {
    std::size_t stop = block.find_first_of(",;.", at);
    std::string_view next = std::string_view(block).substr(at, std::min({stop == std::string::npos ? block.size() - at : stop - at,
                                                                          std::size_t{22}}));
    std::string lo = ascii_lower(next);
    while (!lo.empty() && (lo.front() == ' ' || lo.front() == '\'' || lo.front() == '"')) lo.erase(0, 1);
    if (lo.rfind("in ", 0) != 0 && lo.rfind("(", 0) != 0) return "";
    return last_date_in(lo.substr(0, lo.find(" to ")));
}

// The area named just after a grade that comes first: "<grade> [judgement|grade|rating] for
// <area>", when a judgement is plainly meant ("a judgement of <grade> for", "the <grade>
// judgement for"), never "this is good for children in care". Offsets into block.
std::optional<AreaMatch> area_after_grade(const std::string& block, const std::string& lo, std::size_t at,
                                          const std::string& before) {
    auto skip_spaces = [&] {
        while (at < lo.size() && lo[at] == ' ') ++at;
    };
    skip_spaces();
    bool named = false;
    for (const char* noun : {"judgement", "judgment", "grade", "rating"})
        if (phrase_at(lo, at, noun) > 0) {
            at += std::string_view(noun).size();
            named = true;
            break;
        }
    named = named || ends_with_lead(before, {"judgement of", "judgment of", "grade of", "rating of"});
    if (!named) return std::nullopt;
    skip_spaces();
    std::size_t len = phrase_at(lo, at, "for");
    if (len == 0) len = phrase_at(lo, at, "in");
    if (len == 0) return std::nullopt;
    at += len;
    std::size_t stop = lo.find_first_of(".;", at);
    if (stop == std::string::npos) stop = lo.size();
    auto areas = find_areas(std::string_view(block).substr(at, std::min(stop - at, std::size_t{160})));
    if (areas.empty() || areas.front().begin > 5) return std::nullopt;
    AreaMatch m = areas.front();
    m.begin += at;
    m.end += at;
    return m;
}

void statements_in(const std::string& block, const std::string& carried, std::vector<Statement>& out) {
    std::string lo = ascii_lower(block);
    std::size_t boundary = 0;
    std::size_t sentence_start = 0;
    std::optional<std::string> from_grade;  // "improved from 'requires improvement' to 'good'"
    std::string from_date;                  // "from inadequate in 2022 to ..."
    bool sentence_judged = false;  // "judged leaders to be good and overall effectiveness to be good"
    for (std::size_t pos = 0; pos < block.size(); ++pos) {
        char c = block[pos];
        if (c == '.' || c == ';' || c == '?' || c == '!') {
            if (c != '.' || pos + 1 >= block.size() || block[pos + 1] == ' ') {
                boundary = pos + 1;
                sentence_start = boundary;
                sentence_judged = false;
            }
            continue;
        }
        if (!std::isalpha(static_cast<unsigned char>(c)) || (pos > 0 && word_char(block[pos - 1]))) continue;
        std::size_t end = 0;
        auto grade = grade_at(block, pos, &end);
        if (!grade || pos < boundary) continue;
        // What comes before the grade: the verb that states it.
        std::string before = lo.substr(boundary, pos - boundary);
        auto w = words_of(before);
        if (w.empty()) continue;
        auto areas = find_areas(std::string_view(block).substr(boundary, pos - boundary));
        // "the local authority was judged to require improvement to be good overall" (the grade
        // may be quoted: "services had been rated 'inadequate' overall")
        const std::size_t after_grade = end + quote_at(block, end);
        if (areas.empty() && lo.compare(after_grade, 8, " overall") == 0 &&
            (contains(before, "authority") || contains(before, "council") || contains(before, "services")))
            areas.push_back(AreaMatch{0, pos - boundary, "overall"});
        // "found that services were inadequate": children's services as a whole.
        if (areas.empty() && w.size() >= 2 && w[w.size() - 2] == "services" &&
            (w.back() == "were" || w.back() == "was" || w.back() == "are" || w.back() == "is") &&
            (contains(before, "found") || contains(before, "judged") || contains(before, "rated") ||
             contains(before, "inspect")))
            areas.push_back(AreaMatch{0, pos - boundary, "overall"});
        // "an overall grade of requires improvement", "the overall judgement was good"
        if (areas.empty() && ends_with_lead(before, {"overall grade of", "overall judgement of", "overall judgment of",
                                                     "overall rating of", "overall grade was", "overall judgement was",
                                                     "overall judgment was", "overall rating was", "overall grade is",
                                                     "overall judgement is"}))
            areas.push_back(AreaMatch{0, pos - boundary, "overall"});
        // Dated by its own sentence ("Since the inspection in September 2016, when services were
        // judged inadequate"), else by the sentences before it, where a whole "since ..." clause
        // ("Since the last inspection in 2012, leaders have ...") dates nothing that follows.
        const auto sentence_date = [&] {
            std::string d = last_date_in(std::string_view(block).substr(sentence_start, pos - sentence_start));
            if (d.empty()) d = last_date_in(std::string_view(block).substr(0, sentence_start), 60);
            return d.empty() ? carried : d;
        };
        // The grade before its area: "received a judgement of 'good' for overall effectiveness",
        // "welcomed the good judgement for children looked after".
        if (areas.empty()) {
            if (auto named = area_after_grade(block, lo, after_grade, before)) {
                const std::string date = sentence_date();
                std::string words = block.substr(named->begin, named->end - named->begin);
                out.push_back(Statement{FoundJudgement{words, named->canonical, *grade, date, false}, false, false});
                boundary = named->end;
                pos = named->end - 1;
                from_grade.reset();
                continue;
            }
        }
        if (areas.empty()) {  // a grade with no area before it: read on after the grade
            boundary = end;
            pos = end - 1;
            continue;
        }
        // Only the areas listed together just before the grade share it ("leaders, help and
        // protection and children in care were judged good"); an area earlier in the sentence is
        // another subject ("care leavers were not graded apart, but within the children in care
        // judgement, which was good").
        for (std::size_t k = areas.size() - 1; k > 0; --k) {
            std::string gap = lo.substr(boundary + areas[k - 1].end, areas[k].begin - areas[k - 1].end);
            bool joined = true;
            for (const auto& g : words_of(gap))
                joined = joined && (g == "and" || g == "or" || g == "the" || g == "as" || g == "well" || g == "both" ||
                                    g == "also" || g == "plus" || g == "experiences" || g == "progress" || g == "of");
            if (!joined || gap.find_first_of(".;()") != std::string::npos) {
                areas.erase(areas.begin(), areas.begin() + static_cast<std::ptrdiff_t>(k));
                break;
            }
        }
        // A table flattened into running text: "... help and protection 2 Inadequate 2. Children ..."
        // (nothing but spaces, separators or a footnote digit between the area and its grade).
        bool adjacent = true;
        for (std::size_t k = boundary + areas.back().end; k < pos && adjacent; ++k) {
            char g = block[k];
            adjacent = g == ' ' || g == '\t' || g == '|' || g == ':' || g == '-' || g == '\'' || g == '"' ||
                       std::isdigit(static_cast<unsigned char>(g)) || static_cast<unsigned char>(g) >= 0x80;
        }
        const std::string& last = w.back();
        // The verbs councils use to report a grade: "judged", "rated", "assessed as", "found ... to be".
        bool strong = false;
        for (const char* verb : {"judged", "rated", "graded", "assessed", "found", "considered", "deemed", "awarded",
                                 "the grade", "grade was", "judgement was", "rating was"})
            strong = strong || contains(before, verb);
        strong = strong || (sentence_judged && w.front() == "and");
        if (last == "from") {  // the grade before: keep the subject for the grade after "to"
            from_grade = grade;
            from_date = date_right_after(block, after_grade);
            pos = end > 0 ? end - 1 : pos;
            continue;
        }
        bool remained = false;  // "remained good", "continues to be judged good"
        for (std::size_t k = w.size() >= 4 ? w.size() - 4 : 0; k < w.size(); ++k)
            remained = remained || w[k] == "remained" || w[k] == "remains" || w[k] == "remain" || w[k] == "stayed" ||
                       w[k] == "continued" || w[k] == "continues" || w[k] == "continue";
        if (remained && !(last == "remained" || last == "remains" || last == "remain" || last == "stayed" ||
                          last == "be" || last == "judged" || last == "as"))
            remained = false;
        const bool changed = from_grade && last == "to";
        bool weak_verb = remained || changed || last == "is" || last == "are" || last == "was" || last == "were" ||
                         last == "now" || lo.compare(pos, 6, "requir") == 0;  // "services require improvement"
        bool strong_verb = last == "judged" || last == "as" || last == "be" || last == "to" || last == "been" ||
                           last == "was" || last == "were" || last == "rated" || last == "assessed";
        if (adjacent) {
            areas.erase(areas.begin(), areas.end() - 1);
        } else if (!(weak_verb || (strong && strong_verb))) {
            boundary = end;
            continue;
        }
        if (!strong && !adjacent && !changed &&
            boundary + areas.back().end + 45 < pos) {  // "X ... is good" must be close
            boundary = end;
            continue;
        }
        // Dated right after the grade ("good in 2024"), else as sentence_date() says; after "from X
        // in 2022 to Y" the sentence's own 2022 dates X, not Y.
        std::string date = date_right_after(block, after_grade);
        if (date.empty() && changed && !from_date.empty())
            date = last_date_in(std::string_view(block).substr(0, sentence_start), 60);
        if (date.empty()) date = sentence_date();
        // "services require improvement" is the present; "was judged to require improvement" is not.
        const bool bare_require =
            (lo.compare(pos, 8, "requires") == 0 || lo.compare(pos, 8, "require ") == 0) && last != "to";
        bool present = (adjacent || last == "is" || last == "are" || bare_require) &&
                       !contains(before, "last inspection") && !contains(before, "previous") &&
                       !contains(before, "since") && !contains(before, "at that time");
        std::set<std::string> seen;
        for (const auto& a : areas) {
            if (!seen.insert(a.canonical).second) continue;
            std::string words = block.substr(boundary + a.begin, a.end - a.begin);
            out.push_back(Statement{FoundJudgement{words, a.canonical, *grade, date, false}, present, false});
            // "remained good" / "improved from X to good" also say what the last inspection found.
            if (remained || changed)
                out.push_back(Statement{FoundJudgement{words, a.canonical, changed ? *from_grade : *grade,
                                                       changed && !from_date.empty() ? from_date : date, false},
                                        false, from_date.empty() || !changed});
        }
        from_grade.reset();
        from_date.clear();
        sentence_judged = strong;
        boundary = end;
        // "... was judged to be good, as were the experiences of children in care": the same
        // grade for the areas named after "as were".
        std::size_t at = after_grade;
        while (at < lo.size() && (lo[at] == ' ' || lo[at] == ',')) ++at;
        for (const char* as : {"as were", "as was", "as are", "as is", "and so were", "and so was"}) {
            std::size_t len = phrase_at(lo, at, as);
            if (len == 0) continue;
            std::size_t from = at + len, stop = lo.find_first_of(".;", from);
            if (stop == std::string::npos) stop = lo.size();
            auto also = find_areas(std::string_view(block).substr(from, std::min(stop - from, std::size_t{200})));
            for (const auto& a : also) {
                if (!seen.insert(a.canonical).second) continue;
                std::string words = block.substr(from + a.begin, a.end - a.begin);
                out.push_back(Statement{FoundJudgement{words, a.canonical, *grade, date, false}, present, false});
            }
            if (!also.empty()) boundary = from + also.back().end;
            break;
        }
        pos = boundary > 0 ? boundary - 1 : pos;
    }
}

bool is_year(const std::string& cell) {
    std::string t = cell;
    while (!t.empty() && !std::isdigit(static_cast<unsigned char>(t.back()))) t.pop_back();
    if (t.size() < 4) return false;
    std::string y = t.substr(t.size() - 4);
    return (y.compare(0, 2, "19") == 0 || y.compare(0, 2, "20") == 0) &&
           std::all_of(y.begin(), y.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::optional<std::string> whole_grade(const std::string& cell) {
    std::size_t end = 0;
    auto g = grade_at(cell, 0, &end);
    if (!g) return std::nullopt;
    std::string_view rest = trim_separators(std::string_view(cell).substr(end));
    // "Requires improvement to be good (children in care and care leavers together)": a note.
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (!rest.empty() && rest.front() == '(' && rest.back() == ')') rest = {};
    return rest.empty() ? g : std::nullopt;
}

// (earlier, latest) from a row whose last two cells are grades, dated by a header row above.
std::optional<std::pair<FoundJudgement, FoundJudgement>> comparison_row(const std::vector<Line>& lines, std::size_t i) {
    const Line& l = lines[i];
    if (l.cells.size() < 3) return std::nullopt;
    auto latest = whole_grade(l.cells.back());
    auto earlier = whole_grade(l.cells[l.cells.size() - 2]);
    if (!latest || !earlier) return std::nullopt;
    std::string name = l.cells.front();
    std::string area = canonical_area(name);
    if (area.empty()) return std::nullopt;
    std::string old_year, new_year;
    for (std::size_t k = i, seen = 0; k > 0 && seen < 8; --k, ++seen) {
        const Line& h = lines[k - 1];
        if (h.cells.size() >= 3 && is_year(h.cells.back()) && is_year(h.cells[h.cells.size() - 2])) {
            old_year = last_date_in(h.cells[h.cells.size() - 2]);
            new_year = last_date_in(h.cells.back());
            break;
        }
    }
    if (old_year.empty()) return std::nullopt;
    return std::make_pair(FoundJudgement{name, area, *earlier, old_year, true},
                          FoundJudgement{name, area, *latest, new_year, true});
}

// The date a one-grade table is headed with ("Area   Grade (November 2021)"), "" when its
// header names none: the header is the first line above the table's rows.
std::string table_header_date(const std::vector<Line>& lines, std::size_t first_row) {
    for (std::size_t k = first_row, rows = 0; k > 0 && rows < 12; --k) {
        const Line& h = lines[k - 1];
        if (h.blank) continue;
        if (trailing_grade(h.text)) {  // a row above this one: the header is further up
            ++rows;
            continue;
        }
        return h.text.size() > 100 ? "" : last_date_in(h.text);
    }
    return "";
}

// The newest year a document names on a line about an inspection (else on any line): grades
// dated before it are history. Budget years ("cost-neutral from 2025/26") date no inspection.
std::string newest_year(const std::vector<Line>& lines) {
    std::string newest, newest_any;
    for (const auto& l : lines) {
        std::string d = last_date_in(l.text);
        if (d.size() < 4) continue;
        if (d.compare(0, 4, newest_any) > 0) newest_any = d.substr(0, 4);
        const std::string lo = ascii_lower(l.text);
        if ((contains(lo, "inspect") || contains(lo, "ofsted") || contains(lo, "judge") || contains(lo, "graded") ||
             contains(lo, "rated") || l.cells.size() >= 2) &&
            d.compare(0, 4, newest) > 0)
            newest = d.substr(0, 4);
    }
    return newest.empty() ? newest_any : newest;
}

}  // namespace

std::optional<std::string> grade_at(std::string_view text, std::size_t pos, std::size_t* end) {
    while (pos < text.size()) {
        if (std::size_t q = quote_at(text, pos); q > 0) {
            pos += q;
        } else {
            break;
        }
    }
    for (const auto& [phrase, name] : kGrades) {
        std::size_t len = phrase_at(text, pos, phrase);
        if (len > 0) {
            if (end != nullptr) *end = pos + len;
            return std::string(name);
        }
    }
    return std::nullopt;
}

std::optional<FoundJudgement> judgement_row(const std::vector<Line>& lines, std::size_t i, std::size_t* used_lines) {
    const Line& first = lines[i];
    if (first.blank || first.text.size() > 240) return std::nullopt;
    // A table with the grade column first ("Grade | Area"): read as the usual "Area | Grade".
    if (first.cells.size() == 2 && whole_grade(first.cells[0]) && !whole_grade(first.cells[1]))
        if (auto row = parse_row(first.cells[1] + " | " + first.cells[0])) {
            if (used_lines != nullptr) *used_lines = 1;
            return row;
        }
    // A table row whose name (or grade) wraps within its column: merge the columns line by line.
    if (first.cells.size() >= 2 && i + 1 < lines.size()) {
        const Line& next = lines[i + 1];
        bool continuation = !next.blank && !next.cells.empty() && next.marker.empty() && next.number < 0 &&
                            next.text.size() <= 90 &&
                            (std::islower(static_cast<unsigned char>(next.cells.front()[0])) ||
                             (next.cells.size() == 1 && next.indent >= 30));
        if (continuation) {
            std::string name = first.cells.front(), grade = first.cells.back();
            if (next.cells.size() >= 2) {
                name += " " + next.cells.front();
                grade += " " + next.cells.back();
            } else if (next.indent >= 30) {
                grade += " " + next.text;
            } else {
                name += " " + next.text;
            }
            if (auto row = parse_row(name + " | " + grade)) {
                if (used_lines != nullptr) *used_lines = 2;
                return row;
            }
        }
    }
    std::string joined = first.text;
    std::size_t k = i;
    for (int extra = 0;; ++extra) {
        if (auto row = parse_row(joined)) {
            if (used_lines != nullptr) *used_lines = k - i + 1;
            return row;
        }
        // A name (or a grade) wrapped onto the next lines: only short pieces are joined.
        if (extra >= 3 || joined.size() > 200 || joined.back() == '.') return std::nullopt;
        std::size_t next = k + 1;
        if (next < lines.size() && lines[next].blank) ++next;
        if (next >= lines.size() || lines[next].blank || lines[next].text.size() > 90 || !lines[next].marker.empty())
            return std::nullopt;
        // The area's words may themselves be split ("... help and" / "protection").
        if (find_areas(joined).empty() && (extra > 0 || find_areas(joined + " " + lines[next].text).empty()))
            return std::nullopt;
        if (extra == 0 && parse_row(lines[next].text)) return std::nullopt;
        joined += " " + lines[next].text;
        k = next;
    }
}

FoundJudgements find_judgements(const std::vector<Line>& lines) {
    FoundJudgements out;
    std::set<std::string> have;
    std::map<std::string, std::vector<FoundJudgement>> compared;  // earlier columns of comparison tables
    const std::string newest = newest_year(lines);
    std::vector<FoundJudgement> dated_rows;  // rows of a table headed with an older date
    std::vector<bool> row_line(lines.size(), false);  // read as a table row: not prose again
    for (std::size_t i = 0; i < lines.size(); ++i) {
        // A table comparing two inspections: "Overall effectiveness | Inadequate | Good" under a
        // header naming two years; the last column is the latest.
        if (auto cmp = comparison_row(lines, i)) {
            if (have.insert(cmp->second.canonical).second) out.latest.push_back(cmp->second);
            compared[cmp->first.date].push_back(cmp->first);
            out.from_table = true;
            row_line[i] = true;
            continue;
        }
        std::size_t used = 1;
        auto row = judgement_row(lines, i, &used);
        if (!row) continue;
        // A table of the inspection before, as minutes quote it: headed with its older date.
        const std::string dated = table_header_date(lines, i);
        if (!dated.empty() && dated.compare(0, 4, newest) < 0) {
            row->date = dated;
            dated_rows.push_back(*row);
        } else {
            if (have.insert(row->canonical).second) out.latest.push_back(*row);
            out.from_table = true;
        }
        for (std::size_t k = i; k < i + used && k < lines.size(); ++k) row_line[k] = true;
        i += used - 1;
    }

    // Prose: blocks of lines between blank lines; each bullet or numbered item is its own block.
    std::vector<Statement> statements;
    std::string block, seen_text, dating_text;
    auto flush = [&] {
        if (block.empty()) return;
        statements_in(block, last_date_in(dating_text), statements);
        seen_text += " " + block;
        // "The previous inspection (June 2022) found:" dates its own list, not the prose after it.
        const std::string lo = ascii_lower(block);
        if (!contains(lo, "previous") && !contains(lo, "last inspect") && !contains(lo, "earlier inspection"))
            dating_text += " " + block;
        block.clear();
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        if (l.blank || !l.marker.empty() || l.number >= 0 || l.heading || row_line[i]) flush();
        if (l.blank || row_line[i]) continue;
        if (!block.empty()) block += " ";
        block += l.text;
    }
    flush();

    // "Remained good" speaks of the inspection before: the latest date the document names before
    // the statement's own.
    {
        std::vector<std::string> dates;
        for (const auto& st : statements)
            if (!st.previous && !st.j.date.empty()) dates.push_back(st.j.date);
        // Years of sentences about an inspection: not those of monitoring visits, frameworks or budgets.
        std::size_t from = 0;
        while (from < seen_text.size()) {
            std::size_t stop = seen_text.find(". ", from);
            if (stop == std::string::npos) stop = seen_text.size();
            const std::string sentence = seen_text.substr(from, stop - from);
            const std::string lo = ascii_lower(sentence);
            if (contains(lo, "inspection") || contains(lo, "inspected") || contains(lo, "judged") ||
                contains(lo, "ofsted"))
            {
                const std::string masked = without_since_dates(sentence, 20);
                for (std::size_t p = 0; p + 4 <= masked.size(); ++p) {
                    std::string d = last_date_in(std::string_view(masked).substr(p, 4));
                    if (d.size() == 4) dates.push_back(d);
                }
            }
            from = stop + 2;
        }
        std::sort(dates.begin(), dates.end());
        for (auto& st : statements) {
            if (!st.previous) continue;
            std::string before;
            for (const auto& d : dates)
                if (d.compare(0, 4, st.j.date.substr(0, 4)) < 0) before = d;
            st.j.date = before;
        }
        statements.erase(std::remove_if(statements.begin(), statements.end(),
                                        [](const Statement& st) { return st.previous && st.j.date.empty(); }),
                         statements.end());
    }
    // The latest statement per area wins; earlier ones about the same area are history.
    std::map<std::string, std::size_t> latest_of;
    for (std::size_t s = 0; s < statements.size(); ++s) {
        const auto& j = statements[s].j;
        auto it = latest_of.find(j.canonical);
        if (it == latest_of.end() || j.date > statements[it->second].j.date) latest_of[j.canonical] = s;
    }
    std::map<std::string, std::vector<FoundJudgement>> earlier;
    std::map<std::string, std::set<std::string>> earlier_seen;
    std::string newest_stated;
    for (const auto& st : statements)
        if (!st.previous && st.j.date.size() >= 4 && st.j.date.compare(0, 4, newest_stated) > 0)
            newest_stated = st.j.date.substr(0, 4);
    for (std::size_t s = 0; s < statements.size(); ++s) {
        const auto& st = statements[s];
        bool is_latest = latest_of[st.j.canonical] == s;
        if (out.from_table) {
            // Beside a table of the latest grades, prose dated before the newest year the
            // document names is the inspection before ("in 2016 adoption was good").
            // A year before the newest that restates the table's own grade is the same inspection
            // (inspected in October 2023, budget lines for 2024/25).
            const bool restated = std::any_of(out.latest.begin(), out.latest.end(), [&](const FoundJudgement& t) {
                return t.canonical == st.j.canonical && t.grade == st.j.grade;
            });
            const bool older = !st.j.date.empty() && st.j.date.compare(0, 4, newest) < 0 &&
                               (!restated || years_apart(newest, st.j.date) >= 2);
            if (is_latest && st.present && !older && have.insert(st.j.canonical).second)
                out.latest.push_back(st.j);
            else if (older && earlier_seen[st.j.date].insert(st.j.canonical).second)
                earlier[st.j.date].push_back(st.j);
            continue;
        }
        // A grade dated two or more years before the newest one stated is an earlier inspection's,
        // even when the document names no newer grade for that area ("adoption was good in 2017").
        const bool long_before =
            !st.j.date.empty() && !newest_stated.empty() && years_apart(newest_stated, st.j.date) >= 2;
        if (is_latest && long_before) {
            if (earlier_seen[st.j.date].insert(st.j.canonical).second) earlier[st.j.date].push_back(st.j);
        } else if (is_latest) {
            if (have.insert(st.j.canonical).second) out.latest.push_back(st.j);
        } else if (st.j.date.substr(0, 4) < statements[latest_of[st.j.canonical]].j.date.substr(0, 4) &&
                   earlier_seen[st.j.date].insert(st.j.canonical).second) {  // the same year: restated
            earlier[st.j.date].push_back(st.j);
        }
    }
    for (auto& [date, js] : compared)
        for (auto& j : js) earlier[date].push_back(std::move(j));
    for (auto& j : dated_rows)
        if (earlier_seen[j.date].insert(j.canonical).second) earlier[j.date].push_back(std::move(j));
    // "2022" and "February 2022" are one inspection: the year's grades join the dated one's,
    // which wins where both grade an area.
    for (auto it = earlier.begin(); it != earlier.end();) {
        auto month = it->first.size() == 4 ? earlier.lower_bound(it->first + "-") : earlier.end();
        if (month == earlier.end() || month->first.compare(0, 4, it->first) != 0) {
            ++it;
            continue;
        }
        for (auto& j : it->second)
            if (std::none_of(month->second.begin(), month->second.end(),
                             [&](const FoundJudgement& m) { return m.canonical == j.canonical; }))
                month->second.push_back(std::move(j));
        it = earlier.erase(it);
    }
    // A group of the latest inspection's own year (or, undated, within a year of the newest the
    // document names) with the latest grades is that inspection again (prose dated "October
    // 2023" beside its summary table in a paper with budget lines for 2024/25), not history.
    std::string latest_year;
    for (const auto& j : out.latest)
        if (j.date.size() >= 4 && j.date.compare(0, 4, latest_year) > 0) latest_year = j.date.substr(0, 4);
    for (auto it = earlier.begin(); it != earlier.end();) {
        const bool recent = latest_year.empty() ? years_apart(newest, it->first) <= 1
                                                : it->first.compare(0, 4, latest_year) == 0;
        const bool same = recent &&
                          std::all_of(it->second.begin(), it->second.end(), [&](const FoundJudgement& j) {
                              return std::any_of(out.latest.begin(), out.latest.end(), [&](const FoundJudgement& l) {
                                  return l.canonical == j.canonical && l.grade == j.grade;
                              });
                          });
        it = same ? earlier.erase(it) : std::next(it);
    }
    for (auto& [date, js] : earlier) out.earlier.emplace_back(date, std::move(js));
    return out;
}

}  // namespace lp::reports
