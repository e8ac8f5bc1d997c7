#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <lp/reports/facts.hpp>
#include <lp/reports/frameworks.hpp>
#include <lp/reports/furniture.hpp>
#include <lp/reports/importer.hpp>
#include <lp/reports/judgements.hpp>
#include <lp/reports/lines.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/text_normalise.hpp>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace lp::reports {
namespace {

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }
bool starts_with(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

// [SECTION] list headings ("Strengths", "Areas for development", "What needs to improve", ...)

enum class ListKind { none, strength, improvement, finding, judged };

// "should focus on", "asked to focus on": what someone is to focus on. "With a focus on" is a
// noun: what a visit looked at (its scope), not what to improve.
bool asks_to_focus(const std::string& t) {
    for (std::size_t p = t.find("focus on"); p != std::string::npos; p = t.find("focus on", p + 1)) {
        if (p == 0) return true;  // "Focus on:" as a heading
        // The word before "focus".
        std::size_t end = p;
        while (end > 0 && t[end - 1] == ' ') --end;
        std::size_t begin = end;
        while (begin > 0 && std::isalpha(static_cast<unsigned char>(t[begin - 1]))) --begin;
        const std::string before = t.substr(begin, end - begin);
        for (const char* w : {"to", "should", "must", "will", "would", "could", "can", "shall"})
            if (before == w) return true;
    }
    return false;
}

ListKind list_heading_kind(const Line& l) {
    if (l.blank || l.text.size() > 200) return ListKind::none;
    std::string t = lower(l.text);
    while (!t.empty() && (t[0] == '"' || t[0] == '\'')) t.erase(0, 1);
    if (t.empty()) return ListKind::none;
    // A sentence that announces a list of what to improve, in whatever words: "Inspectors asked
    // the council to improve the following:", "5.1 The report names two things to do better:".
    if (t.back() == ':' && !contains(t, "strength") && !contains(t, "well") && (contains(t, "improve") || contains(t, "better") || contains(t, "develop") ||
                            contains(t, "strengthen") || contains(t, "weakness") || contains(t, "action") ||
                            asks_to_focus(t)))
        return ListKind::improvement;
    if (l.number >= 0 || l.text.size() > 170) return ListKind::none;
    // A long line starting in lower case carries on a wrapped sentence ("weaknesses and have plans
    // to address them, but ..."), whatever its first word: headings start a line of their own.
    const unsigned char first = static_cast<unsigned char>(l.text[l.text.find_first_not_of("\"'")]);
    if (std::islower(first) && l.text.size() > 40) return ListKind::none;
    static const char* strengths[] = {
        "strengths",      "key strengths", "areas of strength", "strengths identified", "what is working well",
        "what works well"};
    static const char* improvements[] = {"areas for development",
                                         "areas for improvement",
                                         "what needs to improve",
                                         "areas for priority action",
                                         "priority action",
                                         "recommendations",
                                         "weaknesses",
                                         "areas of weakness",
                                         "areas to improve",
                                         "what needs to be better",
                                         "area for priority action",
                                         "area for improvement",
                                         "what does the local authority need to improve",
                                         "what does the lscb need to improve",
                                         "what does the local safeguarding children board need to improve",
                                         "recommendation",
                                         "priority actions",
                                         "priority and immediate action",
                                         "immediate action",
                                         "areas requiring improvement"};
    for (const char* p : strengths)
        if (starts_with(t, p)) return ListKind::strength;
    for (const char* p : improvements)
        if (starts_with(t, p)) return ListKind::improvement;
    if (starts_with(t, "areas judged") || starts_with(t, "judgements were") || starts_with(t, "areas graded"))
        return ListKind::judged;
    // "Ofsted had identified three areas for improvement:" introduces the list it names.
    if (t.back() == ':' && t.size() < 200 &&
        (contains(t, "areas for improvement") || contains(t, "areas for development") ||
         contains(t, "areas for priority action") || contains(t, "need to improve") ||
         contains(t, "needs to improve") || contains(t, "further improvement") || contains(t, "improvement is needed")))
        return ListKind::improvement;
    // A full sentence that merely mentions "areas for development" is prose, not a list heading.
    if (t.back() == '.' && t.size() > 60) return ListKind::none;
    if (contains(t, "meets the requirements") || contains(t, "met requirements") ||
        (t.size() < 140 && (contains(t, "the following areas") || contains(t, "the report said") ||
                            contains(t, "inspectors found that") || contains(t, "findings were"))))
        return ListKind::finding;
    return ListKind::none;
}

// [SECTION] graded sections and judgement tables (full inspections)

bool is_table_row(const Line& l) {
    if (l.blank || l.cells.size() < 2) return false;
    return trailing_grade(l.cells.back()).has_value() && !canonical_judgement(l.cells.front()).empty();
}

bool is_section_heading(const Line& l) {
    if (l.blank || l.number >= 0 || (!l.marker.empty() && !l.heading) || l.text.size() > 260) return false;
    if (l.cells.size() >= 2 && !l.heading) return false;
    if (!trailing_grade(l.text)) return false;
    std::string area = judgement_area_of(l.text);
    if (area.empty()) return false;
    // A sentence that ends in "good" is not a heading: headings name a judgement first.
    std::string t = lower(l.text);
    return starts_with(t, "the ") || starts_with(t, "overall") || starts_with(t, "impact") ||
           starts_with(t, "experiences") || starts_with(t, "how ") || l.heading;
}

// A graded section heading that PDF text wrapped over two or three lines ("The experiences and
// progress of children who need help and" / "protection: requires improvement to be good"): how
// many lines it takes from lines[i] (1 for a heading on one line), 0 when lines[i] starts none.
std::size_t section_heading_lines(const std::vector<Line>& lines, std::size_t i, std::string* text = nullptr) {
    const Line& first = lines[i];
    if (is_section_heading(first)) {
        if (text != nullptr) *text = first.text;
        return 1;
    }
    if (first.blank || first.number >= 0 || !first.marker.empty() || first.heading || first.cells.size() >= 2)
        return 0;
    Line joined = first;
    for (std::size_t k = i + 1; k < lines.size() && k < i + 3; ++k) {
        const Line& next = lines[k];
        // Only a lower-case line carries a heading on; anything else starts something new.
        if (next.blank || !next.marker.empty() || next.number >= 0 || next.heading || next.cells.size() >= 2 ||
            !std::islower(static_cast<unsigned char>(next.text[0])))
            return 0;
        append_text(joined.text, next.text);
        joined.cells = {joined.text};
        if (is_section_heading(joined)) {
            if (text != nullptr) *text = joined.text;
            return k - i + 1;
        }
    }
    return 0;
}

// The "requires improvement to be good" etc. at the end of a heading, removed.
std::string without_grade(const std::string& text) {
    std::string t = lower(text);
    static const char* tails[] = {" requires improvement to be good",
                                  " requires improvement",
                                  " is inadequate",
                                  " inadequate",
                                  " is outstanding",
                                  " outstanding",
                                  " is good",
                                  " good",
                                  ": requires improvement to be good",
                                  ": inadequate",
                                  ": outstanding",
                                  ": good"};
    for (const char* tail : tails) {
        std::string_view tv(tail);
        std::string trimmed = t;
        while (!trimmed.empty() && (trimmed.back() == '.' || trimmed.back() == ' ')) trimmed.pop_back();
        if (trimmed.size() > tv.size() && trimmed.compare(trimmed.size() - tv.size(), tv.size(), tv) == 0) {
            std::string out = text.substr(0, trimmed.size() - tv.size());
            while (!out.empty() && (out.back() == ':' || out.back() == ' ' || out.back() == '-')) out.pop_back();
            return out;
        }
    }
    return text;
}

bool is_boilerplate(const Line& l) {
    std::string t = lower(l.text);
    return starts_with(t, "the office for standards in education") || starts_with(t, "if you would like a copy") ||
           contains(t, "crown copyright") || starts_with(t, "you may reuse this information") ||
           starts_with(t, "this publication is available") || starts_with(t, "yours sincerely") ||
           starts_with(t, "yours faithfully") || starts_with(t, "supporting documents");
}

// "... was judged to be 'requires improvement to be good'" -> grade at the start of the rest.
std::optional<std::string> leading_grade(std::string rest) {
    while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\'' || rest[0] == '"' || rest[0] == ':')) rest.erase(0, 1);
    static const std::pair<const char*, const char*> grades[] = {
        {"requires improvement", "Requires improvement to be good"},
        {"inadequate", "Inadequate"},
        {"outstanding", "Outstanding"},
        {"good", "Good"}};
    for (const auto& [p, g] : grades)
        if (starts_with(rest, p)) return std::string(g);
    return std::nullopt;
}

