#pragma once
// PDF text layer through poppler-cpp (internal to lp_reports; input.cpp calls it).
#include <lp/reports/input.hpp>
#include <string>

namespace lp::reports {

/// The text of every page in reading layout (columns kept apart by spaces, so table cells stay
/// cells), pages separated by form feeds, page furniture removed. invalid_input says whether the
/// PDF is damaged, password-protected or scanned (no text layer), and what to do.
Result<Document> pdf_to_document(const std::string& bytes, const std::string& name);

}  // namespace lp::reports
