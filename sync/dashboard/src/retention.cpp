#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/retention.hpp>
#include <lp/shared/time.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

namespace lp::dashboard {

std::string months_before(const std::string& month, int months, std::int64_t* start) {
    int year = std::atoi(month.substr(0, 4).c_str());
    int mon = std::atoi(month.substr(5, 2).c_str());  // 1..12
    int index = year * 12 + (mon - 1) - months;
    year = index / 12;
    mon = index % 12 + 1;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", year, mon);
    if (start) {
        std::tm t{};
        t.tm_year = year - 1900;
        t.tm_mon = mon - 1;
        t.tm_mday = 1;
        *start = static_cast<std::int64_t>(timegm(&t));
    }
    return text;
}

RetentionCutoffs retention_cutoffs(const RetentionPolicy& policy, std::int64_t now) {
    const std::time_t t = static_cast<std::time_t>(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char current[32];
    std::snprintf(current, sizeof current, "%04d-%02d", utc.tm_year + 1900, utc.tm_mon + 1);
    RetentionCutoffs c;
    c.response_month = months_before(current, policy.retention_months, &c.response_before);
    months_before(current, policy.safeguarding_retention_months, &c.safeguarding_ack_before);
    return c;
}

Result<PurgeRun> purge(DashboardStore& store, const RetentionCutoffs& cutoffs, const ResponseIndexer& index, int batch,
                       bool dry_run, const std::string& user, std::int64_t now,
                       const std::function<void(const PurgeCounts&)>& after_batch) {
    PurgeRun run;
    if (dry_run) {
        auto due = store.purge_due(cutoffs);
        if (!due) return due.error();
        run.counts = *due;
        return run;
    }
    // A test hook: a pause after each committed batch, so a test can kill -9 a purge midway.
    const char* pause = std::getenv("LP_TEST_PURGE_PAUSE_MS");
    const int pause_ms = pause ? std::atoi(pause) : 0;
    for (;;) {
        auto done = store.purge_batch(cutoffs, batch, index, user, now);
        if (!done) return done.error();
        if (done->total() == 0) return run;
        run.counts += *done;
        ++run.batches;
        if (after_batch) after_batch(*done);
        if (pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    }
}

std::string describe(const RetentionPolicy& p, const RetentionCutoffs& c) {
    const std::string day = iso_utc(c.safeguarding_ack_before).substr(0, 10);  // YYYY-MM-DD
    return "responses and comments are kept " + std::to_string(p.retention_months) +
           " months (those made before " + c.response_month +
           " go), acknowledged safeguarding items " + std::to_string(p.safeguarding_retention_months) +
           " months after acknowledgement (acknowledged before " + day +
           " go); unread comments and unacknowledged safeguarding items are never deleted";
}

ResponseIndexer response_indexer(const aggregator::QuestionSetCatalog& sets, std::shared_ptr<const Linker> linker) {
    return [&sets, linker](const RawResponse& raw) {
        RawResponse answers_only = raw;
        answers_only.comment.clear();  // purged_share counts the stored links instead
        return index_response(answers_only, sets, *linker);
    };
}

std::string describe(const PurgeCounts& c) {
    return "responses=" + std::to_string(c.responses) + " comments=" + std::to_string(c.comments) +
           " safeguarding=" + std::to_string(c.safeguarding) + " conflicts=" + std::to_string(c.conflicts);
}

std::string purge_metrics(const PurgeCounts& t) {
    std::string out =
        "# HELP lp_purged_total Rows deleted by the retention purge (docs/privacy.md), by kind.\n"
        "# TYPE lp_purged_total counter\n";
    const std::pair<const char*, std::int64_t> kinds[] = {
        {"responses", t.responses}, {"comments", t.comments}, {"safeguarding", t.safeguarding}, {"conflicts", t.conflicts}};
    for (const auto& [kind, n] : kinds)
        out += std::string("lp_purged_total{kind=\"") + kind + "\"} " + std::to_string(n) + "\n";
    return out;
}

BatchSummary purged_share(const std::vector<RawResponse>& raws, const std::map<std::int64_t, std::vector<std::string>>& links,
                          const ResponseIndexer& index) {
    std::vector<IndexedResponse> indexed;
    indexed.reserve(raws.size());
    for (const auto& raw : raws) {
        IndexedResponse r = index(raw);
        r.comment_links.clear();  // what the summaries hold is the stored links, not today's linker
        if (auto it = links.find(raw.pk); it != links.end())
            for (const auto& theme : it->second) r.comment_links.push_back({theme, 0.0, {}});
        indexed.push_back(std::move(r));
    }
    std::vector<const IndexedResponse*> rows;
    for (const auto& r : indexed) rows.push_back(&r);
    return summarise(rows, {});
}

// SQLite reads $1 and $2 as named parameters, PostgreSQL as positional ones.
const char* const purge_due_sql =
    " FROM responses r WHERE r.created_hour < $1"
    " AND r.pk <= coalesce((SELECT CAST(value AS BIGINT) FROM dash_state WHERE key = 'cursor'), 0)"
    " AND NOT EXISTS (SELECT 1 FROM dash_comment_reviews v WHERE v.response = r.pk AND v.read_at IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM dash_safeguarding s WHERE s.response = r.pk"
    "   AND (s.ack_at IS NULL OR s.ack_at >= $2))";

std::vector<std::string> purge_deletes(const std::string& in_ids) {
    // Children before parents, so no row is left pointing at a response that has gone.
    static const char* const heads[] = {
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
    std::vector<std::string> out;
    for (const char* head : heads) out.push_back(std::string(head) + in_ids + ")");
    return out;
}

std::string purge_audit_detail(const PurgeCounts& counts, const RetentionCutoffs& cutoffs) {
    const std::string day = iso_utc(cutoffs.safeguarding_ack_before).substr(0, 10);  // YYYY-MM-DD
    return describe(counts) + " (responses made before " + cutoffs.response_month +
           ", safeguarding items acknowledged before " + day + ")";
}

}  // namespace lp::dashboard
