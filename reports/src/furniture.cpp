#include <cctype>
#include <lp/reports/furniture.hpp>
#include <map>
#include <string_view>

namespace lp::reports {
namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// "Page 3 of 7", "3 of 7", "3", "- 3 -", "Page 3", possibly after a running title ("Focused
// visit to X children's services   Page 1 of 3"). Returns true for the whole line.
bool is_page_marker(const std::string& line) {
    std::string t = lower(trim(line));
    if (t.empty()) return false;
    if (t == "\f") return true;
    while (!t.empty() && (t.front() == '-' || t.front() == ' ')) t.erase(0, 1);
    while (!t.empty() && (t.back() == '-' || t.back() == ' ')) t.pop_back();
    if (all_digits(t) && t.size() <= 3) return true;
    // Trailing "page N", "page N of M", "N of M".
    std::size_t end = t.size();
    auto digits_before = [&](std::size_t e) {
        std::size_t b = e;
        while (b > 0 && std::isdigit(static_cast<unsigned char>(t[b - 1]))) --b;
        return b;
    };
    std::size_t b = digits_before(end);
    if (b == end || end - b > 3) return false;
    std::size_t start = b;
    std::string before = t.substr(0, b);
    while (!before.empty() && before.back() == ' ') before.pop_back();
    if (before.size() >= 2 && before.compare(before.size() - 2, 2, "of") == 0) {
        std::string rest = before.substr(0, before.size() - 2);
        while (!rest.empty() && rest.back() == ' ') rest.pop_back();
        std::size_t b2 = rest.size();
        while (b2 > 0 && std::isdigit(static_cast<unsigned char>(rest[b2 - 1]))) --b2;
        if (b2 == rest.size()) return false;
        start = b2;
        before = rest.substr(0, b2);
        while (!before.empty() && before.back() == ' ') before.pop_back();
    } else if (!(before.size() >= 4 && before.compare(before.size() - 4, 4, "page") == 0)) {
        return false;
    }
    (void)start;
    if (before.size() >= 4 && before.compare(before.size() - 4, 4, "page") == 0) before.resize(before.size() - 4);
    // What is left is a running title: short, not a sentence.
    return before.size() < 110 && (before.empty() || before.back() != '.');
}

bool is_copyright(const std::string& line) {
    std::string t = lower(line);
    return t.find("crown copyright") != std::string::npos && t.size() < 120;
}

// "1 This report brings ..." at a page's foot: a footnote, not a numbered paragraph ("1. ...").
bool is_footnote_start(const std::string& line) {
    std::string t = trim(line);
    std::size_t i = 0;
    while (i < t.size() && i < 2 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    return i > 0 && i + 1 < t.size() && t[i] == ' ' && std::isupper(static_cast<unsigned char>(t[i + 1]));
}

// A contents line: words, then (dots or spaces) and a page number.
bool is_contents_entry(const std::string& line) {
    std::string t = trim(line);
    std::size_t e = t.size();
    while (e > 0 && std::isdigit(static_cast<unsigned char>(t[e - 1]))) --e;
    if (e == t.size() || t.size() - e > 3 || e == 0) return false;
    std::size_t gap = e;
    while (gap > 0 && (t[gap - 1] == ' ' || t[gap - 1] == '.' || t[gap - 1] == '\t')) --gap;
    return e - gap >= 2 && gap > 0;
}

// "Board1 " -> "Board ", "training2 by" -> "training by", "plans3." -> "plans.": footnote digits
// glued to the end of a word (three or more lower-case letters before them).
std::string unglue_footnotes(const std::string& line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (std::isdigit(static_cast<unsigned char>(c)) && i >= 3 &&
            std::isalpha(static_cast<unsigned char>(line[i - 1])) &&
            std::isalpha(static_cast<unsigned char>(line[i - 2])) &&
            std::isalpha(static_cast<unsigned char>(line[i - 3])) &&
            std::islower(static_cast<unsigned char>(line[i - 1]))) {
            std::size_t j = i;
            while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
            bool end_ok = j == line.size() || line[j] == ' ' || line[j] == '.' || line[j] == ',' || line[j] == ';' ||
                          line[j] == ':' || line[j] == ')' || line[j] == '\t';
            if (j - i <= 2 && end_ok) {
                i = j - 1;
                continue;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A form feed starts a page: keep it as its own marker line.
        std::size_t ff;
        while ((ff = line.find('\f')) != std::string::npos) {
            if (ff > 0) lines.push_back(line.substr(0, ff));
            lines.emplace_back("\f");
            line.erase(0, ff + 1);
        }
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

std::string normalised_header(const std::string& line) {
    std::string t = lower(trim(line)), out;
    for (char c : t)
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != ' ') out.push_back(c);
    return out;
}

// Headings that start a new line when a document was flattened into one line.
const char* const kRunOnHeadings[] = {"What does the local authority need to improve?",
                                      "What does the LSCB need to improve?",
                                      "What does the Local Safeguarding Children Board need to improve?",
                                      "What needs to improve",
                                      "Areas for improvement",
                                      "Areas for priority action",
                                      "Priority and immediate action",
                                      "Immediate action",
                                      "Summary of key findings",
                                      "Summary for children and young people",
                                      "Information about this",
                                      "Inspection judgements about",
                                      "Review of the Local Safeguarding Children Board",
                                      "The Local Safeguarding Children Board",
                                      "Key strengths",
                                      "Strengths",
                                      "Recommendations"};

// A text flattened into one very long line (a copy from a web page or a bad export): new lines
// before numbered points ("12. Ensure", "2.1 Adoption") and known headings; page markers dropped.
std::string split_run_on(const std::string& line) {
    std::string out;
    out.reserve(line.size() + line.size() / 50);
    for (std::size_t i = 0; i < line.size(); ++i) {
        bool word_start = i == 0 || line[i - 1] == ' ';
        if (word_start && i > 0) {
            // "Page 3 of 7" inside the run.
            if (line.compare(i, 5, "Page ") == 0) {
                std::size_t j = i + 5, d = j;
                while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
                if (j > d && line.compare(j, 4, " of ") == 0) {
                    std::size_t k = j + 4, d2 = k;
                    while (k < line.size() && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
                    if (k > d2) {
                        i = k;
                        out.push_back('\n');
                        continue;
                    }
                }
            }
            // "12. Capital" or "2.1 Capital".
            std::size_t j = i;
            while (j < line.size() && j - i < 2 && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
            if (j > i && j + 2 < line.size() && line[j] == '.') {
                std::size_t k = j + 1;
                if (std::isdigit(static_cast<unsigned char>(line[k])))
                    ++k;
                else if (line[k] != ' ')
                    k = line.size();
                while (k < line.size() && line[k] == ' ') ++k;
                if (k < line.size() && k > j + 1 && std::isupper(static_cast<unsigned char>(line[k])))
                    out.push_back('\n');
            }
            bool question = false;
            for (const char* h : kRunOnHeadings) {
                std::string_view hv(h);
                if (line.compare(i, hv.size(), hv) != 0) continue;
                out.push_back('\n');
                if (hv.back() == '?') {  // a question heading ends its line
                    out += std::string(hv);
                    out.push_back('\n');
                    i += hv.size() - 1;
                    question = true;
                }
                break;
            }
            if (question) continue;
        }
        out.push_back(line[i]);
    }
    return out;
}

}  // namespace

std::string remove_page_furniture(const std::string& raw) {
    std::string text;
    {
        // Flattened text first gets its lines back.
        std::size_t start = 0;
        while (start < raw.size()) {
            std::size_t end = raw.find('\n', start);
            if (end == std::string::npos) end = raw.size();
            if (end - start > 1500) {
                text += split_run_on(raw.substr(start, end - start));
            } else {
                text.append(raw, start, end - start);
            }
            text.push_back('\n');
            start = end + 1;
        }
    }
    std::vector<std::string> lines = split_lines(text);
    const std::size_t n = lines.size();
    std::vector<bool> drop(n, false);

    // Page markers, copyright lines; footnotes just above a page marker.
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_page_marker(lines[i]) && !is_copyright(lines[i])) continue;
        drop[i] = true;
        if (!is_page_marker(lines[i])) continue;
        std::size_t j = i;
        while (j > 0 && trim(lines[j - 1]).empty()) --j;
        std::size_t block_end = j;
        while (j > 0 && !trim(lines[j - 1]).empty()) --j;
        // Several footnotes may stack: walk up while blocks start with a footnote number.
        if (block_end > j && is_footnote_start(lines[j]) && !is_page_marker(lines[j]))
            for (std::size_t k = j; k < block_end; ++k) drop[k] = true;
    }
    // Footnotes at the very end of the document.
    {
        std::size_t e = n;
        while (e > 0 && (trim(lines[e - 1]).empty() || drop[e - 1])) --e;
        std::size_t b = e;
        while (b > 0 && !trim(lines[b - 1]).empty() && is_footnote_start(lines[b - 1])) --b;
        if (b < e && is_footnote_start(lines[b]))
            for (std::size_t k = b; k < e; ++k) drop[k] = true;
    }
    // Running headers and footers: the same short line (digits aside) next to two or more page
    // breaks (within three lines of the break, on either side).
    std::vector<bool> near_break(n, false);
    for (std::size_t j = 0, seen = 0; j < n && seen < 3; ++j)  // the first page's top
        if (!trim(lines[j]).empty()) near_break[j] = ++seen > 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!(is_page_marker(lines[i]) || lines[i] == "\f")) continue;
        for (std::size_t j = i + 1, seen = 0; j < n && seen < 3; ++j)
            if (!trim(lines[j]).empty()) near_break[j] = ++seen > 0;
        for (std::size_t j = i, seen = 0; j > 0 && seen < 3; --j)
            if (!trim(lines[j - 1]).empty()) near_break[j - 1] = ++seen > 0;
    }
    auto header_like = [&](std::size_t i) {
        std::string t = trim(lines[i]);
        return near_break[i] && !is_page_marker(lines[i]) && t.size() >= 12 && t.size() <= 150 &&
               t.find(' ') != std::string::npos && t.back() != '.';
    };
    std::map<std::string, int> count;
    for (std::size_t i = 0; i < n; ++i)
        if (header_like(i)) ++count[normalised_header(lines[i])];
    for (std::size_t i = 0; i < n; ++i)
        if (header_like(i) && count[normalised_header(lines[i])] >= 2) drop[i] = true;
    // Contents pages: "Contents" then lines ending in page numbers.
    for (std::size_t i = 0; i < n; ++i) {
        if (lower(trim(lines[i])) != "contents") continue;
        std::size_t j = i + 1, entries = 0;
        for (; j < n; ++j) {
            if (trim(lines[j]).empty() || drop[j]) continue;
            if (!is_contents_entry(lines[j])) break;
            ++entries;
        }
        if (entries >= 2)
            for (std::size_t k = i; k < j; ++k) drop[k] = true;
    }

    std::vector<std::string> kept;
    for (std::size_t i = 0; i < n; ++i) {
        if (drop[i] || lines[i] == "\f") {
            if (!kept.empty() && !trim(kept.back()).empty()) kept.emplace_back();
            continue;
        }
        kept.push_back(unglue_footnotes(lines[i]));
    }
    // Hyphenation at a line's end: "chil-" + "dren's" -> "children's" (the next line joins this one).
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        std::string line = kept[i];
        while (line.size() >= 3 && line.back() == '-' &&
               std::islower(static_cast<unsigned char>(line[line.size() - 2]))) {
            std::size_t j = i + 1;
            while (j < kept.size() && j <= i + 3 && trim(kept[j]).empty()) ++j;
            if (j >= kept.size() || j > i + 3) break;
            std::string next = trim(kept[j]);
            if (next.empty() || !std::islower(static_cast<unsigned char>(next[0]))) break;
            line.pop_back();
            line += next;
            i = j;
        }
        out.push_back(std::move(line));
    }
    std::string joined;
    for (const auto& l : out) {
        joined += l;
        joined.push_back('\n');
    }
    return joined;
}

std::string remove_page_furniture(const std::vector<std::string>& pages) {
    std::string text;
    for (const auto& p : pages) {
        text += p;
        if (text.empty() || text.back() != '\n') text.push_back('\n');
        text += "\f\n";
    }
    return remove_page_furniture(text);
}

}  // namespace lp::reports
