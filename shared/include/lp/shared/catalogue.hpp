#pragma once
// The theme catalogue written by `lp-themes import` (contract in DESIGN.md "Tool contracts"):
// reports with their judgements, findings, the themes, and finding -> theme links.
// The aggregator and dashboard load it with load_catalogue_file(); lp-themes writes it with
// catalogue_to_json().
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp {

struct Judgement {
    std::string area;   // the judgement's own words, e.g. "The experiences and progress of care leavers"
    std::string grade;  // "Outstanding", "Good", "Requires improvement to be good" or "Inadequate"
    // overall | leadership | help-and-protection | children-in-care | care-leavers | adoption | lscb;
    // "" in catalogues written before frameworks were recorded.
    std::string canonical = {};
};

/// An earlier inspection a document also reports (committee minutes giving two outcomes).
struct EarlierInspection {
    std::string date;  // "YYYY-MM" or "YYYY"
    std::vector<Judgement> judgements;
};

struct Report {
    std::string id;         // e.g. "kirklees-2019-ilacs"
    std::string authority;  // e.g. "Kirklees"
    // ilacs | sif | focused-visit | monitoring | jtai | letter | minutes | improvement-report | other
    std::string kind;
    std::string date;  // "YYYY-MM-DD", "YYYY-MM" or "YYYY" as precise as the source; "" if unknown
    std::string title;
    std::string sha256;  // of the source file's bytes
    std::vector<Judgement> judgements;
    std::string framework = {};  // "sif", "ilacs" (lp/reports/frameworks.hpp); "" for letters and old catalogues
    std::string framework_version = {};  // "2013", "2018", "2023", "2026", ...
    std::vector<EarlierInspection> history = {};
};

struct Finding {
    std::string id;               // report id + kind + ordinal, e.g. "kirklees-2019-ilacs-improve-05"
    std::string report;           // Report::id
    std::string kind;             // improvement | strength | finding
    std::string area;             // help and protection | children in care | care leavers | leadership | unknown
    std::string text;             // the finding's own words, bullets and numbering removed
    std::vector<int> paragraphs;  // the report's paragraph numbers, when it has any
};

struct CatalogueTheme {
    std::string id;
    std::string title;
    std::string young_title;
};

struct FindingLink {
    std::string finding;  // Finding::id
    std::string theme;    // theme id
    double score = 0.0;
    std::vector<std::string> matched;  // words of the finding that matched the theme's lexicon
};

struct Catalogue {
    std::vector<Report> reports;
    std::vector<Finding> findings;
    std::vector<CatalogueTheme> themes;
    std::vector<FindingLink> links;
};

/// Parses catalogue JSON; invalid_input says which field is missing or mistyped.
Result<Catalogue> parse_catalogue(const std::string& json_text);
/// Reads and parses a catalogue file; not_found / io_error / invalid_input naming the path.
Result<Catalogue> load_catalogue_file(const std::string& path);
/// A report's judgements as the JSON array that stores keep in one column, and back (the same
/// shape as in the catalogue file). Text that is not such an array reads as no judgements.
std::string judgements_to_json(const std::vector<Judgement>& judgements);
std::vector<Judgement> judgements_from_json(const std::string& json_text);
/// A finding's paragraph numbers as a JSON array, and back (non-integers are skipped).
std::string paragraphs_to_json(const std::vector<int>& paragraphs);
std::vector<int> paragraphs_from_json(const std::string& json_text);
/// Serialises a catalogue in the contract's shape (pretty-printed with `indent` spaces; -1 = one line).
std::string catalogue_to_json(const Catalogue& catalogue, int indent = 2);

}  // namespace lp
