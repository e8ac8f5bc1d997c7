#pragma once
// Removes what a printed page adds to a report's words: running headers and footers, page
// numbers ("Page 3 of 7", a lone "3"), "Crown copyright" lines, contents pages, footnotes at
// a page's foot, footnote digits glued to words ("Board1"), and hyphenation at line ends.
// Used on PDF pages and on text copied from PDFs (where pages show as "Page N of M" lines).
#include <string>
#include <vector>

namespace lp::reports {

/// Pages' text (one string per page) -> one text with the furniture gone.
std::string remove_page_furniture(const std::vector<std::string>& pages);

/// The same for one text whose page breaks are form feeds or "Page N of M" lines.
std::string remove_page_furniture(const std::string& text);

}  // namespace lp::reports
