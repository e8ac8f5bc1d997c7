#pragma once
// "Since the last inspection": every imported report oldest first, each canonical area's grade
// across them, and for each improvement point whether a later report still names it. Pure logic
// over the stored history (DashboardStore::report_history); the page only prints it.
#include <cstddef>
#include <lp/dashboard/store.hpp>
#include <map>
#include <string>
#include <vector>

namespace lp::dashboard {

/// Each report's improvement points with the themes the catalogue's links give them, by report id.
std::map<std::string, std::vector<HistoryPoint>> history_points(const Catalogue& catalogue);

/// The earlier inspections that reports quote (minutes giving the 2021 and the 2024 outcomes), each
/// as a report of kind kEarlierKind: id "<report id>/earlier/<date>", the quoting report's
/// authority and title, the earlier date and grades, no improvement points.
inline constexpr const char* kEarlierKind = "earlier";
std::vector<Report> earlier_inspections(const Catalogue& catalogue);

/// How alike two improvement points' words are, 0..1: the Dice coefficient of their content-word
/// stems (small words and words every point shares, such as "children", left out).
double point_similarity(const std::string& a, const std::string& b);

/// Thresholds of "a later report still names this point" (docs/themes.md explains them).
struct MatchRule {
    double words = 0.34;             // this much alike in words alone
    double words_with_theme = 0.18;  // or this much, when both points link to a same theme
};

/// A later report's point that names an earlier point again.
struct LaterMention {
    std::size_t column = 0;  // index into HistoryTable::columns
    std::string text;        // the later point's words
    double similarity = 0.0;
    std::vector<std::string> shared_themes;
};

struct PointFollowUp {
    HistoryPoint point;
    std::vector<LaterMention> later;  // at most one per later report; empty: not named again
};

struct HistoryColumn {
    Report report;
    std::int64_t imported_at = 0;
    std::vector<PointFollowUp> points;
    bool has_later = false;  // a later report of the same authority exists
};

struct AreaRow {
    std::string canonical;            // "overall", "care-leavers", ...; a judgement without one: its own words
    std::string wording;              // the latest report's own words for the area
    std::vector<std::string> grades;  // one per column; "" when that report did not judge it
};

struct HistoryTable {
    std::vector<HistoryColumn> columns;  // oldest first
    std::vector<AreaRow> areas;          // canonical order (overall, leadership, help, care, leavers, ...)
};

/// Arranges the stored history: reports by date (undated ones last; then import time), areas across them, and each
/// point's later mentions in reports of the same authority. An earlier inspection quoted by a report
/// is left out when a report of the same authority and month (or year, when only that is known) is
/// itself imported: the report's own grades win over a quotation of them.
HistoryTable build_history(std::vector<HistoryReport> reports, const MatchRule& rule = {});

}  // namespace lp::dashboard
