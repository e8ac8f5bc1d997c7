#pragma once
// The SQLite implementation of DashboardStore. It lives in the aggregator's database file next
// to the aggregator's tables (which it reads: responses, answers, comments) and keeps its own
// tables (prefix dash_) under its own versioned migrations (table dashboard_schema), so the
// aggregator's user_version and migration list are never touched.
#include <lp/dashboard/store.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp::dashboard {

/// Opens the database file (which `lp-aggregator init` created) and applies the dashboard's
/// migrations. io_error naming the file on failure.
Result<std::unique_ptr<DashboardStore>> open_sqlite_dashboard_store(const std::string& path);

/// The dashboard's schema steps, in order (dashboard_schema.version = number applied).
const std::vector<std::string>& dashboard_migrations();

}  // namespace lp::dashboard
