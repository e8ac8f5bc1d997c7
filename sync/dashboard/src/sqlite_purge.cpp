// The retention purge on SQLite: one IMMEDIATE transaction per batch, so other writers (the
// server's ingest and indexer, in this process or another) wait for it and never see half a purge.
#include "sqlite_purge.hpp"

#include <lp/dashboard/retention.hpp>

#include <map>

namespace lp::dashboard::detail {
namespace {

// Responses due: made before the cutoff month, already in the summaries (at or below the indexer's
// cursor, so the indexer never races us for them), with no unread comment and no safeguarding
// item that is unacknowledged or acknowledged after the safeguarding cutoff.
const char* const due_sql =
    " FROM responses r WHERE r.created_hour < :month"
    " AND r.pk <= coalesce((SELECT CAST(value AS INTEGER) FROM dash_state WHERE key = 'cursor'), 0)"
    " AND NOT EXISTS (SELECT 1 FROM dash_comment_reviews v WHERE v.response = r.pk AND v.read_at IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM dash_safeguarding s WHERE s.response = r.pk"
    "   AND (s.ack_at IS NULL OR s.ack_at >= :ack_before))";

const char* const in_ids = " IN (SELECT value FROM json_each(:ids))";

void bind_due(db::Statement& st, const RetentionCutoffs& c) {
    st.bind(":month", c.response_month).bind(":ack_before", c.safeguarding_ack_before);
}

std::int64_t count_of(db::Database& db, const std::string& sql, const std::string& ids) {
    auto st = db.prepare(sql);
    st.bind(":ids", ids);
    return st.step() ? st.column_int64(0) : 0;
}

std::vector<RawResponse> load_raw(db::Database& db, const std::string& ids) {
    std::vector<RawResponse> out;
    std::map<std::int64_t, std::size_t> index;
    auto st = db.prepare(std::string("SELECT pk, site, question_set_id, question_set_version, created_hour, age_band,"
                                     " needs_help, received_at FROM responses WHERE pk") + in_ids);
    st.bind(":ids", ids);
    while (st.step()) {
        RawResponse r;
        r.pk = st.column_int64(0);
        r.site = st.column_text(1);
        r.question_set = st.column_text(2);
        r.question_set_version = static_cast<int>(st.column_int64(3));
        r.created_hour = st.column_text(4);
        r.age_band = st.column_text(5);
        r.needs_help = st.column_int64(6) != 0;
        r.received_at = st.column_int64(7);
        index[r.pk] = out.size();
        out.push_back(std::move(r));
    }
    auto an = db.prepare(std::string("SELECT response, question, state, value_int, value_text, score FROM answers"
                                     " WHERE response") + in_ids + " ORDER BY response, rowid");
    an.bind(":ids", ids);
    while (an.step()) {
        RawAnswer a;
        a.question = an.column_text(1);
        a.state = an.column_text(2);
        if (!an.column_is_null(3)) a.value_int = an.column_int64(3);
        if (!an.column_is_null(4)) a.value_text = an.column_text(4);
        if (!an.column_is_null(5)) a.score = an.column_double(5);
        out[index.at(an.column_int64(0))].answers.push_back(std::move(a));
    }
    auto cm = db.prepare(std::string("SELECT response, text FROM comments WHERE response") + in_ids);
    cm.bind(":ids", ids);
    while (cm.step()) out[index.at(cm.column_int64(0))].comment = cm.column_text(1);
    return out;
}

// Takes the purged responses' share out of the summary cells; a cell left empty goes.
void subtract(db::Database& db, const BatchSummary& share) {
    auto ts = db.prepare(
        "UPDATE dash_theme_summary SET responses = responses - :r, answers = answers - :a,"
        " score_sum = CASE WHEN answers - :a <= 0 THEN 0 ELSE score_sum - :s END, negatives = negatives - :n,"
        " comments = comments - :c"
        " WHERE theme = :theme AND month = :month AND site = :site AND age_band = :band AND question_set = :qs");
    auto tgone = db.prepare(
        "DELETE FROM dash_theme_summary WHERE theme = :theme AND month = :month AND site = :site AND age_band = :band"
        " AND question_set = :qs AND responses <= 0 AND answers <= 0 AND comments <= 0");
    for (const auto& [k, c] : share.themes) {
        ts.bind(":r", c.responses).bind(":a", c.answers).bind(":s", c.score_sum).bind(":n", c.negatives);
        ts.bind(":c", c.comments).bind(":theme", k.theme).bind(":month", k.month).bind(":site", k.site);
        ts.bind(":band", k.age_band).bind(":qs", k.question_set).run();
        tgone.bind(":theme", k.theme).bind(":month", k.month).bind(":site", k.site).bind(":band", k.age_band);
        tgone.bind(":qs", k.question_set).run();
    }
    auto vs = db.prepare(
        "UPDATE dash_value_summary SET count = count - :n WHERE question_set = :qs AND question = :q AND month = :month"
        " AND site = :site AND age_band = :band AND value = :v");
    auto vgone = db.prepare(
        "DELETE FROM dash_value_summary WHERE question_set = :qs AND question = :q AND month = :month"
        " AND site = :site AND age_band = :band AND value = :v AND count <= 0");
    for (const auto& [k, n] : share.values) {
        vs.bind(":n", n).bind(":qs", k.question_set).bind(":q", k.question).bind(":month", k.month);
        vs.bind(":site", k.site).bind(":band", k.age_band).bind(":v", k.value).run();
        vgone.bind(":qs", k.question_set).bind(":q", k.question).bind(":month", k.month).bind(":site", k.site);
        vgone.bind(":band", k.age_band).bind(":v", k.value).run();
    }
}

}  // namespace

PurgeCounts sqlite_purge_due(db::Database& db, const RetentionCutoffs& cutoffs) {
    PurgeCounts out;
    const std::string due = std::string(" IN (SELECT r.pk") + due_sql + ")";
    auto st = db.prepare(std::string("SELECT (SELECT count(*)") + due_sql + "),"
                         " (SELECT count(*) FROM comments WHERE response" + due + "),"
                         " (SELECT count(*) FROM dash_safeguarding WHERE response" + due + "),"
                         " (SELECT count(*) FROM conflicts WHERE received_at < :before)");
    bind_due(st, cutoffs);
    st.bind(":before", cutoffs.response_before);
    if (st.step()) {
        out.responses = st.column_int64(0);
        out.comments = st.column_int64(1);
        out.safeguarding = st.column_int64(2);
        out.conflicts = st.column_int64(3);
    }
    return out;
}

PurgeCounts sqlite_purge_batch(db::Database& db, const RetentionCutoffs& cutoffs, int limit,
                               const ResponseIndexer& index, const std::string& user, std::int64_t now) {
    PurgeCounts out;
    db::Transaction tx(db);
    auto pick = db.prepare(std::string("SELECT r.pk") + due_sql + " ORDER BY r.pk LIMIT :limit");
    bind_due(pick, cutoffs);
    pick.bind(":limit", static_cast<std::int64_t>(limit));
    std::string ids = "[";
    while (pick.step()) ids += (ids.size() > 1 ? "," : "") + std::to_string(pick.column_int64(0));
    ids += "]";
    if (ids != "[]") {
        std::map<std::int64_t, std::vector<std::string>> links;
        auto ln = db.prepare(std::string("SELECT response, theme FROM dash_comment_links WHERE response") + in_ids);
        ln.bind(":ids", ids);
        while (ln.step()) links[ln.column_int64(0)].push_back(ln.column_text(1));
        subtract(db, purged_share(load_raw(db, ids), links, index));
        out.comments = count_of(db, std::string("SELECT count(*) FROM comments WHERE response") + in_ids, ids);
        out.safeguarding = count_of(db, std::string("SELECT count(*) FROM dash_safeguarding WHERE response") + in_ids, ids);
        const char* const derived[] = {
            "DELETE FROM dash_alert_deliveries WHERE alert IN (SELECT pk FROM dash_alerts WHERE response",
            "DELETE FROM dash_alerts WHERE (response",
            "DELETE FROM dash_safeguarding WHERE (response",
            "DELETE FROM dash_comment_reviews WHERE (response",
            "DELETE FROM dash_comment_links WHERE (response",
            "DELETE FROM dash_link_corrections WHERE (response",
            "DELETE FROM comments WHERE (response",
            "DELETE FROM answer_chips WHERE (response",
            "DELETE FROM answers WHERE (response",
            "DELETE FROM response_themes WHERE (response",
            "DELETE FROM responses WHERE (pk",
        };
        for (const char* sql : derived) {
            auto del = db.prepare(std::string(sql) + in_ids + ")");
            del.bind(":ids", ids).run();
        }
        out.responses = db.changes();
    }
    auto conflicts = db.prepare(
        "DELETE FROM conflicts WHERE pk IN (SELECT pk FROM conflicts WHERE received_at < ? ORDER BY pk LIMIT ?)");
    conflicts.bind(1, cutoffs.response_before).bind(2, static_cast<std::int64_t>(limit)).run();
    out.conflicts = db.changes();
    if (out.total() == 0) return out;  // nothing due: the transaction rolls back, nothing written
    auto add = db.prepare(
        "INSERT INTO dash_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
        " value = CAST(CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER) AS TEXT)");
    for (int i = 0; i < PurgeCounts::kinds; ++i)
        add.bind(1, PurgeCounts::total_keys[i]).bind(2, std::to_string(out.at(i))).run();
    auto audit = db.prepare("INSERT INTO dash_audit (at, user, action, detail) VALUES (?,?,?,?)");
    audit.bind(1, now).bind(2, user).bind(3, "purge").bind(4, purge_audit_detail(out, cutoffs)).run();
    tx.commit();
    return out;
}

PurgeCounts sqlite_purged_totals(db::Database& db) {
    PurgeCounts out;
    auto st = db.prepare("SELECT CAST(value AS INTEGER) FROM dash_state WHERE key = ?");
    for (int i = 0; i < PurgeCounts::kinds; ++i) {
        st.bind(1, PurgeCounts::total_keys[i]);
        if (st.step()) out.at(i) = st.column_int64(0);
        st.reset();
    }
    return out;
}

}  // namespace lp::dashboard::detail
