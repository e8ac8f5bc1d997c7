#pragma once
// CSV cells as every export writes them (the dashboard's and lp-aggregator export's), so the
// spreadsheet-formula guard lives in one place.
#include <string>
#include <string_view>

namespace lp {

/// Escapes a CSV field: quoted when it holds , " or a line break; a leading = + - @ (or a tab
/// or CR) gets a ' first, so a spreadsheet never runs the cell as a formula.
std::string csv_field(std::string_view text);

}  // namespace lp
