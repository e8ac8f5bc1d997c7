#include <cstdio>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/shared/config_file.hpp>
#include <lp/shared/time.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

namespace lp::aggregator::ops {

Result<OpsConfig> load_ops_config(const DataDir& dir) {
    OpsConfig c;
    auto values = load_config_file_if_any(dir.config_file());
    if (!values) return values.error();
    c.metrics_token = config_string(*values, "metrics_token", "");
    auto hours = config_int(*values, "silent_after_h", c.silent_after_h);
    if (!hours) return Error{Errc::invalid_input, dir.config_file() + ": " + hours.error().message};
    if (*hours < 1 || *hours > 24 * 365)
        return Error{Errc::invalid_input, dir.config_file() + ": silent_after_h must be 1 to 8760 hours"};
    c.silent_after_h = static_cast<int>(*hours);
    if (!c.metrics_token.empty() && c.metrics_token.size() < 16)
        return Error{Errc::invalid_input, dir.config_file() + ": metrics_token must be at least 16 characters"};
    return c;
}

void log_event(const std::string& event, const std::string& fields_json_object) {
    auto fields = nlohmann::json::parse(fields_json_object, nullptr, false);
    nlohmann::json line = {{"time", iso_utc(now_unix())}, {"event", event}};
    if (fields.is_object())
        for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void log_error(const std::string& message) { log_event("error", nlohmann::json{{"message", message}}.dump()); }

}  // namespace lp::aggregator::ops
