// Opens the reporting store next to the dashboard's: the same SQLite file or PostgreSQL database.
#include <lp/aggregator/store_factory.hpp>
#include <lp/dashboard/dashboard.hpp>

namespace lp::dashboard {

Result<std::unique_ptr<ReportingStore>> open_reporting_store(const aggregator::Config& config,
                                                             const std::string& data_dir) {
    auto spec = aggregator::parse_store_spec(config.store, data_dir);
    if (!spec) return spec.error();
    if (spec->kind == aggregator::StoreKind::postgresql) return open_pg_reporting_store(spec->target);
    return open_sqlite_reporting_store(spec->target);
}

}  // namespace lp::dashboard
