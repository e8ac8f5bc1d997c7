#pragma once
// Every tunable of the dashboard in one struct with defaults; DATA/dashboard.conf overrides them.
#include <lp/dashboard/store.hpp>
#include <lp/shared/result.hpp>
#include <string>

namespace lp::dashboard {

struct DashboardConfig {
    int min_group = 5;              // small-group suppression: fewer shows "fewer than N" (never below 3)
    int overdue_s = 24 * 3600;      // unacknowledged safeguarding items (and unread flagged comments) older are overdue
    int comment_review_hours = 72;  // an unread comment older than this is overdue in "To read"
    int idle_timeout_s = 30 * 60;   // a session unused this long is logged out
    int session_lifetime_s = 12 * 3600;  // a session ends this long after login, used or not
    int max_login_failures = 5;     // failures in a row before a user is locked out
    int max_login_attempts_per_address = 20;  // attempts from one address (any user name) before it is locked out
    int max_password_checks = 2;    // argon2 checks (64 MiB each) running at once; more wait, then get 503
    int lockout_s = 15 * 60;
    int index_interval_ms = 1000;  // background indexer period while serving
    int index_batch = 2000;        // responses per indexing transaction
    int relink_hour = 3;           // UTC hour of the nightly relink with managers' corrections; -1: never
    int comments_per_page = 50;
    int recent_comments = 3;  // comments shown per theme on the evidence pack
    double reach_warning_rate = 0.2;  // reach: groups answering less than this share are "not heard enough"
    std::string language;     // the pages' language ("pl") unless the manager picks one; "": the browser's
};

/// The "To read" deadlines of a config: comment_review_hours for every comment, overdue_s for flagged ones.
inline ReviewDeadlines review_deadlines(const DashboardConfig& c) {
    return {static_cast<std::int64_t>(c.comment_review_hours) * 3600, static_cast<std::int64_t>(c.overdue_s)};
}

/// The smallest group size allowed: suppression can be tuned up or down but never below this.
inline constexpr int min_group_floor = 3;

/// Reads DATA/dashboard.conf (missing: defaults). invalid_input names a bad key, e.g. min_group < 3.
Result<DashboardConfig> load_dashboard_config(const std::string& path);

}  // namespace lp::dashboard
