#pragma once
// Turns the plain text of an inspection document into classified lines: HTML tags, Markdown
// heading marks and emphasis, bullet marks (- – — • ▪ * ·) and numbering ("1.", "- 1.", "(1)")
// are recognised and removed, so extraction only sees words plus structure. Never fails.
#include <string>
#include <string_view>
#include <vector>

namespace lp::reports {

struct Line {
    std::string text;                // cleaned words, whitespace collapsed, marks removed
    std::vector<std::string> cells;  // text split on tabs, '|' or 3+ spaces (tables)
    int indent = 0;                  // leading whitespace (a tab counts 4)
    std::string marker;              // bullet mark as written ("-", "•", ...), "" for none
    int number = -1;                 // "12." or "(12)" numbering, -1 for none
    bool heading = false;            // Markdown heading ("# ...")
    bool blank = false;              // nothing left after cleaning
};

/// Splits and classifies every line of a document.
std::vector<Line> read_lines(std::string_view document);

/// True when `line` carries on the paragraph whose text so far is `previous`: it is prose (no
/// bullet, number or heading) and starts in lower case, is indented, or `previous` stopped
/// mid-sentence (page breaks in PDF-to-text output split paragraphs like this).
bool continues(const std::string& previous, const Line& line);

/// Appends a continuation line's text to a paragraph with one space.
void append_text(std::string& paragraph, const std::string& more);

/// ASCII lower-case copy with curly quotes folded (for keyword tests, not for output).
std::string lower(std::string_view s);

}  // namespace lp::reports
