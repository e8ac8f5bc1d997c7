// The retention purge on PostgreSQL: one transaction per batch under the indexing advisory lock,
// so no instance's indexer, relink or correction changes the summaries or the cursor meanwhile.
#include "pg_purge.hpp"

#include "pg_raw.hpp"
#include "raw_batch.hpp"

#include <lp/dashboard/retention.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace lp::dashboard::detail {
namespace {

// The ids of a batch travel as one JSON array ($1).
const char* const in_ids = " IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))";

// Takes the purged responses' share out of the summary cells; a cell left empty goes.
void subtract(pqxx::work& w, const BatchSummary& share) {
    using nlohmann::json;
    json themes = json::array();
    for (const auto& [k, c] : share.themes)
        themes.push_back({{"theme", k.theme}, {"month", k.month}, {"site", k.site}, {"age_band", k.age_band},
                          {"question_set", k.question_set}, {"responses", c.responses}, {"answers", c.answers},
                          {"score_sum", c.score_sum}, {"negatives", c.negatives}, {"comments", c.comments}});
    const char* const theme_cells =
        " jsonb_to_recordset($1::jsonb) AS x(theme text, month text, site text, age_band text, question_set text,"
        " responses bigint, answers bigint, score_sum double precision, negatives bigint, comments bigint)"
        " WHERE s.theme = x.theme AND s.month = x.month AND s.site = x.site AND s.age_band = x.age_band"
        " AND s.question_set = x.question_set";
    if (!themes.empty()) {
        w.exec_params(std::string("UPDATE dash_theme_summary s SET responses = s.responses - x.responses,"
                                  " answers = s.answers - x.answers,"
                                  " score_sum = CASE WHEN s.answers - x.answers <= 0 THEN 0"
                                  " ELSE s.score_sum - x.score_sum END,"
                                  " negatives = s.negatives - x.negatives, comments = s.comments - x.comments FROM") +
                          theme_cells,
                      themes.dump());
        w.exec_params(std::string("DELETE FROM dash_theme_summary s USING") + theme_cells +
                          " AND s.responses <= 0 AND s.answers <= 0 AND s.comments <= 0",
                      themes.dump());
    }
    json values = json::array();
    for (const auto& [k, n] : share.values)
        values.push_back({{"question_set", k.question_set}, {"question", k.question}, {"month", k.month},
                          {"site", k.site}, {"age_band", k.age_band}, {"value", k.value}, {"count", n}});
    const char* const value_cells =
        " jsonb_to_recordset($1::jsonb) AS x(question_set text, question text, month text, site text, age_band text,"
        " value text, count bigint) WHERE s.question_set = x.question_set AND s.question = x.question"
        " AND s.month = x.month AND s.site = x.site AND s.age_band = x.age_band AND s.value = x.value";
    if (!values.empty()) {
        w.exec_params(std::string("UPDATE dash_value_summary s SET count = s.count - x.count FROM") + value_cells,
                      values.dump());
        w.exec_params(std::string("DELETE FROM dash_value_summary s USING") + value_cells + " AND s.count <= 0",
                      values.dump());
    }
}

}  // namespace

PurgeCounts pg_purge_due(pqxx::connection& conn, const RetentionCutoffs& cutoffs) {
    pqxx::read_transaction w(conn);
    const std::string due = std::string(" IN (SELECT r.pk") + purge_due_sql + ")";
    auto row = w.exec_params1(std::string("SELECT (SELECT count(*)") + purge_due_sql + "),"
                              " (SELECT count(*) FROM comments WHERE response" + due + "),"
                              " (SELECT count(*) FROM dash_safeguarding WHERE response" + due + "),"
                              " (SELECT count(*) FROM conflicts WHERE received_at < $3)",
                              cutoffs.response_month, cutoffs.safeguarding_ack_before, cutoffs.response_before);
    PurgeCounts out;
    for (int i = 0; i < PurgeCounts::kinds; ++i) out.at(i) = row[i].as<std::int64_t>();
    return out;
}

PurgeCounts pg_purge_batch(pqxx::connection& conn, long long index_lock_key, const RetentionCutoffs& cutoffs, int limit,
                           const ResponseIndexer& index, const std::string& user, std::int64_t now) {
    PurgeCounts out;
    pqxx::work w(conn);
    w.exec_params("SELECT pg_advisory_xact_lock($1)", index_lock_key);
    std::vector<std::int64_t> due;
    for (const auto& row : w.exec_params(std::string("SELECT r.pk") + purge_due_sql + " ORDER BY r.pk LIMIT $3",
                                         cutoffs.response_month, cutoffs.safeguarding_ack_before,
                                         static_cast<std::int64_t>(limit)))
        due.push_back(row[0].as<std::int64_t>());
    const std::string ids = ids_json(due);
    if (!due.empty()) {
        std::map<std::int64_t, std::vector<std::string>> links;
        for (const auto& row :
             w.exec_params(std::string("SELECT response, theme FROM dash_comment_links WHERE response") + in_ids, ids))
            links[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
        const auto picked =
            w.exec_params(std::string("SELECT ") + pg_raw_columns + " FROM responses WHERE pk" + in_ids, ids);
        subtract(w, purged_share(pg_raw_responses(w, picked), links, index));
        out.comments =
            w.exec_params1(std::string("SELECT count(*) FROM comments WHERE response") + in_ids, ids)[0].as<std::int64_t>();
        out.safeguarding = w.exec_params1(std::string("SELECT count(*) FROM dash_safeguarding WHERE response") + in_ids,
                                          ids)[0].as<std::int64_t>();
        // The last DELETE takes the responses themselves: its count is the batch's.
        for (const auto& sql : purge_deletes(in_ids)) out.responses = w.exec_params(sql, ids).affected_rows();
    }
    out.conflicts = w.exec_params("DELETE FROM conflicts WHERE pk IN (SELECT pk FROM conflicts WHERE received_at < $1"
                                  " ORDER BY pk LIMIT $2)",
                                  cutoffs.response_before, static_cast<std::int64_t>(limit))
                        .affected_rows();
    if (out.total() == 0) return out;  // nothing due: the transaction is dropped, nothing written
    for (int i = 0; i < PurgeCounts::kinds; ++i)
        w.exec_params("INSERT INTO dash_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET"
                      " value = (dash_state.value::bigint + excluded.value::bigint)::text",
                      PurgeCounts::total_keys[i], std::to_string(out.at(i)));
    w.exec_params("INSERT INTO dash_audit (at, \"user\", action, detail) VALUES ($1, $2, 'purge', $3)", now, user,
                  purge_audit_detail(out, cutoffs));
    w.commit();
    return out;
}

PurgeCounts pg_purged_totals(pqxx::connection& conn) {
    pqxx::read_transaction w(conn);
    PurgeCounts out;
    for (int i = 0; i < PurgeCounts::kinds; ++i) {
        auto r = w.exec_params("SELECT value::bigint FROM dash_state WHERE key = $1", PurgeCounts::total_keys[i]);
        if (!r.empty()) out.at(i) = r[0][0].as<std::int64_t>();
    }
    return out;
}

}  // namespace lp::dashboard::detail
