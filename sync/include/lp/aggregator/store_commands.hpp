#pragma once
// `lp-aggregator migrate` and `lp-aggregator migrate-store` (scale-out), dispatched from cli.cpp.
#include <string>

namespace lp::aggregator {

/// True for "migrate" and "migrate-store".
bool is_store_command(const std::string& name);

/// Runs one of them; exit code 0 ok, 1 failure, 2 usage error.
int run_store_command(int argc, char** argv);

}  // namespace lp::aggregator
