#pragma once
// The quarterly board pack: its figures gathered once from the stores and suppressed there
// (build_board_pack), then printed as an A4 PDF with cairo and pango (render_board_pack_pdf).
// The PDF holds real, tagged text with embedded fonts; no browser runs on the server.
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/reporting_store.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/dashboard/text.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard {

struct PackTheme {
    std::string id;
    std::string title;
    std::string area;
    bool has_questions = false;
    Rate answered;  // responses of the quarter with the site's (or council's) cohort
    std::int64_t answers = 0;   // rounded; 0 when suppressed
    double mean = 0;            // rounded to 0.05; 0 when suppressed
    double negative_share = 0;  // 0 when suppressed
    Change change;              // against the quarter before (shown only when larger than its uncertainty)
    std::string status;         // status_word(): stable English, translated when printed
    std::vector<CommentView> comments;  // newest distinct comments of the quarter; none when suppressed
};

struct PackAction {
    std::string theme_title;
    std::string text;
    std::string owner;
    std::string due;     // "YYYY-MM-DD" or ""
    std::string status;  // planned | in_progress | done | dropped
    bool overdue = false;
};

struct PackArea {
    std::string key;  // judgement area
    std::int64_t findings = 0;
    std::int64_t improvements = 0;
    std::int64_t strengths = 0;
    std::int64_t themes_agree = 0;     // themes where young people agree with the inspectors
    std::int64_t themes_disagree = 0;  // ... disagree
    std::int64_t themes_with_answers = 0;
};

struct BoardPack {
    std::string council;  // the catalogue's authority ("" when none loaded)
    Quarter quarter;
    std::string site;  // "" = the whole council
    std::string generated_on;  // "YYYY-MM-DD" (UTC)
    int min_group = 5;
    double warning_rate = 0.2;
    Rate headline;                  // responses of the quarter and the rate
    std::int64_t previous_responses = 0;  // rounded; 0 when suppressed
    bool previous_suppressed = true;
    std::int64_t sites_heard = 0;   // sites with at least min_group responses in the quarter
    Reach reach;
    std::vector<std::string> small_sites;  // fewer than min_group responses in the quarter: "a small site"
    std::vector<PackTheme> themes;         // catalogue order, by area
    SafeguardingCounts safeguarding;       // counts rounded; -1 for one under min_group ("fewer than N");
                                           // ack_seconds empty when fewer than min_group were acknowledged
    bool safeguarding_suppressed = false;  // some count is under min_group
    std::vector<PackAction> actions;
    std::vector<PackArea> areas;
};

struct BoardPackSources {
    DashboardStore& store;
    ReportingStore& reporting;
    const CatalogueIndex& cat;
    const DashboardConfig& config;
};

/// Gathers the pack's figures for a quarter and site ("" = the council), suppressing every
/// figure built from fewer than min_group responses. Errors come from the stores.
Result<BoardPack> build_board_pack(const BoardPackSources& sources, const Quarter& quarter, const std::string& site,
                                   std::int64_t now);

/// The pack as PDF bytes (A4, tagged, fonts embedded) in t's language. internal on a cairo error.
Result<std::string> render_board_pack_pdf(const BoardPack& pack, const Text& t);

}  // namespace lp::dashboard
