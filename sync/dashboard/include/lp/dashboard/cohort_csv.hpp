#pragma once
// The cohort sizes CSV that `lp-aggregator cohort import FILE` reads. Pure, unit-tested.
//   quarter,site,age_band,size
//   2026-Q3,,,1200                 (the whole council, every age)
//   2026-Q3,Huddersfield Hub,8-12,310
// site empty = the whole council; age_band empty = every age, else 8-12, 13-17 or 16-25.
// Fields may be quoted ("Hub, North"); blank lines are skipped.
#include <lp/dashboard/reporting_store.hpp>
#include <string>
#include <vector>

namespace lp::dashboard {

/// The header line the file must start with.
inline constexpr const char* cohort_csv_header = "quarter,site,age_band,size";

/// Every row of the file, or invalid_input listing each bad row by line number (all of them,
/// up to 20) so a manager can fix the file in one go. A file with any bad row yields no rows.
Result<std::vector<Cohort>> parse_cohort_csv(const std::string& text);

}  // namespace lp::dashboard
