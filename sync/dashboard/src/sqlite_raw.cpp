// Responses with their answers and comment, read back for the indexer and the purge (SQLite).
#include "sqlite_raw.hpp"

#include "raw_batch.hpp"

#include <string>

namespace lp::dashboard::detail {

const char* const sqlite_raw_columns =
    "pk, site, question_set_id, question_set_version, created_hour, age_band, needs_help, received_at, language";

std::vector<RawResponse> sqlite_raw_responses(db::Database& db, db::Statement& picked) {
    RawBatch batch;
    while (picked.step()) {
        RawResponse r;
        r.pk = picked.column_int64(0);
        r.site = picked.column_text(1);
        r.question_set = picked.column_text(2);
        r.question_set_version = static_cast<int>(picked.column_int64(3));
        r.created_hour = picked.column_text(4);
        r.age_band = picked.column_text(5);
        r.needs_help = picked.column_int64(6) != 0;
        r.received_at = picked.column_int64(7);
        r.language = picked.column_text(8);
        batch.add(std::move(r));
    }
    if (batch.responses.empty()) return {};
    const std::string ids = batch.ids();
    // The answers and comments of exactly the responses picked, as one JSON array of ids.
    const std::string of_picked = " WHERE response IN (SELECT value FROM json_each(:ids))";
    auto an = db.prepare("SELECT response, question, state, value_int, value_text, score FROM answers" + of_picked +
                         " ORDER BY response, rowid");
    an.bind(":ids", ids);
    while (an.step()) {
        RawAnswer a;
        a.question = an.column_text(1);
        a.state = an.column_text(2);
        if (!an.column_is_null(3)) a.value_int = an.column_int64(3);
        if (!an.column_is_null(4)) a.value_text = an.column_text(4);
        if (!an.column_is_null(5)) a.score = an.column_double(5);
        batch.of(an.column_int64(0)).answers.push_back(std::move(a));
    }
    auto cm = db.prepare("SELECT response, text FROM comments" + of_picked);
    cm.bind(":ids", ids);
    while (cm.step()) batch.of(cm.column_int64(0)).comment = cm.column_text(1);
    return std::move(batch.responses);
}

}  // namespace lp::dashboard::detail
