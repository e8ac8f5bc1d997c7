// SQLite DashboardStore. Two connections: one for writes (indexer, forms), one for page reads,
// each behind its own mutex; WAL lets reads run while the aggregator or the indexer writes.
#include <algorithm>
#include <cctype>
#include <lp/dashboard/report_history.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#include <lp/dashboard/summarise.hpp>
#include <lp/dashboard/store_open.hpp>

#include "sqlite_purge.hpp"
#include "sqlite_raw.hpp"
#include <lp/shared/json_util.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace lp::dashboard {
namespace {

using nlohmann::json;

/// Applies the dashboard's own migrations, keyed on dashboard_schema.version (not user_version,
/// which belongs to the aggregator's migrations).
void migrate_dashboard(db::Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS dashboard_schema (version INTEGER NOT NULL)");
    if (db.scalar_int("SELECT count(*) FROM dashboard_schema") == 0)
        db.exec("INSERT INTO dashboard_schema (version) VALUES (0)");
    const auto& steps = dashboard_migrations();
    for (auto v = static_cast<std::size_t>(db.scalar_int("SELECT version FROM dashboard_schema")); v < steps.size();
         ++v) {
        db::Transaction tx(db);
        db.exec(steps[v]);
        auto st = db.prepare("UPDATE dashboard_schema SET version = ?");
        st.bind(1, static_cast<std::int64_t>(v + 1)).run();
        tx.commit();
    }
}

Error db_error(const std::exception& e) {
    if (const auto* d = dynamic_cast<const db::Error*>(&e); d && d->disk_full())
        return Error{Errc::disk_full, e.what()};
    return Error{Errc::io_error, std::string("dashboard database: ") + e.what()};
}

// Binds the shared filter parameters (:site, :band, :qs, :from, :to) of a view query.
void bind_filter(db::Statement& st, const Filter& f) {
    st.bind(":site", f.site).bind(":band", f.age_band).bind(":qs", f.question_set);
    st.bind(":from", f.from_month).bind(":to", f.to_month);
}

const char* const filter_sql =
    " (:site = '' OR site = :site) AND (:band = '' OR age_band = :band) AND (:qs = '' OR question_set = :qs)"
    " AND (:from = '' OR month >= :from) AND (:to = '' OR month <= :to) ";

// Comments are filtered on the aggregator's responses row (r).
const char* const comment_filter_sql =
    " (:site = '' OR r.site = :site) AND (:band = '' OR r.age_band = :band)"
    " AND (:qs = '' OR r.question_set_id = :qs)"
    " AND (:from = '' OR substr(r.created_hour, 1, 7) >= :from)"
    " AND (:to = '' OR substr(r.created_hour, 1, 7) <= :to)"
    " AND (:search = '' OR instr(lower(c.text), lower(:search)) > 0) ";

// Without a theme, comments are read newest first from the comments table; with one, from the
// theme's links (index dash_comment_links_theme), so a theme page reads only its own comments.
const char* const comments_from_all = " FROM comments c JOIN responses r ON r.pk = c.response WHERE";
// "No theme yet": comments no link (the linker's or a manager's) files under any theme.
const char* const unlinked_sql = " AND NOT EXISTS (SELECT 1 FROM dash_comment_links u WHERE u.response = c.response) ";
const char* const comments_from_theme =
    " FROM dash_comment_links lt JOIN comments c ON c.response = lt.response JOIN responses r ON r.pk = lt.response"
    " WHERE lt.theme = :theme AND";

// A response with the help flag that follows its kiosk's help-only row: the kiosk stores that row
// (the flag, no answers, no comment) the moment "Ask staff to talk to me" is tapped, then the
// full response, flag included, as its next sequence number. Both are one help request. A
// help-only row never follows anything (two young people who each walked away after asking are
// two requests), and a full response after an ordinary one is its own request.
const char* const follows_help_only_sql =
    "SELECT 1 FROM responses r JOIN responses p ON p.device_id = r.device_id AND p.seq = r.seq - 1"
    " WHERE r.pk = ? AND p.needs_help <> 0"
    " AND (EXISTS (SELECT 1 FROM answers WHERE response = r.pk) OR EXISTS (SELECT 1 FROM comments WHERE response = r.pk))"
    " AND NOT EXISTS (SELECT 1 FROM answers WHERE response = p.pk)"
    " AND NOT EXISTS (SELECT 1 FROM comments WHERE response = p.pk)";

class SqliteDashboardStore final : public DashboardStore {
public:
    explicit SqliteDashboardStore(const std::string& path) : write_(path), read_(path) { migrate_dashboard(write_); }

    template <class F>
    auto writing(F&& f) -> decltype(f(std::declval<db::Database&>())) {
        std::lock_guard<std::mutex> lock(write_mutex_);
        try {
            return f(write_);
        } catch (const std::exception& e) {
            return db_error(e);
        }
    }
    template <class F>
    auto reading(F&& f) -> decltype(f(std::declval<db::Database&>())) {
        std::lock_guard<std::mutex> lock(read_mutex_);
        try {
            return f(read_);
        } catch (const std::exception& e) {
            return db_error(e);
        }
    }

    // [SECTION] Catalogue

