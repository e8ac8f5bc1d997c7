#pragma once
// Operations settings read from aggregator.conf next to the server's own (load_config ignores
// keys it does not know): the metrics token and when a device counts as silent. SIGHUP
// re-reads them without a restart.
#include <cstdint>
#include <lp/aggregator/data_dir.hpp>
#include <lp/shared/result.hpp>
#include <string>

namespace lp::aggregator::ops {

struct OpsConfig {
    std::string metrics_token;  // "" = /metrics answers loopback clients only
    int silent_after_h = 48;    // a device not seen for longer is "silent"
    std::int64_t silent_after_s() const { return static_cast<std::int64_t>(silent_after_h) * 3600; }
};

/// Reads metrics_token and silent_after_h from DIR/aggregator.conf (defaults when absent);
/// invalid_input for a bad value.
Result<OpsConfig> load_ops_config(const DataDir& dir);

/// Writes one JSON line {"time":…,"event":event,…fields} to stderr (journald-friendly).
void log_event(const std::string& event, const std::string& fields_json_object = "{}");
/// log_event("error", {"message": message}): a failure worth an operator's attention.
void log_error(const std::string& message);

}  // namespace lp::aggregator::ops
