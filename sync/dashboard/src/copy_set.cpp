// The dashboard's tables for migrate-store. Columns mirror sqlite_schema.cpp and
// pg_dashboard_schema.cpp; a test copies a dashboard filled through its own API and compares
// both stores, so a column added to a migration and forgotten here shows up as a difference.
#include <lp/dashboard/copy_set.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/dashboard/sqlite_store.hpp>

namespace lp::dashboard {

aggregator::CopySet copy_set() {
    using K = aggregator::CopyKind;
    aggregator::CopySet set;
    set.name = "dashboard";
    set.tables = {
        // A fresh PostgreSQL schema seeds the indexer's cursor at 0; SQLite writes it on the
        // first pass. No cursor row means 0 on both, so both read as one.
        {"dash_state", {{"key", K::text}, {"value", K::text}}, "key",
         "SELECT key, value FROM dash_state UNION ALL SELECT 'cursor', '0'"
         " WHERE NOT EXISTS (SELECT 1 FROM dash_state WHERE key = 'cursor')",
         "", "key = 'cursor' AND value = '0'"},
        {"dash_reports",
         {{"id", K::text}, {"ord", K::integer}, {"authority", K::text}, {"kind", K::text}, {"date", K::text},
          {"title", K::text}, {"sha256", K::text}, {"judgements", K::text}, {"framework", K::text},
          {"framework_version", K::text}},
         "id", "", "", ""},
        {"dash_report_history",
         {{"id", K::text}, {"authority", K::text}, {"kind", K::text}, {"date", K::text}, {"title", K::text},
          {"sha256", K::text}, {"judgements", K::text}, {"framework", K::text}, {"framework_version", K::text},
          {"imported_at", K::integer}},
         "id", "", "", ""},
        {"dash_report_history_points",
         {{"report", K::text}, {"ord", K::integer}, {"area", K::text}, {"text", K::text}, {"themes", K::text}},
         "report, ord", "", "", ""},
        {"dash_findings",
         {{"id", K::text}, {"ord", K::integer}, {"report", K::text}, {"kind", K::text}, {"area", K::text},
          {"text", K::text}, {"paragraphs", K::text}},
         "id", "", "", ""},
        {"dash_themes", {{"id", K::text}, {"ord", K::integer}, {"title", K::text}, {"young_title", K::text}}, "id", "",
         "", ""},
        {"dash_finding_themes",
         {{"finding", K::text}, {"theme", K::text}, {"ord", K::integer}, {"score", K::real}, {"matched", K::text}},
         "finding, theme", "", "", ""},
        {"dash_theme_summary",
         {{"theme", K::text}, {"month", K::text}, {"site", K::text}, {"age_band", K::text}, {"question_set", K::text},
          {"responses", K::integer}, {"answers", K::integer}, {"score_sum", K::real}, {"negatives", K::integer},
          {"comments", K::integer}},
         "theme, month, site, age_band, question_set", "", "", ""},
        {"dash_value_summary",
         {{"question_set", K::text}, {"question", K::text}, {"month", K::text}, {"site", K::text},
          {"age_band", K::text}, {"value", K::text}, {"count", K::integer}},
         "question, question_set, month, site, age_band, value", "", "", ""},
        // On PostgreSQL a link also carries its response's filter columns (pg schema step 2);
        // read from the SQLite join, a link without its response fails the copy (NOT NULL).
        {"dash_comment_links",
         {{"response", K::integer}, {"theme", K::text}, {"score", K::real}, {"matched", K::text}, {"source", K::text},
          {"site", K::text}, {"month", K::text}, {"age_band", K::text}, {"question_set", K::text}},
         "response, theme",
         "SELECT l.response, l.theme, l.score, l.matched, l.source, r.site, substr(r.created_hour, 1, 7), r.age_band,"
         " r.question_set_id FROM dash_comment_links l LEFT JOIN responses r ON r.pk = l.response",
         "", ""},
        {"dash_link_corrections",
         {{"pk", K::integer}, {"response", K::integer}, {"theme", K::text}, {"action", K::text}, {"user", K::text},
          {"at", K::integer}, {"text", K::text}},
         "pk", "", "pk", ""},
        {"dash_safeguarding",
         {{"pk", K::integer}, {"response", K::integer}, {"site", K::text}, {"created_hour", K::text},
          {"received_at", K::integer}, {"needs_help", K::boolean}, {"matched", K::text}, {"categories", K::text},
          {"ack_at", K::integer}, {"ack_by", K::text}, {"ack_note", K::text}},
         "pk", "", "pk", ""},
        {"dash_comment_reviews",
         {{"response", K::integer}, {"received_at", K::integer}, {"flagged", K::boolean}, {"read_at", K::integer},
          {"read_by", K::text}},
         "response", "", "", ""},
        {"dash_sessions",
         {{"token_hash", K::text}, {"user", K::text}, {"role", K::text}, {"csrf", K::text}, {"created_at", K::integer},
          {"last_seen", K::integer}, {"stamp", K::text}},
         "token_hash", "", "", ""},
        {"dash_logins", {{"user", K::text}, {"failures", K::integer}, {"locked_until", K::integer}}, "\"user\"", "", "",
         ""},
        {"dash_audit",
         {{"pk", K::integer}, {"at", K::integer}, {"user", K::text}, {"action", K::text}, {"detail", K::text}}, "pk",
         "", "pk", ""},
        {"dash_replies",
         {{"pk", K::integer}, {"theme", K::text}, {"text", K::text}, {"user", K::text}, {"at", K::integer}}, "pk", "",
         "pk", ""},
        {"dash_cohorts",
         {{"quarter", K::text}, {"site", K::text}, {"age_band", K::text}, {"size", K::integer}},
         "quarter, site, age_band", "", "", ""},
        {"dash_actions",
         {{"pk", K::integer}, {"title", K::text}, {"young_text", K::text}, {"owner", K::text}, {"due", K::text},
          {"status", K::text}, {"status_at", K::integer}, {"evidence", K::text}, {"created_by", K::text},
          {"created_at", K::integer}},
         "pk", "", "pk", ""},
        {"dash_action_links", {{"action", K::integer}, {"kind", K::text}, {"target", K::text}},
         "action, kind, target", "", "", ""},
        {"dash_action_history",
         {{"pk", K::integer}, {"action", K::integer}, {"status", K::text}, {"at", K::integer}, {"user", K::text}},
         "pk", "", "pk", ""},
        {"dash_alerts",
         {{"pk", K::integer}, {"uid", K::text}, {"response", K::integer}, {"site", K::text}, {"created_hour", K::text},
          {"received_at", K::integer}, {"needs_help", K::boolean}, {"categories", K::text}},
         "pk", "", "pk", ""},
        {"dash_alert_deliveries",
         {{"alert", K::integer}, {"channel", K::text}, {"state", K::text}, {"attempts", K::integer},
          {"next_at", K::integer}, {"last_error", K::text}, {"done_at", K::integer}},
         "alert, channel", "", "", ""},
    };
    // Opening a store applies its pending migrations (the SQLite file may predate the dashboard).
    set.prepare_source = [](const std::string& path) -> Status {
        auto s = open_sqlite_dashboard_store(path);
        if (!s) return s.error();
        return ok_status();
    };
    set.prepare_target = [](const std::string& url) -> Status {
        auto s = open_pg_dashboard_store(url, 1);
        if (!s) return s.error();
        return ok_status();
    };
    return set;
}

}  // namespace lp::dashboard
