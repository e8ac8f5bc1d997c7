// The retention purge on SQLite: one IMMEDIATE transaction per batch, so other writers (the
// server's ingest and indexer, in this process or another) wait for it and never see half a purge.
#include "sqlite_purge.hpp"

#include "raw_batch.hpp"
#include "sqlite_raw.hpp"

#include <lp/dashboard/retention.hpp>

#include <map>
#include <string>

namespace lp::dashboard::detail {
namespace {

const char* const in_ids = " IN (SELECT value FROM json_each(:ids))";

// purge_due_sql's $1 (cutoff month) and $2 (safeguarding cutoff), named parameters to SQLite.
void bind_due(db::Statement& st, const RetentionCutoffs& c) {
    st.bind("$1", c.response_month).bind("$2", c.safeguarding_ack_before);
}

std::int64_t count_of(db::Database& db, const std::string& sql, const std::string& ids) {
    auto st = db.prepare(sql);
    st.bind(":ids", ids);
    return st.step() ? st.column_int64(0) : 0;
}

// Takes the purged responses' share out of the summary cells; a cell left empty goes.
void subtract(db::Database& db, const BatchSummary& share) {
    // A cell's key, written and bound once for its UPDATE and its DELETE.
    const std::string theme_where =
        " WHERE theme = :theme AND month = :month AND site = :site AND age_band = :band AND question_set = :qs";
    auto ts = db.prepare(
        "UPDATE dash_theme_summary SET responses = responses - :r, answers = answers - :a,"
        " score_sum = CASE WHEN answers - :a <= 0 THEN 0 ELSE score_sum - :s END, negatives = negatives - :n,"
        " comments = comments - :c" + theme_where);
    auto tgone = db.prepare("DELETE FROM dash_theme_summary" + theme_where +
                            " AND responses <= 0 AND answers <= 0 AND comments <= 0");
    auto theme_cell = [](db::Statement& st, const ThemeCellKey& k) -> db::Statement& {
        return st.bind(":theme", k.theme).bind(":month", k.month).bind(":site", k.site).bind(":band", k.age_band)
            .bind(":qs", k.question_set);
    };
    for (const auto& [k, c] : share.themes) {
        theme_cell(ts, k).bind(":r", c.responses).bind(":a", c.answers).bind(":s", c.score_sum);
        ts.bind(":n", c.negatives).bind(":c", c.comments).run();
        theme_cell(tgone, k).run();
    }
    const std::string value_where =
        " WHERE question_set = :qs AND question = :q AND month = :month AND site = :site AND age_band = :band"
        " AND value = :v";
    auto vs = db.prepare("UPDATE dash_value_summary SET count = count - :n" + value_where);
    auto vgone = db.prepare("DELETE FROM dash_value_summary" + value_where + " AND count <= 0");
    auto value_cell = [](db::Statement& st, const ValueCellKey& k) -> db::Statement& {
        return st.bind(":qs", k.question_set).bind(":q", k.question).bind(":month", k.month).bind(":site", k.site)
            .bind(":band", k.age_band).bind(":v", k.value);
    };
    for (const auto& [k, n] : share.values) {
        value_cell(vs, k).bind(":n", n).run();
        value_cell(vgone, k).run();
    }
}

}  // namespace

PurgeCounts sqlite_purge_due(db::Database& db, const RetentionCutoffs& cutoffs) {
    PurgeCounts out;
    const std::string due = std::string(" IN (SELECT r.pk") + purge_due_sql + ")";
    auto st = db.prepare(std::string("SELECT (SELECT count(*)") + purge_due_sql + "),"
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
    auto pick = db.prepare(std::string("SELECT r.pk") + purge_due_sql + " ORDER BY r.pk LIMIT :limit");
    bind_due(pick, cutoffs);
    pick.bind(":limit", static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> due;
    while (pick.step()) due.push_back(pick.column_int64(0));
    const std::string ids = ids_json(due);
    if (!due.empty()) {
        std::map<std::int64_t, std::vector<std::string>> links;
        auto ln = db.prepare(std::string("SELECT response, theme FROM dash_comment_links WHERE response") + in_ids);
        ln.bind(":ids", ids);
        while (ln.step()) links[ln.column_int64(0)].push_back(ln.column_text(1));
        auto picked = db.prepare(std::string("SELECT ") + sqlite_raw_columns + " FROM responses WHERE pk" + in_ids);
        picked.bind(":ids", ids);
        subtract(db, purged_share(sqlite_raw_responses(db, picked), links, index));
        out.comments = count_of(db, std::string("SELECT count(*) FROM comments WHERE response") + in_ids, ids);
        out.safeguarding = count_of(db, std::string("SELECT count(*) FROM dash_safeguarding WHERE response") + in_ids, ids);
        for (const auto& sql : purge_deletes(in_ids)) {
            auto del = db.prepare(sql);
            del.bind(":ids", ids).run();
        }
        out.responses = db.changes();  // the last DELETE takes the responses themselves
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