// [SECTION] extraction

// The standard headings of a report to councillors: who wrote it, what it is for, what it costs.
bool council_report_heading(const std::string& t) {
    for (const char* h : {"author:", "report author", "contact officer", "exempt information", "status: for",
                          "background papers", "financial implications", "legal implications", "equality implications",
                          "implications for members", "key decision", "decision required"})
        if (starts_with(t, h) || (t.size() < 40 && contains(t, h))) return true;
    // A council's own news page: "News | Children and families", "Press release".
    if (t == "news" || starts_with(t, "news |") || starts_with(t, "news -") || starts_with(t, "press release") ||
        starts_with(t, "media release"))
        return true;
    return t == "recommendation" || t == "recommendations" || starts_with(t, "recommendation:") ||
           starts_with(t, "recommendations:");
}

// A council paper's "Recommendation" is what its readers are asked to decide ("The Board is asked
// to:", "That the committee notes ..."), never an inspection's point to improve.
bool asks_readers_to_decide(const std::string& heading, const std::string& lead_in, const std::string& first_item) {
    if (!starts_with(lower(heading), "recommendation")) return false;
    const std::string lead = lower(lead_in);
    return contains(lead, "asked to") || contains(lead, "recommended to") || starts_with(lower(first_item), "that ");
}

struct Item {
    std::string text;
    int number = -1;
};

struct FoundList {
    ListKind kind = ListKind::none;
    std::string heading;
    std::vector<Item> items;
};

