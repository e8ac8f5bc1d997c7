#pragma once
// Every tunable of the dashboard in one struct with defaults; DATA/dashboard.conf overrides them.
#include <lp/shared/result.hpp>
#include <string>

namespace lp::dashboard {

struct DashboardConfig {
    int min_group = 5;             // small-group suppression: fewer shows "fewer than N" (never below 3)
    int overdue_s = 24 * 3600;     // unacknowledged safeguarding items older than this are overdue
    int idle_timeout_s = 30 * 60;  // a session unused this long is logged out
    int max_login_failures = 5;    // failures in a row before a user is locked out
    int lockout_s = 15 * 60;
    int index_interval_ms = 1000;  // background indexer period while serving
    int index_batch = 2000;        // responses per indexing transaction
    int comments_per_page = 50;
    int recent_comments = 3;  // comments shown per theme on the evidence pack
    std::string language;     // the pages' language ("pl") unless the manager picks one; "": the browser's
};

/// The smallest group size allowed: suppression can be tuned up or down but never below this.
inline constexpr int min_group_floor = 3;

/// Reads DATA/dashboard.conf (missing: defaults). invalid_input names a bad key, e.g. min_group < 3.
Result<DashboardConfig> load_dashboard_config(const std::string& path);

}  // namespace lp::dashboard
