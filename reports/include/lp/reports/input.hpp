#pragma once
// Turns a report file into plain text for the reader: PDF (the text layer, via poppler), HTML as
// saved from the web, plain text and Markdown. Refuses, with a message saying what to do, what
// it cannot read: a scanned PDF with no text, a password-protected or damaged PDF, an empty
// file, an image, a file over the size limit.
#include <cstdint>
#include <lp/shared/result.hpp>
#include <string>

namespace lp::reports {

struct Document {
    std::string text;    // plain text, one line per line/paragraph/table row
    std::string format;  // "pdf" | "html" | "text"
    int pages = 0;       // PDFs only
};

/// Default upper limit on a report file's size.
constexpr std::uintmax_t kMaxReportBytes = 50ull * 1024 * 1024;

/// Reads bytes already in memory; `name` is used for messages and to tell .html/.md from text
/// when the content does not say.
Result<Document> read_document_bytes(const std::string& bytes, const std::string& name);

/// Reads a file: not_found / io_error naming the path, invalid_input for what cannot be read.
Result<Document> read_document(const std::string& path, std::uintmax_t max_bytes = kMaxReportBytes);

/// HTML -> lines: scripts, styles, navigation, headers and footers dropped; each block element
/// (paragraph, heading, list item, table row) on its own line, cells separated by " | "; entities
/// decoded. Headings keep a Markdown "## " mark so the reader sees them as headings.
std::string html_to_text(const std::string& html);

}  // namespace lp::reports