std::vector<FoundList> find_lists(const std::vector<Line>& lines, std::vector<bool>& used) {
    std::vector<FoundList> lists;
    const std::size_t n = lines.size();
    for (std::size_t i = 0; i < n; ++i) {
        ListKind kind = list_heading_kind(lines[i]);
        Line intro = lines[i];
        std::size_t first_item = i + 1;
        // "... identified three areas for" / "improvement:" - a heading sentence wrapped on a page.
        if (kind == ListKind::none && i + 1 < n && !lines[i].blank && lines[i].text.size() > 40 &&
            !lines[i + 1].blank && lines[i + 1].marker.empty() && lines[i + 1].number < 0 &&
            std::islower(static_cast<unsigned char>(lines[i + 1].text[0])) && lines[i + 1].text.back() == ':') {
            Line joined = lines[i];
            append_text(joined.text, lines[i + 1].text);
            kind = list_heading_kind(joined);
            if (kind != ListKind::none) {
                intro = joined;
                used[i + 1] = true;
                first_item = i + 2;
            }
        }
        if (kind == ListKind::none) continue;
        FoundList list;
        list.kind = kind;
        list.heading = intro.text;
        used[i] = true;
        bool prose_mode = false;
        std::string lead_in;
        std::size_t j = first_item;
        for (; j < n; ++j) {
            const Line& l = lines[j];
            if (l.blank) continue;
            // A council paper's own headings ("Report author:", "Background papers") end a list too.
            if (list_heading_kind(l) != ListKind::none || section_heading_lines(lines, j) > 0 || is_table_row(l) ||
                l.heading || is_boilerplate(l) || council_report_heading(lower(l.text)))
                break;
            bool bullet = !l.marker.empty() || l.number >= 0;
            if (bullet) {
                // A bullet like the intro's own is the next point of the outer list, not an item.
                if (!intro.marker.empty() && l.marker == intro.marker && l.number < 0 && l.indent <= intro.indent + 1)
                    break;
                if (prose_mode) break;
                list.items.push_back(Item{l.text, l.number});
                used[j] = true;
                continue;
            }
            if (!list.items.empty() && continues(list.items.back().text, l)) {
                append_text(list.items.back().text, l.text);
                used[j] = true;
                continue;
            }
            if (list.items.empty() && !prose_mode && l.text.back() == ':') {
                used[j] = true;  // "Inspectors identified the following areas:" introduces the items
                lead_in = l.text;
                continue;
            }
            if ((list.items.empty() && intro.marker.empty()) || prose_mode) {
                // Unbulleted lists ("What needs to improve" followed by one point per line).
                prose_mode = true;
                list.items.push_back(Item{l.text, -1});
                used[j] = true;
                continue;
            }
            break;
        }
        if (list.kind == ListKind::improvement && !list.items.empty() &&
            asks_readers_to_decide(list.heading, lead_in, list.items.front().text))
            list.kind = ListKind::none;  // its lines stay used: they are nobody's findings
        lists.push_back(std::move(list));
        i = j - 1;
    }
    return lists;
}

struct Paragraph {
    std::string text;
    int number = -1;
    std::string area;
};

struct Sections {
    std::vector<Judgement> judgements;  // from graded headings
    std::vector<Paragraph> paragraphs;
};

std::string refine_area(const std::string& section_area, const std::string& section_text, const std::string& para) {
    // 2018 framework: one judgement covers children in care and care leavers; split by content.
    if (section_area == "children in care" && contains(lower(section_text), "care leaver")) {
        std::string words = area_from_words(para);
        if (words == "care leavers") return words;
    }
    if (section_area == "overall") return area_from_words(para);
    return section_area;
}

Sections read_sections(const std::vector<Line>& lines, const std::vector<bool>& used) {
    Sections s;
    std::string area, heading;
    bool in_section = false;
    std::vector<Paragraph> numbered, prose;
    auto flush_section = [&] {
        auto& src = numbered.empty() ? prose : numbered;
        for (auto& p : src) {
            p.area = refine_area(area, heading, p.text);
            s.paragraphs.push_back(std::move(p));
        }
        numbered.clear();
        prose.clear();
    };
    Paragraph* current = nullptr;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        if (l.blank) continue;
        std::string heading_text;
        if (std::size_t span = used[i] ? 0 : section_heading_lines(lines, i, &heading_text); span > 0) {
            flush_section();
            in_section = true;
            heading = heading_text;
            area = judgement_area_of(heading_text);
            auto grade = trailing_grade(heading_text);
            std::string name = canonical_judgement(without_grade(heading_text));
            if (name.empty()) name = without_grade(heading_text);
            s.judgements.push_back(Judgement{name, grade.value_or("")});
            current = nullptr;
            i += span - 1;
            continue;
        }
        if (!in_section || used[i]) continue;
        if (is_boilerplate(l) || (l.heading && !is_section_heading(l))) {
            flush_section();
            in_section = false;
            current = nullptr;
            continue;
        }
        if (l.number > 0) {
            numbered.push_back(Paragraph{l.text, l.number, ""});
            current = &numbered.back();
            continue;
        }
        if (current != nullptr && continues(current->text, l)) {
            append_text(current->text, l.text);
            continue;
        }
        if (!numbered.empty()) {
            current = nullptr;  // stray prose between numbered paragraphs: not a finding
            continue;
        }
        prose.push_back(Paragraph{l.text, -1, ""});
        current = &prose.back();
    }
    flush_section();
    return s;
}

