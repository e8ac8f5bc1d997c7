// PostgreSQL DashboardStore. Several aggregator instances share the database, so what the
// SQLite store gets from its single writer is enforced by the database here:
// - indexing: apply_indexed() takes a transaction-level advisory lock, re-reads the cursor
//   under it and drops responses another instance already counted, so two indexers racing
//   over the same responses count each exactly once;
// - pk order: responses get their pk when inserted but become visible when committed, so a
//   later pk can be visible before an earlier one. raw_responses_after() therefore reads only
//   up to a pk below which every insert has committed (a brief SHARE lock on responses waits
//   for in-flight ingest transactions), so the cursor never jumps over a response;
// - sessions, logins, audit and replies are plain rows any instance reads.
// Every value is bound ($n parameters; lists travel as one JSON document). Serialisation
// failures, deadlocks and lost connections are retried, like the aggregator's PgStore.
#include <lp/aggregator/pg_pool.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/dashboard/report_history.hpp>
#include <lp/dashboard/summarise.hpp>
#include <lp/dashboard/store_open.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/time.hpp>

#include "pg_purge.hpp"
#include "pg_raw.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

namespace lp::dashboard {
namespace {

using nlohmann::json;

constexpr long long migration_lock_key = 0x4c50'0002;  // "LP" + 2 (the aggregator's is + 1)
constexpr long long index_lock_key = 0x4c50'0003;      // summaries: indexer passes, relinks, corrections
constexpr int max_conflict_retries = 20;
constexpr int reconnect_budget_ms = 8000;

Error to_error(const std::exception& e) { return aggregator::pg_error(e, "dashboard database"); }

Status to_status(const Result<bool>& r) {
    if (!r) return r.error();
    return ok_status();
}

std::string text_of(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

void apply_migrations(pqxx::connection& c) {
    pqxx::work w(c);
    w.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
    w.exec("CREATE TABLE IF NOT EXISTS dashboard_schema (version integer NOT NULL)");
    if (w.exec1("SELECT count(*) FROM dashboard_schema")[0].as<int>() == 0)
        w.exec("INSERT INTO dashboard_schema (version) VALUES (0)");
    const auto& steps = pg_dashboard_migrations();
    for (auto v = w.exec1("SELECT version FROM dashboard_schema")[0].as<std::size_t>(); v < steps.size(); ++v) {
        w.exec(steps[v]);
        w.exec_params("UPDATE dashboard_schema SET version = $1", static_cast<int>(v + 1));
    }
    w.commit();
}

// The shared filter (site, band, question set, months) as $1..$5 of a summary query.
const char* const filter_sql =
    " ($1 = '' OR site = $1) AND ($2 = '' OR age_band = $2) AND ($3 = '' OR question_set = $3)"
    " AND ($4 = '' OR month >= $4) AND ($5 = '' OR month <= $5) ";

// Comments are filtered on the aggregator's responses row (r); $6 is the search text.
const char* const comment_filter_sql =
    " ($1 = '' OR r.site = $1) AND ($2 = '' OR r.age_band = $2) AND ($3 = '' OR r.question_set_id = $3)"
    " AND ($4 = '' OR substr(r.created_hour, 1, 7) >= $4) AND ($5 = '' OR substr(r.created_hour, 1, 7) <= $5)"
    " AND ($6 = '' OR strpos(lower(c.text), lower($6)) > 0) ";
// With a theme, the filter is on the link's own copy of its response's columns (schema step 2),
// so the theme's matching links are found through an index, not by joining each to responses.
const char* const theme_comment_filter_sql =
    " ($1 = '' OR lt.site = $1) AND ($2 = '' OR lt.age_band = $2) AND ($3 = '' OR lt.question_set = $3)"
    " AND ($4 = '' OR lt.month >= $4) AND ($5 = '' OR lt.month <= $5)"
    " AND ($6 = '' OR strpos(lower(c.text), lower($6)) > 0) ";
// $7 is the theme (bound as '' and unused without one, so every query has the same parameters).
const char* const comments_from_all = " FROM comments c JOIN responses r ON r.pk = c.response WHERE ($7 = $7) AND";
const char* const comments_from_theme =
    " FROM dash_comment_links lt JOIN comments c ON c.response = lt.response JOIN responses r ON r.pk = lt.response"
    " WHERE lt.theme = $7 AND";

// "No theme yet": comments no link (the linker's or a manager's) files under any theme.
const char* const unlinked_sql = " AND NOT EXISTS (SELECT 1 FROM dash_comment_links u WHERE u.response = c.response) ";

// The FROM and WHERE of a comment list or count.
std::string comments_where(const CommentQuery& q) {
    return (q.theme.empty() ? std::string(comments_from_all) + comment_filter_sql
                            : std::string(comments_from_theme) + theme_comment_filter_sql) +
           (q.unlinked ? unlinked_sql : "");
}

// [SECTION] Connection pool

using Pool = aggregator::PgPool;

// [SECTION] Store

class PgDashboardStore final : public DashboardStore {
public:
    PgDashboardStore(const std::string& url, int pool_size) : pool_(url, pool_size) {
        auto lease = pool_.acquire();
        apply_migrations(*lease);
    }

    // [SECTION] Catalogue

    Status replace_catalogue(const Catalogue& c) override {
        return status_of([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            w.exec(
                "DELETE FROM dash_reports; DELETE FROM dash_findings; DELETE FROM dash_themes;"
                " DELETE FROM dash_finding_themes;");
            std::int64_t ord = 0;
            const auto points = history_points(c);
            const std::int64_t now = now_unix();
            for (const auto& r : c.reports) {
                w.exec_params(
                    "INSERT INTO dash_reports (id, ord, authority, kind, date, title, sha256, judgements, framework,"
                    " framework_version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
                    r.id, ord++, r.authority, r.kind, r.date, r.title, r.sha256, judgements_to_json(r.judgements),
                    r.framework, r.framework_version);
                w.exec_params(
                    "INSERT INTO dash_report_history VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (id) DO UPDATE"
                    " SET authority = excluded.authority, kind = excluded.kind, date = excluded.date,"
                    " title = excluded.title, sha256 = excluded.sha256, judgements = excluded.judgements,"
                    " framework = excluded.framework, framework_version = excluded.framework_version,"
                    " imported_at = excluded.imported_at",
                    r.id, r.authority, r.kind, r.date, r.title, r.sha256, judgements_to_json(r.judgements), r.framework,
                    r.framework_version, now);
                w.exec_params("DELETE FROM dash_report_history_points WHERE report = $1", r.id);
                auto it = points.find(r.id);
                if (it == points.end()) continue;
                std::int64_t n = 0;
                for (const auto& p : it->second)
                    w.exec_params("INSERT INTO dash_report_history_points VALUES ($1,$2,$3,$4,$5)", r.id, n++, p.area,
                                  p.text, to_json_list(p.themes));
            }
            for (const auto& r : earlier_inspections(c))  // kept, like the reports, across imports
                w.exec_params(
                    "INSERT INTO dash_report_history VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (id) DO UPDATE"
                    " SET judgements = excluded.judgements, title = excluded.title, imported_at = excluded.imported_at",
                    r.id, r.authority, r.kind, r.date, r.title, r.sha256, judgements_to_json(r.judgements), r.framework,
                    r.framework_version, now);
            ord = 0;
            for (const auto& f : c.findings)
                w.exec_params("INSERT INTO dash_findings VALUES ($1,$2,$3,$4,$5,$6,$7)", f.id, ord++, f.report, f.kind,
                              f.area, f.text, paragraphs_to_json(f.paragraphs));
            ord = 0;
            for (const auto& t : c.themes)
                w.exec_params("INSERT INTO dash_themes VALUES ($1,$2,$3,$4)", t.id, ord++, t.title, t.young_title);
            ord = 0;
            for (const auto& l : c.links)
                w.exec_params(
                    "INSERT INTO dash_finding_themes VALUES ($1,$2,$3,$4,$5) ON CONFLICT (finding, theme) DO UPDATE"
                    " SET ord = excluded.ord, score = excluded.score, matched = excluded.matched",
                    l.finding, l.theme, ord++, l.score, to_json_list(l.matched));
            w.exec(
                "INSERT INTO dash_state (key, value) VALUES ('catalogue_version', '1') ON CONFLICT (key) DO UPDATE"
                " SET value = (dash_state.value::bigint + 1)::text");
            w.commit();
        });
    }

    Result<Catalogue> catalogue() override {
        return call<Catalogue>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            Catalogue c;
            for (const auto& row :
                 w.exec("SELECT id, authority, kind, date, title, sha256, judgements, framework, framework_version"
                        " FROM dash_reports ORDER BY ord")) {
                Report r{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                         row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                         {}};
                r.judgements = judgements_from_json(row[6].as<std::string>());
                r.framework = row[7].as<std::string>();
                r.framework_version = row[8].as<std::string>();
                c.reports.push_back(std::move(r));
            }
            for (const auto& row :
                 w.exec("SELECT id, report, kind, area, text, paragraphs FROM dash_findings ORDER BY ord")) {
                Finding f{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                          row[3].as<std::string>(), row[4].as<std::string>(), {}};
                f.paragraphs = paragraphs_from_json(row[5].as<std::string>());
                c.findings.push_back(std::move(f));
            }
            for (const auto& row : w.exec("SELECT id, title, young_title FROM dash_themes ORDER BY ord"))
                c.themes.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
            for (const auto& row : w.exec("SELECT finding, theme, score, matched FROM dash_finding_themes ORDER BY ord"))
                c.links.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<double>(),
                                   from_json_list(row[3].as<std::string>())});
            return c;
        });
    }

    Result<std::vector<HistoryReport>> report_history() override {
        return call<std::vector<HistoryReport>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<HistoryReport> out;
            std::map<std::string, std::size_t> at;
            for (const auto& row :
                 w.exec("SELECT id, authority, kind, date, title, sha256, judgements, framework, framework_version,"
                        " imported_at FROM dash_report_history ORDER BY id")) {
                HistoryReport h;
                h.report = Report{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                                  row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                                  {}};
                h.report.judgements = judgements_from_json(row[6].as<std::string>());
                h.report.framework = row[7].as<std::string>();
                h.report.framework_version = row[8].as<std::string>();
                h.imported_at = row[9].as<std::int64_t>();
                at[h.report.id] = out.size();
                out.push_back(std::move(h));
            }
            for (const auto& row :
                 w.exec("SELECT report, area, text, themes FROM dash_report_history_points ORDER BY report, ord")) {
                auto it = at.find(row[0].as<std::string>());
                if (it == at.end()) continue;
                out[it->second].points.push_back(
                    {row[1].as<std::string>(), row[2].as<std::string>(), from_json_list(row[3].as<std::string>())});
            }
            return out;
        });
    }

    Result<std::int64_t> catalogue_version() override {
        return call<std::int64_t>([&](pqxx::connection& conn) -> std::int64_t {
            pqxx::read_transaction w(conn);
            auto r = w.exec("SELECT value FROM dash_state WHERE key = 'catalogue_version'");
            return r.empty() ? 0 : std::stoll(r[0][0].as<std::string>());
        });
    }

    // [SECTION] Indexing

    Result<std::int64_t> cursor() override {
        return call<std::int64_t>([&](pqxx::connection& conn) -> std::int64_t {
            pqxx::read_transaction w(conn);
            auto r = w.exec("SELECT value FROM dash_state WHERE key = 'cursor'");
            return r.empty() ? 0 : std::stoll(r[0][0].as<std::string>());
        });
    }

    Result<std::vector<RawResponse>> raw_responses_after(std::int64_t after, int limit) override {
        return call<std::vector<RawResponse>>([&](pqxx::connection& conn) {
            std::int64_t settled = 0;
            {
                pqxx::work w(conn);
                if (!w.exec_params1("SELECT EXISTS (SELECT 1 FROM responses WHERE pk > $1)", after)[0].as<bool>())
                    return std::vector<RawResponse>{};
                // SHARE conflicts with the ROW EXCLUSIVE lock of every inserting transaction: once
                // granted, all responses with a pk handed out so far are committed and visible.
                w.exec("SET LOCAL lock_timeout = '5s'");
                w.exec("LOCK TABLE responses IN SHARE MODE");
                settled = w.exec1("SELECT coalesce(max(pk), 0) FROM responses")[0].as<std::int64_t>();
                w.commit();
            }
            pqxx::read_transaction w(conn);
            const auto picked = w.exec_params(std::string("SELECT ") + detail::pg_raw_columns +
                                                  " FROM responses WHERE pk > $1 AND pk <= $2 ORDER BY pk LIMIT $3",
                                              after, settled, static_cast<std::int64_t>(limit));
            return detail::pg_raw_responses(w, picked);
        });
    }

    Status apply_indexed(const std::vector<IndexedResponse>& all) override {
        if (all.empty()) return ok_status();
        return status_of([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            w.exec_params("SELECT pg_advisory_xact_lock($1)", index_lock_key);
            // Another instance may have indexed some or all of these since our caller read the
            // cursor: only what lies beyond the cursor as it stands now is ours to count.
            const auto cur = std::stoll(
                w.exec1("SELECT value FROM dash_state WHERE key = 'cursor' FOR UPDATE")[0].as<std::string>());
            std::vector<const IndexedResponse*> batch;
            for (const auto& r : all)
                if (r.pk > cur) batch.push_back(&r);
            if (batch.empty()) return;  // nothing of ours; the transaction just ends

            // Links a manager removed (the linker may not re-add them) or that already exist
            // (a manager's, kept through a relink) are not written or counted again.
            json wanted = json::array();
            for (const auto* r : batch)
                for (const auto& l : r->comment_links) wanted.push_back({{"response", r->pk}, {"theme", l.theme}});
            BlockedLinks blocked;
            if (!wanted.empty())
                for (const auto& row : w.exec_params(
                         "SELECT x.response, x.theme FROM jsonb_to_recordset($1::jsonb) AS x(response bigint, theme text)"
                         " WHERE EXISTS (SELECT 1 FROM dash_comment_links l WHERE l.response = x.response"
                         " AND l.theme = x.theme) OR (SELECT action FROM dash_link_corrections k"
                         " WHERE k.response = x.response AND k.theme = x.theme"
                         "     ORDER BY pk DESC LIMIT 1) = 'remove'",
                         wanted.dump()))
                    blocked.insert({row[0].as<std::int64_t>(), row[1].as<std::string>()});

            // Pre-aggregated in memory so each summary cell is written once.
            const BatchSummary sum = summarise(batch, blocked);
            json themes = json::array();
            for (const auto& [k, c] : sum.themes)
                themes.push_back({{"theme", k.theme},
                                  {"month", k.month},
                                  {"site", k.site},
                                  {"age_band", k.age_band},
                                  {"question_set", k.question_set},
                                  {"responses", c.responses},
                                  {"answers", c.answers},
                                  {"score_sum", c.score_sum},
                                  {"negatives", c.negatives},
                                  {"comments", c.comments}});
            if (!themes.empty())
                w.exec_params(
                    "INSERT INTO dash_theme_summary SELECT theme, month, site, age_band, question_set, responses, answers,"
                    " score_sum, negatives, comments FROM jsonb_to_recordset($1::jsonb) AS x(theme text, month text,"
                    " site text, age_band text, question_set text, responses bigint, answers bigint,"
                    " score_sum double precision, negatives bigint, comments bigint)"
                    " ON CONFLICT (theme, month, site, age_band, question_set) DO UPDATE SET"
                    " responses = dash_theme_summary.responses + excluded.responses,"
                    " answers = dash_theme_summary.answers + excluded.answers,"
                    " score_sum = dash_theme_summary.score_sum + excluded.score_sum,"
                    " negatives = dash_theme_summary.negatives + excluded.negatives,"
                    " comments = dash_theme_summary.comments + excluded.comments",
                    themes.dump());
            json values = json::array();
            for (const auto& [k, n] : sum.values)
                values.push_back({{"question_set", k.question_set},
                                  {"question", k.question},
                                  {"month", k.month},
                                  {"site", k.site},
                                  {"age_band", k.age_band},
                                  {"value", k.value},
                                  {"count", n}});
            if (!values.empty())
                w.exec_params(
                    "INSERT INTO dash_value_summary SELECT question_set, question, month, site, age_band, value, count"
                    " FROM jsonb_to_recordset($1::jsonb) AS x(question_set text, question text, month text, site text,"
                    " age_band text, value text, count bigint)"
                    " ON CONFLICT (question, question_set, month, site, age_band, value) DO UPDATE SET"
                    " count = dash_value_summary.count + excluded.count",
                    values.dump());
            json links = json::array();
            json concerns = json::array();
            json reviews = json::array();
            for (const auto* r : batch) {
                if (r->has_comment)
                    reviews.push_back({{"response", r->pk},
                                       {"received_at", r->received_at},
                                       {"flagged", r->needs_help || !r->safeguarding_matched.empty() || r->read_first}});
                for (const auto& l : r->comment_links)
                    if (!blocked.count({r->pk, l.theme}))
                        links.push_back({{"response", r->pk},
                                         {"theme", l.theme},
                                         {"score", l.score},
                                         {"matched", to_json_list(l.matched)},
                                         {"site", r->site},
                                         {"month", r->month},
                                         {"age_band", r->age_band},
                                         {"question_set", r->question_set}});
                if (r->needs_help || !r->safeguarding_matched.empty())
                    concerns.push_back({{"response", r->pk},
                                        {"site", r->site},
                                        {"created_hour", r->created_hour},
                                        {"received_at", r->received_at},
                                        {"needs_help", r->needs_help},
                                        {"matched", to_json_list(r->safeguarding_matched)},
                                        {"categories", to_json_list(r->safeguarding_categories)}});
            }
            if (!links.empty())
                w.exec_params(
                    "INSERT INTO dash_comment_links (response, theme, score, matched, source, site, month, age_band,"
                    " question_set) SELECT response, theme, score, matched, 'linker', site, month, age_band, question_set"
                    " FROM jsonb_to_recordset($1::jsonb) AS x(response bigint, theme text, score double precision,"
                    " matched text, site text, month text, age_band text, question_set text)"
                    " ON CONFLICT DO NOTHING",
                    links.dump());
            // One help request, one queue item and one help_request alert: the full response that
            // follows the kiosk's help-only row (as SQLite's follows_help_only_sql) is not a second
            // one; a flagged comment in it still is. Alerts are queued in the same transaction as
            // the queue item: none is lost, none made twice.
            const std::string concerns_from =
                " FROM (SELECT x.*, x.needs_help AND NOT EXISTS ("
                "   SELECT 1 FROM responses r JOIN responses p ON p.device_id = r.device_id AND p.seq = r.seq - 1"
                "   WHERE r.pk = x.response AND p.needs_help"
                "   AND (EXISTS (SELECT 1 FROM answers WHERE response = r.pk)"
                "        OR EXISTS (SELECT 1 FROM comments WHERE response = r.pk))"
                "   AND NOT EXISTS (SELECT 1 FROM answers WHERE response = p.pk)"
                "   AND NOT EXISTS (SELECT 1 FROM comments WHERE response = p.pk)) AS help"
                " FROM jsonb_to_recordset($1::jsonb) AS x(response bigint, site text, created_hour text,"
                " received_at bigint, needs_help boolean, matched text, categories text)) c"
                " WHERE help OR matched <> '[]' ORDER BY response ON CONFLICT (response) DO NOTHING";
            if (!concerns.empty()) {
                w.exec_params(
                    "INSERT INTO dash_safeguarding (response, site, created_hour, received_at, needs_help, matched,"
                    " categories) SELECT response, site, created_hour, received_at, help, matched, categories" +
                        concerns_from,
                    concerns.dump());
                w.exec_params(
                    "INSERT INTO dash_alerts (uid, response, site, created_hour, received_at, needs_help, categories)"
                    " SELECT replace(gen_random_uuid()::text, '-', ''), response, site, created_hour, received_at,"
                    " help, categories" +
                        concerns_from,
                    concerns.dump());
            }
            // Relinking keeps who read what; a comment newly flagged moves to the shorter deadline.
            if (!reviews.empty())
                w.exec_params(
                    "INSERT INTO dash_comment_reviews (response, received_at, flagged) SELECT response, received_at,"
                    " flagged FROM jsonb_to_recordset($1::jsonb) AS x(response bigint, received_at bigint,"
                    " flagged boolean) ORDER BY response"
                    " ON CONFLICT (response) DO UPDATE SET flagged = dash_comment_reviews.flagged OR excluded.flagged",
                    reviews.dump());
            w.exec_params("UPDATE dash_state SET value = $1 WHERE key = 'cursor'", std::to_string(batch.back()->pk));
            w.commit();
        });
    }

    Status reset_index() override {
        return status_of([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            w.exec_params("SELECT pg_advisory_xact_lock($1)", index_lock_key);
            w.exec(
                "DELETE FROM dash_theme_summary; DELETE FROM dash_value_summary;"
                " DELETE FROM dash_comment_links WHERE source = 'linker';"
                " UPDATE dash_state SET value = '0' WHERE key = 'cursor';");
            // Managers' links stay, so their comment counts go back into the fresh summary.
            w.exec(
                "INSERT INTO dash_theme_summary SELECT l.theme, substr(r.created_hour, 1, 7), r.site, r.age_band,"
                " r.question_set_id, 0, 0, 0, 0, count(*) FROM dash_comment_links l JOIN responses r ON r.pk ="
                " l.response WHERE l.source = 'manager' GROUP BY 1, 2, 3, 4, 5");
            w.commit();
        });
    }

    // [SECTION] Views

    Result<std::vector<ThemeMonth>> theme_months(const Filter& f) override {
        return call<std::vector<ThemeMonth>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<ThemeMonth> out;
            for (const auto& row : w.exec_params(
                     std::string("SELECT theme, month, sum(responses)::bigint, sum(answers)::bigint, sum(score_sum),"
                                 " sum(negatives)::bigint FROM dash_theme_summary WHERE") +
                         filter_sql + "GROUP BY theme, month ORDER BY theme COLLATE \"C\", month COLLATE \"C\"",
                     f.site, f.age_band, f.question_set, f.from_month, f.to_month))
                out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
                               row[3].as<std::int64_t>(), row[4].as<double>(), row[5].as<std::int64_t>()});
            return out;
        });
    }

    Result<std::vector<ThemeMonth>> theme_months_of(const Filter& f, const std::string& theme) override {
        return call<std::vector<ThemeMonth>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<ThemeMonth> out;
            for (const auto& row : w.exec_params(
                     std::string("SELECT theme, month, sum(responses)::bigint, sum(answers)::bigint, sum(score_sum),"
                                 " sum(negatives)::bigint FROM dash_theme_summary WHERE theme = $6 AND") +
                         filter_sql + "GROUP BY theme, month ORDER BY theme COLLATE \"C\", month COLLATE \"C\"",
                     f.site, f.age_band, f.question_set, f.from_month, f.to_month, theme))
                out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
                               row[3].as<std::int64_t>(), row[4].as<double>(), row[5].as<std::int64_t>()});
            return out;
        });
    }

    Result<std::vector<ValueCount>> value_counts(const Filter& f, const std::vector<std::string>& questions) override {
        return call<std::vector<ValueCount>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<ValueCount> out;
            for (const auto& q : questions)
                for (const auto& row : w.exec_params(
                         std::string("SELECT question_set, question, value, sum(count)::bigint FROM dash_value_summary"
                                     " WHERE question = $6 AND") +
                             filter_sql +
                             "GROUP BY question_set, question, value"
                             " ORDER BY question_set COLLATE \"C\", value COLLATE \"C\"",
                         f.site, f.age_band, f.question_set, f.from_month, f.to_month, q))
                    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                                   row[3].as<std::int64_t>()});
            return out;
        });
    }

    Result<std::vector<CommentView>> comments(const CommentQuery& q) override {
        return call<std::vector<CommentView>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            const auto& f = q.filter;
            std::vector<CommentView> out;
            for (const auto& row : w.exec_params(
                     std::string("SELECT c.response, r.site, r.created_hour, r.age_band, r.question_set_id, c.text,"
                                 " (SELECT read_at FROM dash_comment_reviews WHERE response = c.response),"
                                 " (SELECT coalesce(read_by, '') FROM dash_comment_reviews WHERE response = c.response)") +
                         comments_where(q) +
                         (q.theme.empty() ? "ORDER BY c.response DESC" : "ORDER BY lt.response DESC") +
                         " LIMIT $8 OFFSET $9",
                     f.site, f.age_band, f.question_set, f.from_month, f.to_month, q.search, q.theme,
                     static_cast<std::int64_t>(q.limit), static_cast<std::int64_t>(q.offset))) {
                CommentView v{row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                              row[3].as<std::string>(),  row[4].as<std::string>(), row[5].as<std::string>(),
                              {},                        std::nullopt,             text_of(row[7])};
                if (!row[6].is_null()) v.read_at = row[6].as<std::int64_t>();
                out.push_back(std::move(v));
            }
            for (auto& c : out)
                for (const auto& row : w.exec_params(
                         "SELECT theme, score, matched, source FROM dash_comment_links WHERE response = $1"
                         " ORDER BY score DESC, theme COLLATE \"C\"",
                         c.response))
                    c.links.push_back({row[0].as<std::string>(), row[1].as<double>(),
                                       from_json_list(row[2].as<std::string>()), row[3].as<std::string>()});
            return out;
        });
    }

    Result<std::int64_t> count_comments(const CommentQuery& q) override {
        return call<std::int64_t>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            const auto& f = q.filter;
            if (!q.theme.empty() && q.search.empty() && !q.unlinked)
                // Kept in the summary (indexer and corrections), so a theme page never scans.
                return w
                    .exec_params1(std::string("SELECT coalesce(sum(comments), 0)::bigint FROM dash_theme_summary"
                                              " WHERE theme = $6 AND") +
                                      filter_sql,
                                  f.site, f.age_band, f.question_set, f.from_month, f.to_month, q.theme)[0]
                    .as<std::int64_t>();
            return w
                .exec_params1(std::string("SELECT count(*)") +
                                  comments_where(q),
                              f.site, f.age_band, f.question_set, f.from_month, f.to_month, q.search, q.theme)[0]
                .as<std::int64_t>();
        });
    }

    Result<AssistedCounts> assisted_counts(const Filter& f) override {
        return call<AssistedCounts>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            const auto row = w.exec_params1(
                "SELECT count(*)::bigint, (count(*) FILTER (WHERE r.assisted))::bigint FROM responses r WHERE"
                " ($1 = '' OR r.site = $1) AND ($2 = '' OR r.age_band = $2) AND ($3 = '' OR r.question_set_id = $3)"
                " AND ($4 = '' OR substr(r.created_hour, 1, 7) >= $4) AND ($5 = '' OR substr(r.created_hour, 1, 7) <= $5)",
                f.site, f.age_band, f.question_set, f.from_month, f.to_month);
            return AssistedCounts{row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
        });
    }

    Result<std::vector<std::string>> sites() override {
        return strings("SELECT site FROM devices GROUP BY site ORDER BY site COLLATE \"C\"");
    }

    Result<std::vector<std::string>> months() override {
        return strings("SELECT month FROM dash_theme_summary GROUP BY month ORDER BY month COLLATE \"C\"");
    }

    // [SECTION] Corrections

    Status correct_link(std::int64_t response, const std::string& theme, bool add, const std::string& user,
                        std::int64_t now) override {
        return to_status(call<bool>([&](pqxx::connection& conn) -> Result<bool> {
            pqxx::work w(conn);
            // Same lock as the indexer: a correction and an indexing pass never interleave.
            w.exec_params("SELECT pg_advisory_xact_lock($1)", index_lock_key);
            auto text = w.exec_params("SELECT text FROM comments WHERE response = $1", response);
            if (text.empty()) return Error{Errc::not_found, "no comment " + std::to_string(response)};
            w.exec_params(
                "INSERT INTO dash_link_corrections (response, theme, action, \"user\", at, text)"
                " VALUES ($1,$2,$3,$4,$5,$6)",
                response, theme, std::string(add ? "add" : "remove"), user, now, text[0][0].as<std::string>());
            const bool linked =
                !w.exec_params("SELECT 1 FROM dash_comment_links WHERE response = $1 AND theme = $2", response, theme)
                     .empty();
            std::int64_t delta = 0;
            if (add) {
                w.exec_params(
                    "INSERT INTO dash_comment_links (response, theme, score, matched, source, site, month, age_band,"
                    " question_set) SELECT pk, $2, 0, '[]', 'manager', site, substr(created_hour, 1, 7), age_band,"
                    " question_set_id FROM responses WHERE pk = $1 ON CONFLICT (response, theme)"
                    " DO UPDATE SET score = 0, matched = '[]', source = 'manager'",
                    response, theme);
                delta = linked ? 0 : 1;
            } else if (linked) {
                w.exec_params("DELETE FROM dash_comment_links WHERE response = $1 AND theme = $2", response, theme);
                delta = -1;
            }
            if (delta != 0)  // keep the theme's comment count in its summary cell
                w.exec_params(
                    "INSERT INTO dash_theme_summary SELECT $1, substr(created_hour, 1, 7), site, age_band,"
                    " question_set_id, 0, 0, 0, 0, $2::bigint FROM responses WHERE pk = $3"
                    " ON CONFLICT (theme, month, site, age_band, question_set) DO UPDATE SET"
                    " comments = dash_theme_summary.comments + excluded.comments",
                    theme, delta, response);
            w.commit();
            return true;
        }));
    }

    Result<std::vector<std::string>> labelled_examples() override {
        return call<std::vector<std::string>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<std::string> out;
            for (const auto& row : w.exec(
                     "SELECT DISTINCT x.response, c.text FROM dash_link_corrections x"
                     " JOIN comments c ON c.response = x.response ORDER BY x.response")) {
                const auto pk = row[0].as<std::int64_t>();
                json line = {{"text", row[1].as<std::string>()}, {"themes", json::array()}};
                for (const auto& l : w.exec_params(
                         "SELECT theme FROM dash_comment_links WHERE response = $1 ORDER BY theme COLLATE \"C\"", pk))
                    line["themes"].push_back(l[0].as<std::string>());
                auto sg = w.exec_params("SELECT matched FROM dash_safeguarding WHERE response = $1", pk);
                line["safeguarding"] = !sg.empty() && !from_json_list(sg[0][0].as<std::string>()).empty();
                out.push_back(line.dump());
            }
            return out;
        });
    }

    // [SECTION] Safeguarding

    Result<std::vector<SafeguardingItem>> safeguarding_items(bool include_acknowledged, int limit) override {
        return call<std::vector<SafeguardingItem>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<SafeguardingItem> out;
            for (const auto& row : w.exec_params(
                     "SELECT s.pk, s.response, s.site, s.created_hour, s.received_at, s.needs_help, s.matched,"
                     " s.categories, coalesce(c.text, ''), s.ack_at, coalesce(s.ack_by, ''), coalesce(s.ack_note, '')"
                     " FROM dash_safeguarding s LEFT JOIN comments c ON c.response = s.response"
                     " WHERE ($1 OR s.ack_at IS NULL) ORDER BY s.received_at DESC, s.pk DESC LIMIT $2",
                     include_acknowledged, static_cast<std::int64_t>(limit))) {
                SafeguardingItem i;
                i.id = row[0].as<std::int64_t>();
                i.response = row[1].as<std::int64_t>();
                i.site = row[2].as<std::string>();
                i.created_hour = row[3].as<std::string>();
                i.received_at = row[4].as<std::int64_t>();
                i.needs_help = row[5].as<bool>();
                i.matched = from_json_list(row[6].as<std::string>());
                i.categories = from_json_list(row[7].as<std::string>());
                i.comment = row[8].as<std::string>();
                if (!row[9].is_null()) i.acknowledged_at = row[9].as<std::int64_t>();
                i.acknowledged_by = row[10].as<std::string>();
                i.note = row[11].as<std::string>();
                out.push_back(std::move(i));
            }
            return out;
        });
    }

    Result<std::int64_t> unacknowledged_count() override {
        return call<std::int64_t>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            return w.exec1("SELECT count(*) FROM dash_safeguarding WHERE ack_at IS NULL")[0].as<std::int64_t>();
        });
    }

    Status acknowledge(std::int64_t id, const std::string& user, const std::string& note, std::int64_t now) override {
        return to_status(call<bool>([&](pqxx::connection& conn) -> Result<bool> {
            pqxx::work w(conn);
            // The row lock makes two managers acknowledging at once on two instances get one
            // success and one conflict.
            auto r = w.exec_params("SELECT ack_at FROM dash_safeguarding WHERE pk = $1 FOR UPDATE", id);
            if (r.empty()) return Error{Errc::not_found, "no safeguarding item " + std::to_string(id)};
            if (!r[0][0].is_null()) return Error{Errc::conflict, "this item was already acknowledged"};
            w.exec_params("UPDATE dash_safeguarding SET ack_at = $1, ack_by = $2, ack_note = $3 WHERE pk = $4", now, user,
                          note, id);
            w.commit();
            return true;
        }));
    }

    // [SECTION] Comment review

    Result<std::vector<UnreadComment>> unread_comments(int limit, int offset) override {
        return call<std::vector<UnreadComment>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<UnreadComment> out;
            for (const auto& row : w.exec_params(
                     "SELECT v.response, r.site, r.created_hour, r.age_band, v.received_at, v.flagged,"
                     " coalesce(s.categories, '[]'), coalesce(c.text, ''), s.response IS NULL"
                     " FROM dash_comment_reviews v JOIN responses r ON r.pk = v.response"
                     " LEFT JOIN comments c ON c.response = v.response"
                     " LEFT JOIN dash_safeguarding s ON s.response = v.response"
                     " WHERE v.read_at IS NULL ORDER BY v.flagged DESC, v.received_at, v.response LIMIT $1 OFFSET $2",
                     static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)))
                out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::string>(), row[4].as<std::int64_t>(), row[5].as<bool>(),
                               from_json_list(row[6].as<std::string>()), row[7].as<std::string>(),
                               row[5].as<bool>() && row[8].as<bool>()});
            return out;
        });
    }

    Result<ReviewCounts> review_counts(const ReviewDeadlines& d, std::int64_t now) override {
        return call<ReviewCounts>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            auto row = w.exec_params1(
                "SELECT count(*), count(*) FILTER"
                " (WHERE received_at < (CASE WHEN flagged THEN $1::bigint ELSE $2::bigint END))"
                " FROM dash_comment_reviews WHERE read_at IS NULL",
                now - d.flagged_s, now - d.comment_s);
            return ReviewCounts{row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
        });
    }

    Result<std::vector<std::int64_t>> mark_read(const std::vector<std::int64_t>& responses, bool only_unflagged,
                                                const std::string& user, std::int64_t now) override {
        return call<std::vector<std::int64_t>>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            // One statement: two managers marking the same comment on two instances mark it once.
            std::vector<std::int64_t> marked;
            for (const auto& row : w.exec_params(
                     "UPDATE dash_comment_reviews SET read_at = $1, read_by = $2"
                     " WHERE response IN (SELECT value::bigint FROM jsonb_array_elements_text($3::jsonb))"
                     " AND read_at IS NULL AND (NOT $4::boolean OR NOT flagged) RETURNING response",
                     now, user, json(responses).dump(), only_unflagged))
                marked.push_back(row[0].as<std::int64_t>());
            w.commit();
            std::sort(marked.begin(), marked.end());
            return marked;
        });
    }

    // [SECTION] Alerts

    Result<std::vector<AlertDelivery>> claim_alerts(const std::vector<std::string>& channels, std::int64_t since,
                                                    std::int64_t now, std::int64_t lease_s, int limit) override {
        return call<std::vector<AlertDelivery>>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            for (const auto& c : channels)
                w.exec_params(
                    "INSERT INTO dash_alert_deliveries (alert, channel, state, attempts, next_at, last_error)"
                    " SELECT pk, $1, 'pending', 0, $2, '' FROM dash_alerts WHERE received_at >= $3"
                    " ON CONFLICT DO NOTHING",
                    c, now, since);
            // SKIP LOCKED: instances behind nginx each claim different deliveries, never the same one.
            std::vector<AlertDelivery> out;
            for (const auto& row : w.exec_params(
                     "WITH due AS (SELECT alert, channel FROM dash_alert_deliveries"
                     "   WHERE state IN ('pending', 'sending') AND next_at <= $1 ORDER BY next_at, alert LIMIT $2"
                     "   FOR UPDATE SKIP LOCKED)"
                     " UPDATE dash_alert_deliveries d SET state = 'sending', attempts = d.attempts + 1, next_at = $3"
                     " FROM due, dash_alerts a WHERE d.alert = due.alert AND d.channel = due.channel AND a.pk = d.alert"
                     " RETURNING a.pk, a.uid, d.channel, a.response, a.site, a.created_hour, a.needs_help,"
                     " a.categories, d.attempts",
                     now, static_cast<std::int64_t>(limit), now + lease_s)) {
                AlertDelivery d;
                d.alert = row[0].as<std::int64_t>();
                d.uid = row[1].as<std::string>();
                d.channel = row[2].as<std::string>();
                d.response = row[3].as<std::int64_t>();
                d.site = row[4].as<std::string>();
                d.created_hour = row[5].as<std::string>();
                d.needs_help = row[6].as<bool>();
                d.categories = from_json_list(row[7].as<std::string>());
                d.attempts = row[8].as<int>();
                out.push_back(std::move(d));
            }
            w.commit();
            std::sort(out.begin(), out.end(), [](const AlertDelivery& a, const AlertDelivery& b) {
                return std::tie(a.alert, a.channel) < std::tie(b.alert, b.channel);
            });
            return out;
        });
    }

    Status finish_alert(std::int64_t alert, const std::string& channel, AlertOutcome outcome, std::int64_t next_at,
                        const std::string& error, std::int64_t now) override {
        const std::string state = outcome == AlertOutcome::sent ? "sent" : outcome == AlertOutcome::retry ? "pending"
                                                                                                        : "failed";
        return exec_status(
            "UPDATE dash_alert_deliveries SET state = $1, next_at = $2, last_error = $3,"
            " done_at = CASE WHEN $1 = 'pending' THEN NULL ELSE $4::bigint END"
            " WHERE alert = $5 AND channel = $6 AND state = 'sending'",
            state, next_at, error, now, alert, channel);
    }

    // [SECTION] Sessions and logins

    Status create_session(const std::string& token_hash, const Session& s) override {
        return status_of([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            w.exec_params("INSERT INTO dash_sessions (token_hash, \"user\", role, csrf, created_at, last_seen, stamp)"
                          " VALUES ($1,$2,$3,$4,$5,$6,$7)",
                          token_hash, s.user, s.role, s.csrf, s.created_at, s.last_seen, s.stamp);
            w.commit();
        });
    }

    Result<std::optional<Session>> find_session(const std::string& token_hash) override {
        return call<std::optional<Session>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            auto r = w.exec_params(
                "SELECT \"user\", role, csrf, created_at, last_seen, stamp FROM dash_sessions WHERE token_hash = $1",
                token_hash);
            if (r.empty()) return std::optional<Session>();
            return std::optional<Session>(Session{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                                                  r[0][2].as<std::string>(), r[0][3].as<std::int64_t>(),
                                                  r[0][4].as<std::int64_t>(), r[0][5].as<std::string>()});
        });
    }

    Status touch_session(const std::string& token_hash, std::int64_t now) override {
        return exec_status("UPDATE dash_sessions SET last_seen = $1 WHERE token_hash = $2", now, token_hash);
    }

    Status delete_session(const std::string& token_hash) override {
        return exec_status("DELETE FROM dash_sessions WHERE token_hash = $1", token_hash);
    }

    Status expire_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff) override {
        return exec_status("DELETE FROM dash_sessions WHERE last_seen < $1 OR created_at < $2", idle_cutoff,
                           created_cutoff);
    }

    Result<LoginState> login_state(const std::string& user) override {
        return call<LoginState>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            auto r = w.exec_params("SELECT failures, locked_until FROM dash_logins WHERE \"user\" = $1", user);
            if (r.empty()) return LoginState{};
            return LoginState{r[0][0].as<int>(), r[0][1].as<std::int64_t>()};
        });
    }

    Status set_login_state(const std::string& user, const LoginState& s) override {
        return exec_status(
            "INSERT INTO dash_logins VALUES ($1,$2,$3) ON CONFLICT (\"user\") DO UPDATE"
            " SET failures = excluded.failures, locked_until = excluded.locked_until",
            user, s.failures, s.locked_until);
    }

    Result<LoginAttempt> count_login_attempt(const std::string& key, std::int64_t now, int max_attempts,
                                             int lockout_s) override {
        return call<LoginAttempt>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            // The row exists first, then FOR UPDATE holds it: parallel attempts (any instance) queue here.
            w.exec_params("INSERT INTO dash_logins VALUES ($1, 0, 0) ON CONFLICT (\"user\") DO NOTHING", key);
            auto r = w.exec_params1("SELECT failures, locked_until FROM dash_logins WHERE \"user\" = $1 FOR UPDATE",
                                    key);
            LoginState state{r[0].as<int>(), r[1].as<std::int64_t>()};
            const LoginAttempt attempt = count_attempt(state, now, max_attempts, lockout_s);
            w.exec_params("UPDATE dash_logins SET failures = $2, locked_until = $3 WHERE \"user\" = $1", key,
                          state.failures, state.locked_until);
            w.commit();
            return attempt;
        });
    }

    // [SECTION] Audit and replies

    // [SECTION] Retention (pg_purge.cpp)

    Result<PurgeCounts> purge_due(const RetentionCutoffs& cutoffs) override {
        return call<PurgeCounts>([&](pqxx::connection& conn) { return detail::pg_purge_due(conn, cutoffs); });
    }

    Result<PurgeCounts> purge_batch(const RetentionCutoffs& cutoffs, int limit, const ResponseIndexer& index,
                                    const std::string& user, std::int64_t now) override {
        return call<PurgeCounts>([&](pqxx::connection& conn) {
            return detail::pg_purge_batch(conn, index_lock_key, cutoffs, limit, index, user, now);
        });
    }

    Result<PurgeCounts> purged_totals() override {
        return call<PurgeCounts>([&](pqxx::connection& conn) { return detail::pg_purged_totals(conn); });
    }

    Status audit(const AuditEntry& e) override {
        return exec_status("INSERT INTO dash_audit (at, \"user\", action, detail) VALUES ($1,$2,$3,$4)", e.at, e.user,
                           e.action, e.detail);
    }

    Result<std::vector<AuditEntry>> audit_log(int limit) override {
        return call<std::vector<AuditEntry>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<AuditEntry> out;
            for (const auto& row : w.exec_params(
                     "SELECT at, \"user\", action, detail FROM dash_audit ORDER BY pk DESC LIMIT $1",
                     static_cast<std::int64_t>(limit)))
                out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::string>()});
            return out;
        });
    }

    Result<std::int64_t> add_reply(const Reply& r) override {
        return call<std::int64_t>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            const auto pk = w.exec_params1(
                                 "INSERT INTO dash_replies (theme, text, \"user\", at) VALUES ($1,$2,$3,$4) RETURNING pk",
                                 r.theme, r.text, r.user, r.at)[0]
                                .as<std::int64_t>();
            w.commit();
            return pk;
        });
    }

    Status delete_reply(std::int64_t id) override {
        return to_status(call<bool>([&](pqxx::connection& conn) -> Result<bool> {
            pqxx::work w(conn);
            auto r = w.exec_params("DELETE FROM dash_replies WHERE pk = $1", id);
            if (r.affected_rows() == 0) return Error{Errc::not_found, "no reply " + std::to_string(id)};
            w.commit();
            return true;
        }));
    }

    Result<std::vector<Reply>> replies() override {
        return call<std::vector<Reply>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<Reply> out;
            for (const auto& row :
                 w.exec("SELECT pk, theme, text, \"user\", at FROM dash_replies ORDER BY at DESC, pk DESC"))
                out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::string>(), row[4].as<std::int64_t>()});
            return out;
        });
    }

private:
    Result<std::vector<std::string>> strings(const char* sql) {
        return call<std::vector<std::string>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<std::string> out;
            for (const auto& row : w.exec(sql)) out.push_back(text_of(row[0]));
            return out;
        });
    }

    template <class... Args>
    Status exec_status(const char* sql, const Args&... args) {
        return status_of([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            w.exec_params(sql, args...);
            w.commit();
        });
    }

    // Runs fn on a pooled connection with PgPool's retries; fn may return T or Result<T>.
    template <class T, class F>
    Result<T> call(F&& fn) {
        try {
            return Result<T>(pool_.with_retries(fn, reconnect_budget_ms, max_conflict_retries));
        } catch (const std::exception& e) {
            return to_error(e);
        }
    }

    template <class F>
    Status status_of(F&& fn) {
        auto r = call<bool>([&](pqxx::connection& c) {
            fn(c);
            return true;
        });
        if (!r) return r.error();
        return ok_status();
    }

    Pool pool_;
};

}  // namespace

Result<std::unique_ptr<DashboardStore>> open_pg_dashboard_store(const std::string& url, int pool_size) {
    return construct_store<DashboardStore, PgDashboardStore>(to_error, url, pool_size);
}

}  // namespace lp::dashboard
