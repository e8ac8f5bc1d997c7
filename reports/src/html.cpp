#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <lp/reports/input.hpp>
#include <string_view>

namespace lp::reports {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x110000) {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// "&amp;" / "&#8217;" / "&#x2019;" at `i`: appends the character and returns the entity's length,
// 0 when it is not one (the '&' is then kept as written).
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return 0;
    std::string name(s.substr(i + 1, semi - i - 1));
    if (name.empty()) return 0;
    if (name[0] == '#') {
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        char* end = nullptr;
        std::string digits = name.substr(hex ? 2 : 1);
        unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (digits.empty() || end == nullptr || *end != '\0' || cp == 0 || cp > 0x10FFFF) return 0;
        append_utf8(out, cp == 0xA0 ? 0x20 : static_cast<std::uint32_t>(cp));
        return semi - i + 1;
    }
    static const std::pair<const char*, std::uint32_t> named[] = {
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
        {"nbsp", ' '},     {"middot", 0xB7},  {"rsquo", 0x2019}, {"lsquo", 0x2018},  {"ldquo", 0x201C},
        {"rdquo", 0x201D}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"pound", 0xA3},
        {"copy", 0xA9},    {"bull", 0x2022},  {"eacute", 0xE9},  {"shy", 0}};
    for (const auto& [n, cp] : named) {
        if (name == n) {
            if (cp != 0) append_utf8(out, cp);
            return semi - i + 1;
        }
    }
    return 0;
}

}  // namespace

std::string html_to_text(const std::string& html) {
    std::string out;
    bool space = false;
    auto newline = [&] {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (!out.empty() && out.back() != '\n') out.push_back('\n');
        space = false;
    };
    // Tables: a cell spanning rows (rowspan) is repeated in the rows below, so every row keeps its
    // columns; a line break inside a cell is a space, so a cell stays on its row.
    struct Span {
        std::string text;
        int rows = 0;
    };
    std::map<int, Span> spans;  // column -> the cell still spanning down into it
    int column = 0;
    bool in_cell = false;
    std::size_t cell_start = 0;
    int cell_rowspan = 1;
    auto spanned_cells = [&] {
        for (auto it = spans.find(column); it != spans.end() && it->first == column && it->second.rows > 0;
             it = spans.find(column)) {
            if (space && !out.empty() && out.back() != '\n') out.push_back(' ');
            out += it->second.text + " | ";
            space = false;
            if (--it->second.rows == 0) spans.erase(it);
            ++column;
        }
    };
    const std::string_view s(html);
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '<') {
            if (s.compare(i, 4, "<!--") == 0) {
                std::size_t e = s.find("-->", i + 4);
                i = e == std::string_view::npos ? s.size() : e + 3;
                continue;
            }
            std::size_t e = s.find('>', i);
            if (e == std::string_view::npos) break;
            std::string tag = lower(s.substr(i + 1, e - i - 1));
            bool closing = !tag.empty() && tag[0] == '/';
            std::string name = tag.substr(closing ? 1 : 0);
            name = name.substr(0, name.find_first_of(" \t\r\n/"));
            i = e + 1;
            // Whole elements that are not the report: skip to their end tag.
            if (!closing && (name == "script" || name == "style" || name == "nav" || name == "footer" ||
                             name == "head" || name == "noscript" || name == "svg" || name == "form" ||
                             name == "button" || name == "header" || name == "template")) {
                std::string end_tag = "</" + name;
                std::size_t depth = 1, j = i;
                while (depth > 0) {
                    std::size_t close = lower(s.substr(j)).find(end_tag);
                    std::size_t open = lower(s.substr(j)).find("<" + name);
                    if (close == std::string::npos) {
                        j = s.size();
                        break;
                    }
                    if (open != std::string::npos && open < close) {
                        ++depth;
                        j += open + 1;
                        continue;
                    }
                    --depth;
                    j += close + end_tag.size();
                }
                std::size_t gt = s.find('>', j);
                i = gt == std::string_view::npos ? s.size() : gt + 1;
                continue;
            }
            if (name == "br" && in_cell) {
                space = !out.empty() && out.back() != '\n';
                continue;
            }
            if (name == "table" && !closing) spans.clear();
            if (name == "tr") {
                if (closing) spanned_cells();  // spans at the row's end
                column = 0;
                in_cell = false;
            }
            if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "ul" || name == "ol" ||
                name == "table" || name == "section" || name == "article" || name == "main" || name == "blockquote" ||
                name == "caption" || name == "dt" || name == "dd" || name == "h1" || name == "h2" || name == "h3" ||
                name == "h4" || name == "h5" || name == "h6" || name == "li") {
                newline();
                if (!closing && name == "li") out += "- ";
                if (!closing && name.size() == 2 && name[0] == 'h' && std::isdigit(static_cast<unsigned char>(name[1])))
                    out += "## ";
                continue;
            }
            if ((name == "td" || name == "th") && !closing) {
                spanned_cells();
                in_cell = true;
                cell_start = out.size();
                cell_rowspan = 1;
                if (auto r = tag.find("rowspan"); r != std::string::npos) {
                    std::size_t d = tag.find_first_of("0123456789", r);
                    if (d != std::string::npos && d < r + 12) cell_rowspan = std::atoi(tag.c_str() + d);
                }
                continue;
            }
            if ((name == "td" || name == "th") && closing) {
                if (cell_rowspan > 1 && cell_rowspan < 100) {
                    std::string text = out.substr(std::min(cell_start, out.size()));
                    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
                    spans[column] = Span{text, cell_rowspan - 1};
                }
                cell_rowspan = 1;
                in_cell = false;
                ++column;
                out += " | ";
                space = false;
                continue;
            }
            if (!out.empty() && out.back() != '\n') space = true;  // inline tags separate words at most
            continue;
        }
        if (c == '&') {
            std::string decoded;
            if (std::size_t len = decode_entity(s, i, decoded); len > 0) {
                if (space && !out.empty() && out.back() != '\n') out.push_back(' ');
                space = false;
                if (decoded == " ") {
                    space = !out.empty() && out.back() != '\n';
                } else {
                    out += decoded;
                }
                i += len;
                continue;
            }
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != '\n') space = true;
            ++i;
            continue;
        }
        if (space && !out.empty() && out.back() != '\n' && out.back() != ' ') out.push_back(' ');
        space = false;
        out.push_back(c);
        ++i;
    }
    newline();
    // Table rows end in a separator left by their last cell: "a | b | " -> "a | b".
    std::string cleaned;
    std::size_t start = 0;
    while (start < out.size()) {
        std::size_t e = out.find('\n', start);
        if (e == std::string::npos) e = out.size();
        std::string line = out.substr(start, e - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '|')) line.pop_back();
        cleaned += line;
        cleaned.push_back('\n');
        start = e + 1;
    }
    return cleaned;
}

}  // namespace lp::reports