// "Areas judged to be good were: a; b; and c" and "X was judged to be 'requires improvement'".
std::vector<Judgement> stated_judgements(const std::vector<Line>& lines, const std::vector<FoundList>& lists) {
    std::vector<Judgement> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& area, const std::string& grade) {
        if (area.empty() || grade.empty() || !seen.insert(area).second) return;
        out.push_back(Judgement{area, grade});
    };
    for (const auto& list : lists) {
        if (list.kind != ListKind::judged) continue;
        std::string h = lower(list.heading);
        std::string grade = "Good";
        auto pos = h.find("judged");
        if (pos != std::string::npos) {
            std::string rest = h.substr(pos + 6);
            for (const char* lead : {" to be", " as"})
                if (starts_with(rest, lead)) rest = rest.substr(std::char_traits<char>::length(lead));
            grade = leading_grade(rest).value_or("Good");
        }
        std::string all;
        for (const auto& item : list.items) all += item.text + ";";
        std::size_t b = 0;
        while (b < all.size()) {
            std::size_t e = all.find(';', b);
            if (e == std::string::npos) e = all.size();
            add(canonical_judgement(all.substr(b, e - b)), grade);
            b = e + 1;
        }
    }
    for (const auto& l : lines) {
        std::string t = lower(l.text);
        auto pos = t.find(" judged ");
        if (pos == std::string::npos) continue;
        std::string area = canonical_judgement(t.substr(0, pos));
        std::string rest = t.substr(pos + 8);
        for (const char* lead : {"to be", "as"})
            if (starts_with(rest, lead)) rest = rest.substr(std::char_traits<char>::length(lead));
        if (auto g = leading_grade(rest)) add(area, *g);
    }
    return out;
}

// Bullets that belong to no recognised list: the findings of news items and commissioners' reports.
std::vector<Item> free_bullets(const std::vector<Line>& lines, const std::vector<bool>& used) {
    std::vector<Item> out;
    bool last_was_item = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        if (l.blank) continue;
        if (used[i] || is_boilerplate(l)) {
            last_was_item = false;
            continue;
        }
        bool bullet = (!l.marker.empty() || l.number >= 0) && !l.heading;
        if (bullet && l.text.size() >= 20 && l.text.back() != ':') {
            out.push_back(Item{l.text, l.number});
            last_was_item = true;
            continue;
        }
        if (last_was_item && !out.empty() && continues(out.back().text, l)) {
            append_text(out.back().text, l.text);
            continue;
        }
        last_was_item = false;
    }
    return out;
}

// A short line without closing punctuation that does not run on into a lower-case line.
bool looks_like_heading(const std::vector<Line>& lines, std::size_t i) {
    const Line& l = lines[i];
    if (l.blank || !l.marker.empty() || l.number >= 0) return false;
    if (l.heading) return true;
    char last = l.text.back();
    bool runs_on =
        i + 1 < lines.size() && !lines[i + 1].blank && std::islower(static_cast<unsigned char>(lines[i + 1].text[0]));
    return l.text.size() <= 70 && last != '.' && last != ',' && last != ';' && !runs_on &&
           std::isupper(static_cast<unsigned char>(l.text[0]));
}

// Ofsted's monitoring letters are prose: paragraphs under "Headline findings" / "Findings and
// evaluation of progress", up to the sign-off. Each paragraph is one finding.
std::vector<Item> findings_paragraphs(const std::vector<Line>& lines, const std::vector<bool>& used) {
    std::vector<Item> out;
    bool inside = false, fresh = true;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        if (l.blank) {
            fresh = true;
            continue;
        }
        if (is_boilerplate(l)) {
            if (inside) break;
            continue;
        }
        if (looks_like_heading(lines, i)) {
            if (contains(lower(l.text), "findings")) inside = true;
            fresh = true;
            continue;
        }
        if (!inside || used[i]) continue;
        if (!fresh && !out.empty() && (continues(out.back().text, l) || l.marker.empty())) {
            append_text(out.back().text, l.text);
        } else if (!out.empty() && continues(out.back().text, l)) {
            append_text(out.back().text, l.text);
        } else {
            out.push_back(Item{l.text, -1});
        }
        fresh = false;
    }
    out.erase(std::remove_if(out.begin(), out.end(), [](const Item& it) { return it.text.size() < 40; }), out.end());
    return out;
}

// [SECTION] kind, title, date

struct KindScore {
    int ilacs = 0, letter = 0, minutes = 0, monitoring = 0, improvement = 0;
};

