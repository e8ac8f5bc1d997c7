#pragma once
// Page models: for each page with figures, one function reads the stores, computes the page's
// figures and applies small-group suppression once, returning a plain struct. The views
// (views_*.cpp) only print these structs, as HTML, JSON or CSV, so every output of a page shows
// exactly the same suppressed figures.
#include <lp/dashboard/views.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard {

// [SECTION] Evidence pack (HTML and CSV)

/// One theme in the evidence pack.
struct EvidenceTheme {
    ThemeStats stats;                 // suppressed by theme_stats()
    std::vector<CommentView> quotes;  // the newest distinct published comments; empty when the
                                      // theme's answers or its comments are too few to show
    std::vector<Reply> replies;       // what was done, for this theme
};

/// The evidence pack: every theme's figures and quotes for a filter.
struct EvidenceModel {
    Filter filter;
    std::optional<std::int64_t> cohort;  // for the response rate beside each count
    std::vector<std::string> small_sites;
    std::map<std::string, EvidenceTheme> themes;  // by theme id, every theme of the catalogue
};

/// The evidence pack's figures; an error when the figures cannot be read.
Result<EvidenceModel> evidence_model(const ViewContext& ctx, const Filter& filter);

}  // namespace lp::dashboard
