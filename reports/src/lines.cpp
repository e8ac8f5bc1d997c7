#include <cctype>
#include <lp/reports/lines.hpp>
#include <lp/shared/text_normalise.hpp>

namespace lp::reports {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Removes <tags> (the seeds' PDF-to-text output keeps some <ul> and <a>) and decodes the few
// entities that appear in such text.
std::string strip_markup(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '<' && i + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
            auto close = s.find('>', i);
            if (close != std::string_view::npos) {
                i = close;
                out.push_back(' ');
                continue;
            }
        }
        if (c == '&') {
            static const std::pair<const char*, const char*> entities[] = {
                {"&nbsp;", " "}, {"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}};
            bool done = false;
            for (const auto& [name, value] : entities) {
                if (starts_with(s.substr(i), name)) {
                    out += value;
                    i += std::char_traits<char>::length(name) - 1;
                    done = true;
                    break;
                }
            }
            if (done) continue;
        }
        out.push_back(c);
    }
    return out;
}

// UTF-8 spaces (nbsp, thin, zero-width...) become ASCII spaces; the rest is kept as written.
std::string normalise_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            out.push_back(' ');
            ++i;
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) <= 0x8B || static_cast<unsigned char>(s[i + 2]) == 0xAF)) {
            out.push_back(' ');  // U+2000..U+200B, U+202F
            i += 2;
        } else if (c == '\r' || c == '\f' || c == '\v' || c == 0) {
            out.push_back(' ');
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

// Bullet marks, longest first (UTF-8 sequences).
const char* const kBullets[] = {"\xE2\x80\x93",
                                "\xE2\x80\x94",
                                "\xE2\x80\xA2",
                                "\xE2\x96\xAA",
                                "\xE2\x97\xA6",
                                "\xE2\x97\x8F",
                                "\xE2\x96\xA0",
                                "\xC2\xB7",
                                "\xEF\x82\xB7",
                                "-",
                                "*",
                                "+"};

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return std::string(s.substr(b, e - b));
}

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
        } else {
            if (space) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

std::string remove_emphasis(std::string s) {
    for (const char* mark : {"**", "__"}) {
        std::size_t p;
        while ((p = s.find(mark)) != std::string::npos) s.erase(p, 2);
    }
    return s;
}

std::vector<std::string> split_cells(const std::string& s) {
    std::vector<std::string> cells;
    std::string cur;
    int spaces = 0;
    auto flush = [&] {
        std::string t = collapse(trim(cur));
        if (!t.empty()) cells.push_back(t);
        cur.clear();
    };
    for (char c : s) {
        if (c == '\t' || c == '|') {
            flush();
            spaces = 0;
        } else if (c == ' ') {
            ++spaces;
            if (spaces == 3) flush();
            if (spaces < 3) cur.push_back(c);
        } else {
            spaces = 0;
            cur.push_back(c);
        }
    }
    flush();
    return cells;
}

}  // namespace

std::string lower(std::string_view s) { return text::fold(s); }

// PDF-to-text output often runs a whole bulleted list into one line ("... plans. âª Cases where ...");
// split before every round or square bullet that follows a space, keeping the mark on the new piece.
std::vector<std::string> split_inline_bullets(const std::string& raw) {
    std::vector<std::string> pieces;
    std::size_t from = 0, search = raw.find_first_not_of(" \t");
    if (search == std::string::npos) return {raw};
    search += 1;
    for (;;) {
        std::size_t best = std::string::npos;
        for (const char* mark : {" \xE2\x96\xAA", " \xE2\x80\xA2"}) {
            std::size_t p = raw.find(mark, search);
            if (p < best) best = p;
        }
        if (best == std::string::npos) break;
        pieces.push_back(raw.substr(from, best - from));
        from = best + 1;
        search = best + 4;
    }
    pieces.push_back(raw.substr(from));
    return pieces;
}

