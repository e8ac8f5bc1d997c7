#pragma once
// Reading stored responses back as the indexer sees them, on PostgreSQL: the indexer reads the
// next batch and the purge reads what it takes out of the summaries, with one reader.
#include <lp/dashboard/store.hpp>

#include <pqxx/pqxx>

#include <vector>

namespace lp::dashboard::detail {

/// The columns pg_raw_responses reads, for the caller's `SELECT ... FROM responses`.
extern const char* const pg_raw_columns;

/// The responses in `picked` (rows of pg_raw_columns FROM responses), each with its answers in
/// order and its comment, read in w. Throws pqxx errors on a database error.
std::vector<RawResponse> pg_raw_responses(pqxx::transaction_base& w, const pqxx::result& picked);

}  // namespace lp::dashboard::detail