KindScore score_kinds(const std::vector<Line>& lines) {
    KindScore k;
    int table_rows = 0, sections = 0, numbered = 0;
    for (const auto& l : lines) {
        if (l.blank) continue;
        std::string t = lower(l.text);
        if (is_table_row(l)) ++table_rows;
        if (is_section_heading(l)) ++sections;
        if (l.number > 0) ++numbered;
        if (starts_with(t, "what needs to improve")) k.ilacs += 4;
        if (contains(t, "inspection of children's social care services") ||
            contains(t, "inspection of local authority children's services"))
            k.ilacs += 3;
        if (starts_with(t, "dear ")) k.letter += 3;
        if (starts_with(t, "yours sincerely") || starts_with(t, "yours faithfully")) k.letter += 3;
        auto lk = list_heading_kind(l);
        if (lk == ListKind::strength || lk == ListKind::improvement) {
            k.letter += 1;
            k.minutes += 1;
        }
        if (t == "minutes:" || t == "minutes" || starts_with(t, "resolved") || starts_with(t, "agenda item"))
            k.minutes += 2;
        if (contains(t, "the panel") || contains(t, "committee") || contains(t, "cabinet member")) k.minutes += 1;
        if (contains(t, "judged to be")) k.minutes += 1;
        if (contains(t, "monitoring visit")) k.monitoring += 3;
        if (contains(t, "commissioner")) k.improvement += 3;
        if (contains(t, "secretary of state") || contains(t, "improvement board") || contains(t, "improvement plan") ||
            contains(t, "improvement notice"))
            k.improvement += 2;
    }
    k.ilacs += std::min(table_rows, 5) * 2 + std::min(sections, 5) * 2 + (numbered >= 5 ? 2 : 0);
    return k;
}

// Kinds worth trying, most likely first; "other" (try everything) always comes last.
std::vector<std::string> ranked_kinds(const KindScore& k) {
    std::vector<std::pair<int, std::string>> scored = {{k.ilacs, "ilacs"},
                                                       {k.letter, "letter"},
                                                       {k.minutes, "minutes"},
                                                       {k.improvement, "improvement-report"},
                                                       {k.monitoring, "monitoring"}};
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (const auto& [score, kind] : scored)
        if (score >= 2) out.push_back(kind);
    out.emplace_back("other");
    return out;
}

// Ofsted's letters say what they are near the top: "Focused visit to ...", "Monitoring visit to
// ...", "Joint targeted area inspection of ...". "" when the title names none of them.
std::string letter_shape(const std::vector<Line>& lines) {
    std::size_t seen = 0;
    for (const auto& l : lines) {
        if (l.blank) continue;
        if (++seen > 30) break;
        std::string t = lower(l.text);
        if (contains(t, "joint targeted area inspection")) return "jtai";
        if (contains(t, "focused visit to") || starts_with(t, "focused visit")) return "focused-visit";
        if (contains(t, "monitoring visit to") || starts_with(t, "monitoring visit")) return "monitoring";
    }
    return "";
}

// Committee papers say so: "Minutes of the meeting", "Apologies for absence", "RESOLVED".
bool committee_paper(const std::vector<Line>& lines) {
    int cues = 0;
    for (const auto& l : lines) {
        if (l.blank) continue;
        std::string t = lower(l.text);
        if (starts_with(t, "minutes of") || starts_with(t, "apologies for absence") ||
            starts_with(t, "declarations of interest") || starts_with(t, "resolved") || starts_with(t, "agenda item") ||
            starts_with(t, "present:") || t == "minutes" || t == "minutes:" ||
            starts_with(t, "purpose of the report") || starts_with(t, "purpose of report") ||
            starts_with(t, "wards affected") || starts_with(t, "report of the") ||
            starts_with(t, "report to ") || starts_with(t, "portfolio holder") || starts_with(t, "cabinet member") ||
            starts_with(t, "councillor") || starts_with(t, "recommendations to") || starts_with(t, "chair:") ||
            contains(t, "scrutiny committee") || contains(t, "scrutiny panel") || council_report_heading(t))
            ++cues;
    }
    return cues >= 2;
}

std::vector<std::string> ranked_kinds(const std::vector<Line>& lines) {
    auto kinds = ranked_kinds(score_kinds(lines));
    std::string shape = letter_shape(lines);
    if (shape.empty()) {
        // A judgements table makes a report of a document that also reads like a letter; minutes
        // stay minutes whatever tables they quote.
        std::size_t rows = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::size_t used = 1;
            if (judgement_row(lines, i, &used)) {
                ++rows;
                i += used - 1;
            }
        }
        if (committee_paper(lines))
            shape = "minutes";
        else if (rows >= 3 && kinds.front() != "ilacs")
            shape = "ilacs";
    }
    if (!shape.empty()) {
        kinds.erase(std::remove(kinds.begin(), kinds.end(), shape), kinds.end());
        kinds.insert(kinds.begin(), shape);
    }
    return kinds;
}

std::string find_title(const std::vector<Line>& lines, const std::string& kind) {
    auto first_text = [&](std::size_t from) -> std::string {
        for (std::size_t i = from; i < lines.size(); ++i)
            if (!lines[i].blank) return lines[i].text;
        return "";
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string t = lower(lines[i].text);
        if (kind == "ilacs" && starts_with(t, "inspection of")) return lines[i].text;
        if ((kind == "letter" || kind == "focused-visit" || kind == "jtai") && starts_with(t, "dear "))
            return first_text(i + 1);
        if ((kind == "focused-visit" && contains(t, "focused visit")) ||
            (kind == "jtai" && contains(t, "joint targeted area inspection")) ||
            (kind == "monitoring" && starts_with(t, "monitoring visit")))
            return lines[i].text;
        if (kind == "minutes" && starts_with(t, "agenda item")) return first_text(i + 1);
    }
    std::string title = first_text(0);
    if (title.size() > 200) title = title.substr(0, 200);
    return title;
}

