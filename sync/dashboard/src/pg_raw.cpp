// Responses with their answers and comment, read back for the indexer and the purge (PostgreSQL).
#include "pg_raw.hpp"

#include "raw_batch.hpp"

#include <string>

namespace lp::dashboard::detail {

const char* const pg_raw_columns =
    "pk, site, question_set_id, question_set_version, created_hour, age_band, needs_help, received_at, language";

std::vector<RawResponse> pg_raw_responses(pqxx::transaction_base& w, const pqxx::result& picked) {
    RawBatch batch;
    for (const auto& row : picked) {
        RawResponse r;
        r.pk = row[0].as<std::int64_t>();
        r.site = row[1].as<std::string>();
        r.question_set = row[2].as<std::string>();
        r.question_set_version = row[3].as<int>();
        r.created_hour = row[4].as<std::string>();
        r.age_band = row[5].as<std::string>();
        r.needs_help = row[6].as<bool>();
        r.received_at = row[7].as<std::int64_t>();
        r.language = row[8].as<std::string>();
        batch.add(std::move(r));
    }
    if (batch.responses.empty()) return {};
    const std::string ids = batch.ids();
    // The answers and comments of exactly the responses picked, as one JSON array of ids ($1).
    const std::string of_picked = " WHERE response IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))";
    for (const auto& row : w.exec_params("SELECT response, question, state, value_int, value_text, score FROM answers" +
                                             of_picked + " ORDER BY response, ord",
                                         ids)) {
        RawAnswer a;
        a.question = row[1].as<std::string>();
        a.state = row[2].as<std::string>();
        if (!row[3].is_null()) a.value_int = row[3].as<std::int64_t>();
        if (!row[4].is_null()) a.value_text = row[4].as<std::string>();
        if (!row[5].is_null()) a.score = row[5].as<double>();
        batch.of(row[0].as<std::int64_t>()).answers.push_back(std::move(a));
    }
    for (const auto& row : w.exec_params("SELECT response, text FROM comments" + of_picked, ids))
        batch.of(row[0].as<std::int64_t>()).comment = row[1].as<std::string>();
    return std::move(batch.responses);
}

}  // namespace lp::dashboard::detail
