#pragma once
// Retention: deleting responses, comments and safeguarding items once policy says they are no
// longer needed (docs/privacy.md, "How long we keep it"). `lp-aggregator purge` runs it once;
// `serve` runs it every day at purge_hour (UTC, aggregator.conf).
//
//   auto cut = retention_cutoffs({36, 72}, now_unix());
//   auto done = purge(store, cut, indexer_fn, 500, false, "retention", now_unix());
//
// Each batch is one transaction (rows, derived rows, summaries, totals and audit together), so a
// purge killed at any point leaves a consistent store and running it again finishes the job.
#include <cstdint>
#include <functional>
#include <lp/aggregator/config.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/dashboard/summarise.hpp>
#include <lp/shared/linker.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lp::dashboard {

struct RetentionPolicy {
    int retention_months = 36;               // responses and comments
    int safeguarding_retention_months = 72;  // acknowledged safeguarding items, after acknowledgement
};

/// The policy aggregator.conf sets (retention_months, safeguarding_retention_months).
inline RetentionPolicy retention_policy(const aggregator::Config& c) {
    return {c.retention_months, c.safeguarding_retention_months};
}

/// One line saying what policy keeps at cutoffs, for people (purge output, backup manifests).
std::string describe(const RetentionPolicy& policy, const RetentionCutoffs& cutoffs);

/// A ResponseIndexer over question sets (kept alive by the caller). The comment is left out: its
/// stored links are what the summaries counted, so linker is never asked (but must be valid).
ResponseIndexer response_indexer(const aggregator::QuestionSetCatalog& sets, std::shared_ptr<const Linker> linker);

/// The cutoffs of policy at now: whole months, counted back from the current UTC month
/// (retention 36 in 2026-12 keeps 2023-12 onwards).
RetentionCutoffs retention_cutoffs(const RetentionPolicy& policy, std::int64_t now);

/// "YYYY-MM" months before month ("2026-12", 36 -> "2023-12"); the unix time it starts in *start.
std::string months_before(const std::string& month, int months, std::int64_t* start = nullptr);

struct PurgeRun {
    PurgeCounts counts;  // deleted (or due, in a dry run)
    int batches = 0;
};

/// Purges everything due under cutoffs in batches of batch responses (dry_run: only counts).
/// after_batch (may be empty) is called after each committed batch. Stops at the first error,
/// with everything committed before it kept.
Result<PurgeRun> purge(DashboardStore& store, const RetentionCutoffs& cutoffs, const ResponseIndexer& index, int batch,
                       bool dry_run, const std::string& user, std::int64_t now,
                       const std::function<void(const PurgeCounts&)>& after_batch = {});

/// "responses=3 comments=1 safeguarding=0 conflicts=0".
std::string describe(const PurgeCounts& counts);

/// The /metrics lines of the purged totals: lp_purged_total{kind="responses"} N, one per kind.
std::string purge_metrics(const PurgeCounts& totals);

/// What purged responses added to the summaries: their answers as index sees them, and one
/// comment per stored link (links maps response pk to its linked themes, any source), which is
/// how the stores keep each theme cell's comment count.
BatchSummary purged_share(const std::vector<RawResponse>& raws, const std::map<std::int64_t, std::vector<std::string>>& links,
                          const ResponseIndexer& index);

/// The FROM and WHERE of the responses a purge may take, in SQL both stores speak (r is responses):
/// made before the cutoff month ($1), already in the summaries (at or below the indexer's cursor,
/// so the indexer never races the purge for them), with no unread comment and no safeguarding item
/// unacknowledged or acknowledged at or after $2 (the safeguarding cutoff).
extern const char* const purge_due_sql;

/// The DELETEs that take a purge batch's responses and every row derived from them, children first
/// and the responses themselves last; in_ids is the store's own " IN (...)" over the batch's ids.
std::vector<std::string> purge_deletes(const std::string& in_ids);

/// The audit line of one purge batch.
std::string purge_audit_detail(const PurgeCounts& counts, const RetentionCutoffs& cutoffs);

}  // namespace lp::dashboard