std::string find_date(const std::vector<Line>& lines, const std::string& kind) {
    for (const auto& l : lines) {
        std::string t = lower(l.text);
        if (starts_with(t, "inspection date") || starts_with(t, "dates of inspection") ||
            starts_with(t, "date of inspection") || starts_with(t, "date of visit") || starts_with(t, "visit date")) {
            auto d = dates_in(l.text);
            if (!d.empty()) return d.back();
        }
    }
    // Letters and reports date themselves on a line of their own (top for letters, end for reports).
    std::vector<std::string> standalone;
    for (const auto& l : lines)
        if (!l.blank && is_date_line(l.text)) standalone.push_back(dates_in(l.text).front());
    const bool letter = kind == "letter" || kind == "focused-visit" || kind == "jtai";
    if (!standalone.empty()) return letter ? standalone.front() : standalone.back();
    if (kind == "ilacs" || letter) {
        for (const auto& l : lines) {
            auto d = dates_in(l.text);
            if (!d.empty()) return d.front();
        }
    }
    return "";
}

// "...with personal advisors; and" -> "...with personal advisors": the joiner belongs to the list.
std::string without_list_joiner(std::string text) {
    for (bool again = true; again;) {
        again = false;
        while (!text.empty() && (text.back() == ' ' || text.back() == ';' || text.back() == ',')) {
            text.pop_back();
            again = true;
        }
        for (const char* tail : {" and", " or", " -", " \xE2\x80\x93"}) {
            std::string_view tv(tail);
            if (text.size() > tv.size() && text.compare(text.size() - tv.size(), tv.size(), tv) == 0) {
                text.resize(text.size() - tv.size());
                again = true;
            }
        }
    }
    return text;
}

std::string two_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

// [SECTION] improvement points -> paragraphs that say the same thing

