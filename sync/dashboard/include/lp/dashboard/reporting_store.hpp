#pragma once
// Storage of the council reporting features (cohorts and response rates, the board pack's
// figures), kept apart from DashboardStore so the reporting tables and queries live in their
// own files. Implementations: SQLite (same file as the aggregator's) and PostgreSQL (same
// database); their tables come from the dashboard's migration lists. Every method is safe to
// call from many threads, binds every value and reports failures as values.
#include <cstdint>
#include <lp/shared/result.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp::dashboard {

/// How many children and young people a group holds in a quarter (the rate's denominator).
struct Cohort {
    std::string quarter;   // "2026-Q3"
    std::string site;      // "" = the whole council
    std::string age_band;  // "8-12" | "13-17" | "16-25" | "" = every age
    std::int64_t size = 0;
};

/// Stored responses of one month, site and age band.
struct ResponseCount {
    std::string month;  // "YYYY-MM" of created_hour
    std::string site;
    std::string age_band;
    std::int64_t responses = 0;
};

/// Safeguarding items of a period: counts and acknowledgement times, never their text.
struct SafeguardingCounts {
    std::int64_t help_requests = 0;     // the young person asked to talk to someone
    std::int64_t flagged_comments = 0;  // the scan matched words in the comment
    std::int64_t waiting = 0;           // not acknowledged yet
    std::vector<std::int64_t> ack_seconds;  // acknowledged items: ack time - received time
};

/// What an action is tied to: a theme id, or an inspection finding / improvement point id.
struct ActionLink {
    std::string kind;  // "theme" | "finding"
    std::string target;
};
/// One status an action went through, and when.
struct ActionStatusChange {
    std::string status;
    std::int64_t at = 0;
    std::string user;
};
/// An action the council takes in answer to what young people said ("you said, we did").
struct Action {
    std::int64_t id = 0;
    std::string title;       // what will be done, in the council's words (the board's list)
    std::string young_text;  // the same in young people's words: what kiosks show once it is done
    std::string owner;       // a role or team, never a child
    std::string due;         // "YYYY-MM-DD" or "" (no date)
    std::string status = "planned";  // planned | in_progress | done | dropped
    std::int64_t status_at = 0;      // when it took this status
    std::string evidence;            // a short note: how we know it happened
    std::vector<ActionLink> links;   // at least one theme
    std::vector<ActionStatusChange> history;  // oldest first (filled by actions())
};

class ReportingStore {
public:
    virtual ~ReportingStore() = default;

    // Cohorts.
    /// Adds or replaces every row (keyed by quarter, site, age band) in ONE transaction: on any
    /// failure nothing changes. invalid_input names the first bad row (quarter, band, size).
    virtual Status upsert_cohorts(const std::vector<Cohort>& rows) = 0;
    /// not_found when there is no such row.
    virtual Status delete_cohort(const std::string& quarter, const std::string& site, const std::string& age_band) = 0;
    /// Every row, by quarter, site, age band.
    virtual Result<std::vector<Cohort>> cohorts() = 0;

    // Figures.
    /// Stored responses per month, site and age band for months from..to (inclusive, "YYYY-MM").
    virtual Result<std::vector<ResponseCount>> response_counts(const std::string& from_month,
                                                               const std::string& to_month) = 0;
    /// Safeguarding items created in months from..to; site "" = every site.
    virtual Result<SafeguardingCounts> safeguarding_counts(const std::string& from_month, const std::string& to_month,
                                                           const std::string& site) = 0;

    // Actions.
    /// Stores a new action (its first status in the history); invalid_input per check_action().
    virtual Result<std::int64_t> add_action(const Action& action, const std::string& user, std::int64_t now) = 0;
    /// Replaces an action's fields and links; a new status is added to the history with now.
    /// not_found for an unknown id, invalid_input per check_action().
    virtual Status update_action(const Action& action, const std::string& user, std::int64_t now) = 0;
    /// Every action with links and history, overdue-relevant order: by due date ("" last), then id.
    virtual Result<std::vector<Action>> actions() = 0;
};

/// Checks an action: a title (1..500 characters), young words up to 280 characters, an owner
/// up to 100, due "YYYY-MM-DD" or "", a known status, evidence up to 1000, at least one theme
/// link and only theme/finding links. invalid_input says what is wrong.
Status check_action(const Action& a);
/// True when an action is not done or dropped and its due date is before today ("YYYY-MM-DD").
bool overdue(const Action& a, const std::string& today);

/// Opens the reporting store on the dashboard's SQLite file (its migrations already applied by
/// open_sqlite_dashboard_store). io_error naming the file on failure.
Result<std::unique_ptr<ReportingStore>> open_sqlite_reporting_store(const std::string& path);
/// Opens it on the dashboard's PostgreSQL database (libpq URL). io_error on failure.
Result<std::unique_ptr<ReportingStore>> open_pg_reporting_store(const std::string& url, int pool_size = 2);

/// Checks one cohort row: quarter "YYYY-Qn", band one of "", 8-12, 13-17, 16-25, size 0..10,000,000,
/// site at most 100 characters. invalid_input says what is wrong.
Status check_cohort(const Cohort& c);

}  // namespace lp::dashboard