std::vector<Line> read_lines(std::string_view document) {
    std::vector<Line> lines;
    std::vector<std::string> raws;
    std::size_t start = 0;
    while (start <= document.size()) {
        std::size_t end = document.find('\n', start);
        if (end == std::string_view::npos) end = document.size();
        for (auto& piece : split_inline_bullets(normalise_spaces(strip_markup(document.substr(start, end - start)))))
            raws.push_back(std::move(piece));
        if (end == document.size()) break;
        start = end + 1;
    }
    for (auto& raw : raws) {
        Line line;
        std::size_t i = 0;
        while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) {
            line.indent += raw[i] == '\t' ? 4 : 1;
            ++i;
        }
        std::string rest = remove_emphasis(raw.substr(i));
        if (!rest.empty() && rest[0] == '#') {
            std::size_t h = rest.find_first_not_of('#');
            if (h == std::string::npos || rest[h] == ' ') {
                line.heading = true;
                rest = h == std::string::npos ? std::string() : rest.substr(h);
            }
        }
        rest = trim(rest);
        // Bullet marks, possibly repeated or nested ("- • text", "-   1. text").
        for (bool again = true; again;) {
            again = false;
            for (const char* b : kBullets) {
                std::string_view mark(b);
                if (!starts_with(rest, mark)) continue;
                // "-" followed by a digit is a number ("-5%") unless a space follows the mark.
                if (rest.size() > mark.size() && rest[mark.size()] != ' ' && rest[mark.size()] != '\t' &&
                    mark != "\xE2\x80\xA2" && mark != "\xE2\x96\xAA")
                    continue;
                if (line.marker.empty()) line.marker = trim(mark);
                rest = trim(rest.substr(mark.size()));
                again = true;
                break;
            }
        }
        // Lettered items: "(a) text", "b) text" (minutes and council reports list this way).
        if (line.marker.empty() && rest.size() > 3) {
            std::size_t k = rest[0] == '(' ? 1 : 0;
            if (k + 2 < rest.size() && std::islower(static_cast<unsigned char>(rest[k])) && rest[k + 1] == ')' &&
                rest[k + 2] == ' ' && (k == 1 || rest[k] <= 'h')) {
                line.marker = rest.substr(0, k + 2);
                rest = trim(rest.substr(k + 3));
            }
        }
        // Numbering: "12." "12)" "(12)" followed by a space.
        {
            std::size_t j = 0;
            bool paren = !rest.empty() && rest[0] == '(';
            if (paren) j = 1;
            std::size_t digits_start = j;
            while (j < rest.size() && j - digits_start < 4 && std::isdigit(static_cast<unsigned char>(rest[j]))) ++j;
            std::size_t ndigits = j - digits_start;
            if (ndigits >= 1 && ndigits <= 3 && j < rest.size() &&
                ((paren && rest[j] == ')') || (!paren && (rest[j] == '.' || rest[j] == ')'))) &&
                (j + 1 == rest.size() || rest[j + 1] == ' ' || rest[j + 1] == '\t')) {
                line.number = std::stoi(rest.substr(digits_start, ndigits));
                rest = trim(rest.substr(j + 1));
            }
        }
        line.cells = split_cells(rest);
        line.text = collapse(rest);
        line.blank = line.text.empty();
        if (line.blank) {
            line.marker.clear();
            line.number = -1;
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

bool continues(const std::string& previous, const Line& line) {
    if (line.blank || !line.marker.empty() || line.number >= 0 || line.heading || previous.empty()) return false;
    unsigned char first = static_cast<unsigned char>(line.text[0]);
    if (std::islower(first)) return true;
    if (line.indent >= 2 && line.indent < 8) return true;
    char last = previous.back();
    static const std::string terminal = ".!?:;\"')";
    // Closing curly quotes end in 0x9D / 0x99 (U+201D, U+2019).
    bool ends_sentence = terminal.find(last) != std::string::npos || static_cast<unsigned char>(last) == 0x9D ||
                         static_cast<unsigned char>(last) == 0x99;
    return !ends_sentence;
}

void append_text(std::string& paragraph, const std::string& more) {
    if (more.empty()) return;
    if (!paragraph.empty()) paragraph.push_back(' ');
    paragraph += more;
}

}  // namespace lp::reports
