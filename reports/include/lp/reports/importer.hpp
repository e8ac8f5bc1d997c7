#pragma once
// Reads the plain text of inspection material into reports and findings (the catalogue's
// "reports" and "findings"). Works from the structure of Ofsted documents and council papers:
//   ilacs        judgements table, "What needs to improve", numbered paragraphs under graded sections
//   letter       "Dear ...", lists under "Strengths" / "Areas for development"
//   minutes      outcome (areas judged good...), strengths and areas for improvement lists
//   monitoring   news or letters on a monitoring visit with bulleted findings
//   improvement-report  commissioner's or improvement reports with bulleted areas
#include <lp/shared/catalogue.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp::reports {

struct ImportOptions {
    std::string authority;  // e.g. "Kirklees"; the report id starts with its slug
    std::string date;       // overrides the date read from the text when not empty
};

struct ImportedReport {
    Report report;
    std::vector<Finding> findings;
};

/// Guesses the kind of a document from its structure: one of the catalogue's report kinds.
std::string guess_kind(const std::string& document);

/// Extracts one report and its findings. invalid_input when the document has none of the
/// structure of its guessed kind; the message says which kind was guessed and what was missing.
/// `source_name` (a file name) only appears in messages. Never throws, whatever the text.
Result<ImportedReport> import_document(const std::string& document, const std::string& source_name,
                                       const ImportOptions& options);

/// Builds the catalogue: reports (ids made unique), findings, the taxonomy's themes, and the
/// linker's links of every finding.
Catalogue build_catalogue(std::vector<ImportedReport> reports, const Linker& linker);

}  // namespace lp::reports
