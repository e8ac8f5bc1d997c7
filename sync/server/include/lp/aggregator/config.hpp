#pragma once
// Every tunable of the aggregator in one struct with defaults; aggregator.conf overrides them.
#include <lp/shared/result.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lp::aggregator {

struct Limits {
    std::size_t max_body_bytes = 2 * 1024 * 1024;  // after gzip inflation too
    std::size_t max_items_per_batch = 100;
    std::size_t max_comment_chars = 2000;
    std::size_t max_header_count = 64;
    std::size_t max_header_bytes = 8 * 1024;  // one header line
    std::size_t max_url_bytes = 2 * 1024;
    // A manager's inspection report upload (POST report_upload_path, multipart): PDFs are larger
    // than any kiosk batch, so this one route has its own limit, checked before the body is read.
    // Only this route's requests may grow past the raw-bytes guard's usual bound (server.cpp).
    std::size_t report_upload_max_bytes = 16 * 1024 * 1024;
};

/// The dashboard's report upload route, the one body allowed past max_body_bytes (up to
/// Limits::report_upload_max_bytes).
constexpr const char* report_upload_path = "/reports/upload";

struct Config {
    std::string listen = "127.0.0.1:8443";
    std::string public_url;  // what enrol-code prints; empty: https://<listen>
    std::string cert_file = "tls.crt";  // relative paths are inside the data dir
    std::string key_file = "tls.key";
    std::string default_question_set = "care-leavers";
    std::string store = "sqlite:aggregator.db";  // or "postgresql://…" (store_factory.hpp)
    Limits limits;
    int read_timeout_s = 5;        // slowloris: a stalled request is dropped after this
    int write_timeout_s = 5;
    int keep_alive_timeout_s = 5;
    int keep_alive_max_count = 100;
    int worker_threads = 0;        // 0: sized for the machine
    int device_requests_per_minute = 120;
    int device_burst = 30;
    int enrol_max_failures = 10;
    int enrol_lockout_s = 15 * 60;
    int enrol_code_ttl_s = 24 * 3600;
    int shutdown_grace_s = 10;
    int request_deadline_s = 60;   // a request (headers + body) must arrive within this
    // Peers (e.g. nginx on 127.0.0.1) whose X-Forwarded-For names the real client: lockouts
    // and logs then use that address instead of the proxy's. Empty: the header is ignored.
    std::vector<std::string> trusted_proxies;
    // Retention (docs/privacy.md, "How long we keep it"): responses and comments made before the
    // month retention_months ago are deleted; acknowledged safeguarding items are kept until
    // safeguarding_retention_months after their acknowledgement. Unread comments and
    // unacknowledged items are never deleted. `serve` purges daily at purge_hour UTC (-1: never).
    int retention_months = 36;
    int safeguarding_retention_months = 72;
    int purge_hour = 4;
};

/// Reads aggregator.conf; a missing file gives the defaults, a bad value invalid_input.
Result<Config> load_config(const std::string& path);
/// The config file text with every default written out and commented.
std::string default_config_text();
/// Worker pool size actually used (resolves worker_threads = 0).
int effective_worker_threads(const Config& config);

}  // namespace lp::aggregator
