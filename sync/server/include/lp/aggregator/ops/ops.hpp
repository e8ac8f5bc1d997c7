#pragma once
// Operations wiring for a running aggregator: /metrics, the sealing-key header kiosks pick up,
// per-request counting, certificate reloading, and SIGHUP reload. Also the ops commands
// (backup, restore, rotate-key, retire-key, keys).
#include <lp/aggregator/app.hpp>
#include <string>

namespace lp::aggregator::ops {

/// Name of the response header that carries the current sealing public key (base64) on
/// authenticated device API answers; kiosks store it as their server_public_key.
inline constexpr const char* sealing_key_header = "X-LP-Sealing-Key";

/// Adds /metrics, request counting and the sealing-key header to agg's server, and installs
/// the certificate reloader. Call once from Aggregator::open; invalid_input for bad ops settings.
Status install(Aggregator& agg);

/// SIGHUP: re-reads the TLS certificate/key, aggregator.conf's ops settings and the keyring.
/// Logs one JSON line saying what was reloaded or what failed (the old state then stays).
void reload(Aggregator& agg);

/// silent_after_h of the running server in seconds (follows SIGHUP). For the dashboard's
/// devices page: ops::is_silent(device, now, ops::live_silent_after_s()) (ops/devices.hpp).
std::int64_t live_silent_after_s();

/// True for the commands run_ops_command handles.
bool is_ops_command(const std::string& name);
/// Runs backup | restore | rotate-key | retire-key | keys; exit code 0, 1 (failure) or 2 (usage).
int run_ops_command(int argc, char** argv);
/// Lines for lp-aggregator --help.
const char* ops_usage_lines();

}  // namespace lp::aggregator::ops