std::vector<std::string> content_stems(const std::string& text) {
    static const std::set<std::string> stop = {
        "the",  "and",    "for",     "that", "with",  "are",   "not",      "their", "have",   "this",   "from",
        "they", "been",   "were",    "when", "which", "there", "children", "child", "young",  "people", "social",
        "work", "worker", "service", "some", "all",   "more",  "most",     "need",  "improv", "quality"};
    static const text::SynonymMap none;
    std::vector<std::string> out;
    for (auto& t : text::tokenise(text::fold(text), none)) {
        if (t.stem.size() < 3 || stop.count(t.stem) > 0) continue;
        out.push_back(std::move(t.stem));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<int> matching_paragraphs(const std::string& point, const std::vector<Paragraph>& paragraphs,
                                     const std::vector<std::vector<std::string>>& para_stems,
                                     const std::unordered_map<std::string, double>& idf, std::string& best_area) {
    auto stems = content_stems(point);
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
        if (paragraphs[p].number < 0) continue;
        double s = 0.0;
        for (const auto& st : stems)
            if (std::binary_search(para_stems[p].begin(), para_stems[p].end(), st)) s += idf.at(st);
        s /= std::sqrt(static_cast<double>(para_stems[p].size()) + 10.0);
        scored.emplace_back(s, p);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> out;
    if (scored.empty() || scored.front().first < 0.6) return out;
    best_area = paragraphs[scored.front().second].area;
    for (const auto& [s, p] : scored) {
        if (s < 0.75 * scored.front().first || out.size() >= 2) break;
        out.push_back(paragraphs[p].number);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Letters and news report findings, never grades.
bool is_letter_kind(const std::string& kind) {
    return kind == "letter" || kind == "focused-visit" || kind == "jtai" || kind == "monitoring" ||
           kind == "improvement-report";
}

// Cues in the title of a single-inspection-framework report (its judgements may say it too).
bool sif_title(const std::vector<Line>& lines) {
    std::size_t seen = 0;
    for (const auto& l : lines) {
        if (l.blank) continue;
        if (++seen > 40) break;
        std::string t = lower(l.text);
        if (contains(t, "children looked after and care leavers") || contains(t, "single inspection framework") ||
            contains(t, "inspection of services for children in need of help and protection") ||
            contains(t, "review of the effectiveness of the local safeguarding"))
            return true;
    }
    return false;
}

// Judgements (tables, graded headings, prose, "Areas judged to be good were:" lists), their
// canonical areas, earlier inspections the document reports, and the framework they fit.
void read_judgements(Report& r, const std::vector<Line>& lines, const std::vector<FoundList>& lists) {
    auto found = find_judgements(lines);
    std::set<std::string> have;
    for (const auto& f : found.latest) have.insert(f.canonical);
    for (const auto& j : stated_judgements(lines, lists)) {
        std::string c = canonical_area(j.area);
        if (!c.empty() && have.insert(c).second) found.latest.push_back(FoundJudgement{j.area, c, j.grade, "", false});
    }
    std::vector<std::string> areas;
    for (const auto& f : found.latest) areas.push_back(f.canonical);
    int year = r.date.size() >= 4 ? std::atoi(r.date.substr(0, 4).c_str()) : 0;
    const Framework* fw = framework_for(areas, year);
    if (sif_title(lines)) fw = framework_by_id("sif-2013");
    std::string family = fw != nullptr ? fw->family : "ilacs";
    auto wording = [&](const FoundJudgement& f) {
        if (f.row) return f.wording;  // a row: the report's own words
        std::string title = canonical_judgement(f.wording);
        return title.empty() || family == "sif" ? ofsted_title(f.canonical, family) : title;
    };
    for (const auto& f : found.latest) r.judgements.push_back(Judgement{wording(f), f.grade, f.canonical});
    for (const auto& [date, js] : found.earlier) {
        EarlierInspection e;
        e.date = date;
        for (const auto& f : js) e.judgements.push_back(Judgement{wording(f), f.grade, f.canonical});
        r.history.push_back(std::move(e));
    }
    if (fw != nullptr && !r.judgements.empty()) {
        r.framework = fw->family;
        r.framework_version = fw->version;
    }
}

Result<ImportedReport> extract(const std::string& document, const std::vector<Line>& lines, const std::string& kind,
                               const std::string& source_name, const ImportOptions& options) {
    std::vector<bool> used(lines.size(), false);
    auto lists = find_lists(lines, used);

    ImportedReport out;
    Report& r = out.report;
    r.authority = options.authority;
    r.kind = kind;
    r.date = options.date.empty() ? find_date(lines, kind) : options.date;
    r.title = find_title(lines, kind);
    r.sha256 = crypto::sha256_hex(document);
    if (!is_letter_kind(kind)) {
        // Judgements first: they tell a SIF report from an ILACS one, and the id names the kind.
        read_judgements(r, lines, lists);
        if (r.framework == "sif" && (kind == "ilacs" || kind == "other")) r.kind = "sif";
        if (r.framework == "ilacs" && kind == "other" && !r.judgements.empty()) r.kind = "ilacs";
    }
    r.id = slug(options.authority) + (r.date.size() >= 4 ? "-" + r.date.substr(0, 4) : "") + "-" + r.kind;

    std::map<std::string, int> ordinals;
    auto add_finding = [&](const std::string& fkind, std::string text, std::vector<int> paragraphs, std::string area,
                           int ordinal) {
        text = without_list_joiner(std::move(text));
        if (text.empty()) return;
        static const std::map<std::string, std::string> token = {
            {"improvement", "improve"}, {"strength", "strength"}, {"finding", "finding"}};
        int n = ordinal > 0 ? ordinal : ++ordinals[fkind];
        Finding f;
        f.id = r.id + "-" + token.at(fkind) + "-" + two_digits(n);
        f.report = r.id;
        f.kind = fkind;
        f.area = area.empty() ? area_from_words(text) : area;
        f.text = text;
        f.paragraphs = std::move(paragraphs);
        out.findings.push_back(std::move(f));
    };

    std::vector<std::string> missing;
    if (kind == "ilacs" || kind == "other") {
        auto sections = read_sections(lines, used);
        // Which paragraphs each improvement point rests on, by shared (rarer) words.
        std::vector<std::vector<std::string>> para_stems;
        std::unordered_map<std::string, double> df;
        for (const auto& p : sections.paragraphs) {
            para_stems.push_back(content_stems(p.text));
            for (const auto& s : para_stems.back()) df[s] += 1.0;
        }
        std::unordered_map<std::string, double> idf;
        const double np = static_cast<double>(std::max<std::size_t>(sections.paragraphs.size(), 1));
        for (const auto& list : lists) {
            if (list.kind != ListKind::improvement) continue;
            for (const auto& item : list.items)
                for (const auto& s : content_stems(item.text))
                    idf[s] = std::log(1.0 + np / (df.count(s) ? df[s] : 0.5));
        }
        bool any_list = false;
        for (const auto& list : lists) {
            if (list.kind != ListKind::improvement && list.kind != ListKind::strength) continue;
            for (const auto& item : list.items) {
                std::string para_area;
                std::vector<int> refs;
                if (list.kind == ListKind::improvement)
                    refs = matching_paragraphs(item.text, sections.paragraphs, para_stems, idf, para_area);
                std::string area = area_from_words(item.text);
                if (area == "unknown" && !para_area.empty()) area = para_area;
                add_finding(list.kind == ListKind::improvement ? "improvement" : "strength", item.text, refs, area, 0);
                any_list = true;
            }
        }
        for (const auto& p : sections.paragraphs) {
            std::vector<int> refs;
            if (p.number > 0) refs.push_back(p.number);
            std::string area = p.area.empty() ? area_from_words(p.text) : p.area;
            add_finding("finding", p.text, refs, area, p.number > 0 ? p.number : 0);
        }
        if (kind == "ilacs") {
            if (r.judgements.empty())
                missing.push_back("a judgements table (judgement, then grade) or graded section headings");
            if (!any_list && sections.paragraphs.empty())
                missing.push_back("a \"What needs to improve\" list or numbered paragraphs under graded sections");
            if (!missing.empty()) out.findings.clear();
        }
    }
    if (kind == "letter" || kind == "minutes" || kind == "focused-visit" || kind == "jtai" ||
        ((kind == "monitoring" || kind == "improvement-report" || kind == "other") && out.findings.empty())) {
        for (const auto& list : lists) {
            const char* fkind = list.kind == ListKind::strength      ? "strength"
                                : list.kind == ListKind::improvement ? "improvement"
                                : list.kind == ListKind::finding     ? "finding"
                                                                     : nullptr;
            if (fkind == nullptr) continue;
            for (const auto& item : list.items) add_finding(fkind, item.text, {}, "", 0);
        }
    }
    bool has_list_findings = std::any_of(out.findings.begin(), out.findings.end(), [](const Finding& f) {
        return f.kind == "strength" || f.kind == "improvement";
    });
    if ((kind == "focused-visit" || kind == "jtai") && !has_list_findings)
        missing.push_back(
            "an \"Areas for improvement\", \"Areas for priority action\" or \"What needs to improve\" list");
    if (kind == "letter" && !has_list_findings)
        missing.push_back("a \"Strengths\" or \"Areas for development\" list with points under it");
    // Minutes that report the grades are worth keeping even when they list nothing to improve.
    if (kind == "minutes" && !has_list_findings && r.judgements.empty())
        missing.push_back("a list of strengths or areas for improvement from the inspection");
    if ((kind == "monitoring" || kind == "improvement-report" || kind == "other") && out.findings.empty()) {
        for (const auto& item : free_bullets(lines, used)) add_finding("finding", item.text, {}, "", 0);
        if (out.findings.empty() && kind == "monitoring")
            for (const auto& item : findings_paragraphs(lines, used)) add_finding("finding", item.text, {}, "", 0);
        if (out.findings.empty()) {
            if (kind == "other")
                missing.push_back(
                    "a judgements table, a \"What needs to improve\" list, \"Strengths\"/\"Areas for development\" "
                    "lists, or bulleted findings");
            else
                missing.push_back(kind == "monitoring"
                                      ? "bulleted findings (lines starting with -, \xE2\x80\x93 or \xE2\x80\xA2) or "
                                        "paragraphs under a \"findings\" heading"
                                      : "bulleted findings (lines starting with -, \xE2\x80\x93 or \xE2\x80\xA2)");
        }
    }
    // Nothing an inspection says was found: refuse rather than store an empty "other".
    bool has_improvements =
        std::any_of(out.findings.begin(), out.findings.end(), [](const Finding& f) { return f.kind == "improvement"; });
    if (kind == "other" && missing.empty() && r.judgements.empty() && !has_improvements)
        missing.push_back("any judgement or improvement point");
    if (!missing.empty()) {
        std::string msg = source_name + ": guessed kind '" + kind + "' but could not find ";
        for (std::size_t i = 0; i < missing.size(); ++i) msg += (i ? "; nor " : "") + missing[i];
        msg +=
            ". Looked for: a SIF or ILACS judgements table or graded headings; judgements in prose (\"overall "
            "effectiveness was judged to be 'good'\"); a \"What needs to improve\" / \"Areas for improvement\" "
            "list; the heading of a focused visit, monitoring visit or joint targeted area inspection letter";
        return Result<ImportedReport>::fail(Errc::invalid_input, msg);
    }
    return out;
}

}  // namespace

std::string guess_kind(const std::string& document) { return ranked_kinds(read_lines(document)).front(); }

Result<ImportedReport> import_document(const std::string& document, const std::string& source_name,
                                       const ImportOptions& options) {
    try {
        // The likeliest kind first; when its structure is missing, the next likely kind may still
        // fit (an Ofsted monitoring letter starts "Dear ..." but has no "Strengths" list). If none
        // fits, the first guess's explanation is the one to show.
        // Text copied from a PDF keeps its page furniture; the reader never wants it.
        auto lines = read_lines(remove_page_furniture(document));
        auto kinds = ranked_kinds(lines);
        std::optional<Result<ImportedReport>> first;
        for (const auto& kind : kinds) {
            auto r = extract(document, lines, kind, source_name, options);
            if (r.ok()) return r;
            if (!first) first.emplace(std::move(r));
        }
        return std::move(*first);
    } catch (const std::exception& e) {
        // Odd text must never take the tool down; say what happened instead.
        return Result<ImportedReport>::fail(Errc::invalid_input, source_name + ": could not read: " + e.what());
    }
}

Catalogue build_catalogue(std::vector<ImportedReport> reports, const Linker& linker) {
    Catalogue c;
    std::set<std::string> ids;
    for (auto& imported : reports) {
        std::string base = imported.report.id, id = base;
        for (int n = 2; !ids.insert(id).second; ++n) id = base + "-" + std::to_string(n);
        if (id != base) {
            for (auto& f : imported.findings) {
                f.id = id + f.id.substr(base.size());
                f.report = id;
            }
            imported.report.id = id;
        }
        c.reports.push_back(std::move(imported.report));
        for (auto& f : imported.findings) c.findings.push_back(std::move(f));
    }
    for (const auto& t : linker.taxonomy().themes) c.themes.push_back(CatalogueTheme{t.id, t.title, t.young_title});
    for (const auto& f : c.findings)
        for (auto& l : linker.link(f.text)) c.links.push_back(FindingLink{f.id, l.id, l.score, std::move(l.matched)});
    return c;
}

}  // namespace lp::reports