    Status replace_catalogue(const Catalogue& c) override {
        return writing([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            db.exec(
                "DELETE FROM dash_reports; DELETE FROM dash_findings; DELETE FROM dash_themes; "
                "DELETE FROM dash_finding_themes;");
            auto rep = db.prepare(
                "INSERT INTO dash_reports (id, ord, authority, kind, date, title, sha256, judgements, framework,"
                " framework_version) VALUES (?,?,?,?,?,?,?,?,?,?)");
            auto hist = db.prepare(
                "INSERT OR REPLACE INTO dash_report_history (id, authority, kind, date, title, sha256, judgements,"
                " framework, framework_version, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
            auto drop_points = db.prepare("DELETE FROM dash_report_history_points WHERE report = ?");
            auto point = db.prepare("INSERT INTO dash_report_history_points VALUES (?,?,?,?,?)");
            const auto points = history_points(c);
            const std::int64_t now = now_unix();
            std::int64_t ord = 0;
            for (const auto& r : c.reports) {
                rep.bind(1, r.id).bind(2, ord++).bind(3, r.authority).bind(4, r.kind).bind(5, r.date);
                rep.bind(6, r.title).bind(7, r.sha256).bind(8, judgements_to_json(r.judgements));
                rep.bind(9, r.framework).bind(10, r.framework_version).run();
                hist.bind(1, r.id).bind(2, r.authority).bind(3, r.kind).bind(4, r.date).bind(5, r.title);
                hist.bind(6, r.sha256).bind(7, judgements_to_json(r.judgements)).bind(8, r.framework);
                hist.bind(9, r.framework_version).bind(10, now).run();
                drop_points.bind(1, r.id).run();
                auto it = points.find(r.id);
                if (it == points.end()) continue;
                std::int64_t n = 0;
                for (const auto& p : it->second)
                    point.bind(1, r.id).bind(2, n++).bind(3, p.area).bind(4, p.text).bind(5, to_json_list(p.themes)).run();
            }
            for (const auto& r : earlier_inspections(c)) {  // kept, like the reports, across imports
                hist.bind(1, r.id).bind(2, r.authority).bind(3, r.kind).bind(4, r.date).bind(5, r.title);
                hist.bind(6, r.sha256).bind(7, judgements_to_json(r.judgements)).bind(8, r.framework);
                hist.bind(9, r.framework_version).bind(10, now).run();
            }
            auto fin = db.prepare("INSERT INTO dash_findings VALUES (?,?,?,?,?,?,?)");
            ord = 0;
            for (const auto& f : c.findings) {
                fin.bind(1, f.id).bind(2, ord++).bind(3, f.report).bind(4, f.kind).bind(5, f.area);
                fin.bind(6, f.text).bind(7, paragraphs_to_json(f.paragraphs)).run();
            }
            auto th = db.prepare("INSERT INTO dash_themes VALUES (?,?,?,?)");
            ord = 0;
            for (const auto& t : c.themes)
                th.bind(1, t.id).bind(2, ord++).bind(3, t.title).bind(4, t.young_title).run();
            auto li = db.prepare("INSERT OR REPLACE INTO dash_finding_themes VALUES (?,?,?,?,?)");
            ord = 0;
            for (const auto& l : c.links)
                li.bind(1, l.finding)
                    .bind(2, l.theme)
                    .bind(3, ord++)
                    .bind(4, l.score)
                    .bind(5, to_json_list(l.matched))
                    .run();
            db.exec(
                "INSERT INTO dash_state (key, value) VALUES ('catalogue_version', '1') ON CONFLICT DO UPDATE"
                " SET value = CAST(value AS INTEGER) + 1");
            tx.commit();
            return ok_status();
        });
    }

    Result<Catalogue> catalogue() override {
        return reading([&](db::Database& db) -> Result<Catalogue> {
            Catalogue c;
            auto rep = db.prepare(
                "SELECT id, authority, kind, date, title, sha256, judgements, framework, framework_version"
                " FROM dash_reports ORDER BY ord");
            while (rep.step()) {
                Report r{rep.column_text(0),
                         rep.column_text(1),
                         rep.column_text(2),
                         rep.column_text(3),
                         rep.column_text(4),
                         rep.column_text(5),
                         {}};
                r.judgements = judgements_from_json(rep.column_text(6));
                r.framework = rep.column_text(7);
                r.framework_version = rep.column_text(8);
                c.reports.push_back(std::move(r));
            }
            auto fin = db.prepare("SELECT id, report, kind, area, text, paragraphs FROM dash_findings ORDER BY ord");
            while (fin.step()) {
                Finding f{fin.column_text(0), fin.column_text(1), fin.column_text(2),
                          fin.column_text(3), fin.column_text(4), {}};
                f.paragraphs = paragraphs_from_json(fin.column_text(5));
                c.findings.push_back(std::move(f));
            }
            auto th = db.prepare("SELECT id, title, young_title FROM dash_themes ORDER BY ord");
            while (th.step()) c.themes.push_back({th.column_text(0), th.column_text(1), th.column_text(2)});
            auto li = db.prepare("SELECT finding, theme, score, matched FROM dash_finding_themes ORDER BY ord");
            while (li.step())
                c.links.push_back(
                    {li.column_text(0), li.column_text(1), li.column_double(2), from_json_list(li.column_text(3))});
            return c;
        });
    }

    Result<std::vector<HistoryReport>> report_history() override {
        return reading([&](db::Database& db) -> Result<std::vector<HistoryReport>> {
            std::vector<HistoryReport> out;
            std::map<std::string, std::size_t> at;
            auto rep = db.prepare(
                "SELECT id, authority, kind, date, title, sha256, judgements, framework, framework_version,"
                " imported_at FROM dash_report_history ORDER BY id");
            while (rep.step()) {
                HistoryReport h;
                h.report = Report{rep.column_text(0), rep.column_text(1), rep.column_text(2), rep.column_text(3),
                                  rep.column_text(4), rep.column_text(5), {}};
                h.report.judgements = judgements_from_json(rep.column_text(6));
                h.report.framework = rep.column_text(7);
                h.report.framework_version = rep.column_text(8);
                h.imported_at = rep.column_int64(9);
                at[h.report.id] = out.size();
                out.push_back(std::move(h));
            }
            auto pts = db.prepare("SELECT report, area, text, themes FROM dash_report_history_points ORDER BY report, ord");
            while (pts.step()) {
                auto it = at.find(pts.column_text(0));
                if (it == at.end()) continue;
                out[it->second].points.push_back({pts.column_text(1), pts.column_text(2), from_json_list(pts.column_text(3))});
            }
            return out;
        });
    }

    Result<std::int64_t> catalogue_version() override {
        return reading([&](db::Database& db) -> Result<std::int64_t> {
            auto st = db.prepare("SELECT value FROM dash_state WHERE key = 'catalogue_version'");
            return st.step() ? std::stoll(st.column_text(0)) : 0;
        });
    }

    // [SECTION] Indexing

    Result<std::int64_t> cursor() override {
        return reading([&](db::Database& db) -> Result<std::int64_t> { return read_cursor(db); });
    }

    static std::int64_t read_cursor(db::Database& db) {
        auto st = db.prepare("SELECT value FROM dash_state WHERE key = 'cursor'");
        return st.step() ? std::stoll(st.column_text(0)) : 0;
    }

    Result<std::vector<RawResponse>> raw_responses_after(std::int64_t after, int limit) override {
        return reading([&](db::Database& db) -> Result<std::vector<RawResponse>> {
            auto picked = db.prepare(std::string("SELECT ") + detail::sqlite_raw_columns +
                                     " FROM responses WHERE pk > ? ORDER BY pk LIMIT ?");
            picked.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
            return detail::sqlite_raw_responses(db, picked);
        });
    }

    Status apply_indexed(const std::vector<IndexedResponse>& batch) override {
        if (batch.empty()) return ok_status();
        return writing([&](db::Database& db) -> Status {
            // A manager's removal outlives relinking: the linker may not re-add that link.
            auto removed = db.prepare(
                "SELECT action FROM dash_link_corrections WHERE response = ? AND theme = ? ORDER BY pk DESC LIMIT 1");
            // Links already there (a manager's, kept through a relink) are not counted twice.
            auto present = db.prepare("SELECT 1 FROM dash_comment_links WHERE response = ? AND theme = ?");
            BlockedLinks blocked;
            for (const auto& r : batch)
                for (const auto& l : r.comment_links) {
                    removed.bind(1, r.pk).bind(2, l.theme);
                    if (removed.step() && removed.column_text(0) == "remove") blocked.insert({r.pk, l.theme});
                    removed.reset();
                    present.bind(1, r.pk).bind(2, l.theme);
                    if (present.step()) blocked.insert({r.pk, l.theme});
                    present.reset();
                }
            // Pre-aggregated in memory so each summary cell is written once.
            std::vector<const IndexedResponse*> rows;
            for (const auto& r : batch) rows.push_back(&r);
            const BatchSummary sum = summarise(rows, blocked);
            db::Transaction tx(db);
            auto ts = db.prepare(
                "INSERT INTO dash_theme_summary VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET"
                " responses = responses + excluded.responses, answers = answers + excluded.answers,"
                " score_sum = score_sum + excluded.score_sum, negatives = negatives + excluded.negatives,"
                " comments = comments + excluded.comments");
            for (const auto& [k, c] : sum.themes) {
                ts.bind(1, k.theme).bind(2, k.month).bind(3, k.site).bind(4, k.age_band);
                ts.bind(5, k.question_set).bind(6, c.responses).bind(7, c.answers).bind(8, c.score_sum);
                ts.bind(9, c.negatives).bind(10, c.comments).run();
            }
            auto vs = db.prepare(
                "INSERT INTO dash_value_summary VALUES (?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET"
                " count = count + excluded.count");
            for (const auto& [k, n] : sum.values) {
                vs.bind(1, k.question_set).bind(2, k.question).bind(3, k.month).bind(4, k.site);
                vs.bind(5, k.age_band).bind(6, k.value).bind(7, n).run();
            }
            auto link = db.prepare("INSERT OR IGNORE INTO dash_comment_links VALUES (?,?,?,?, 'linker')");
            auto sg = db.prepare(
                "INSERT OR IGNORE INTO dash_safeguarding (response, site, created_hour, received_at, needs_help,"
                " matched, categories) VALUES (?,?,?,?,?,?,?)");
            // Relinking keeps who read what; a comment newly flagged moves to the shorter deadline.
            auto review = db.prepare(
                "INSERT INTO dash_comment_reviews (response, received_at, flagged) VALUES (?,?,?)"
                " ON CONFLICT (response) DO UPDATE SET flagged = max(flagged, excluded.flagged)");
            // Alerts are queued in the same transaction as the queue item: none is lost, none made twice.
            auto alert = db.prepare(
                "INSERT OR IGNORE INTO dash_alerts (uid, response, site, created_hour, received_at, needs_help,"
                " categories) VALUES (lower(hex(randomblob(16))),?,?,?,?,?,?)");
            auto follows = db.prepare(follows_help_only_sql);
            for (const auto& r : batch) {
                // One help request, one help_request alert: the full response that follows the
                // kiosk's help-only row is not a second one (a flagged comment in it still is).
                bool help = r.needs_help;
                if (help) {
                    follows.bind(1, r.pk);
                    help = !follows.step();
                    follows.reset();
                }
                if (help || !r.safeguarding_matched.empty())
                    alert.bind(1, r.pk)
                        .bind(2, r.site)
                        .bind(3, r.created_hour)
                        .bind(4, r.received_at)
                        .bind(5, help ? 1 : 0)
                        .bind(6, to_json_list(r.safeguarding_categories))
                        .run();
                if (r.has_comment)
                    review.bind(1, r.pk)
                        .bind(2, r.received_at)
                        .bind(3, r.needs_help || !r.safeguarding_matched.empty() || r.read_first ? 1 : 0)
                        .run();
                for (const auto& l : r.comment_links) {
                    if (blocked.count({r.pk, l.theme})) continue;
                    link.bind(1, r.pk).bind(2, l.theme).bind(3, l.score).bind(4, to_json_list(l.matched)).run();
                }
                // The queue holds the help request once too (its count is the board pack's).
                if (help || !r.safeguarding_matched.empty()) {
                    sg.bind(1, r.pk).bind(2, r.site).bind(3, r.created_hour).bind(4, r.received_at);
                    sg.bind(5, help ? 1 : 0).bind(6, to_json_list(r.safeguarding_matched));
                    sg.bind(7, to_json_list(r.safeguarding_categories)).run();
                }
            }
            auto cur = db.prepare("INSERT OR REPLACE INTO dash_state (key, value) VALUES ('cursor', ?)");
            cur.bind(1, std::to_string(batch.back().pk)).run();
            tx.commit();
            return ok_status();
        });
    }

    Result<std::vector<AlertDelivery>> claim_alerts(const std::vector<std::string>& channels, std::int64_t since,
                                                    std::int64_t now, std::int64_t lease_s, int limit) override {
        return writing([&](db::Database& db) -> Result<std::vector<AlertDelivery>> {
            db::Transaction tx(db);
            auto make = db.prepare(
                "INSERT OR IGNORE INTO dash_alert_deliveries (alert, channel, state, attempts, next_at, last_error)"
                " SELECT pk, ?, 'pending', 0, ?, '' FROM dash_alerts WHERE received_at >= ?");
            for (const auto& c : channels) {
                make.bind(1, c).bind(2, now).bind(3, since).run();
            }
            auto due = db.prepare(
                "SELECT a.pk, a.uid, d.channel, a.response, a.site, a.created_hour, a.needs_help, a.categories,"
                " d.attempts FROM dash_alert_deliveries d JOIN dash_alerts a ON a.pk = d.alert"
                " WHERE d.state IN ('pending', 'sending') AND d.next_at <= ? ORDER BY d.next_at, a.pk LIMIT ?");
            due.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
            std::vector<AlertDelivery> out;
            while (due.step()) {
                AlertDelivery d;
                d.alert = due.column_int64(0);
                d.uid = due.column_text(1);
                d.channel = due.column_text(2);
                d.response = due.column_int64(3);
                d.site = due.column_text(4);
                d.created_hour = due.column_text(5);
                d.needs_help = due.column_int64(6) != 0;
                d.categories = from_json_list(due.column_text(7));
                d.attempts = static_cast<int>(due.column_int64(8)) + 1;
                out.push_back(std::move(d));
            }
            auto lease = db.prepare(
                "UPDATE dash_alert_deliveries SET state = 'sending', attempts = ?, next_at = ?"
                " WHERE alert = ? AND channel = ?");
            for (const auto& d : out) {
                lease.bind(1, static_cast<std::int64_t>(d.attempts)).bind(2, now + lease_s).bind(3, d.alert);
                lease.bind(4, d.channel).run();
            }
            tx.commit();
            return out;
        });
    }

    Status finish_alert(std::int64_t alert, const std::string& channel, AlertOutcome outcome, std::int64_t next_at,
                        const std::string& error, std::int64_t now) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare(
                "UPDATE dash_alert_deliveries SET state = ?, next_at = ?, last_error = ?, done_at = ?"
                " WHERE alert = ? AND channel = ? AND state = 'sending'");
            const char* state = outcome == AlertOutcome::sent ? "sent" : outcome == AlertOutcome::retry ? "pending"
                                                                                                       : "failed";
            st.bind(1, state).bind(2, next_at).bind(3, error);
            if (outcome == AlertOutcome::retry)
                st.bind_null(4);
            else
                st.bind(4, now);
            st.bind(5, alert).bind(6, channel).run();
            return ok_status();
        });
    }

    Status reset_index() override {
        return writing([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            db.exec(
                "DELETE FROM dash_theme_summary; DELETE FROM dash_value_summary;"
                " DELETE FROM dash_comment_links WHERE source = 'linker';"
                " INSERT OR REPLACE INTO dash_state (key, value) VALUES ('cursor', '0');");
            // Managers' links stay, so their comment counts go back into the fresh summary.
            db.exec(
                "INSERT INTO dash_theme_summary SELECT l.theme, substr(r.created_hour, 1, 7), r.site, r.age_band,"
                " r.question_set_id, 0, 0, 0, 0, count(*) FROM dash_comment_links l JOIN responses r ON r.pk = "
                "l.response"
                " WHERE l.source = 'manager' GROUP BY 1, 2, 3, 4, 5");
            tx.commit();
            return ok_status();
        });
    }

    // [SECTION] Views

    Result<std::vector<ThemeMonth>> theme_months(const Filter& f) override {
        return reading([&](db::Database& db) -> Result<std::vector<ThemeMonth>> {
            auto st = db.prepare(std::string("SELECT theme, month, sum(responses), sum(answers), sum(score_sum), "
                                             "sum(negatives) FROM dash_theme_summary WHERE") +
                                 filter_sql + "GROUP BY theme, month ORDER BY theme, month");
            bind_filter(st, f);
            std::vector<ThemeMonth> out;
            while (st.step())
                out.push_back({st.column_text(0), st.column_text(1), st.column_int64(2), st.column_int64(3),
                               st.column_double(4), st.column_int64(5)});
            return out;
        });
    }

    Result<std::vector<ThemeMonth>> theme_months_of(const Filter& f, const std::string& theme) override {
        return reading([&](db::Database& db) -> Result<std::vector<ThemeMonth>> {
            // theme leads the summary's primary key: a range read, not a scan of every theme.
            auto st = db.prepare(std::string("SELECT theme, month, sum(responses), sum(answers), sum(score_sum), "
                                             "sum(negatives) FROM dash_theme_summary WHERE theme = :theme AND") +
                                 filter_sql + "GROUP BY theme, month ORDER BY theme, month");
            bind_filter(st, f);
            st.bind(":theme", theme);
            std::vector<ThemeMonth> out;
            while (st.step())
                out.push_back({st.column_text(0), st.column_text(1), st.column_int64(2), st.column_int64(3),
                               st.column_double(4), st.column_int64(5)});
            return out;
        });
    }

    Result<std::vector<ValueCount>> value_counts(const Filter& f, const std::vector<std::string>& questions) override {
        return reading([&](db::Database& db) -> Result<std::vector<ValueCount>> {
            auto st = db.prepare(std::string("SELECT question_set, question, value, sum(count) FROM dash_value_summary"
                                             " WHERE question = :question AND") +
                                 filter_sql + "GROUP BY question_set, question, value");
            std::vector<ValueCount> out;
            for (const auto& q : questions) {
                bind_filter(st, f);
                st.bind(":question", q);
                while (st.step())
                    out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_int64(3)});
                st.reset();
            }
            return out;
        });
    }

    static void bind_comment_query(db::Statement& st, const CommentQuery& q) {
        bind_filter(st, q.filter);
        st.bind(":search", q.search);
        if (!q.theme.empty()) st.bind(":theme", q.theme);
    }

    Result<std::vector<CommentView>> comments(const CommentQuery& q) override {
        return reading([&](db::Database& db) -> Result<std::vector<CommentView>> {
            auto st = db.prepare(
                std::string("SELECT c.response, r.site, r.created_hour, r.age_band, r.question_set_id, c.text,"
                            " (SELECT read_at FROM dash_comment_reviews WHERE response = c.response),"
                            " (SELECT coalesce(read_by, '') FROM dash_comment_reviews WHERE response = c.response)") +
                (q.theme.empty() ? comments_from_all : comments_from_theme) + comment_filter_sql +
                (q.unlinked ? unlinked_sql : "") +
                (q.theme.empty() ? "ORDER BY c.response DESC" : "ORDER BY lt.response DESC") +
                " LIMIT :limit OFFSET :offset");
            bind_comment_query(st, q);
            st.bind(":limit", static_cast<std::int64_t>(q.limit)).bind(":offset", static_cast<std::int64_t>(q.offset));
            std::vector<CommentView> out;
            while (st.step()) {
                CommentView v{st.column_int64(0),
                              st.column_text(1),
                              st.column_text(2),
                              st.column_text(3),
                              st.column_text(4),
                              st.column_text(5),
                              {},
                              std::nullopt,
                              st.column_text(7)};
                if (!st.column_is_null(6)) v.read_at = st.column_int64(6);
                out.push_back(std::move(v));
            }
            auto links = db.prepare(
                "SELECT theme, score, matched, source FROM dash_comment_links WHERE response = ?"
                " ORDER BY score DESC");
            for (auto& c : out) {
                links.bind(1, c.response);
                while (links.step())
                    c.links.push_back({links.column_text(0), links.column_double(1),
                                       from_json_list(links.column_text(2)), links.column_text(3)});
                links.reset();
            }
            return out;
        });
    }

    Result<std::int64_t> count_comments(const CommentQuery& q) override {
        return reading([&](db::Database& db) -> Result<std::int64_t> {
            if (!q.theme.empty() && q.search.empty() && !q.unlinked) {
                // Kept in the summary (indexer and corrections), so a theme page never scans.
                auto st = db.prepare(std::string("SELECT coalesce(sum(comments), 0) FROM dash_theme_summary"
                                                 " WHERE theme = :theme AND") +
                                     filter_sql);
                bind_filter(st, q.filter);
                st.bind(":theme", q.theme);
                st.step();
                return st.column_int64(0);
            }
            auto st = db.prepare(std::string("SELECT count(*)") +
                                 (q.theme.empty() ? comments_from_all : comments_from_theme) + comment_filter_sql +
                                 (q.unlinked ? unlinked_sql : ""));
            bind_comment_query(st, q);
            st.step();
            return st.column_int64(0);
        });
    }

    Result<AssistedCounts> assisted_counts(const Filter& f) override {
        return reading([&](db::Database& db) -> Result<AssistedCounts> {
            auto st = db.prepare(
                "SELECT count(*), coalesce(sum(r.assisted), 0) FROM responses r WHERE"
                " (:site = '' OR r.site = :site) AND (:band = '' OR r.age_band = :band)"
                " AND (:qs = '' OR r.question_set_id = :qs) AND (:from = '' OR substr(r.created_hour, 1, 7) >= :from)"
                " AND (:to = '' OR substr(r.created_hour, 1, 7) <= :to)");
            bind_filter(st, f);
            st.step();
            return AssistedCounts{st.column_int64(0), st.column_int64(1)};
        });
    }

    Result<std::vector<std::string>> sites() override {
        return reading([&](db::Database& db) -> Result<std::vector<std::string>> {
            std::vector<std::string> out;
            auto st = db.prepare("SELECT DISTINCT site FROM devices ORDER BY site");
            while (st.step()) out.push_back(st.column_text(0));
            return out;
        });
    }

    Result<std::vector<std::string>> months() override {
        return reading([&](db::Database& db) -> Result<std::vector<std::string>> {
            std::vector<std::string> out;
            auto st = db.prepare("SELECT DISTINCT month FROM dash_theme_summary ORDER BY month");
            while (st.step()) out.push_back(st.column_text(0));
            return out;
        });
    }

    // [SECTION] Corrections

    Status correct_link(std::int64_t response, const std::string& theme, bool add, const std::string& user,
                        std::int64_t now) override {
        return writing([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            auto text = db.prepare("SELECT text FROM comments WHERE response = ?");
            text.bind(1, response);
            if (!text.step()) return Error{Errc::not_found, "no comment " + std::to_string(response)};
            auto rec = db.prepare(
                "INSERT INTO dash_link_corrections (response, theme, action, user, at, text)"
                " VALUES (?,?,?,?,?,?)");
            rec.bind(1, response).bind(2, theme).bind(3, add ? "add" : "remove").bind(4, user).bind(5, now);
            rec.bind(6, text.column_text(0)).run();
            auto exists = db.prepare("SELECT 1 FROM dash_comment_links WHERE response = ? AND theme = ?");
            exists.bind(1, response).bind(2, theme);
            const bool linked = exists.step();
            int delta = 0;
            if (add) {
                auto ins = db.prepare("INSERT OR REPLACE INTO dash_comment_links VALUES (?, ?, 0, '[]', 'manager')");
                ins.bind(1, response).bind(2, theme).run();
                delta = linked ? 0 : 1;
            } else if (linked) {
                auto del = db.prepare("DELETE FROM dash_comment_links WHERE response = ? AND theme = ?");
                del.bind(1, response).bind(2, theme).run();
                delta = -1;
            }
            if (delta != 0) {  // keep the theme's comment count in its summary cell
                auto cell = db.prepare(
                    "INSERT INTO dash_theme_summary SELECT ?, substr(created_hour, 1, 7), site, age_band, "
                    "question_set_id,"
                    " 0, 0, 0, 0, ? FROM responses WHERE pk = ? ON CONFLICT DO UPDATE SET comments = comments + "
                    "excluded.comments");
                cell.bind(1, theme).bind(2, delta).bind(3, response).run();
            }
            tx.commit();
            return ok_status();
        });
    }

    Result<std::vector<std::string>> labelled_examples() override {
        return reading([&](db::Database& db) -> Result<std::vector<std::string>> {
            std::vector<std::string> out;
            auto st = db.prepare(
                "SELECT DISTINCT x.response, c.text FROM dash_link_corrections x"
                " JOIN comments c ON c.response = x.response ORDER BY x.response");
            auto links = db.prepare("SELECT theme FROM dash_comment_links WHERE response = ? ORDER BY theme");
            auto sg = db.prepare("SELECT matched FROM dash_safeguarding WHERE response = ?");
            while (st.step()) {
                json line = {{"text", st.column_text(1)}, {"themes", json::array()}};
                links.bind(1, st.column_int64(0));
                while (links.step()) line["themes"].push_back(links.column_text(0));
                links.reset();
                sg.bind(1, st.column_int64(0));
                line["safeguarding"] = sg.step() && from_json_list(sg.column_text(0)).size() > 0;
                sg.reset();
                out.push_back(line.dump());
            }
            return out;
        });
    }

    // [SECTION] Safeguarding

    Result<std::vector<SafeguardingItem>> safeguarding_items(bool include_acknowledged, int limit) override {
        return reading([&](db::Database& db) -> Result<std::vector<SafeguardingItem>> {
            auto st = db.prepare(
                "SELECT s.pk, s.response, s.site, s.created_hour, s.received_at, s.needs_help, s.matched, s.categories,"
                " coalesce(c.text, ''), s.ack_at, coalesce(s.ack_by, ''), coalesce(s.ack_note, '')"
                " FROM dash_safeguarding s LEFT JOIN comments c ON c.response = s.response"
                " WHERE (:all = 1 OR s.ack_at IS NULL) ORDER BY s.received_at DESC, s.pk DESC LIMIT :limit");
            st.bind(":all", include_acknowledged ? 1 : 0).bind(":limit", static_cast<std::int64_t>(limit));
            std::vector<SafeguardingItem> out;
            while (st.step()) {
                SafeguardingItem i;
                i.id = st.column_int64(0);
                i.response = st.column_int64(1);
                i.site = st.column_text(2);
                i.created_hour = st.column_text(3);
                i.received_at = st.column_int64(4);
                i.needs_help = st.column_int64(5) != 0;
                i.matched = from_json_list(st.column_text(6));
                i.categories = from_json_list(st.column_text(7));
                i.comment = st.column_text(8);
                if (!st.column_is_null(9)) i.acknowledged_at = st.column_int64(9);
                i.acknowledged_by = st.column_text(10);
                i.note = st.column_text(11);
                out.push_back(std::move(i));
            }
            return out;
        });
    }

    Result<std::int64_t> unacknowledged_count() override {
        return reading([&](db::Database& db) -> Result<std::int64_t> {
            return db.scalar_int("SELECT count(*) FROM dash_safeguarding WHERE ack_at IS NULL");
        });
    }

    Status acknowledge(std::int64_t id, const std::string& user, const std::string& note, std::int64_t now) override {
        return writing([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            auto find = db.prepare("SELECT ack_at FROM dash_safeguarding WHERE pk = ?");
            find.bind(1, id);
            if (!find.step()) return Error{Errc::not_found, "no safeguarding item " + std::to_string(id)};
            if (!find.column_is_null(0)) return Error{Errc::conflict, "this item was already acknowledged"};
            auto up = db.prepare("UPDATE dash_safeguarding SET ack_at = ?, ack_by = ?, ack_note = ? WHERE pk = ?");
            up.bind(1, now).bind(2, user).bind(3, note).bind(4, id).run();
            tx.commit();
            return ok_status();
        });
    }

    // [SECTION] Comment review

    Result<std::vector<UnreadComment>> unread_comments(int limit, int offset) override {
        return reading([&](db::Database& db) -> Result<std::vector<UnreadComment>> {
            auto st = db.prepare(
                "SELECT v.response, r.site, r.created_hour, r.age_band, v.received_at, v.flagged,"
                " coalesce(s.categories, '[]'), coalesce(c.text, ''), s.response IS NULL"
                " FROM dash_comment_reviews v JOIN responses r ON r.pk = v.response"
                " LEFT JOIN comments c ON c.response = v.response"
                " LEFT JOIN dash_safeguarding s ON s.response = v.response"
                " WHERE v.read_at IS NULL ORDER BY v.flagged DESC, v.received_at, v.response"
                " LIMIT :limit OFFSET :offset");
            st.bind(":limit", static_cast<std::int64_t>(limit)).bind(":offset", static_cast<std::int64_t>(offset));
            std::vector<UnreadComment> out;
            while (st.step())
                out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3),
                               st.column_int64(4), st.column_int64(5) != 0, from_json_list(st.column_text(6)),
                               st.column_text(7), st.column_int64(5) != 0 && st.column_int64(8) != 0});
            return out;
        });
    }

    Result<ReviewCounts> review_counts(const ReviewDeadlines& d, std::int64_t now) override {
        return reading([&](db::Database& db) -> Result<ReviewCounts> {
            auto st = db.prepare(
                "SELECT count(*), coalesce(sum(CASE WHEN received_at < (CASE WHEN flagged = 1 THEN :flagged_before"
                " ELSE :before END) THEN 1 ELSE 0 END), 0) FROM dash_comment_reviews WHERE read_at IS NULL");
            st.bind(":flagged_before", now - d.flagged_s).bind(":before", now - d.comment_s);
            st.step();
            return ReviewCounts{st.column_int64(0), st.column_int64(1)};
        });
    }

    Result<std::vector<std::int64_t>> mark_read(const std::vector<std::int64_t>& responses, bool only_unflagged,
                                                const std::string& user, std::int64_t now) override {
        return writing([&](db::Database& db) -> Result<std::vector<std::int64_t>> {
            db::Transaction tx(db);
            auto up = db.prepare(
                "UPDATE dash_comment_reviews SET read_at = :now, read_by = :user"
                " WHERE response = :response AND read_at IS NULL AND (:only_unflagged = 0 OR flagged = 0)");
            std::vector<std::int64_t> marked;
            for (auto response : responses) {
                up.bind(":now", now).bind(":user", user).bind(":response", response);
                up.bind(":only_unflagged", only_unflagged ? 1 : 0).run();
                if (db.changes() > 0) marked.push_back(response);
            }
            tx.commit();
            std::sort(marked.begin(), marked.end());
            return marked;
        });
    }

    // [SECTION] Sessions and logins

    Status create_session(const std::string& token_hash, const Session& s) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare(
                "INSERT INTO dash_sessions (token_hash, user, role, csrf, created_at, last_seen, stamp)"
                " VALUES (?,?,?,?,?,?,?)");
            st.bind(1, token_hash).bind(2, s.user).bind(3, s.role).bind(4, s.csrf).bind(5, s.created_at);
            st.bind(6, s.last_seen).bind(7, s.stamp).run();
            return ok_status();
        });
    }

    Result<std::optional<Session>> find_session(const std::string& token_hash) override {
        return reading([&](db::Database& db) -> Result<std::optional<Session>> {
            auto st = db.prepare(
                "SELECT user, role, csrf, created_at, last_seen, stamp FROM dash_sessions WHERE token_hash = ?");
            st.bind(1, token_hash);
            if (!st.step()) return std::optional<Session>();
            return std::optional<Session>(Session{st.column_text(0), st.column_text(1), st.column_text(2),
                                                  st.column_int64(3), st.column_int64(4), st.column_text(5)});
        });
    }

    Status touch_session(const std::string& token_hash, std::int64_t now) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("UPDATE dash_sessions SET last_seen = ? WHERE token_hash = ?");
            st.bind(1, now).bind(2, token_hash).run();
            return ok_status();
        });
    }

    Status delete_session(const std::string& token_hash) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("DELETE FROM dash_sessions WHERE token_hash = ?");
            st.bind(1, token_hash).run();
            return ok_status();
        });
    }

    Status expire_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("DELETE FROM dash_sessions WHERE last_seen < ? OR created_at < ?");
            st.bind(1, idle_cutoff).bind(2, created_cutoff).run();
            return ok_status();
        });
    }

    Result<LoginState> login_state(const std::string& user) override {
        return reading([&](db::Database& db) -> Result<LoginState> {
            auto st = db.prepare("SELECT failures, locked_until FROM dash_logins WHERE user = ?");
            st.bind(1, user);
            if (!st.step()) return LoginState{};
            return LoginState{static_cast<int>(st.column_int64(0)), st.column_int64(1)};
        });
    }

    Status set_login_state(const std::string& user, const LoginState& s) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("INSERT OR REPLACE INTO dash_logins VALUES (?,?,?)");
            st.bind(1, user).bind(2, s.failures).bind(3, s.locked_until).run();
            return ok_status();
        });
    }

    Result<LoginAttempt> count_login_attempt(const std::string& key, std::int64_t now, int max_attempts,
                                             int lockout_s) override {
        return writing([&](db::Database& db) -> Result<LoginAttempt> {
            db::Transaction tx(db);  // BEGIN IMMEDIATE: no other writer between the read and the write
            LoginState state;
            {
                auto st = db.prepare("SELECT failures, locked_until FROM dash_logins WHERE user = ?");
                st.bind(1, key);
                if (st.step()) state = LoginState{static_cast<int>(st.column_int64(0)), st.column_int64(1)};
            }
            const LoginAttempt attempt = count_attempt(state, now, max_attempts, lockout_s);
            auto st = db.prepare("INSERT OR REPLACE INTO dash_logins VALUES (?,?,?)");
            st.bind(1, key).bind(2, state.failures).bind(3, state.locked_until).run();
            tx.commit();
            return attempt;
        });
    }

    // [SECTION] Audit and replies

    // [SECTION] Retention (sqlite_purge.cpp)

    Result<PurgeCounts> purge_due(const RetentionCutoffs& cutoffs) override {
        return reading([&](db::Database& db) -> Result<PurgeCounts> { return detail::sqlite_purge_due(db, cutoffs); });
    }

    Result<PurgeCounts> purge_batch(const RetentionCutoffs& cutoffs, int limit, const ResponseIndexer& index,
                                    const std::string& user, std::int64_t now) override {
        return writing([&](db::Database& db) -> Result<PurgeCounts> {
            return detail::sqlite_purge_batch(db, cutoffs, limit, index, user, now);
        });
    }

    Result<PurgeCounts> purged_totals() override {
        return reading([&](db::Database& db) -> Result<PurgeCounts> { return detail::sqlite_purged_totals(db); });
    }

    Status audit(const AuditEntry& e) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("INSERT INTO dash_audit (at, user, action, detail) VALUES (?,?,?,?)");
            st.bind(1, e.at).bind(2, e.user).bind(3, e.action).bind(4, e.detail).run();
            return ok_status();
        });
    }

    Result<std::vector<AuditEntry>> audit_log(int limit) override {
        return reading([&](db::Database& db) -> Result<std::vector<AuditEntry>> {
            auto st = db.prepare("SELECT at, user, action, detail FROM dash_audit ORDER BY pk DESC LIMIT ?");
            st.bind(1, static_cast<std::int64_t>(limit));
            std::vector<AuditEntry> out;
            while (st.step())
                out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3)});
            return out;
        });
    }

    Result<std::int64_t> add_reply(const Reply& r) override {
        return writing([&](db::Database& db) -> Result<std::int64_t> {
            auto st = db.prepare("INSERT INTO dash_replies (theme, text, user, at) VALUES (?,?,?,?)");
            st.bind(1, r.theme).bind(2, r.text).bind(3, r.user).bind(4, r.at).run();
            return db.last_insert_rowid();
        });
    }

    Status delete_reply(std::int64_t id) override {
        return writing([&](db::Database& db) -> Status {
            auto st = db.prepare("DELETE FROM dash_replies WHERE pk = ?");
            st.bind(1, id).run();
            if (db.changes() == 0) return Error{Errc::not_found, "no reply " + std::to_string(id)};
            return ok_status();
        });
    }

    Result<std::vector<Reply>> replies() override {
        return reading([&](db::Database& db) -> Result<std::vector<Reply>> {
            auto st = db.prepare("SELECT pk, theme, text, user, at FROM dash_replies ORDER BY at DESC, pk DESC");
            std::vector<Reply> out;
            while (st.step())
                out.push_back(
                    {st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_int64(4)});
            return out;
        });
    }

private:
    std::mutex write_mutex_;
    std::mutex read_mutex_;
    db::Database write_;
    db::Database read_;
};

}  // namespace

Result<std::unique_ptr<DashboardStore>> open_sqlite_dashboard_store(const std::string& path) {
    return construct_store<DashboardStore, SqliteDashboardStore>(
        [&](const std::exception& e) { return Error{Errc::io_error, path + ": " + e.what()}; }, path);
}

}  // namespace lp::dashboard
