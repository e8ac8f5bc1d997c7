#pragma once
// Writes stored responses, opened, as CSV or JSON lines (lp-aggregator export).
#include <lp/aggregator/store.hpp>

#include <ostream>
#include <string>

namespace lp::aggregator {

enum class ExportFormat { csv, jsonl };

/// Streams every response received at or after since_unix. CSV cells that a spreadsheet
/// would run as a formula are prefixed with ' so an exported comment cannot execute.
Status export_responses(Store& store, ExportFormat format, std::int64_t since_unix, std::ostream& out);

}  // namespace lp::aggregator
