#pragma once
// `lp-aggregator migrate` and `lp-aggregator migrate-store` (scale-out), dispatched from cli.cpp.
#include <lp/aggregator/store_copy.hpp>

#include <string>
#include <vector>

namespace lp::aggregator {

/// True for "migrate" and "migrate-store".
bool is_store_command(const std::string& name);

/// Runs one of them; exit code 0 ok, 1 failure, 2 usage error. migrate-store copies the
/// extra sets' tables (the dashboard's) in the same transaction as the aggregator's.
int run_store_command(int argc, char** argv, const std::vector<CopySet>& extra = {});

}  // namespace lp::aggregator
