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

// [SECTION] Theme matrix (HTML and JSON)

/// A count of comments as it may be shown: hidden when fewer than min_group, else rounded.
struct CountFigure {
    bool hidden = true;
    std::int64_t count = 0;  // rounded; 0 when hidden
};

/// The matrix: every theme's figures for a filter.
struct MatrixModel {
    Filter filter;
    std::map<std::string, ThemeStats> stats;  // by theme id, suppressed by theme_stats()
    std::map<std::string, Change> changes;    // against the period before
    std::optional<std::int64_t> cohort;       // for the response rate beside each count
    std::optional<CountFigure> unlinked;      // managers only: comments no theme holds yet;
                                              // nullopt when there are none or they cannot be counted
};

/// The matrix's figures; an error when the figures cannot be read.
Result<MatrixModel> matrix_model(const ViewContext& ctx, const Filter& filter);

// [SECTION] Theme page

/// One answer bucket of a question ("Yes", "1 (really bad)", …) as it may be shown.
struct BucketFigure {
    std::string label_key;   // the bucket's words, a Text key
    std::int64_t count = 0;  // rounded
    svg::Tone tone = svg::Tone::none;
};

/// A question's answers on a theme page: hidden when fewer than min_group answered it.
struct QuestionFigures {
    LinkedQuestion linked;
    bool hidden = true;
    std::int64_t total = 0;             // rounded; 0 when hidden
    std::vector<BucketFigure> buckets;  // empty when hidden
};

/// The comments section of a theme page (managers only).
struct ThemeComments {
    bool readable = false;                         // false: the count could not be read
    bool hidden = true;                            // fewer than min_group comments
    std::int64_t total = 0;                        // rounded; 0 when hidden
    std::optional<std::vector<CommentView>> list;  // published_comments(): only what may be
                                                   // shown; nullopt when hidden or unreadable
};

/// Everything a theme page shows.
struct ThemePageModel {
    Filter filter;
    ThemeStats stats;                        // suppressed by theme_stats()
    std::map<std::string, Change> changes;   // against the period before
    std::optional<std::int64_t> cohort;      // for the response rate
    std::vector<QuestionFigures> questions;  // those in the filter's question set
    std::optional<ThemeComments> comments;   // managers only
    std::vector<Reply> replies;              // this theme's
};

/// A theme page's figures; an error when the figures cannot be read.
Result<ThemePageModel> theme_page_model(const ViewContext& ctx, const ThemeEntry& theme, const Filter& filter);

// [SECTION] Comments page (managers)

/// One page of the comments a manager searched for.
struct CommentsPageModel {
    CommentQuery query;             // the filter, theme, search and page asked for
    long long page = 0;             // 0: the newest
    bool hidden = true;             // fewer than min_group comments match
    std::int64_t total = 0;         // every page's; 0 when hidden
    // The total as shown: rounded like every published count (docs/privacy.md), so two filtered
    // totals do not subtract to a small group. The exact total only decides paging.
    std::int64_t shown_total = 0;
    std::vector<CommentView> list;  // published_comments() of this page; empty when hidden
    bool older = false;             // there is a page after this one
};

/// The comments page's figures and comments; an error when they cannot be read.
Result<CommentsPageModel> comments_page_model(const ViewContext& ctx, const Params& params);

}  // namespace lp::dashboard
